"""The panel check: hiring teams compare notes, so a sentence that appears (word for word or
nearly) in another note to the same panel is pointed out while the person types."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from common.text import squash_spaces

# Sentences this short ("Thank you.") may repeat harmlessly.
PANEL_MIN_CHARS = 24
PANEL_SIMILARITY = 0.85


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n+", text or "")
    return [p.strip() for p in parts if p and p.strip()]


def normalised(sentence: str) -> str:
    """Case, accents' forms, punctuation and spacing do not make a sentence different."""
    text = unicodedata.normalize("NFKC", sentence).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return squash_spaces(text)


@dataclass(frozen=True)
class Repeat:
    sentence: str  # in this note
    other_recipient: str  # whose note has it too
    other_note_pk: int
    exact: bool


def panel_repeats(body: str, others: list) -> list[Repeat]:
    """Sentences of ``body`` that appear, word for word or nearly, in another note of the
    same interview (``others``: notes with ``body``, ``pk`` and ``recipient``)."""
    other_sentences = [(note, normalised(s)) for note in others for s in sentences(note.body)]
    found = []
    for sentence in sentences(body):
        mine = normalised(sentence)
        if len(mine) < PANEL_MIN_CHARS:
            continue
        for note, theirs in other_sentences:
            if len(theirs) < PANEL_MIN_CHARS:
                continue
            exact = mine == theirs
            if (
                exact
                or SequenceMatcher(None, mine, theirs, autojunk=False).ratio() >= PANEL_SIMILARITY
            ):
                found.append(Repeat(sentence, note.recipient.name, note.pk, exact))
                break
    return found
