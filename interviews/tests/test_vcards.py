"""vCards of the people met: read back with vobject, each equals the contact it came from."""

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.models import Contact
from tests.factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db

HOSTILE_NOTES = "Met at the fair, table 3; ask about C:\\temp\\logs\nSecond line, with commas"

NAMES = [
    "Ada Lovelace",
    "Doe, Jane; Jr. \\ the 2nd",
    "Анна Каренина",
    "Νίκος Καζαντζάκης",
    "李小龙",
    "山田 太郎",
    "김민준",
    "محمد عبد الله",
    "דוד בן־גוריון",
    "प्रिया शर्मा",
    "สมชาย ใจดี",
]


def card_of(contact: Contact) -> dict:
    """What a vCard must say about a contact, in the contact's terms."""
    return {
        "name": contact.name,
        "greet_as": contact.greet_as,
        "title": contact.title,
        "company": contact.company.name if contact.company else "",
        "email": contact.email,
        "postal_address": contact.postal_address,
        "notes": contact.notes,
    }


def card_read(card) -> dict:
    """The same, read back from a parsed vCard; a missing property reads as blank."""

    def value(name: str):
        return card.contents[name][0].value if name in card.contents else ""

    assert card.version.value == "3.0"
    assert "n" in card.contents  # vCard 3.0 requires it
    return {
        "name": value("fn"),
        "greet_as": value("nickname"),
        "title": value("title"),
        "company": value("org")[0] if value("org") else "",
        "email": value("email"),
        "postal_address": value("label"),
        "notes": value("note"),
    }


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def assert_well_formed(raw: bytes) -> None:
    """RFC 2426 lines: CRLF-terminated, at most 75 octets, folded inside UTF-8, not between
    the bytes of a character (each line decodes on its own)."""
    assert raw.endswith(b"\r\n")
    for line in raw[:-2].split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")
    assert b"\n" not in raw.replace(b"\r\n", b"")


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_a_vcard_in_any_script_reads_back_as_the_contact(alice_client, alice, name):
    contact = ContactFactory(
        owner=alice,
        company=CompanyFactory(owner=alice, name=f"{name} & Söhne; GmbH, \\ Ltd"),
        name=name,
        greet_as=f"Dear {name}, again",
        title="Head of Ops; EMEA, \\ APAC",
        email="someone@example.com",
        postal_address=f"{name}\n1 Main St, Flat 2; rear\n10115 Berlin",
        notes=HOSTILE_NOTES + " " + name * 10,
    )

    response, raw = download(
        alice_client, reverse("interviews:person_vcard", kwargs={"contact_pk": contact.pk})
    )

    assert_well_formed(raw)
    assert card_read(vobject.readOne(raw.decode("utf-8"))) == card_of(contact)
    assert response["Content-Disposition"].startswith("attachment; filename")


def test_the_raw_text_escapes_what_would_split_a_value(alice_client, alice):
    contact = ContactFactory(owner=alice, name="Doe, Jane; Jr. \\ x", notes="a\nb")

    _, raw = download(
        alice_client, reverse("interviews:person_vcard", kwargs={"contact_pk": contact.pk})
    )

    text = raw.decode()
    assert "\r\nFN:Doe\\, Jane\\; Jr. \\\\ x\r\n" in text
    assert "\r\nNOTE:a\\nb\r\n" in text


def test_a_contact_with_no_email_company_or_address_is_a_vcard_all_the_same(alice_client, alice):
    contact = Contact.objects.create(owner=alice, name="Grace Hopper")

    _, raw = download(
        alice_client, reverse("interviews:person_vcard", kwargs={"contact_pk": contact.pk})
    )

    card = vobject.readOne(raw.decode())
    assert card_read(card) == card_of(contact)
    assert "email" not in card.contents and "adr" not in card.contents
    assert card.n.value.given == "Grace" and card.n.value.family == "Hopper"


def test_the_file_name_follows_the_name_in_its_own_script(alice_client, alice):
    contact = ContactFactory(owner=alice, name="李小龙")

    response, _ = download(
        alice_client, reverse("interviews:person_vcard", kwargs={"contact_pk": contact.pk})
    )

    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''%E6%9D%8E%E5%B0%8F%E9%BE%99.vcf"
    )


def test_everyone_in_one_file_each_card_equal_to_its_contact(alice_client, alice, bob):
    mine = [ContactFactory(owner=alice, name=name, notes=HOSTILE_NOTES) for name in NAMES]
    mine.append(Contact.objects.create(owner=alice, name="No Email Person"))
    ContactFactory(owner=bob, name="Bobs Secret Contact")

    response, raw = download(alice_client, reverse("interviews:people_vcards"))

    assert_well_formed(raw)
    cards = [card_read(card) for card in vobject.readComponents(raw.decode())]
    assert sorted(cards, key=lambda c: c["name"]) == sorted(
        (card_of(c) for c in mine), key=lambda c: c["name"]
    )
    assert response["Content-Disposition"] == 'attachment; filename="afterview-people.vcf"'


def test_everyone_at_one_company(alice_client, alice):
    acme = CompanyFactory(owner=alice, name="Acme")
    ContactFactory(owner=alice, company=acme, name="At Acme")
    ContactFactory(owner=alice, name="Elsewhere")

    _, raw = download(alice_client, f"{reverse('interviews:people_vcards')}?company={acme.pk}")

    assert [card.fn.value for card in vobject.readComponents(raw.decode())] == ["At Acme"]


def test_everyone_in_one_file_reads_no_company_list(alice_client, alice):
    acme = CompanyFactory(owner=alice, name="Acme")
    ContactFactory(owner=alice, company=acme, name="At Acme")
    url = reverse("interviews:people_vcards")

    with CaptureQueriesContext(connection) as everyone:
        download(alice_client, url)
    with CaptureQueriesContext(connection) as at_acme:
        download(alice_client, f"{url}?company={acme.pk}")

    # The session, the user and the people; a company filter reads the person's companies
    # (to check it is theirs), not the filter's options for a page nobody draws.
    assert len(everyone) == 3
    assert len(at_acme) == 4


def test_another_persons_contact_is_a_404(alice_client, bob):
    bobs = ContactFactory(owner=bob)
    for name in ("interviews:person_vcard", "interviews:person"):
        url = reverse(name, kwargs={"contact_pk": bobs.pk})
        assert alice_client.get(url).status_code == 404


def test_an_empty_address_book_is_an_empty_file(alice_client):
    _, raw = download(alice_client, reverse("interviews:people_vcards"))
    assert raw == b""


def test_control_characters_pasted_into_notes_do_not_break_the_card(alice_client, alice):
    contact = ContactFactory(owner=alice, name="Ada", notes="tab\there\x0bform\x0cfeed\x1b")

    _, raw = download(
        alice_client, reverse("interviews:person_vcard", kwargs={"contact_pk": contact.pk})
    )

    assert vobject.readOne(raw.decode()).note.value == "tab\thereformfeed"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "family", "given"),
    [
        ("李小龙", "李", "小龙"),
        ("欧阳娜娜", "欧阳", "娜娜"),
        ("김민지", "김", "민지"),
        ("山田 花子", "山田", "花子"),
        ("山田花子", "山田花子", ""),  # cannot be split by its letters: whole, as family
        ("نور الهدى", "نور الهدى", ""),  # one compound given name: whole, as family
        ("محمد بن سلمان", "بن سلمان", "محمد"),
        ("Ada Lovelace", "Lovelace", "Ada"),
        ("Kovács János", "Kovács", "János"),
        ("Abdul Rahman Khan", "Khan", "Abdul Rahman"),
        ("Cher", "Cher", ""),
    ],
)
def test_the_structured_name_is_never_empty(alice_client, alice, name, family, given):
    contact = ContactFactory(owner=alice, name=name)
    _, raw = download(
        alice_client, reverse("interviews:person_vcard", kwargs={"contact_pk": contact.pk})
    )
    card = vobject.readOne(raw.decode())
    assert (card.n.value.family, card.n.value.given) == (family, given)
    assert "\r\nN:;;;;" not in raw.decode()


@pytest.mark.parametrize(
    ("address", "parts"),
    [
        (
            "Hiring Team\n1 Market Street\nSan Francisco, CA 94105",
            ("Hiring Team\n1 Market Street", "San Francisco", "CA", "94105", ""),
        ),
        (
            "12 Example Street\n10115 Berlin\nGermany",
            ("12 Example Street", "Berlin", "", "10115", "Germany"),
        ),
        ("12 King Fahd Road\nRiyadh 12345", ("12 King Fahd Road", "Riyadh", "", "12345", "")),
        (
            "10 Downing St\nLondon\nSW1A 2AA\nUnited Kingdom",
            ("10 Downing St", "London", "", "SW1A 2AA", "United Kingdom"),
        ),
        (
            "上海市浦东新区世纪大道100号\n200120",
            ("上海市浦东新区世纪大道100号", "", "", "200120", ""),
        ),
        ("Somewhere without a postcode", ("Somewhere without a postcode", "", "", "", "")),
    ],
)
def test_the_address_is_split_into_its_parts_and_kept_whole_in_the_label(
    alice_client, alice, address, parts
):
    contact = ContactFactory(owner=alice, name="Ada Lovelace", postal_address=address)
    _, raw = download(
        alice_client, reverse("interviews:person_vcard", kwargs={"contact_pk": contact.pk})
    )
    card = vobject.readOne(raw.decode())
    adr = card.adr.value
    street, city, region, code, country = parts
    assert (adr.street, adr.city, adr.region, adr.code, adr.country) == (
        street,
        city,
        region,
        code,
        country,
    )
    assert card.label.value == address
