#!/usr/bin/env bash
# Make sure the briefing and print tests can render what they check: LibreOffice Impress (soffice, to
# turn the PPTX into a PDF), poppler (pdftotext, pdftoppm) and Liberation Sans (Arial's metrics, which the
# deck's text is measured with). The system ones when present; else Debian's packages when we are root
# with apt. CJK fonts come with the browser (ensure_browser.sh).
set -euo pipefail
is_root() { [ "$(id -u)" = 0 ]; }
find_soffice() {
  for c in soffice libreoffice; do command -v "$c" && return 0; done
  for p in /usr/lib/libreoffice/program/soffice /opt/libreoffice*/program/soffice; do
    [ -x "$p" ] && echo "$p" && return 0
  done
  return 1
}
need=()
if path=$(find_soffice); then
  echo "office: using system LibreOffice at $path"
else
  need+=(libreoffice-impress)
fi
if command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; then
  echo "office: using system poppler at $(command -v pdftotext)"
else
  need+=(poppler-utils)
fi
if command -v fc-list >/dev/null && ! fc-list | grep -qi "Liberation Sans"; then
  need+=(fonts-liberation2)
fi
[ ${#need[@]} = 0 ] && exit 0
if is_root && command -v apt-get >/dev/null; then
  echo "office: installing Debian's ${need[*]}"
  apt-get update -qq
  # --no-install-recommends keeps Impress headless: no Java, no desktop integration.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  find_soffice >/dev/null && command -v pdftotext >/dev/null
else
  echo "office: missing ${need[*]} and not root with apt: install them (e.g. sudo apt-get install ${need[*]})" >&2
  exit 1
fi
