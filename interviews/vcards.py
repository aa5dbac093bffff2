"""vCards (RFC 2426, vCard 3.0) of the people a person met, to take into an address book.

Built with vobject rather than by hand: it knows each property's structure (N, ADR, ORG)
and escapes commas, semicolons, backslashes and newlines in every value and component.
Folding is ours: vobject 0.9.9 decides whether a line needs folding by counting characters,
not octets, so a line of 40 Cyrillic or Chinese characters (80–120 octets) went out whole,
past the 75 octets RFC 2426 allows (``fold`` below; the tests read every line's length).
Version 3.0 because it is what Apple Contacts, Google Contacts and Outlook all import;
nothing we keep needs 4.0.
"""

import uuid
from collections.abc import Iterable, Iterator

import vobject
from django.conf import settings
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from interviews import names
from interviews.models import Contact

CONTENT_TYPE = "text/vcard; charset=utf-8"


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


def contact_vcard(contact: Contact) -> vobject.base.Component:
    """One person as a vCard: name, title, company, email, postal address and notes, each
    only when known (a contact with no email simply has no EMAIL line)."""
    card = vobject.vCard()
    card.add("uid").value = contact_uid(contact)
    card.add("fn").value = contact.name
    family, given = _name_parts(contact.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if contact.greet_as.strip():
        card.add("nickname").value = contact.greet_as.strip()
    if contact.title:
        card.add("title").value = contact.title
    if contact.company is not None:
        card.add("org").value = [contact.company.name]
    if contact.email:
        email = card.add("email")
        email.value = contact.email
        email.type_param = "INTERNET"
    if contact.postal_address.strip():
        # Kept as typed, lines and all, in the street part: splitting a free-text address
        # into city and postcode would guess, and a wrong guess loses part of it.
        card.add("adr").value = vobject.vcard.Address(street=contact.postal_address.strip())
    if contact.notes.strip():
        card.add("note").value = contact.notes
    return card


# Octets per line before the CRLF (RFC 2426 section 2.6 via RFC 2425 section 5.8.1).
LINE_OCTETS = 75
UNFOLDED = 10**9


def fold(text: str) -> str:
    """Each CRLF-ended line folded to at most 75 octets, continuation lines starting with
    a space, never cutting a UTF-8 character in two."""
    out = []
    for line in text.split("\r\n"):
        size, budget, start = 0, LINE_OCTETS, 0
        for i, char in enumerate(line):
            octets = len(char.encode())
            if size + octets > budget:
                out.append(line[start:i] + "\r\n ")
                start, size, budget = i, 0, LINE_OCTETS - 1
            size += octets
        out.append(line[start:] + "\r\n")
    return "".join(out)[: -len("\r\n")]


def contact_vcard_text(contact: Contact) -> str:
    return fold(contact_vcard(contact).serialize(lineLength=UNFOLDED))


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
