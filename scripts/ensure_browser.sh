#!/usr/bin/env bash
# Make sure the browser tests have a Chromium and CJK fonts: the system browser when present; else, with
# root or passwordless sudo (GitHub's runners) and apt, Debian's chromium, or on Ubuntu (whose chromium
# package is only a snap stub) playwright's download with its system libraries; else playwright's download.
set -euo pipefail
PY=${1:-python3}
find_system() { for c in chromium chromium-browser google-chrome; do command -v "$c" && return 0; done; return 1; }
is_root() { [ "$(id -u)" = 0 ]; }
has_sudo() { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }
can_admin() { is_root || has_sudo; }
# Run a command as root: directly when we are root, through sudo otherwise (never asks for a password).
as_root() { if is_root; then "$@"; else sudo -n "$@"; fi; }
apt_install() {
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
distro() { (. /etc/os-release 2>/dev/null && echo "${ID:-}") || true; }

if path=$(find_system); then
  echo "browser: using system Chromium at $path"
elif can_admin && command -v apt-get >/dev/null && [ "$(distro)" != ubuntu ]; then
  echo "browser: installing Debian's chromium and fonts-noto-cjk"
  apt_install chromium fonts-noto-cjk
elif can_admin && command -v apt-get >/dev/null; then
  echo "browser: installing playwright's Chromium with its system libraries (Ubuntu)"
  if is_root; then "$PY" -m playwright install --with-deps chromium; else sudo -n "$PY" -m playwright install-deps chromium && "$PY" -m playwright install chromium; fi
else
  echo "browser: no system Chromium and no root or sudo; using playwright's download"
  "$PY" -m playwright install chromium
  exit 0
fi
# The tests use Chromium's headless shell where there is one (tests/conftest.py, chromium_path): the same engine
# without the browser's UI layer, about a sixth less CPU per page and two minutes off `make test` here. Debian ships
# it beside chromium; without it the tests use chromium itself.
if ! command -v chromium-headless-shell >/dev/null && command -v chromium >/dev/null && can_admin \
    && command -v apt-get >/dev/null && [ "$(distro)" != ubuntu ]; then
  echo "browser: installing Debian's chromium-headless-shell for the tests"
  apt_install chromium-headless-shell || echo "browser: warning: no chromium-headless-shell; the tests use chromium" >&2
fi
# Chinese glyphs in screenshots need a CJK font.
if command -v fc-list >/dev/null && ! fc-list | grep -qi "cjk"; then
  if can_admin && command -v apt-get >/dev/null; then
    echo "browser: installing fonts-noto-cjk"
    apt_install fonts-noto-cjk
  else
    echo "browser: warning: no CJK font found; Chinese text may not render in screenshots" >&2
  fi
fi
