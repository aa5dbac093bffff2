"""Glyph coverage: which characters some available font can draw.

A character no font has would print as an empty box (and read back as garbage), so the
person is told before printing instead.
"""

from __future__ import annotations

import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from notes.pdf.errors import PdfUnprintable
from notes.pdf.fetcher import allowed_assets


@cache
def printable_codepoints() -> frozenset[int]:
    """Every character some font can draw here: our bundled fonts and the system's.

    A character no font has would print as an empty box (and read back as garbage), so we
    say so before printing instead.
    """
    from fontTools.ttLib import TTFont

    files = [path for path in allowed_assets().values() if path.suffix in {".otf", ".ttf"}]
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=20
        ).stdout
        files += [Path(line) for line in listing.split("\n") if line.strip()]
    except (OSError, subprocess.SubprocessError):  # pragma: no cover - no fontconfig tools
        pass
    covered: set[int] = set()
    for path in files:
        try:
            covered.update(TTFont(str(path), lazy=True, fontNumber=0).getBestCmap() or {})
        except Exception:  # an unreadable system font just covers nothing
            continue
    return frozenset(covered)


def unprintable_characters(text: str) -> list[str]:
    """The distinct characters of ``text`` that no available font can draw, in order."""
    covered = printable_codepoints()
    missing: dict[str, None] = {}
    for char in text:
        if ord(char) in covered or unicodedata.category(char)[0] in {"C", "Z"}:
            continue  # controls, format marks (ZWJ, variation selectors) and spaces
        missing.setdefault(char, None)
    return list(missing)


def check_printable(text: str) -> None:
    """Raises PdfUnprintable, naming the characters, if some cannot be printed."""
    if missing := unprintable_characters(text):
        shown = " ".join(missing[:8]) + (" and more" if len(missing) > 8 else "")
        raise PdfUnprintable(
            f"These characters cannot be printed with the fonts we have: {shown}. "
            "Leave them out of the printed card (you can add them by hand), or send the "
            "email version."
        )
