"""Envelopes and downloads as they print: an Arabic address block lines up as one block on
the right, the envelope names the company, every download has its own meaningful file name,
and "print all" gives one PDF per paper size. Rendered by WeasyPrint and read back."""

import io
import os
from urllib.parse import quote

import pdfplumber
import pytest
from django.urls import reverse
from pypdf import PdfReader

from notes import documents
from notes.models import CardFormat
from tests.factories import (
    CompanyFactory,
    ContactFactory,
    InterviewFactory,
    ThankYouNoteFactory,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _lines(pdf_bytes: bytes) -> list[dict]:
    """The text lines of the first page, each with its left and right edge (points)."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as doc:
        page = doc.pages[0]
        return [
            {"text": line["text"], "x0": line["x0"], "x1": line["x1"], "top": line["top"]}
            for line in page.extract_text_lines()
        ]


def _keep(name: str, data: bytes) -> None:
    """Where KEEP_TEST_PDFS names a folder, the PDF is kept there to look at."""
    if folder := os.environ.get("KEEP_TEST_PDFS"):
        with open(os.path.join(folder, name), "wb") as out:
            out.write(data)


@pytest.fixture
def arabic_note(alice):
    company = CompanyFactory(owner=alice, name="Acme Analytics")
    nour = ContactFactory(
        owner=alice,
        company=company,
        name="نور الهدى",
        title="Head of Engineering",
        postal_address="12 King Fahd Road\nRiyadh 12345",
    )
    interview = InterviewFactory(owner=alice, company=company, interviewers=[nour])
    return ThankYouNoteFactory(
        interview=interview, recipient=nour, body="شكرا جزيلا على وقتك.", card_format="a6"
    )


def test_arabic_envelope_sets_the_whole_address_block_right_and_prints_the_company(
    arabic_note,
):
    data = documents.pdf_for_html(documents.note_html(arabic_note, "envelope"))
    _keep("envelope-arabic.pdf", data)
    lines = _lines(data)
    text = "\n".join(line["text"] for line in lines)
    assert "Acme Analytics" in text  # the envelope prints the company
    assert "Head of Engineering" in text
    block = [
        line
        for line in lines
        if any(
            part in line["text"]
            for part in ("Head of Engineering", "Acme Analytics", "King Fahd", "Riyadh")
        )
    ]
    assert len(block) == 4
    # Read back in logical or in visual order, depending on the extractor.
    (name_line,) = [line for line in lines if "نور" in line["text"] or "رون" in line["text"]]
    rights = [line["x1"] for line in [*block, name_line]]
    # One block: every line ends at the same right edge (within a point).
    assert max(rights) - min(rights) < 1.5, lines


def test_latin_envelope_stays_left_aligned_with_the_company(alice):
    company = CompanyFactory(owner=alice, name="Initech")
    ada = ContactFactory(owner=alice, company=company, name="Ada Lovelace", title="CTO")
    interview = InterviewFactory(owner=alice, company=company, interviewers=[ada])
    note = ThankYouNoteFactory(interview=interview, recipient=ada, body="Thank you.")
    data = documents.pdf_for_html(documents.note_html(note, "envelope"))
    lines = _lines(data)
    block = [
        line
        for line in lines
        if any(part in line["text"] for part in ("Ada Lovelace", "CTO", "Initech", "Market"))
    ]
    assert len(block) == 4
    lefts = [line["x0"] for line in block]
    assert max(lefts) - min(lefts) < 1.5, lines


def test_letterhead_recipient_block_follows_the_names_direction(arabic_note):
    arabic_note.card_format = CardFormat.A4
    arabic_note.save()
    html = documents.note_html(arabic_note, "card")
    assert 'class="letterhead__recipient address-block address-block--rtl" dir="rtl"' in html


@pytest.mark.parametrize("kind", ["card", "envelope", "copy"])
def test_non_latin_downloads_get_distinct_meaningful_file_names(alice_client, alice, kind):
    li = ContactFactory(owner=alice, name="李小龙")
    wang = ContactFactory(owner=alice, name="王芳")
    interview = InterviewFactory(owner=alice, interviewers=[li, wang])
    dispositions = []
    for person in (li, wang):
        note = ThankYouNoteFactory(interview=interview, recipient=person, body="谢谢您。")
        url = reverse(
            {"card": "notes:card_pdf", "envelope": "notes:envelope_pdf", "copy": "notes:copy_pdf"}[
                kind
            ],
            kwargs={"note_pk": note.pk},
        )
        response = alice_client.get(url + "?download=1")
        assert response.status_code == 200
        disposition = response["Content-Disposition"]
        disposition.encode("ascii")  # a header is ASCII; the UTF-8 name is percent-encoded
        assert disposition.startswith('attachment; filename="')
        assert f"filename*=UTF-8''{quote(f'thank-you-{person.name}-{kind}.pdf')}" in (disposition)
        dispositions.append(disposition)
    fallbacks = [d.split('filename="', 1)[1].split('"', 1)[0] for d in dispositions]
    assert fallbacks[0] != fallbacks[1]
    assert all(name.endswith(f"-{kind}.pdf") for name in fallbacks)


def test_latin_download_name_is_unchanged_and_plain(alice_client, alice):
    ada = ContactFactory(owner=alice, name="Ada Lovelace")
    interview = InterviewFactory(owner=alice, interviewers=[ada])
    note = ThankYouNoteFactory(interview=interview, recipient=ada, body="Thank you.")
    response = alice_client.get(
        reverse("notes:card_pdf", kwargs={"note_pk": note.pk}) + "?download=1"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="thank-you-ada-lovelace-card.pdf"'
    )


@pytest.fixture
def mixed_panel(alice):
    ada = ContactFactory(owner=alice, name="Ada Lovelace")
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    li = ContactFactory(owner=alice, name="李小龙")
    interview = InterviewFactory(owner=alice, interviewers=[ada, grace, li])
    ThankYouNoteFactory(
        interview=interview, recipient=ada, body="Thank you, Ada.", card_format="a6"
    )
    ThankYouNoteFactory(
        interview=interview, recipient=grace, body="Thank you, Grace.", card_format="a6"
    )
    ThankYouNoteFactory(interview=interview, recipient=li, body="谢谢您。", card_format="a4")
    return interview


def _sizes_mm(data: bytes) -> set[tuple[int, int]]:
    def mm(points) -> int:
        return round(float(points) / 72 * 25.4)

    return {
        (mm(p.mediabox.width), mm(p.mediabox.height)) for p in PdfReader(io.BytesIO(data)).pages
    }


def test_print_all_offers_one_pdf_per_paper_size(alice_client, mixed_panel):
    interview = mixed_panel
    page = alice_client.get(
        reverse("notes:interview_print", kwargs={"interview_pk": interview.pk})
    ).content.decode()
    expected = {
        "a6": ((105, 148), 2, ["Thank you, Ada.", "Thank you, Grace."]),
        "c6": ((162, 114), 2, ["Ada Lovelace", "Grace Hopper"]),
        "a4": ((210, 297), 4, ["谢谢您", "Copy sheet"]),  # 李's card and 3 copy sheets
        "dl": ((220, 110), 1, ["李小龙"]),
    }
    for paper, (size, pages, texts) in expected.items():
        url = reverse(
            "notes:interview_paper_pdf", kwargs={"interview_pk": interview.pk, "paper": paper}
        )
        assert url in page, paper
        response = alice_client.get(url + "?download=1")
        assert response.status_code == 200, paper
        _keep(f"print-all-{paper}.pdf", response.content)
        assert _sizes_mm(response.content) == {size}, paper
        reader = PdfReader(io.BytesIO(response.content))
        assert len(reader.pages) == pages, paper
        text = "\n".join(p.extract_text() for p in reader.pages)
        for expected_text in texts:
            assert expected_text in text, (paper, expected_text)
        assert f"-{paper}.pdf" in response["Content-Disposition"]
        again = alice_client.get(url, headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304
    # A paper no note prints on is a 404, as is an unknown one.
    for paper in ("letter", "nonsense"):
        url = reverse(
            "notes:interview_paper_pdf", kwargs={"interview_pk": interview.pk, "paper": paper}
        )
        assert alice_client.get(url).status_code == 404


def test_print_all_per_paper_is_owner_scoped(client, bob, mixed_panel):
    client.force_login(bob)
    url = reverse(
        "notes:interview_paper_pdf", kwargs={"interview_pk": mixed_panel.pk, "paper": "a6"}
    )
    assert client.get(url).status_code == 404
