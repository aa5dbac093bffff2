"""Notes, reviews, stories, reminders, the calendar feed, the inbox and the export through
the API: each the function its page calls."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from api.services import token_create
from api.tests.conftest import ApiClient, assert_problem
from inbox.models import InboxMessage
from notes.models import ThankYouNote
from reminders.models import CalendarFeed, Reminder
from tests.factories import (
    ContactFactory,
    InterviewFactory,
    ReminderFactory,
    ReviewFactory,
    ThankYouNoteFactory,
)

pytestmark = pytest.mark.django_db

EMAIL = (
    "From: Priya Raman <priya@acme.example>\r\nTo: alice@example.com\r\n"
    "Subject: Next steps\r\nMessage-ID: <abc@acme.example>\r\n\r\n"
    "Thanks for coming in; we would like you back for a final round.\r\n"
)


@pytest.fixture
def panel(alice):
    interview = InterviewFactory(owner=alice)
    interview.interviewers.set([ContactFactory(owner=alice, company=interview.company)])
    return interview


@pytest.mark.slow
def test_draft_notes_edit_and_mark_sent(alice_api, panel):
    notes = alice_api.post(f"/api/v1/interviews/{panel.pk}/notes").json()
    assert len(notes) == 1 and notes[0]["status"] == "draft"
    again = alice_api.post(f"/api/v1/interviews/{panel.pk}/notes").json()
    assert [n["id"] for n in again] == [n["id"] for n in notes]  # nothing drafted twice
    note_id = notes[0]["id"]
    edited = alice_api.patch(f"/api/v1/notes/{note_id}", {"closing": "Warmly,"})
    assert edited.status_code == 200, edited.content
    assert edited.json()["closing"] == "Warmly,"
    assert_problem(alice_api.post(f"/api/v1/notes/{note_id}/status", {"status": "sent"}), 422)
    sent = alice_api.post(
        f"/api/v1/notes/{note_id}/status",
        {"status": "sent", "sent_on": "2026-03-03", "sent_how": "handwritten"},
    )
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "sent"
    panel.refresh_from_db()
    assert panel.notes_done_at is not None  # the interview is told, as from the page
    listed = alice_api.get("/api/v1/notes", {"interview": panel.pk, "status": "sent"}).json()
    assert [n["id"] for n in listed["items"]] == [note_id]


def test_card_pdf_downloads(alice_api, panel):
    note = ThankYouNoteFactory(interview=panel)
    response = alice_api.get(f"/api/v1/notes/{note.pk}/card.pdf")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Thank you for speaking with me" in " ".join(text.split())


def test_a_note_with_a_gap_is_not_ready_or_printed(alice_api, panel):
    note = ThankYouNoteFactory(interview=panel)
    gap = "[write one sentence to say what you learned]"
    ThankYouNote.objects.filter(pk=note.pk).update(body=f"Thank you. {gap}")
    body = assert_problem(
        alice_api.post(f"/api/v1/notes/{note.pk}/status", {"status": "ready"}), 409
    )
    assert body["type"].endswith("note-unfinished")
    assert_problem(alice_api.get(f"/api/v1/notes/{note.pk}/card.pdf"), 409)
    note.refresh_from_db()
    assert note.status == ThankYouNote.Status.DRAFT


def test_reviews_and_stories_read(alice_api, alice, panel):
    review = ReviewFactory(interview=panel)
    listed = alice_api.get("/api/v1/reviews").json()["items"]
    assert [r["id"] for r in listed] == [review.pk]
    detail = alice_api.get(f"/api/v1/reviews/{review.pk}").json()
    assert detail["went_well"] == review.went_well
    assert alice_api.get(f"/api/v1/interviews/{panel.pk}/plan").json() == []
    assert alice_api.get("/api/v1/stories").json() == {"items": [], "next_cursor": None}


def test_reminders_done_and_snooze(alice_api, alice, panel):
    first = ReminderFactory(owner=alice, interview=panel, kind="thank_you")
    second = ReminderFactory(owner=alice, interview=panel, kind="review")
    listed = alice_api.get("/api/v1/reminders", {"status": "scheduled"}).json()["items"]
    assert {r["id"] for r in listed} >= {first.pk, second.pk}
    done = alice_api.post(f"/api/v1/reminders/{first.pk}/done")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done"
    assert_problem(alice_api.post(f"/api/v1/reminders/{first.pk}/done"), 409)
    snoozed = alice_api.post(f"/api/v1/reminders/{second.pk}/snooze")
    assert snoozed.status_code == 200, snoozed.content
    second.refresh_from_db()
    assert second.snoozed_until is not None


def test_calendar_feed_settings(alice_api, alice):
    assert alice_api.get("/api/v1/calendar-feed").json()["on"] is False
    on = alice_api.patch("/api/v1/calendar-feed", {"on": True, "include_details": True}).json()
    assert on["on"] and on["include_details"] and on["url"].startswith("http")
    replaced = alice_api.patch("/api/v1/calendar-feed", {"replace_url": True}).json()
    assert replaced["url"] != on["url"]
    assert alice_api.patch("/api/v1/calendar-feed", {"on": False}).json()["on"] is False
    assert not CalendarFeed.objects.filter(owner=alice).exists()


def test_calendar_feed_if_match_refuses_a_lost_update(alice_api, alice):
    etag = alice_api.get("/api/v1/calendar-feed")["ETag"]
    on = alice_api.patch("/api/v1/calendar-feed", {"on": True}, HTTP_IF_MATCH=etag)
    assert on.status_code == 200, on.content
    assert on["ETag"] == alice_api.get("/api/v1/calendar-feed")["ETag"] != etag
    seed = CalendarFeed.objects.get(owner=alice).seed
    lost = alice_api.patch(
        "/api/v1/calendar-feed", {"replace_url": True, "include_details": True}, HTTP_IF_MATCH=etag
    )
    assert_problem(lost, 412, "precondition-failed")
    feed = CalendarFeed.objects.get(owner=alice)
    assert (feed.seed, feed.include_details) == (seed, False)
    # Without If-Match the write goes ahead (last write wins).
    off = alice_api.patch("/api/v1/calendar-feed", {"on": False})
    assert off.status_code == 200 and off.json()["on"] is False
    assert not CalendarFeed.objects.filter(owner=alice).exists()


def test_inbox_takes_a_raw_message_once(alice_api, alice):
    first = alice_api.post("/api/v1/inbox/messages", {"raw": EMAIL})
    assert first.status_code == 202, first.content
    again = alice_api.post("/api/v1/inbox/messages", {"raw": EMAIL})
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert InboxMessage.objects.filter(owner=alice).count() == 1
    assert_problem(alice_api.post("/api/v1/inbox/messages", {"raw": "  "}), 422)


def test_export_with_a_token_but_not_a_bare_session(alice_api, alice, panel):
    data = alice_api.get("/api/v1/export").json()
    assert any(panel.role in str(v) for v in data.values())
    browser = Client()
    browser.force_login(alice)
    assert_problem(browser.get("/api/v1/export"), 403, "reauthentication-required")


def test_other_peoples_follow_ups_are_404(alice_api, bob):
    theirs = InterviewFactory(owner=bob)
    theirs.interviewers.set([ContactFactory(owner=bob)])
    note = ThankYouNoteFactory(interview=theirs)
    reminder = ReminderFactory(owner=bob, interview=theirs)
    review = ReviewFactory(interview=theirs)
    for path in (
        f"/api/v1/notes/{note.pk}",
        f"/api/v1/notes/{note.pk}/card.pdf",
        f"/api/v1/reviews/{review.pk}",
        f"/api/v1/reminders/{reminder.pk}",
        f"/api/v1/interviews/{theirs.pk}/plan",
    ):
        assert_problem(alice_api.get(path), 404)
    assert_problem(alice_api.post(f"/api/v1/interviews/{theirs.pk}/notes"), 404)
    assert_problem(alice_api.patch(f"/api/v1/notes/{note.pk}", {"body": "mine"}), 404)
    assert_problem(alice_api.post(f"/api/v1/reminders/{reminder.pk}/done"), 404)
    assert_problem(alice_api.post(f"/api/v1/reminders/{reminder.pk}/snooze"), 404)
    reminder.refresh_from_db()
    note.refresh_from_db()
    assert reminder.status == Reminder.Status.SCHEDULED and note.body != "mine"


@pytest.mark.slow
def test_read_token_cannot_act_on_reminders(client, alice, panel):
    reminder = ReminderFactory(owner=alice, interview=panel)
    api = ApiClient(client, token_create(owner=alice, name="r", scope="read")[1])
    assert_problem(api.post(f"/api/v1/reminders/{reminder.pk}/done"), 403, "insufficient-scope")
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SCHEDULED


@pytest.mark.slow
def test_write_and_complete_a_review_through_the_pages_forms(alice_api, alice, panel):
    path = f"/api/v1/interviews/{panel.pk}/review"
    refused = alice_api.put(path, {"went_well": "The design part", "complete": True})
    body = assert_problem(refused, 422, "invalid")
    pointers = {e["pointer"] for e in body["errors"]}
    assert "/body/what_happened" in pointers and "/body/questions" in pointers
    assert not panel.__class__.objects.get(pk=panel.pk).review_done_at
    draft = alice_api.put(path, {"went_well": "The design part"})
    assert draft.status_code == 200, draft.content
    assert draft.json()["status"] == "draft"
    done = alice_api.put(
        path,
        {
            "what_happened": "Two hours; the design part ran long.",
            "excitement_after": 4,
            "questions": [
                {
                    "text": "Tell me about a conflict",
                    "theme": "Leadership",
                    "comfort": 2,
                    "next_time": "Use the volunteer fair story",
                }
            ],
            "complete": True,
        },
    )
    assert done.status_code == 200, done.content
    data = done.json()
    assert data["status"] == "completed" and data["went_well"] == "The design part"
    assert [q["text"] for q in data["questions"]] == ["Tell me about a conflict"]
    panel.refresh_from_db()
    assert panel.review_done_at is not None  # reminders follow, as from the page
    kept = alice_api.put(path, {"questions": [], "complete": True})
    assert_problem(kept, 422)
    assert len(alice_api.get(f"/api/v1/reviews/{data['id']}").json()["questions"]) == 1
