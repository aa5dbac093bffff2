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
import unicodedata
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


# Chinese family names of two characters (the rest are one); Korean ones of two syllables.
_CHINESE_COMPOUND_FAMILY = {
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "尉迟",
    "尉遲", "公孙", "公孫", "令狐", "慕容", "夏侯", "长孙", "長孫", "宇文", "司徒", "端木",
}  # fmt: skip
_KOREAN_COMPOUND_FAMILY = {"남궁", "황보", "제갈", "선우", "독고", "사공", "서문"}


def _is_script(char: str, *scripts: str) -> bool:
    return unicodedata.name(char, "").startswith(scripts)


def _name_parts(name: str) -> tuple[str, str, str]:
    """(family, given, additional) for the N property, split where the name's form says
    how, else the whole name as the family name (never an empty N, which address books
    file under "no name"):

    - 李小龙 → 李 / 小龙 (a Chinese name of two or three characters is family name first,
      one character, or two for 欧阳 and the like); 김민지 → 김 / 민지; "山田 花子" → 山田 / 花子;
      a name with kana, or four characters without a known compound family name (山田花子),
      cannot be split by its letters and stays whole;
    - Arabic: نور الهدى is one compound given name, so two words stay whole; with three or
      more the last is the family name;
    - Latin and the like: the given name as a note greets them (``names.given_name``: past
      honorifics, Hungarian order, Abdul Rahman), the last word the family name (the first,
      in Hungarian order), any words between as additional names.
    """
    words = names.without_honorifics(name.split())
    if not words:
        return "", "", ""
    whole = " ".join(words)
    letters = [char for char in whole if char.isalpha()]
    if any(_is_script(c, "HIRAGANA", "KATAKANA") for c in letters):
        if len(words) >= 2:
            return words[0], " ".join(words[1:]), ""
        return whole, "", ""
    if letters and all(_is_script(c, "CJK", "HANGUL") for c in letters):
        if len(words) >= 2:
            return words[0], " ".join(words[1:]), ""
        compounds = _CHINESE_COMPOUND_FAMILY | _KOREAN_COMPOUND_FAMILY
        if len(whole) in (3, 4) and whole[:2] in compounds:
            return whole[:2], whole[2:], ""
        if len(whole) in (2, 3):
            return whole[0], whole[1:], ""
        return whole, "", ""
    if any(_is_script(c, "ARABIC") for c in letters):
        for link in ("بن", "بنت", "ابن"):  # محمد بن سلمان: given, then "son of" and lineage
            if link in words[1:]:
                at = words.index(link, 1)
                return " ".join(words[at:]), " ".join(words[:at]), ""
        if len(words) >= 3:
            return words[-1], " ".join(words[:-1]), ""
        return whole, "", ""
    if len(words) < 2:
        return whole, "", ""
    given = names.given_name(whole)
    given_words = given.split()
    if words[: len(given_words)] == given_words:
        rest = words[len(given_words) :]
        if not rest:
            return whole, "", ""
        return rest[-1], given, " ".join(rest[:-1])
    if words[-len(given_words) :] == given_words:  # family name first (Kovács János)
        return " ".join(words[: -len(given_words)]), given, ""
    return whole, "", ""


# Country names an address may end with, in English and as the country writes itself
# (from CLDR, through Babel), casefolded, plus what people commonly type.
def _country_names() -> frozenset[str]:
    from babel import Locale

    found = {"usa", "u.s.a.", "us", "uk", "u.k.", "uae"}
    english = Locale("en").territories
    for code, english_name in english.items():
        if not code.isalpha():
            continue
        found.add(english_name.casefold())
    for tag in ("de", "fr", "es", "it", "nl", "pt", "ar", "zh", "ja", "ko", "ru", "he"):
        found.update(
            name.casefold() for code, name in Locale(tag).territories.items() if code.isalpha()
        )
    return frozenset(found)


_COUNTRIES: frozenset[str] | None = None

# US ZIP, Japanese, plain digits, Canadian, British.
_POSTCODE = (
    r"(?:\d{5}(?:-\d{4})?|\d{3}-\d{4}|\d{4,6}"
    r"|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})"
)
# "San Francisco, CA 94105", "Toronto, ON M5V 2T6"
_CITY_REGION_CODE = re.compile(
    rf"^(?P<city>[^,]+),\s*(?P<region>[^,\d]+?)\s+(?P<code>{_POSTCODE})$"
)
# "10115 Berlin", "75001 Paris", "〒100-0005 東京都"
_CODE_CITY = re.compile(rf"^〒?\s*(?P<code>{_POSTCODE})\s+(?P<city>\D.*)$")
# "Riyadh 12345", "London SW1A 1AA"
_CITY_CODE = re.compile(rf"^(?P<city>.*\D),?\s+(?P<code>{_POSTCODE})$")
_CODE_ALONE = re.compile(rf"^〒?\s*(?P<code>{_POSTCODE})$")


def address_parts(address: str) -> tuple[str, str, str, str, str]:
    """(street, locality, region, postal code, country) of an address typed as free text,
    read from its last lines: a known country name, then a line with a postal code
    ("San Francisco, CA 94105", "10115 Berlin", "Riyadh 12345"). What cannot be told
    apart stays in the street, lines and all; the vCard's LABEL keeps the address exactly
    as typed, so a wrong guess loses nothing."""
    global _COUNTRIES
    if _COUNTRIES is None:
        _COUNTRIES = _country_names()
    lines = [line.strip() for line in address.strip().splitlines() if line.strip()]
    locality = region = code = country = ""
    if len(lines) >= 2 and lines[-1].casefold().rstrip(".") in _COUNTRIES | {
        c.rstrip(".") for c in _COUNTRIES
    }:
        country = lines.pop()
    if len(lines) >= 2:
        last = lines[-1]
        for pattern in (_CITY_REGION_CODE, _CODE_CITY, _CITY_CODE):
            if match := pattern.match(last):
                groups = match.groupdict()
                locality = groups["city"].strip(" ,")
                region = (groups.get("region") or "").strip()
                code = groups["code"]
                lines.pop()
                break
        else:
            if match := _CODE_ALONE.match(last):
                code = match["code"]
                lines.pop()
                if len(lines) >= 2:
                    locality = lines.pop()
    return "\n".join(lines), locality, region, code, country


def contact_vcard_lines(contact: Contact) -> list[str]:
    """One person's content lines, unfolded: name, title, company, email, postal address
    and notes, each only when known (a contact with no email has no EMAIL line)."""
    family, given, additional = _name_parts(contact.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Afterview//People//EN",
        f"UID:{contact_uid(contact)}",
        f"FN:{escape(contact.name)}",
        f"N:{escape(family)};{escape(given)};{escape(additional)};;",
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
        # Split into its parts where its last lines say how (``address_parts``), and kept
        # whole as typed in LABEL, so address books that print labels print it as it is.
        parts = address_parts(contact.postal_address)
        lines.append(f"ADR:;;{';'.join(escape(part) for part in parts)}")
        lines.append(f"LABEL:{escape(contact.postal_address.strip())}")
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
