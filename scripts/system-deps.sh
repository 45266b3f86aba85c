#!/usr/bin/env bash
# Debian packages the tests and the PDF report need: Chromium (browser tests), PostgreSQL (storage
# tests), Pango + Noto CJK fonts (WeasyPrint PDFs in Chinese), poppler-utils (pdftotext/pdffonts/pdftoppm).
# Installs only what is missing. With STRICT=1 (make test under CI) a failed install is an error.
set -u
want=(chromium fonts-noto-cjk postgresql poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "system-deps: not root; install with: sudo apt-get install ${missing[*]}" >&2
  [ "${STRICT:-0}" = 1 ] && exit 1 || exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/magcheck-apt.log 2>&1; then
  tail -20 /tmp/magcheck-apt.log >&2
  echo "system-deps: apt-get failed" >&2
  [ "${STRICT:-0}" = 1 ] && exit 1 || exit 0
fi
