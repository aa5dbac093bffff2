"""The interview page's notes panel is never out of date: every write to a note (drafts
started, edits, ready, sent, reopened, a keep-in-touch note started) shows on the next
page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.services import interview_create
from notes.models import ThankYouNote
from notes.services import (
    keep_in_touch_note_start,
    note_set_status,
    note_update,
    notes_start_for_interview,
)

pytestmark = pytest.mark.django_db

Status = ThankYouNote.Status


def visit(client, interview) -> tuple[int, str]:
    """How many queries read notes, and the notes panel."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(interview.get_absolute_url())
    assert response.status_code == 200
    reads = sum("notes_thankyounote" in q["sql"] for q in captured.captured_queries)
    panel = response.content.decode().split('id="notes-heading"')[1].split("</section>")[0]
    return reads, panel


@pytest.fixture
def panel_interview(alice):
    return interview_create(
        owner=alice,
        company_name="Acme Robotics",
        role="Platform Engineer",
        starts_at=timezone.now() - timedelta(days=1),
        duration_minutes=60,
        new_interviewers=[{"name": "Grace Hopper"}, {"name": "Alan Turing"}],
    )


@pytest.mark.slow
def test_each_change_to_a_note_shows_on_the_next_visit(alice_client, panel_interview):
    interview = panel_interview
    _, panel = visit(alice_client, interview)
    assert panel.count("No note yet") == 2 and "Write thank-you notes" in panel
    visit(alice_client, interview)  # kept

    grace, alan = notes_start_for_interview(interview=interview)  # bulk_create
    reads, panel = visit(alice_client, interview)
    assert reads == 1 and "No note yet" not in panel and panel.count("Draft") == 2

    note_set_status(note=grace, status=Status.READY)
    _, panel = visit(alice_client, interview)
    assert panel.count("Ready") == 1

    sent_on = timezone.localdate() - timedelta(days=1)
    note_set_status(note=grace, status=Status.SENT, sent_on=sent_on, sent_how="mailed")
    _, panel = visit(alice_client, interview)
    assert f"Sent · {sent_on.day} {sent_on:%b}" in panel and ">View<" in panel

    # An edit of a sent note changes nothing the panel shows, yet the page reads it afresh.
    visit(alice_client, interview)
    note_update(note=grace, body="Thank you again.")
    reads, _ = visit(alice_client, interview)
    assert reads == 1

    note_set_status(note=grace, status=Status.DRAFT)  # reopened
    _, panel = visit(alice_client, interview)
    assert "Sent ·" not in panel and panel.count("Draft") == 2

    for note in (grace, alan):
        note_set_status(note=note, status=Status.SENT, sent_on=sent_on, sent_how="handwritten")
    _, panel = visit(alice_client, interview)
    assert "All sent" in panel and panel.count("Sent ·") == 2

    keep_in_touch_note_start(interview=interview, recipient=grace.recipient, sequence=1)
    _, panel = visit(alice_client, interview)
    assert "Keep-in-touch notes" in panel and "note 1" in panel


def test_marking_a_note_sent_on_its_page_shows_on_the_interview_page(
    alice_client, panel_interview
):
    note = notes_start_for_interview(interview=panel_interview)[0]
    _, panel = visit(alice_client, panel_interview)
    assert "Sent ·" not in panel
    response = alice_client.post(
        reverse("notes:status", kwargs={"note_pk": note.pk}),
        {"status": "sent", "sent_on": timezone.localdate().isoformat(), "sent_how": "email"},
    )
    assert response.status_code == 302
    _, panel = visit(alice_client, panel_interview)
    assert "Sent ·" in panel
