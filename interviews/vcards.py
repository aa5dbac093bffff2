"""vCards (RFC 2426, vCard 3.0) of the people a person met, to take into an address book.

Written here, not with a library. vobject (the kept Python vCard library, which the tests
use to read ours back) was the first choice and did not fit: 0.9.9 decides whether a line
needs folding by counting characters rather than octets, so a line of 40 Cyrillic or
Chinese characters (80–120 octets) went out unfolded, past the 75 octets the RFC allows;
and building its component tree costs about 3 ms a card, 6 s of a web worker for 2,000
people. What a vCard needs from us is small: escape backslash, comma, semicolon and
newline in each value (``escape``), join structured parts with ``;``, fold by octets
without cutting a UTF-8 character (``fold``). Reading our output with a different
implementation than the one that wrote it is also what makes the round-trip tests mean
something.

Version 3.0 because it is what Apple Contacts, Google Contacts and Outlook all import;
nothing we keep needs 4.0.
"""

import re
import uuid
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from interviews import names
from interviews.models import Contact

CONTENT_TYPE = "text/vcard; charset=utf-8"
# Octets per line before the CRLF (RFC 2426 section 2.6, RFC 2425 section 5.8.1).
LINE_OCTETS = 75
# Control characters other than tab and newline have no place in a vCard value (and
# readers choke on them); a note pasted from elsewhere may carry one.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape(value: str) -> str:
    """A text value with what would end or split it escaped: ``\\ , ; newline``."""
    value = CONTROL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    for char, escaped in (("\\", "\\\\"), (",", "\\,"), (";", "\\;"), ("\n", "\\n")):
        value = value.replace(char, escaped)
    return value


def fold(line: str) -> str:
    """One content line folded to at most 75 octets a line, each continuation starting
    with a space, never cutting a UTF-8 character in two; CRLF after each."""
    out, size, budget, start = [], 0, LINE_OCTETS, 0
    for i, char in enumerate(line):
        octets = len(char.encode())
        if size + octets > budget:
            out.append(line[start:i] + "\r\n ")
            start, size, budget = i, 0, LINE_OCTETS - 1
        size += octets
    out.append(line[start:] + "\r\n")
    return "".join(out)


def contact_uid(contact: Contact) -> str:
    """Stable per contact and site, so importing again updates the card instead of adding
    a second one."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/people/{contact.pk}").urn


def _name_parts(name: str) -> tuple[str, str]:
    """(family, given) for the N property. A name whose first word is not a given name
    (李小龙, a single word) stays whole in FN and leaves N's parts empty rather than guess."""
    words = name.split()
    if len(words) < 2 or names.greets_whole_name(name):
        return "", ""
    given = names.given_name(name)
    family = words[-1] if words[-1] != given else ""
    return family, given


def contact_vcard_lines(contact: Contact) -> list[str]:
    """One person's content lines, unfolded: name, title, company, email, postal address
    and notes, each only when known (a contact with no email has no EMAIL line)."""
    family, given = _name_parts(contact.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Afterview//People//EN",
        f"UID:{contact_uid(contact)}",
        f"FN:{escape(contact.name)}",
        f"N:{escape(family)};{escape(given)};;;",
    ]
    if contact.greet_as.strip():
        lines.append(f"NICKNAME:{escape(contact.greet_as.strip())}")
    if contact.title:
        lines.append(f"TITLE:{escape(contact.title)}")
    if contact.company is not None:
        lines.append(f"ORG:{escape(contact.company.name)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(contact.email)}")
    if contact.postal_address.strip():
        # Kept as typed, lines and all, in the street part: splitting a free-text address
        # into city and postcode would guess, and a wrong guess loses part of it.
        lines.append(f"ADR:;;{escape(contact.postal_address.strip())};;;;")
    if contact.notes.strip():
        lines.append(f"NOTE:{escape(contact.notes)}")
    lines.append("END:VCARD")
    return lines


def contact_vcard_text(contact: Contact) -> str:
    return "".join(fold(line) for line in contact_vcard_lines(contact))


def contacts_vcard_chunks(contacts: Iterable[Contact]) -> Iterator[str]:
    """Many vCards, one after the other (one .vcf file), card by card for streaming."""
    for contact in contacts:
        yield contact_vcard_text(contact)


def attachment(filename: str) -> str:
    """The Content-Disposition of a download, with a non-ASCII name encoded (RFC 6266)."""
    return content_disposition_header(as_attachment=True, filename=filename) or "attachment"


def vcard_filename(stem: str) -> str:
    """A file name from a name in any script: "李小龙.vcf", "ada-lovelace.vcf"."""
    return f"{slugify(stem, allow_unicode=True) or 'contact'}.vcf"
