"""The fonts a PDF may use: ours under static/fonts, and a short list of system font files.

Names, notes and addresses may be written in Chinese, Japanese, Korean, Arabic, Hebrew,
Devanagari or Thai. Their fonts are too large to keep in the repository (a CJK font is
20-30 MB), so Debian packages install them (``PDF_FONT_PACKAGES`` in
scripts/system-deps.sh, and the Dockerfile). The renderer still never looks a font up on
the machine by name: each file below is allow-listed by its exact path, served by the
locked fetcher under ``system-fonts/…`` and named in ``@font-face`` rules in
static/pdf/notes.css, and the render worker runs with a fontconfig that knows no fonts at
all. What prints is what the stylesheet names, on every machine.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

SYSTEM_FONT_PREFIX = "system-fonts/"

# Asset name (after system-fonts/) → (Debian package, file). Keep in step with notes.css.
SYSTEM_FONTS: dict[str, tuple[str, str]] = {
    "noto/NotoSerifCJK-Regular.ttc": (
        "fonts-noto-cjk",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    ),
    "noto/NotoNaskhArabic-Regular.ttf": (
        "fonts-noto-core",
        "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    ),
    "noto/NotoSerifHebrew-Regular.ttf": (
        "fonts-noto-core",
        "/usr/share/fonts/truetype/noto/NotoSerifHebrew-Regular.ttf",
    ),
    "noto/NotoSerifDevanagari-Regular.ttf": (
        "fonts-noto-core",
        "/usr/share/fonts/truetype/noto/NotoSerifDevanagari-Regular.ttf",
    ),
    "noto/NotoSerifThai-Regular.ttf": (
        "fonts-noto-core",
        "/usr/share/fonts/truetype/noto/NotoSerifThai-Regular.ttf",
    ),
    "klee/KleeOne-Regular.ttf": (
        "fonts-klee",
        "/usr/share/fonts/truetype/klee/KleeOne-Regular.ttf",
    ),
    "klee/KleeOne-SemiBold.ttf": (
        "fonts-klee",
        "/usr/share/fonts/truetype/klee/KleeOne-SemiBold.ttf",
    ),
    "arphic/ukai.ttc": ("fonts-arphic-ukai", "/usr/share/fonts/truetype/arphic/ukai.ttc"),
    "nanum/NanumPen.ttf": ("fonts-nanum-extra", "/usr/share/fonts/truetype/nanum/NanumPen.ttf"),
    "tlwg/Purisa.otf": ("fonts-tlwg-purisa-otf", "/usr/share/fonts/opentype/tlwg/Purisa.otf"),
    "tlwg/Purisa-Bold.otf": (
        "fonts-tlwg-purisa-otf",
        "/usr/share/fonts/opentype/tlwg/Purisa-Bold.otf",
    ),
}

FONT_SUFFIXES = {".otf", ".ttf", ".ttc"}


@cache
def system_fonts() -> dict[str, Path]:
    """Asset name (``system-fonts/…``) → file, for each listed font this machine has."""
    return {
        SYSTEM_FONT_PREFIX + name: Path(path)
        for name, (_, path) in SYSTEM_FONTS.items()
        if Path(path).is_file()
    }


def missing_system_fonts() -> dict[str, str]:
    """File → Debian package, for each listed font this machine lacks."""
    return {path: package for package, path in SYSTEM_FONTS.values() if not Path(path).is_file()}


def font_cmap(path: Path) -> set[int]:
    """Every character any face of a font file (.ttc collections too) has a glyph for."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.ttCollection import TTCollection

    faces = (
        TTCollection(str(path), lazy=True).fonts
        if path.suffix.lower() == ".ttc"
        else [TTFont(str(path), lazy=True)]
    )
    covered: set[int] = set()
    for face in faces:
        covered.update(face.getBestCmap() or {})
    return covered
