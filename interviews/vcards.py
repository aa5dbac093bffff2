"""vCards (RFC 2426, vCard 3.0) of the people a person met, to take into an address book.

Written with vobject rather than by hand: it escapes commas, semicolons, backslashes and
newlines in each value and component, and folds long lines at 75 octets without cutting a
UTF-8 character in two, which is where hand-written vCards go wrong for names in Arabic,
Chinese or Devanagari. Version 3.0 because it is what Apple Contacts, Google Contacts and
Outlook all import; nothing we keep needs 4.0.
"""

import uuid
from collections.abc import Iterable, Iterator

import vobject
from django.conf import settings
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
    if contact.company_id is not None:
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


def contact_vcard_text(contact: Contact) -> str:
    return contact_vcard(contact).serialize()


def contacts_vcard_chunks(contacts: Iterable[Contact]) -> Iterator[str]:
    """Many vCards, one after the other (one .vcf file), card by card for streaming."""
    for contact in contacts:
        yield contact_vcard_text(contact)


def vcard_filename(stem: str) -> str:
    """A file name from a name in any script: "李小龙.vcf", "ada-lovelace.vcf"."""
    return f"{slugify(stem, allow_unicode=True) or 'contact'}.vcf"
