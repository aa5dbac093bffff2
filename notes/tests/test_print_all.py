"""Print all prints what it can: one note that cannot be printed leaves the others in the
PDF, and the page the person sees names it and says why."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from notes import documents
from notes.models import BODY_MAX_CHARS, CardFormat
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def panel(alice):
    ada = ContactFactory(owner=alice, name="Ada Lovelace")
    li = ContactFactory(owner=alice, name="李小龙", postal_address="上海市浦东新区世纪大道100号")
    nour = ContactFactory(owner=alice, name="نور الهدى")
    interview = InterviewFactory(owner=alice, interviewers=[ada, li, nour])
    notes = {
        "ada": ThankYouNoteFactory(interview=interview, recipient=ada, body="Thank you, Ada."),
        "li": ThankYouNoteFactory(interview=interview, recipient=li, body="谢谢您的时间。𓀀"),
        # Saved past the form's limit (as an old row could be): too long to print.
        "nour": ThankYouNoteFactory(
            interview=interview, recipient=nour, body="شكرا " * (BODY_MAX_CHARS // 3)
        ),
    }
    return interview, notes


def test_print_all_gives_the_others_and_names_the_note_that_cannot_print(alice_client, panel):
    interview, _ = panel

    page = alice_client.get(
        reverse("notes:interview_print", kwargs={"interview_pk": interview.pk})
    )
    html = page.content.decode()
    assert page.status_code == 200
    failed = html.split("data-failed", 1)[1]
    assert "Note to نور الهدى" in failed and "too long to print" in failed
    printed = html.split("data-printed", 1)[1].split("data-failed", 1)[0]
    assert "Note to Ada Lovelace" in printed and "Note to 李小龙" in printed
    assert "𓀀 (Egyptian Hieroglyph A001) cannot be printed" in printed

    response = alice_client.get(
        reverse("notes:interview_pdf", kwargs={"interview_pk": interview.pk})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) == 6  # card, envelope and copy sheet for each of the two
    text = "\n".join(pages)
    assert "Thank you, Ada." in text and "谢谢您的时间" in text
    assert "شكرا" not in text

    again = alice_client.get(
        reverse("notes:interview_pdf", kwargs={"interview_pk": interview.pk}),
        headers={"if-none-match": response["ETag"]},
    )
    assert again.status_code == 304


def test_print_all_with_nothing_printable_says_why(alice_client, panel):
    interview, notes = panel
    notes["ada"].delete()
    notes["li"].delete()
    response = alice_client.get(
        reverse("notes:interview_pdf", kwargs={"interview_pk": interview.pk})
    )
    assert response.status_code == 422
    assert "Note to نور الهدى" in response.content.decode()


def test_the_interview_page_links_to_the_print_page(alice_client, panel):
    interview, _ = panel
    html = alice_client.get(interview.get_absolute_url()).content.decode()
    assert reverse("notes:interview_print", kwargs={"interview_pk": interview.pk}) in html


def test_another_persons_print_page_is_a_404(bob_client, panel):
    interview, _ = panel
    url = reverse("notes:interview_print", kwargs={"interview_pk": interview.pk})
    assert bob_client.get(url).status_code == 404


LONG_BODY = "\n\n".join(["A paragraph of thanks that goes on for a while, again and again."] * 9)


def test_print_all_leaves_out_a_note_that_runs_over_its_card_and_offers_the_next_size(
    alice_client, panel
):
    interview, notes = panel
    notes["nour"].delete()
    ada = notes["ada"]
    ada.card_format = CardFormat.FOLDED_A2
    ada.body = LONG_BODY
    ada.save()
    fit = documents.note_fit(ada)
    assert not fit.fits and fit.suggestion  # as "ready" and "download" refuse it

    print_url = reverse("notes:interview_print", kwargs={"interview_pk": interview.pk})
    html = alice_client.get(print_url).content.decode()
    failed = html.split("data-failed", 1)[1]
    assert "Note to Ada Lovelace" in failed and fit.message in failed
    assert f"Switch to the {fit.suggestion_label}" in failed
    printed = html.split("data-printed", 1)[1].split("data-failed", 1)[0]
    assert "Note to 李小龙" in printed and "Ada Lovelace" not in printed
    # …named alongside a note printed with a character no font has.
    assert "𓀀 (Egyptian Hieroglyph A001) cannot be printed" in printed

    pdf_url = reverse("notes:interview_pdf", kwargs={"interview_pk": interview.pk})
    response = alice_client.get(pdf_url)
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "谢谢您的时间" in text and "again and again" not in text
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 3

    # One click to the next size that fits, and back to this page: now it prints.
    switched = alice_client.post(
        reverse("notes:switch_format", kwargs={"note_pk": ada.pk}),
        {"card_format": fit.suggestion, "then": "print_all"},
    )
    assert switched.status_code == 302 and switched["Location"] == print_url
    html = alice_client.get(print_url).content.decode()
    assert "data-failed" not in html and "Note to Ada Lovelace" in html
    again = alice_client.get(pdf_url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 200
    reader = PdfReader(io.BytesIO(again.content))
    # Its card (one page), envelope and copy sheet come first, then the other note's three.
    assert len(reader.pages) >= 6 and "again and again" in reader.pages[0].extract_text()


def test_print_all_with_every_note_running_over_says_why(alice_client, panel):
    interview, notes = panel
    notes["nour"].delete()
    notes["li"].delete()
    ada = notes["ada"]
    ada.card_format, ada.body = CardFormat.FOLDED_A2, LONG_BODY
    ada.save()

    response = alice_client.get(
        reverse("notes:interview_pdf", kwargs={"interview_pk": interview.pk})
    )
    assert response.status_code == 422
    assert "Note to Ada Lovelace: Too long for the" in response.content.decode()


def _fold_marks(page) -> dict[int, float]:
    """The thin vertical fold marks drawn on a page: top → x, in points."""
    return {round(r["top"]): r["x0"] for r in page.rects if r["width"] < 1 < r["height"]}


def test_fold_marks_print_on_the_folded_card_only_not_on_the_pages_after_it(alice):
    import pdfplumber

    ada = ContactFactory(owner=alice, name="Ada Lovelace", postal_address="1 Main St\nLondon")
    note = ThankYouNoteFactory(
        interview=InterviewFactory(owner=alice, interviewers=[ada]),
        recipient=ada,
        body="Thank you for your time on Tuesday.",
        card_format=CardFormat.FOLDED_A2,
    )
    data = documents.pdf_for_html(documents.note_bundle_html(note))

    with pdfplumber.open(io.BytesIO(data)) as document:
        card, envelope, copy_sheet = document.pages
        # The fold: 4.25 in from the left edge, a mark at the top and bottom edges.
        assert card.width == 8.5 * 72
        marks = _fold_marks(card)
        assert sorted(marks) == [0, round((5.5 - 0.22) * 72)]
        assert all(abs(x - 4.25 * 72) < 1 for x in marks.values()), marks
        assert _fold_marks(envelope) == {} and _fold_marks(copy_sheet) == {}
