"""Tidying text the way people type it."""

from collections.abc import Sequence

# Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). Typed or pasted
# into a name or a note, U+202E (RIGHT-TO-LEFT OVERRIDE) prints the text after it backwards
# ("invoice\u202egnp.exe" reads "invoiceexe.png"), past the end of the field. Wherever we
# print a field, its direction is set by markup (``dir``), so these are never needed.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_NO_BIDI_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi_controls(text: str) -> str:
    """``text`` without bidi embeddings, overrides and isolates (``BIDI_CONTROLS``)."""
    return text.translate(_NO_BIDI_CONTROLS)


def squash_spaces(text: str | None) -> str:
    """Runs of spaces, tabs and newlines become one space, ends trimmed: "  a \\n b " → "a b"."""
    return " ".join((text or "").split())


def join_names(names: Sequence[str]) -> str:
    """A list as a person writes it: "Ada", "Ada and Grace", "Ada, Grace and Linus"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
