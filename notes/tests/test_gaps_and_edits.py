"""A note with a gap is neither ready nor printed; every button of the composer saves first."""

import pytest
from django.urls import reverse

from interviews.services import listening_hooks_set
from notes import documents
from notes.models import BODY_MAX_CHARS, ThankYouNote
from notes.services import notes_start_for_interview
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

GAP = "[Write one sentence to Ada about: “hybrid: 2 days a week in office”]"


@pytest.fixture
def note(alice):
    ada = ContactFactory(owner=alice, name="Ada Lovelace", postal_address="1 Main St\nLondon")
    interview = InterviewFactory(owner=alice, interviewers=[ada])
    listening_hooks_set(
        interview=interview,
        contact=ada,
        texts=["she's hiring for the platform team", "hybrid: 2 days a week in office"],
    )
    (note,) = notes_start_for_interview(interview=interview)
    return note


def compose(client, note, **fields):
    data = {
        "salutation": note.salutation,
        "body": note.body,
        "closing": note.closing,
        "signature": note.signature,
        "card_format": note.card_format,
        "typeface": note.typeface,
        **fields,
    }
    return client.post(reverse("notes:compose", kwargs={"note_pk": note.pk}), data)


def test_the_draft_has_the_gap_and_the_sentence_it_can_vouch_for(note):
    assert GAP in note.body
    assert "that you're hiring for the platform team." in note.body


def test_a_note_with_a_gap_is_not_marked_ready(alice_client, note):
    response = compose(alice_client, note, then="ready")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Not marked ready" in html and "hybrid: 2 days a week in office" in html
    note.refresh_from_db()
    assert note.status == ThankYouNote.Status.DRAFT


@pytest.mark.parametrize("kind", ["card_pdf", "copy_pdf"])
def test_a_note_with_a_gap_is_not_printed(alice_client, note, kind):
    response = alice_client.get(reverse(f"notes:{kind}", kwargs={"note_pk": note.pk}))
    assert response.status_code == 409
    assert "not finished" in response.content.decode()


def test_print_all_names_the_note_with_a_gap(alice_client, note):
    bundle = documents.interview_bundle([note])
    assert not bundle.printed
    assert "for you to write" in bundle.failed[0].reason


def test_the_envelope_prints_without_the_text(alice_client, note):
    response = alice_client.get(reverse("notes:envelope_pdf", kwargs={"note_pk": note.pk}))
    assert response.status_code == 200


def test_filling_the_gap_and_marking_ready_saves_the_text_and_marks_it(alice_client, note):
    body = note.body.replace(GAP, "I liked hearing how the hybrid week works for the team.")
    response = compose(alice_client, note, body=body, then="ready")
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.body == body and note.status == ThankYouNote.Status.READY


def test_download_card_saves_what_was_typed_first(alice_client, note):
    body = note.body.replace(GAP, "The hybrid week sounds right for me.")
    response = compose(alice_client, note, body=body, then="download")
    card = reverse("notes:card_pdf", kwargs={"note_pk": note.pk})
    assert response.status_code == 302 and response["Location"] == f"{card}?download=1"
    note.refresh_from_db()
    assert note.body == body
    assert alice_client.get(response["Location"]).status_code == 200


def test_back_to_draft_after_a_refused_save_keeps_what_was_typed(alice_client, note):
    note.status = ThankYouNote.Status.READY
    note.save()
    typed = "x" * (BODY_MAX_CHARS + 1)
    response = compose(alice_client, note, body=typed, then="draft")
    assert response.status_code == 200
    assert typed in response.content.decode()  # still in the text box
    note.refresh_from_db()
    assert note.status == ThankYouNote.Status.DRAFT and note.body != typed


def test_marking_it_sent_saves_the_text_too(alice_client, note):
    body = note.body.replace(GAP, "The hybrid week sounds right for me.")
    response = compose(
        alice_client, note, body=body, then="sent", sent_on="2026-03-02", sent_how="mailed"
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.body, note.status) == (body, ThankYouNote.Status.SENT)
