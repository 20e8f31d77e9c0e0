#!/usr/bin/env bash
# Make sure the browser tests have a Chromium: the system one when present; else Debian's chromium
# and CJK fonts when we are root with apt; else playwright's own download (needs internet).
set -euo pipefail
PY=${1:-python3}
find_system() { for c in chromium chromium-browser google-chrome; do command -v "$c" && return 0; done; return 1; }
is_root() { [ "$(id -u)" = 0 ]; }

if path=$(find_system); then
  echo "browser: using system Chromium at $path"
elif is_root && command -v apt-get >/dev/null; then
  echo "browser: installing Debian's chromium and fonts-noto-cjk"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
else
  echo "browser: no system Chromium and no root; using playwright's download"
  "$PY" -m playwright install chromium
  exit 0
fi
# Chinese glyphs in screenshots need a CJK font.
if command -v fc-list >/dev/null && ! fc-list | grep -qi "cjk"; then
  if is_root && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  else
    echo "browser: warning: no CJK font found; Chinese text may not render in screenshots" >&2
  fi
fi
