"""Which PDF documents a note makes, and their HTML: cards, envelopes, copy sheets.

Builds plain-text context for the templates under ``templates/pdf/`` and hands the HTML to
``notes.pdf`` (which owns WeasyPrint). Rendered PDFs are cached by a hash of their HTML,
so an unchanged note is served again without laying it out again.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from babel.dates import format_date
from django.core.cache import cache
from django.utils import timezone
from django.utils.text import slugify

from common.text import squash_spaces
from notes import pdf
from notes.models import BODY_MAX_CHARS, CardFormat, ThankYouNote
from notes.writing import Field

CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class FormatSpec:
    envelope: str  # envelope-… page in notes.css
    envelope_label: str
    sheet: str  # copy sheet page size
    letterhead: bool


FORMATS = {
    CardFormat.FOLDED_A2: FormatSpec("a2", "A2 envelope", "letter", False),
    CardFormat.A6: FormatSpec("c6", "C6 envelope", "a4", False),
    CardFormat.LETTER: FormatSpec("no10", "No. 10 envelope", "letter", True),
    CardFormat.A4: FormatSpec("dl", "DL envelope", "a4", True),
}
FORMAT_ORDER = list(CardFormat.values)
KINDS = ("card", "envelope", "copy")


def paragraphs(body: str) -> list[str]:
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n+", text) if p.strip()]


def _check_size(note: ThankYouNote) -> None:
    size = len(note.body) + len(note.salutation) + len(note.closing) + len(note.signature)
    if size > BODY_MAX_CHARS + 1_000:
        raise pdf.PdfInputTooLarge(
            f"The note to {note.recipient.name} is too long to print ({len(note.body):,} "
            f"characters; the most is {BODY_MAX_CHARS:,}). Shorten it and try again."
        )


def _address_after_name(address: str, name: str) -> str:
    """The address without a first line that only repeats the name printed above it:
    people often type their own name into their return address."""
    lines = address.strip().splitlines()
    if lines and name and squash_spaces(lines[0]).casefold() == squash_spaces(name).casefold():
        lines = lines[1:]
    return "\n".join(lines).strip()


# Shown where a character no font can draw would go, so the person sees where to add it by
# hand; every font we load has it.
PLACEHOLDER = "\u25a1"  # □


@dataclass(frozen=True)
class Unprintable:
    """Characters of one printed field that no font can draw (printed as ``PLACEHOLDER``)."""

    field: str
    characters: tuple[str, ...]

    @property
    def message(self) -> str:
        shown = ", ".join(
            f"{char} ({unicodedata.name(char, f'U+{ord(char):04X}').title()})"
            for char in self.characters[:6]
        )
        more = " and more" if len(self.characters) > 6 else ""
        return f"{self.field}: {shown}{more} cannot be printed; {PLACEHOLDER} marks the place."


class _Printed:
    """Collects the fields a section prints, each checked for glyphs no font can draw."""

    def __init__(self):
        self.unprintable: list[Unprintable] = []

    def field(self, label: str, text: str, *, lang_from: str | None = None) -> Field:
        missing = pdf.unprintable_characters(text)
        if missing:
            self.unprintable.append(Unprintable(label, tuple(missing)))
            text = "".join(PLACEHOLDER if char in missing else char for char in text)
        return Field.of(text, lang_from=lang_from)

    def paragraphs(self, label: str, body: str) -> list[Field]:
        missing = pdf.unprintable_characters(body)
        if missing:
            self.unprintable.append(Unprintable(label, tuple(missing)))
            body = "".join(PLACEHOLDER if char in missing else char for char in body)
        return [Field.of(text, lang_from=body) for text in paragraphs(body)]


def letter_date(user) -> str:
    """Today where the person lives, written as their locale writes a date in a letter
    ("27 November 2026" in en-AU, "November 27, 2026" in en-US, "2026年11月27日" in ja-JP)."""
    return format_date(timezone.localdate(timezone=user.zone), "long", locale=user.babel_locale)


def _section(note: ThankYouNote, kind: str, *, card_format: str | None = None) -> dict:
    """What one page prints. Only the fields this kind and format print are checked for
    characters no font can draw; those print as a placeholder and are named in
    ``unprintable``, and the rest of the page still prints."""
    _check_size(note)
    recipient = note.recipient
    user = note.interview.owner
    fmt = card_format or note.card_format
    spec = FORMATS[CardFormat(fmt)]
    sender_name = user.full_name or user.display_name
    printed = _Printed()
    section = {
        "kind": kind,
        "format": fmt,
        "format_label": CardFormat(fmt).label,
        "typeface": note.typeface,
        "letterhead": spec.letterhead,
        "envelope": spec.envelope,
        "sheet": spec.sheet,
    }
    if kind in {"card", "copy"}:
        section.update(
            salutation=printed.field("Greeting", note.salutation.strip()),
            paragraphs=printed.paragraphs("Note", note.body),
            closing=printed.field("Closing", note.closing.strip()),
            signature=printed.field("Signature", note.signature.strip()),
        )
    if kind == "copy" or (kind == "card" and spec.letterhead) or kind == "envelope":
        section["recipient_name"] = printed.field("Recipient's name", recipient.name)
    if kind == "envelope" or (kind == "card" and spec.letterhead):
        section.update(
            sender_name=printed.field("Your name", sender_name),
            return_address=printed.field(
                "Your return address", _address_after_name(user.return_address, sender_name)
            ),
        )
    if kind == "card" and spec.letterhead:
        section.update(
            date=Field.of(letter_date(user)),
            recipient_title=printed.field("Recipient's title", recipient.title),
            company=printed.field("Company", note.interview.company.name),
        )
    if kind == "envelope":
        section["postal_address"] = printed.field(
            "Recipient's postal address",
            _address_after_name(recipient.postal_address, recipient.name),
        )
    section["unprintable"] = printed.unprintable
    return section


def print_warnings(note: ThankYouNote) -> list[str]:
    """What will not print on this note's card, envelope or copy sheet, in words (a note too
    long to print says so itself, when it is printed or measured)."""
    seen: dict[str, None] = {}
    for kind in KINDS:
        try:
            problems = _section(note, kind)["unprintable"]
        except pdf.PdfError:
            return []
        for problem in problems:
            seen.setdefault(problem.message, None)
    return list(seen)


def note_html(note: ThankYouNote, kind: str, *, card_format: str | None = None) -> str:
    """The HTML of one note's card, envelope or copy sheet."""
    if kind not in KINDS:
        raise ValueError(kind)
    return pdf.render_html(
        "document.html",
        {
            "title": f"Thank-you note to {note.recipient.name}",
            "author": note.interview.owner.display_name,
            "sections": [_section(note, kind, card_format=card_format)],
        },
    )


def interview_html(interview, notes: list[ThankYouNote]) -> str:
    """Every note of an interview in one document: each card, its envelope, its copy sheet."""
    sections = [_section(note, kind) for note in notes for kind in KINDS]
    return pdf.render_html(
        "document.html",
        {
            "title": f"Thank-you notes: {interview.role} at {interview.company.name}",
            "author": interview.owner.display_name,
            "sections": sections,
        },
    )


def etag_for(html: str) -> str:
    # The HTML carries the templates' output; the fingerprint the stylesheet and fonts.
    digest = hashlib.sha256(f"{pdf.assets_fingerprint()}\n{html}".encode()).hexdigest()
    return digest[:32]


def pdf_for_html(html: str, etag: str | None = None) -> bytes:
    """The PDF for this HTML, from the cache when the same HTML was rendered before."""
    key = f"notes:pdf:{etag or etag_for(html)}"
    data = cache.get(key)
    if data is None:
        data = pdf.render_pdf(html).pdf
        cache.set(key, data, CACHE_SECONDS)
    return data


def filename_for(note: ThankYouNote, kind: str) -> str:
    name = slugify(note.recipient.name) or "note"
    return f"thank-you-{name}-{kind}.pdf"


@dataclass(frozen=True)
class Fit:
    fits: bool
    pages: int
    fill: float | None
    card_format: str
    suggestion: str | None  # a larger format the note fits, when it does not fit this one

    @property
    def percent(self) -> int | None:
        return None if self.fill is None else round(self.fill * 100)

    @property
    def suggestion_label(self) -> str:
        return CardFormat(self.suggestion).label if self.suggestion else ""

    @property
    def message(self) -> str:
        label = CardFormat(self.card_format).label
        if self.fits:
            return f"Fits the {label}" + (
                f" ({self.percent}% of the space)." if self.percent is not None else "."
            )
        text = f"Too long for the {label}: it runs onto {self.pages} pages."
        if self.suggestion:
            text += f" Shorten it, or choose the {CardFormat(self.suggestion).label}."
        else:
            text += " Shorten it to fit."
        return text

    def as_json(self) -> dict:
        return {
            "fits": self.fits,
            "pages": self.pages,
            "percent": self.percent,
            "card_format": self.card_format,
            "suggestion": self.suggestion,
            "message": self.message,
        }


def note_fit(note: ThankYouNote) -> Fit:
    """Whether the note fits its card, by laying it out with WeasyPrint (real layout).

    When it does not, tries the larger formats in order and suggests the first that fits.
    Results are cached by the card's HTML, so re-checking unchanged text is free.
    """
    result = _measure(note, note.card_format)
    fits = result[0] == 1
    suggestion = None
    if not fits:
        for larger in FORMAT_ORDER[FORMAT_ORDER.index(note.card_format) + 1 :]:
            if _measure(note, larger)[0] == 1:
                suggestion = larger
                break
    return Fit(fits, result[0], result[1], note.card_format, suggestion)


def _measure(note: ThankYouNote, card_format: str) -> tuple[int, float | None]:
    html = note_html(note, "card", card_format=card_format)
    key = f"notes:fit:{etag_for(html)}"
    found = cache.get(key)
    if found is None:
        result = pdf.measure(html)
        found = (result.pages, result.fill)
        cache.set(key, found, CACHE_SECONDS)
    return found
