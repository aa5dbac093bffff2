#!/usr/bin/env bash
# Installs the Debian packages Afterview needs, if any is missing.
#
# PDF_RUNTIME_PACKAGES: what the app needs to make PDFs at run time — Pango (WeasyPrint's
# text layout) and the fonts for names and notes written in scripts our bundled fonts
# (static/fonts) do not cover. The Dockerfile installs the same list; keep them in step.
# For the tests: Chromium (browser journeys), poppler-utils (pdftoppm, to look at PDFs).
set -euo pipefail

PDF_RUNTIME_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-noto-core       # Noto Naskh Arabic, Noto Serif Hebrew/Devanagari/Thai
  fonts-noto-cjk        # Noto Serif CJK: Chinese, Japanese, Korean
  fonts-klee            # Klee One: Japanese in the handwriting style
  fonts-arphic-ukai     # AR PL UKai: Chinese in the handwriting style (kaishu)
  fonts-nanum-extra     # Nanum Pen Script: Korean in the handwriting style
  fonts-tlwg-purisa-otf # Purisa: Thai in the handwriting style
)
# Fonts for the pages Chromium shows in the browser tests (the PDF renderer never sees them).
TEST_PACKAGES=(fonts-dejavu-core)

missing=()
for pkg in "${PDF_RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install these Debian packages first: ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
