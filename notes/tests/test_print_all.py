"""Print all prints what it can: one note that cannot be printed leaves the others in the
PDF, and the page the person sees names it and says why."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from notes.models import BODY_MAX_CHARS
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = pytest.mark.django_db


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
