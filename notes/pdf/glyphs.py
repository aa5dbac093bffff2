"""Glyph coverage: which characters some available font can draw.

A character no font has would print as an empty box (and read back as garbage), so the
person is told before printing instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import unicodedata
from functools import cache
from pathlib import Path

from notes.pdf.errors import PdfUnprintable
from notes.pdf.fetcher import allowed_assets, assets_fingerprint
from notes.pdf.fonts import FONT_SUFFIXES, font_cmap


def _ranges(codepoints: set[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for point in sorted(codepoints):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1] = (ranges[-1][0], point)
        else:
            ranges.append((point, point))
    return ranges


@cache
def printable_codepoints() -> frozenset[int]:
    """Every character one of the fonts a PDF may load can draw.

    The render worker sees no other font (``notes.pdf.fonts``), and any font the stylesheet
    loads is a last resort for any text, so this is exactly what can print. Reading the
    CJK fonts' character maps takes seconds, so the result is kept, keyed by the fonts'
    fingerprint, in a file under ``VAR_DIR`` (every process on the machine) and in the
    cache (every machine): a deployment reads the fonts once, not once per process.
    """
    from django.conf import settings
    from django.core.cache import cache as shared_cache

    fingerprint = assets_fingerprint()
    key = f"notes:pdf:coverage:{fingerprint}"
    path = Path(settings.VAR_DIR) / "cache" / f"font-coverage-{fingerprint}.json"
    ranges = None
    with contextlib.suppress(OSError, ValueError):
        ranges = json.loads(path.read_text())
    if ranges is None:
        with contextlib.suppress(Exception):  # a cache that is down costs only time
            ranges = shared_cache.get(key)
    if ranges is None:
        covered: set[int] = set()
        for font in allowed_assets().values():
            if font.suffix.lower() in FONT_SUFFIXES:
                covered |= font_cmap(font)
        ranges = _ranges(covered)
        with contextlib.suppress(Exception):
            shared_cache.set(key, ranges, None)
    if not path.exists():
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(ranges))
            partial.replace(path)  # atomic: another process never reads half a file
    return frozenset(point for start, end in ranges for point in range(start, end + 1))


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
