"""Tidying text the way people type it."""

from collections.abc import Sequence


def squash_spaces(text: str | None) -> str:
    """Runs of spaces, tabs and newlines become one space, ends trimmed: "  a \\n b " → "a b"."""
    return " ".join((text or "").split())


def join_names(names: Sequence[str]) -> str:
    """A list as a person writes it: "Ada", "Ada and Grace", "Ada, Grace and Linus"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
