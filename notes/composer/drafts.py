"""Starting drafts from the parts, and the edits the composer's buttons make to a body:
add or drop a part, begin a sentence starter, and find what is left to write (a gap, or a
starter not finished)."""

from __future__ import annotations

import re

from notes.composer.parts import Part

# What to leave out, in turn, while a starting draft does not fit its card: the second
# listening hook first, then fit, then passion. The thanks, the first hook and (after a
# "no") the long game stay.
SHORTENINGS = ("learned_short", "fit", "passion")

# A gap the composer left for the person: "[Write one sentence to Ada about: “…”]". Found
# by its opening words, so a gap whose closing bracket was typed over is still a gap.
GAP = re.compile(r"\[\s*write one sentence to\b[^\]\n]*\]?", re.IGNORECASE)


def draft_bodies(parts: list[Part]) -> list[str]:
    """Starting drafts from the fullest to the shortest; the first that fits is used."""
    bodies = []
    leave_out: set[str] = set()
    for step in (None, *SHORTENINGS):
        if step:
            leave_out.add(step)
        paragraphs = []
        for part in parts:
            if not part.suggested or part.key in leave_out:
                continue
            if part.key == "learned" and "learned_short" in leave_out and part.short:
                paragraphs.append(part.short)
            else:
                paragraphs.append(part.example)
        body = "\n\n".join(paragraphs)
        if body not in bodies:
            bodies.append(body)
    return bodies


def starting_body(parts: list[Part]) -> str:
    return draft_bodies(parts)[0]


def body_with_part(body: str, part: Part) -> str:
    """The body with the part's example added as the last paragraph (once)."""
    if part.example in body:
        return body
    return f"{body.rstrip()}\n\n{part.example}" if body.strip() else part.example


def body_without_part(body: str, part: Part) -> tuple[str, bool]:
    """The body without the part's example; False when it was edited beyond recognition."""
    for text in (part.example, part.short):
        if text and text in body:
            body = body.replace(text, "")
            return re.sub(r"\n{3,}", "\n\n", body).strip(), True
    return body, False


def part_in_body(body: str, part: Part) -> bool:
    return part.example in body or bool(part.short and part.short in body)


def body_with_starter(body: str, starter: str) -> str:
    """The body with a sentence starter begun as a new paragraph, for the person to finish."""
    return f"{body.rstrip()}\n\n{starter}" if body.strip() else starter


def unfinished_starters(body: str, parts: list[Part]) -> list[str]:
    """Sentence starters still in the text as offered (with their "…")."""
    return [
        starter
        for part in parts
        for starter in part.starters
        if starter.split("…")[0].strip() and starter in body
    ]


def gaps(body: str) -> list[str]:
    """The gaps the composer left that are still in the text."""
    return [match.group(0) for match in GAP.finditer(body or "")]


def left_to_write(body: str, parts: list[Part]) -> list[str]:
    """Everything the person still has to write before the note is ready or printed: the
    gaps, and the sentence starters not finished."""
    return gaps(body) + unfinished_starters(body, parts)
