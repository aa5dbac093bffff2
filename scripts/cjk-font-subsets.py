"""Builds the common-character subsets of Noto Serif CJK under static/fonts/noto-serif-cjk/.

Why: the full Noto Serif CJK collection (fonts-noto-cjk, 26 MB, 65,535 glyphs per face)
costs a Chinese, Japanese or Korean card several times the render time of a Latin one,
because every PDF subsets it again (and the subset keeps every glyph id below the last one
used). Cards print from these subsets first, which hold the characters everyday text is
written in, a few thousand glyphs each; a rarer character falls through to the full
collection, named after them in notes.css, so it still prints, in the same design.

    Simplified Chinese (SC face)  GB 2312: its 6,763 hanzi, symbols and kana
    Japanese (JP face)            JIS X 0208: its 6,355 kanji, kana and symbols
    Korean (KR face)              KS X 1001: its 2,350 hangul syllables, jamo and symbols

Each is what fontconfig counts as supporting its language (zh-cn, ja, ko): a font that
falls short of that is passed over for text marked with the language, whatever the
stylesheet's order says, so a smaller set (GB 2312 level 1 alone) would never be used.

The glyphs of the most used characters come first (the symbols, kana and level-1 hanzi or
kanji of GB 2312 and JIS X 0208): WeasyPrint's subset of a font keeps every glyph id below
the highest one a PDF uses, so everyday text costs a subset of a few thousand glyphs.

Run it again after fonts-noto-cjk changes (it takes a few minutes):

    .venv/bin/python scripts/cjk-font-subsets.py

The output is deterministic for a given source file and fontTools version, and is
committed with the licence (SIL Open Font License 1.1, no reserved font name).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.reorderGlyphs import reorderGlyphs

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
OUT = Path(__file__).resolve().parent.parent / "static" / "fonts" / "noto-serif-cjk"

# Only what horizontal text shapes with; the regional (locl) and vertical forms stay in
# the full collection.
LAYOUT_FEATURES = ["ccmp", "kern", "mark", "mkmk", "liga", "calt"]


def encoded(codec: str, leads: range) -> set[int]:
    """Every character a two-byte EUC code with one of these lead bytes stands for."""
    found = set()
    for lead in leads:
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                found.add(ord(text))
    return found


# Face index in the collection, and the characters it keeps.
SUBSETS = {
    "sc": (2, encoded("gb2312", range(0xA1, 0xF8))),
    "jp": (0, encoded("euc_jp", range(0xA1, 0xF5))),
    "kr": (1, encoded("euc_kr", range(0xA1, 0xAD)) | encoded("euc_kr", range(0xB0, 0xC9))),
}
# The characters whose glyphs come first: symbols, kana and the level-1 hanzi or kanji.
FIRST = {
    "sc": encoded("gb2312", range(0xA1, 0xAA)) | encoded("gb2312", range(0xB0, 0xD8)),
    "jp": encoded("euc_jp", range(0xA1, 0xA9)) | encoded("euc_jp", range(0xB0, 0xD0)),
    "kr": set(),
}
# Spaces and ASCII, and the CJK spaces and punctuation every text has.
COMMON = set(range(0x20, 0x7F)) | {0xA0, 0x3000, 0x3001, 0x3002, 0xFF0C, 0xFF0E}


def build(language: str) -> Path:
    index, characters = SUBSETS[language]
    font = TTFont(SOURCE, fontNumber=index)
    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(characters | COMMON))
    subsetter.subset(font)
    cmap = font.getBestCmap()
    order = font.getGlyphOrder()
    first = {cmap[c] for c in COMMON | FIRST[language] if c in cmap}
    reorderGlyphs(
        font,
        [order[0]]
        + [name for name in order[1:] if name in first]
        + [name for name in order[1:] if name not in first],
    )
    path = OUT / f"NotoSerifCJK{language}-Common.otf"
    font.save(path)
    return path


if __name__ == "__main__":
    for language in sys.argv[1:] or SUBSETS:
        print(build(language))
