#!/usr/bin/env bash
# Installs the Debian packages Afterview needs, only those that are missing (fast when none is).
#
#   scripts/system-deps.sh runtime        what the running app needs (make run, the Dockerfile)
#   scripts/system-deps.sh runtime test   that and what only the tests need (make test, CI)
#   scripts/system-deps.sh venv           Debian's venv module, if $PYTHON cannot make a venv
#                                         with pip (the Makefile's first install of uv)
set -euo pipefail

# --- What the app needs at run time -------------------------------------------------------
# WeasyPrint's text layout: Pango (with its FreeType/fontconfig backend) and HarfBuzz's
# subsetter, which embeds only the glyphs a PDF uses.
PDF_LIBRARY_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
# System fonts for text our bundled fonts (static/fonts) do not cover: one or more package per
# script a person may write a note in. Add a script's font package here, and its files to
# SYSTEM_FONTS in notes/pdf/fonts.py and an @font-face in static/pdf/notes.css: the renderer
# sees no font it is not given by exact path.
PDF_FONT_PACKAGES=(
  fonts-noto-core       # Noto Naskh Arabic, Noto Serif Hebrew/Devanagari/Thai
  fonts-noto-cjk        # Noto Serif CJK: Chinese, Japanese, Korean
  fonts-klee            # Klee One: Japanese in the handwriting style
  fonts-arphic-ukai     # AR PL UKai: Chinese in the handwriting style (kaishu)
  fonts-nanum-extra     # Nanum Pen Script: Korean in the handwriting style
  fonts-tlwg-purisa-otf # Purisa: Thai in the handwriting style
)

# --- What only the tests need -------------------------------------------------------------
# Chromium for the browser journeys (/usr/bin/chromium), poppler-utils (pdftoppm, pdftotext)
# to look inside the PDFs we make.
# fonts-dejavu-core: fonts for the pages Chromium shows (the PDF renderer never sees it).
TEST_PACKAGES=(chromium poppler-utils fonts-dejavu-core)

wanted=()
for set in "${@:-runtime}"; do
  case "$set" in
    runtime) wanted+=("${PDF_LIBRARY_PACKAGES[@]}" "${PDF_FONT_PACKAGES[@]}") ;;
    test) wanted+=("${TEST_PACKAGES[@]}") ;;
    venv) "${PYTHON:-python3}" -c 'import ensurepip, venv' 2>/dev/null || wanted+=(python3-venv) ;;
    *) echo "usage: $0 [runtime] [test] [venv]" >&2; exit 2 ;;
  esac
done

[ ${#wanted[@]} -eq 0 ] && exit 0

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian system: make sure these (or your system's equivalents) are installed:" \
    "${wanted[*]}" >&2
  exit 0
fi

# One dpkg-query for all of them; a package never installed is not listed at all.
installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${wanted[@]}" 2>/dev/null |
  awk '$1 == "ii" { print $2 }' || true)
missing=()
for pkg in "${wanted[@]}"; do
  grep -qxF -- "${pkg}" <<<"$installed" || missing+=("$pkg")
done

[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "Please install these Debian packages first: ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install these Debian packages first: ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
