import io

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from notes import pdf
from notes.models import BODY_MAX_CHARS, ThankYouNote
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def note(alice):
    grace = ContactFactory(owner=alice, name="Grace Hopper", email="grace@acme.example")
    interview = InterviewFactory(owner=alice, interviewers=[grace])
    return ThankYouNoteFactory(interview=interview, recipient=grace)


def form_data(note, **overrides):
    data = {
        "salutation": note.salutation,
        "body": note.body,
        "closing": note.closing,
        "signature": note.signature,
        "card_format": note.card_format,
        "typeface": note.typeface,
    }
    data.update(overrides)
    return data


def compose_url(note):
    return reverse("notes:compose", kwargs={"note_pk": note.pk})


def test_write_thank_you_notes_opens_a_draft_per_interviewer(alice_client, alice):
    people = [ContactFactory(owner=alice, name=n) for n in ("Grace Hopper", "Alan Turing")]
    interview = InterviewFactory(owner=alice, interviewers=people)

    response = alice_client.post(reverse("notes:start", kwargs={"interview_pk": interview.pk}))

    notes = ThankYouNote.objects.filter(interview=interview)
    assert notes.count() == 2
    assert response.status_code == 302 and response["Location"] in {compose_url(n) for n in notes}


def test_interview_page_lists_notes_with_constant_queries(
    alice_client, alice, django_assert_num_queries
):
    def page_queries(n):
        people = [ContactFactory(owner=alice) for _ in range(n)]
        interview = InterviewFactory(owner=alice, interviewers=people)
        for person in people:
            ThankYouNoteFactory(interview=interview, recipient=person, status="draft")
        url = reverse("interviews:detail", kwargs={"interview_pk": interview.pk})
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            html = alice_client.get(url).content.decode()
        assert html.count("Open note") == n
        return len(queries)

    assert page_queries(1) == page_queries(6)


def test_compose_page_shows_the_guide_the_fit_and_the_email_version(alice_client, note):
    html = alice_client.get(compose_url(note)).content.decode()

    assert "What a good note says" in html
    assert "The long game" in html
    assert "Fits the Folded A2 card" in html
    assert "mailto:grace@acme.example?subject=" in html


def test_saving_a_note(alice_client, note):
    response = alice_client.post(
        compose_url(note), form_data(note, body="New text.\r\n\r\nSecond.  ", card_format="a6")
    )
    note.refresh_from_db()
    assert response.status_code == 302
    assert note.body == "New text.\n\nSecond."
    assert note.card_format == "a6"


def test_too_long_a_note_is_refused_and_what_was_typed_stays(alice_client, note):
    body = "word " * (BODY_MAX_CHARS // 4)
    response = alice_client.post(compose_url(note), form_data(note, body=body))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value has at most" in html
    assert "word word word" in html
    note.refresh_from_db()
    assert "word word" not in note.body


def test_add_and_drop_a_guided_part(alice_client, note):
    alice_client.post(compose_url(note), form_data(note, add_part="long_game"))
    note.refresh_from_db()
    assert "future openings" in note.body

    alice_client.post(compose_url(note), form_data(note, drop_part="long_game"))
    note.refresh_from_db()
    assert "future openings" not in note.body


@pytest.mark.slow
def test_fit_check_lays_out_the_unsaved_text(alice_client, note):
    url = reverse("notes:fit", kwargs={"note_pk": note.pk})
    ok = alice_client.post(url, form_data(note)).json()
    assert ok["fits"] is True and ok["pages"] == 1 and ok["words"] > 5

    long_body = "\n\n".join(["A paragraph of thanks that goes on for a while, again."] * 14)
    over = alice_client.post(url, form_data(note, body=long_body)).json()
    assert over["fits"] is False and over["pages"] >= 2
    assert over["suggestion"] in {"letter", "a4"}
    assert "Too long for the Folded A2 card" in over["message"]
    note.refresh_from_db()
    assert note.body != long_body  # checked, not saved

    bad = alice_client.post(url, form_data(note, body="x" * (BODY_MAX_CHARS + 1)))
    assert bad.status_code == 400 and "at most" in bad.json()["message"]


def test_fit_check_names_unprintable_characters(alice_client, note):
    url = reverse("notes:fit", kwargs={"note_pk": note.pk})
    flamingo = "\U0001f9a9"
    if ord(flamingo) in pdf.printable_codepoints():
        pytest.skip("this machine has an emoji font")
    response = alice_client.post(url, form_data(note, body=f"Thanks {flamingo}"))
    assert response.status_code == 200 and response.json()["fits"]
    (warning,) = response.json()["warnings"]
    assert warning.startswith("Note: 🦩 (Flamingo) cannot be printed")


@pytest.mark.slow
@pytest.mark.parametrize(("name", "kind"), [("card_pdf", "card"), ("envelope_pdf", "envelope")])
def test_pdf_download_and_conditional_get(alice_client, note, name, kind):
    url = reverse(f"notes:{name}", kwargs={"note_pk": note.pk})
    response = alice_client.get(url + "?download=1")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="thank-you-grace-hopper-{kind}.pdf"'
    )
    assert "private" in response["Cache-Control"]
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1

    again = alice_client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304

    note.body = "Changed."
    note.save()
    note.recipient.postal_address = "2 Other Street"
    note.recipient.save()
    changed = alice_client.get(url, headers={"if-none-match": response["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]


@pytest.mark.slow
def test_interview_pdf_has_every_note(alice_client, alice):
    people = [ContactFactory(owner=alice) for _ in range(2)]
    interview = InterviewFactory(owner=alice, interviewers=people)
    for person in people:
        ThankYouNoteFactory(interview=interview, recipient=person)

    response = alice_client.get(
        reverse("notes:interview_pdf", kwargs={"interview_pk": interview.pk})
    )
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 6


def test_a_note_too_big_to_print_cannot_be_stored(note):
    """The database bounds the body too, so no render ever starts on a huge one (a row
    written around the form and the model is refused)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        ThankYouNote.objects.filter(pk=note.pk).update(body="x" * 1_000_000)


def test_mark_ready_then_sent(alice_client, note):
    url = reverse("notes:status", kwargs={"note_pk": note.pk})
    alice_client.post(url, {"status": "ready"})
    note.refresh_from_db()
    assert note.status == "ready"

    response = alice_client.post(url, {"status": "sent", "sent_on": "", "sent_how": "mailed"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()

    alice_client.post(url, {"status": "sent", "sent_on": "2026-03-02", "sent_how": "mailed"})
    note.refresh_from_db()
    assert (note.status, str(note.sent_on), note.sent_how) == ("sent", "2026-03-02", "mailed")
    note.interview.refresh_from_db()
    assert note.interview.notes_done_at is not None


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["compose", "fit", "status", "card_pdf", "envelope_pdf", "copy_pdf"]
)
def test_another_persons_note_is_404(bob_client, note, name):
    url = reverse(f"notes:{name}", kwargs={"note_pk": note.pk})
    assert bob_client.get(url).status_code in (404, 405)
    assert bob_client.post(url, form_data(note, status="sent")).status_code == 404


def test_notes_start_from_an_interview_typed_with_blank_lines(alice_client, alice):
    """What I learned / meant to convey as a browser sends them (CR LF, blank lines)."""
    interview = InterviewFactory(
        owner=alice,
        interviewers=[ContactFactory(owner=alice, name="Grace Hopper")],
        learned="They ship weekly.\r\n\r\nThe manager values docs;\r\n",
        intent="Show the migration\r\n\r\n",
    )

    response = alice_client.post(reverse("notes:start", kwargs={"interview_pk": interview.pk}))

    assert response.status_code == 302
    assert "They ship weekly" not in ThankYouNote.objects.get().body  # read, not pasted
    assert "that you ship weekly" in ThankYouNote.objects.get().body


@pytest.mark.slow
@pytest.mark.parametrize("typed", ["0001-01-01", "1899-12-31"])
def test_sent_on_is_bounded_like_every_date(alice_client, alice, typed):
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    note = ThankYouNoteFactory(interview=InterviewFactory(owner=alice, interviewers=[grace]))
    url = reverse("notes:status", kwargs={"note_pk": note.pk})

    response = alice_client.post(
        url, {"status": "sent", "sent_on": typed, "sent_how": "mailed"}, follow=True
    )

    assert "Pick a date between 1900 and 2199." in response.content.decode()
    note.refresh_from_db()
    assert note.sent_on is None and note.status != "sent"
