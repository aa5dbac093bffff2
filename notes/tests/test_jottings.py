"""The jottings corpus (notes/tests/corpus/jottings.txt) through the real composer.

Every sentence the composer makes must be the one a reviewer read and accepted; a jotting
the reviewer marked as a gap (or private) must never become a sentence. The test prints how
many became sentences, gaps and private material, and how many sentences were wrong (0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from interviews.models import Contact
from notes.composer import Person, read_jotting, recipient_names
from notes.composer.parts import sentence_for
from notes.composer.phrasebank import PHRASES

CORPUS = Path(__file__).parent / "corpus" / "jottings.txt"
# At least this share of the jottings meant for the note become a sentence.
COVERAGE = 0.60


@dataclass(frozen=True)
class Jotting:
    person: Person
    style: str
    text: str
    expected: str  # the sentence, "gap" or "private"


def load(path: Path = CORPUS) -> list[Jotting]:
    found: list[Jotting] = []
    person = Person(())
    pending: tuple[str, str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("# ") or line == "#":
            continue
        if line.startswith("## "):
            fields = [f.strip() for f in line[3:].split("|")]
            panel = [f.removeprefix("panel:").strip() for f in fields if f.startswith("panel:")]
            person = Person(
                tuple(recipient_names(Contact(name=fields[0]))),
                tuple(n for other in panel for n in recipient_names(Contact(name=other))),
            )
        elif line.startswith("  = "):
            assert pending is not None, line
            found.append(Jotting(person, pending[0], pending[1], line[4:]))
            pending = None
        else:
            style, _, text = line.partition(" | ")
            assert pending is None and text, line
            pending = (style, text)
    return found


def became(jotting: Jotting) -> str:
    reading = read_jotting(jotting.text, jotting.person)
    return sentence_for(reading, PHRASES["learned"]) if reading.placed else str(reading.kind)


JOTTINGS = load()


def test_the_corpus_is_large_and_varied():
    assert len(JOTTINGS) >= 300
    styles = {j.style for j in JOTTINGS}
    assert {"fragment", "second-person", "number", "shorthand", "private"} <= styles
    scripts = {
        script
        for j in JOTTINGS
        for script, pattern in {
            "Han": r"[\u4e00-\u9fff]",
            "Arabic": r"[\u0600-\u06ff]",
            "Cyrillic": r"[\u0400-\u04ff]",
            "Greek": r"[\u0370-\u03ff]",
            "Devanagari": r"[\u0900-\u097f]",
            "Hangul": r"[\uac00-\ud7af]",
            "Hebrew": r"[\u0590-\u05ff]",
        }.items()
        if re.search(pattern, j.person.names[0])
    }
    assert len(scripts) >= 6


def test_every_jotting_becomes_what_a_reviewer_accepted(capsys):
    sentences = gaps = private = 0
    wrong, missed = [], []
    for jotting in JOTTINGS:
        result = became(jotting)
        if result == "gap":
            gaps += 1
        elif result == "private":
            private += 1
        else:
            sentences += 1
        if result == jotting.expected:
            continue
        if result in ("gap", "private"):
            missed.append((jotting.text, jotting.expected, result))
        else:
            wrong.append((jotting.text, jotting.expected, result))
    meant_for_the_note = len(JOTTINGS) - private
    with capsys.disabled():
        print(
            f"\njottings: {len(JOTTINGS)}; sentences {sentences} "
            f"({sentences / meant_for_the_note:.0%} of the {meant_for_the_note} meant for the "
            f"note), gaps {gaps}, private {private}; wrong sentences {len(wrong)}"
        )
    assert wrong == [], "sentences no reviewer accepted"
    assert missed == [], "jottings that no longer become the accepted sentence"
    assert sentences >= COVERAGE * meant_for_the_note


@pytest.mark.parametrize(
    "text",
    [
        "hybrid: 2 days a week in office",
        "walked me thru the arch",
        "she said they'll decide in 2 weeks",
        "asked her about the roadmap",
        "hiring for platform team",
        "the team ships weekly and",
    ],
)
def test_what_cannot_be_vouched_for_is_never_pasted(text):
    ada = Person(("Ada Lovelace", "Lovelace", "Ada"))
    assert read_jotting(text, ada).kind == "gap"
