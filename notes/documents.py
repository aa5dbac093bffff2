"""Which PDF documents a note makes, and their HTML: cards, envelopes, copy sheets.

Builds plain-text context for the templates under ``templates/pdf/`` and hands the HTML to
``notes.pdf`` (which owns WeasyPrint). Rendered PDFs are cached by a hash of their HTML,
so an unchanged note is served again without laying it out again.
"""

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from babel.dates import format_date
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.text import slugify

from common.text import squash_spaces
from notes import composer, pdf
from notes.models import BODY_MAX_CHARS, CardFormat, ThankYouNote, larger_formats
from notes.writing import Field, block_direction

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


def _address_after_name(address: str, *names: str) -> str:
    """The address without first lines that only repeat what is printed above it (the name,
    the company): people often type their own name into their return address, and the
    company into an interviewer's."""
    lines = address.strip().splitlines()
    for name in names:
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

    def field(self, label: str, text: str, *, around: str = "") -> Field:
        missing = pdf.unprintable_characters(text)
        if missing:
            self.unprintable.append(Unprintable(label, tuple(missing)))
            text = "".join(PLACEHOLDER if char in missing else char for char in text)
        return Field.of(text, around=around)

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
    # A name in Han characters alone reads as Japanese or Korean when the note or the
    # address to the same person does (see ``Field.of``).
    to_them = "\n".join((note.body, recipient.postal_address, note.interview.company.name))
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
            salutation=printed.field("Greeting", note.salutation.strip(), around=to_them),
            paragraphs=printed.paragraphs("Note", note.body),
            closing=printed.field("Closing", note.closing.strip()),
            signature=printed.field("Signature", note.signature.strip()),
        )
    if kind == "copy" or (kind == "card" and spec.letterhead) or kind == "envelope":
        section["recipient_name"] = printed.field(
            "Recipient's name", recipient.name, around=to_them
        )
    if kind == "envelope" or (kind == "card" and spec.letterhead):
        section.update(
            sender_name=printed.field("Your name", sender_name, around=user.return_address),
            return_address=printed.field(
                "Your return address",
                _address_after_name(user.return_address, sender_name),
                around=sender_name,
            ),
        )
    if kind == "card" and spec.letterhead:
        section["date"] = Field.of(letter_date(user))
    if kind == "envelope" or (kind == "card" and spec.letterhead):
        section.update(
            recipient_title=printed.field("Recipient's title", recipient.title, around=to_them),
            company=printed.field("Company", note.interview.company.name, around=to_them),
        )
    if kind == "envelope":
        section["postal_address"] = printed.field(
            "Recipient's postal address",
            _address_after_name(
                recipient.postal_address, recipient.name, note.interview.company.name
            ),
            around=to_them,
        )
    # An address block lines up as one: an Arabic name with a street, title or company
    # in Latin letters (or digits first) still sets every line from the right.
    if "recipient_name" in section:
        section["recipient_dir"] = block_direction(
            *(
                str(section.get(key, ""))
                for key in ("recipient_name", "recipient_title", "company", "postal_address")
            )
        )
    if "sender_name" in section:
        section["sender_dir"] = block_direction(
            str(section["sender_name"]), str(section["return_address"])
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


def note_bundle_html(note: ThankYouNote) -> str:
    """One note's card, envelope and copy sheet in one document: its part of "print all"."""
    return pdf.render_html(
        "document.html",
        {
            "title": f"Thank-you note to {note.recipient.name}",
            "author": note.interview.owner.display_name,
            "sections": [_section(note, kind) for kind in KINDS],
        },
    )


@dataclass(frozen=True)
class BundleEntry:
    note: ThankYouNote
    reason: str = ""  # why it could not be printed; empty when it is in the PDF
    warnings: tuple[str, ...] = ()  # characters it prints as a placeholder
    overflow: "Fit | None" = None  # when it was left out for running over its card


@dataclass
class Bundle:
    """ "Print all": the notes that print, the ones that could not and why, and the PDF."""

    printed: list[BundleEntry]
    failed: list[BundleEntry]
    etag: str
    parts: list[bytes]

    def papers(self) -> "list[Paper]":
        """The paper sizes the printed notes need, in the order of ``PAPERS``."""
        needed = {key for entry in self.printed for key in papers_for(entry.note)}
        return [paper for key, paper in PAPERS.items() if key in needed]

    def pdf(self, paper: "Paper | None" = None) -> bytes:
        """The printed notes' pages, one note after another, in one PDF; with ``paper``,
        only the pages of that size (every A6 card, then every C6 envelope...), so a home
        printer takes each PDF in one go."""
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        for part in self.parts:
            if paper is None:
                writer.append(io.BytesIO(part))
                continue
            for page in PdfReader(io.BytesIO(part)).pages:
                if paper.holds(float(page.mediabox.width), float(page.mediabox.height)):
                    writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def interview_bundle(
    notes: list[ThankYouNote], *, render: bool = True, owner_id: int | None = None
) -> Bundle:
    """Prints what it can: each note is made on its own (and remembered, see
    ``_remembered``), so a note that cannot be printed leaves the others in the PDF and is
    named with its reason. A note whose card runs over onto a second page is left out
    too, as downloading its card alone is (``card_overflow``). ``render=False`` only
    works out the ETag (which follows every note's content, and so whether it fits)."""
    printed, failed, parts, etags = [], [], [], []
    for note in notes:
        if render and (
            to_write := composer.left_to_write(note.body, composer.guide_for_note(note))
        ):
            failed.append(BundleEntry(note, reason=unwritten_reason(to_write)))
            continue
        try:
            html = note_bundle_html(note)
            etags.append(etag_for(html))
            if render and (overflow := card_overflow(note)):
                failed.append(BundleEntry(note, reason=overflow.message, overflow=overflow))
                continue
            if render:
                parts.append(pdf_for_html(html, etags[-1], owner_id=owner_id))
        except pdf.PdfBusy:
            raise  # about the renderer, not this note: the whole page says so
        except pdf.PdfError as exc:
            failed.append(BundleEntry(note, reason=str(exc)))
            continue
        printed.append(BundleEntry(note, warnings=tuple(print_warnings(note))))
    etag = hashlib.sha256("\n".join(etags).encode()).hexdigest()[:32]
    return Bundle(printed, failed, etag, parts)


def unwritten_reason(to_write: list[str]) -> str:
    """Why a note with a gap or an unfinished sentence is not printed, in words."""
    count = len(to_write)
    places = "a place" if count == 1 else f"{count} places"
    return f"it still has {places} for you to write in your own words ({to_write[0]})."


def etag_for(html: str) -> str:
    # The HTML carries the templates' output; the fingerprint the stylesheet and fonts.
    digest = hashlib.sha256(f"{pdf.assets_fingerprint()}\n{html}".encode()).hexdigest()
    return digest[:32]


def _remembered(key: str, make, *, owner_id: int | None = None):
    """``make()``'s result for this content hash, from the cache when it was made before.

    A render that failed or ran out of time is remembered like one that worked, for as
    long: the same content fails the same way, so a page that is viewed again (or a
    person pressing reload) answers at once instead of running the render to its time
    limit again. Only "the renderer is busy" is not remembered: it says nothing about the
    content.

    With ``owner_id``, one person makes one PDF at a time: asking for several at once
    (three tabs, a script) gets "busy" for all but one, so one account can never hold
    every web worker.
    """
    found = cache.get(key)
    if found is None:
        lock = f"notes:rendering:{owner_id}"
        if owner_id is not None and not _take(lock):
            raise pdf.PdfBusy(
                "Another of your PDFs is being made right now. Try again in a moment."
            )
        try:
            found = ("ok", make())
        except pdf.PdfBusy:
            raise
        except pdf.PdfError as exc:
            found = ("error", type(exc).__name__, str(exc))
        finally:
            if owner_id is not None:
                cache.delete(lock)
        cache.set(key, found, CACHE_SECONDS)
    if found[0] == "error":
        raise getattr(pdf, found[1], pdf.PdfError)(found[2])
    return found[1]


def _take(lock: str) -> bool:
    """Whether this request may render: the lock was free (and is now ours), or the cache
    cannot say (it is down: a fail-safe cache answers as if empty, and the PDF must still
    be made). Held at most as long as a render may run, should the process die holding it."""
    if cache.add(lock, 1, timeout=int(pdf.render_timeout()) + 5):
        return True
    return cache.get(lock) is None


def pdf_for_html(html: str, etag: str | None = None, *, owner_id: int | None = None) -> bytes:
    """The PDF for this HTML, made once per content (see ``_remembered``)."""
    return _remembered(
        f"notes:pdf:{etag or etag_for(html)}",
        lambda: pdf.render_pdf(html).pdf,
        owner_id=owner_id,
    )


def filename_for(note: ThankYouNote, kind: str) -> str:
    """The download's name in ASCII: from the person's name where it has Latin letters,
    else the note's number, so two people whose names are in another script (李小龙, 王芳)
    still get two files ("thank-you-note-12-card.pdf"). ``unicode_filename_for`` is the
    name browsers show."""
    ascii_name = unicodedata.normalize("NFKD", note.recipient.name).encode("ascii", "ignore")
    name = slugify(ascii_name.decode()) or f"note-{note.pk}"
    return f"thank-you-{name}-{kind}.pdf"


def unicode_filename_for(note: ThankYouNote, kind: str) -> str:
    """The download's name in the person's own script: "thank-you-李小龙-card.pdf"."""
    name = slugify(note.recipient.name, allow_unicode=True) or f"note-{note.pk}"
    return f"thank-you-{name}-{kind}.pdf"


def content_disposition(disposition: str, filename: str, unicode_filename: str = "") -> str:
    """A Content-Disposition with an ASCII ``filename`` for old clients and, when the real
    name is not ASCII, ``filename*`` in UTF-8 (RFC 6266, RFC 8187), which browsers prefer.
    Django's ``content_disposition_header`` gives one or the other, not both."""
    header = f'{disposition}; filename="{filename}"'
    if unicode_filename and unicode_filename != filename:
        header += f"; filename*=UTF-8''{quote(unicode_filename, safe='')}"
    return header


@dataclass(frozen=True)
class Paper:
    """A paper size "print all" gives a PDF of its own, so each goes to the printer in one
    go: the sizes match the @page rules of static/pdf/notes.css."""

    key: str
    label: str
    width_mm: float
    height_mm: float

    def holds(self, width_pt: float, height_pt: float) -> bool:
        return (
            abs(width_pt / 72 * 25.4 - self.width_mm) < 1
            and abs(height_pt / 72 * 25.4 - self.height_mm) < 1
        )


PAPERS = {
    paper.key: paper
    for paper in (
        Paper("half-letter", "Half-letter sheets (folded A2 cards)", 215.9, 139.7),
        Paper("a6", "A6 cards", 105, 148),
        Paper("a2-envelope", "A2 envelopes", 146.05, 111.125),
        Paper("c6", "C6 envelopes", 162, 114),
        Paper("no10", "No. 10 envelopes", 241.3, 104.775),
        Paper("dl", "DL envelopes", 220, 110),
        Paper("letter", "US Letter sheets", 215.9, 279.4),
        Paper("a4", "A4 sheets", 210, 297),
    )
}
CARD_PAPER = {
    CardFormat.FOLDED_A2: "half-letter",
    CardFormat.A6: "a6",
    CardFormat.LETTER: "letter",
    CardFormat.A4: "a4",
}
ENVELOPE_PAPER = {"a2": "a2-envelope", "c6": "c6", "no10": "no10", "dl": "dl"}


def papers_for(note: ThankYouNote) -> list[str]:
    """The paper sizes a note's card, envelope and copy sheet print on."""
    spec = FORMATS[CardFormat(note.card_format)]
    return [CARD_PAPER[CardFormat(note.card_format)], ENVELOPE_PAPER[spec.envelope], spec.sheet]


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

    When it does not, tries the larger formats sold where the person lives, in order, and
    suggests the first that fits.
    Results are cached by the card's HTML, so re-checking unchanged text is free.
    """
    result = _measure(note, note.card_format)
    fits = result[0] == 1
    suggestion = None
    if not fits:
        for larger in larger_formats(note.interview.owner, note.card_format):
            if _measure(note, larger)[0] == 1:
                suggestion = larger
                break
    return Fit(fits, result[0], result[1], note.card_format, suggestion)


def card_overflow(note: ThankYouNote) -> Fit | None:
    """The fit of a note whose card runs over onto a second page, or None when it fits (or
    cannot be measured: printing it then says why). Such a card is never printed: it would
    arrive with its last lines, the closing and signature, on a page of their own."""
    try:
        fit = note_fit(note)
    except pdf.PdfError:
        return None
    return None if fit.fits else fit


def _measure(note: ThankYouNote, card_format: str) -> tuple[int, float | None]:
    """Pages and fill of the card, laid out within the fit check's short time limit (it
    runs while the person types), remembered per content like a PDF."""
    html = note_html(note, "card", card_format=card_format)

    def measured():
        result = pdf.measure(html, timeout=_fit_timeout())
        return (result.pages, result.fill)

    return tuple(_remembered(f"notes:fit:{etag_for(html)}", measured))


def _fit_timeout() -> float:
    return float(getattr(settings, "NOTES_FIT_TIMEOUT_SECONDS", 0.75))
