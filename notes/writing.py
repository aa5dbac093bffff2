"""How a piece of text is written: its direction, and which CJK language its characters show.

Used to mark each field of a printed note with ``dir`` and ``lang``, so Arabic and Hebrew
are set right to left, and Chinese, Japanese and Korean each get their own regional forms
of the characters they share. Plain Unicode data, no guessing from words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import format_html

from common.text import strip_bidi_controls

RTL_CLASSES = {"R", "AL"}
LTR_CLASSES = {"L"}


def direction_of(text: str) -> str:
    """``rtl`` or ``ltr``, from the first strong letter (rules P2-P3 of the Unicode bidi
    algorithm); text without a strong letter is left to right."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in RTL_CLASSES:
            return "rtl"
        if kind in LTR_CLASSES:
            return "ltr"
    return "ltr"


def block_direction(*texts: str) -> str:
    """The direction of a block of lines printed together (an address: name, title,
    company, street): the first line with a strong letter decides, so every line of an
    Arabic address block lines up on the right, even a street or company in Latin letters."""
    for text in texts:
        for char in text:
            kind = unicodedata.bidirectional(char)
            if kind in RTL_CLASSES:
                return "rtl"
            if kind in LTR_CLASSES:
                return "ltr"
    return "ltr"


KANA = (("\u3040", "\u30ff"), ("\u31f0", "\u31ff"), ("\uff66", "\uff9d"))
HANGUL = (("\uac00", "\ud7af"), ("\u1100", "\u11ff"), ("\u3130", "\u318f"))
HAN = (("\u4e00", "\u9fff"), ("\u3400", "\u4dbf"), ("\U00020000", "\U0003134f"))


def _in(char: str, blocks) -> bool:
    return any(low <= char <= high for low, high in blocks)


def _is_kana(char: str) -> bool:
    return _in(char, KANA)


def _is_hangul(char: str) -> bool:
    return _in(char, HANGUL)


def _is_han(char: str) -> bool:
    return _in(char, HAN)


# Enough text to tell the language of any field we print; a longer one is not read further.
LANG_SAMPLE_CHARS = 10_000


def cjk_lang_of(text: str) -> str:
    """``ja`` if the text has kana, ``ko`` if it has hangul, ``zh`` if it has other Han
    characters only, or "" if it has none of these (from its first 10,000 characters)."""
    han = False
    for char in text[:LANG_SAMPLE_CHARS]:
        if _is_kana(char):
            return "ja"
        if _is_hangul(char):
            return "ko"
        han = han or _is_han(char)
    return "zh" if han else ""


# Korean is written with spaces between words and is broken at them, not between any two
# syllables as Chinese and Japanese are. CSS says so with `word-break: keep-all`, which
# WeasyPrint does not support; a WORD JOINER between two syllables (drawn as nothing, and
# not copied out of the PDF as text) tells the line breaker the same.
WORD_JOINER = "\u2060"
_WITHIN_A_KOREAN_WORD = re.compile("(?<=[\uac00-\ud7af])(?=[\uac00-\ud7af])")


def keep_korean_words_whole(text: str) -> str:
    return _WITHIN_A_KOREAN_WORD.sub(WORD_JOINER, text)


@dataclass(frozen=True)
class Field:
    """One piece of text the person typed, as printed: with its direction and language."""

    text: str
    dir: str
    lang: str = ""

    @classmethod
    def of(cls, text: str, *, lang_from: str | None = None, around: str = "") -> Field:
        """``lang_from``: a larger text the CJK language is told from (a whole note body
        for one of its paragraphs). ``around``: what is printed with it; Han characters
        alone (山田花子) are Chinese, Japanese or Korean alike, so such a field takes the
        language of the kana or hangul around it, and prints in the same font as they do.

        Bidi controls are dropped (``common.text.BIDI_CONTROLS``): the field's ``dir`` sets
        its direction, and an override typed into it cannot reorder what is printed."""
        text = strip_bidi_controls(text)
        lang = cjk_lang_of(text if lang_from is None else lang_from)
        if lang == "zh" and around:
            lang = cjk_lang_of(f"{text}\n{around}")
        return cls(keep_korean_words_whole(text), direction_of(text), lang)

    @property
    def attrs(self):
        """The ``dir`` and ``lang`` attributes for the element that prints this field."""
        if self.lang:
            return format_html(' dir="{}" lang="{}"', self.dir, self.lang)
        return format_html(' dir="{}"', self.dir)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)
