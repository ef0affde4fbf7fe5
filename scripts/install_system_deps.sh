#!/usr/bin/env bash
# Debian packages the app and its tests need. Installs only what is missing; needs root (or sudo).
#   scripts/install_system_deps.sh         what the app needs: Chromium (chart images, kaleido),
#                                          Pango (PDF packs, weasyprint) and a font
#   scripts/install_system_deps.sh --test  also PostgreSQL (store tests) and poppler-utils
#                                          (reading exported PDFs back)
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
if [ "${1:-}" = "--test" ]; then
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
