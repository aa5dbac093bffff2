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
HOSTILE = Path(__file__).parent / "corpus" / "hostile.txt"
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


def tally(jottings: list[Jotting]) -> tuple[dict[str, int], list, list]:
    """How many became sentences, gaps and private material; the sentences no reviewer
    accepted (wrong); the jottings that no longer become what was accepted (missed)."""
    counts = {"sentences": 0, "gap": 0, "private": 0}
    wrong, missed = [], []
    for jotting in jottings:
        result = became(jotting)
        counts[result if result in ("gap", "private") else "sentences"] += 1
        if result == jotting.expected:
            continue
        if result in ("gap", "private"):
            missed.append((jotting.text, jotting.expected, result))
        else:
            wrong.append((jotting.text, jotting.expected, result))
    return counts, wrong, missed


def report(name: str, jottings: list[Jotting], counts: dict[str, int], wrong: list) -> str:
    meant_for_the_note = len(jottings) - counts["private"]
    return (
        f"{name}: {len(jottings)}; sentences {counts['sentences']} "
        f"({counts['sentences'] / meant_for_the_note:.0%} of the {meant_for_the_note} meant "
        f"for the note), gaps {counts['gap']} ({counts['gap'] / meant_for_the_note:.0%}), "
        f"private {counts['private']}; wrong sentences {len(wrong)}"
    )


def test_every_jotting_becomes_what_a_reviewer_accepted(capsys):
    counts, wrong, missed = tally(JOTTINGS)
    with capsys.disabled():
        print("\n" + report("jottings", JOTTINGS, counts, wrong))
    assert wrong == [], "sentences no reviewer accepted"
    assert missed == [], "jottings that no longer become the accepted sentence"
    assert counts["sentences"] >= COVERAGE * (len(JOTTINGS) - counts["private"])


def test_the_hostile_jottings_never_become_a_wrong_sentence(capsys):
    """Written to catch wrong sentences (unkind acts, opinions of the person, negations,
    other languages...): held to the same rule, not to the coverage target."""
    hostile = load(HOSTILE)
    assert len(hostile) >= 300
    counts, wrong, missed = tally(hostile)
    with capsys.disabled():
        print("\n" + report("hostile jottings", hostile, counts, wrong))
    assert wrong == [], "sentences no reviewer accepted"
    assert missed == [], "jottings that no longer become the accepted sentence"


@pytest.mark.parametrize(
    "text",
    [
        "hybrid: 2 days a week in office",
        "walked me thru the arch",
        "she said they'll decide in 2 weeks",
        "asked her about the roadmap",
        "hiring for platform team",
        "the team ships weekly and",
        # The issue's own examples, as jotted (the third with its ellipsis).
        "hybrid: 2 days a week…",
        "she said the roadmap is...",
        "she cut me off twice",
        "she ignored my question",
        "no microservices",
        "チームは10人",
        "SHE LOVES RUST",
    ],
)
def test_what_cannot_be_vouched_for_is_never_pasted(text):
    ada = Person(("Ada Lovelace", "Lovelace", "Ada"))
    assert read_jotting(text, ada).kind == "gap"


@pytest.mark.parametrize(
    "text",
    [
        "she thinks I'm too junior",
        "she said my answer was good",
        "she told me I was the strongest candidate",
        "he's a father of two",
    ],
)
def test_what_they_think_of_you_or_their_family_is_kept_for_you(text):
    ada = Person(("Ada Lovelace", "Lovelace", "Ada"))
    assert read_jotting(text, ada).kind == "private"


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("show how I led the billing migration", "how I led the billing migration"),
        ("my experience scaling Django", "my experience scaling Django"),
        ("my salary expectations", ""),  # private
        ("how I'd improve their onboarding", ""),  # "their" is "your" in a note to them
        ("that I'm a fast learner", ""),  # not after "our conversation about"
        ("excitement", ""),  # not "the excitement"
        ("how I handled the outage lol", ""),
    ],
)
def test_what_the_person_meant_to_convey_is_a_phrase_or_nothing(text, point):
    from notes.composer.parts import _SELF_PROMPT_VERBS
    from notes.composer.reading import read_point

    assert read_point(_SELF_PROMPT_VERBS.sub("", text)) == point
