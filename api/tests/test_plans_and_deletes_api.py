"""Plan items and stories written through the API, and the deletes (a note, a contact):
each through the page's own form and service, with If-Match, Idempotency-Key and problem
details as everywhere else."""

import pytest

from api.tests.conftest import assert_problem
from interviews.models import Contact, ListeningHook
from interviews.services import listening_hooks_set
from notes.models import ThankYouNote
from reminders.models import Reminder
from reviews.models import PlanItem, Story
from reviews.services import PLAN_MAX_ITEMS
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(alice):
    return InterviewFactory(owner=alice)


def test_plan_item_added_edited_and_removed_keeps_the_intent_in_words(alice_api, interview):
    added = alice_api.post(
        f"/api/v1/interviews/{interview.pk}/plan",
        {"kind": "point", "text": "The billing migration:  cut costs 30%"},
        HTTP_IDEMPOTENCY_KEY="plan-1",
    )
    assert added.status_code == 201, added.content
    item = added.json()
    assert item["text"] == "The billing migration: cut costs 30%"  # the form's squashing
    replay = alice_api.post(
        f"/api/v1/interviews/{interview.pk}/plan",
        {"kind": "point", "text": "The billing migration:  cut costs 30%"},
        HTTP_IDEMPOTENCY_KEY="plan-1",
    )
    assert replay["Idempotent-Replayed"] == "true" and replay.json()["id"] == item["id"]
    assert PlanItem.objects.filter(interview=interview).count() == 1
    interview.refresh_from_db()
    assert "billing migration" in interview.intent  # the service's own side effect

    read = alice_api.get(f"/api/v1/plan-items/{item['id']}")
    etag = read["ETag"]
    changed = alice_api.patch(
        f"/api/v1/plan-items/{item['id']}", {"kind": "question"}, HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["kind"] == "question" and changed.json()["text"] == item["text"]
    stale = alice_api.patch(
        f"/api/v1/plan-items/{item['id']}", {"text": "lost update"}, HTTP_IF_MATCH=etag
    )
    assert_problem(stale, 412, "precondition-failed")
    assert PlanItem.objects.get(pk=item["id"]).text == item["text"]

    assert alice_api.delete(f"/api/v1/plan-items/{item['id']}").status_code == 204
    interview.refresh_from_db()
    assert not PlanItem.objects.filter(interview=interview).exists()
    assert interview.intent == ""


def test_plan_bad_input_is_a_problem_and_changes_nothing(alice_api, interview, bob):
    assert_problem(
        alice_api.post(f"/api/v1/interviews/{interview.pk}/plan", {"kind": "point", "text": " "}),
        422,
        "invalid",
    )
    assert_problem(
        alice_api.post(
            f"/api/v1/interviews/{interview.pk}/plan",
            {"kind": "point", "text": "x", "colour": "red"},
        ),
        422,
    )
    bobs_story = Story.objects.create(owner=bob, title="Bob's")
    body = assert_problem(
        alice_api.post(
            f"/api/v1/interviews/{interview.pk}/plan",
            {"kind": "story", "text": "x", "story_id": bobs_story.pk},
        ),
        422,
    )
    assert body["errors"][0]["pointer"] == "/body/story"
    for number in range(PLAN_MAX_ITEMS):
        alice_api.post(
            f"/api/v1/interviews/{interview.pk}/plan", {"kind": "point", "text": f"{number}"}
        )
    full = alice_api.post(f"/api/v1/interviews/{interview.pk}/plan", {"text": "one more"})
    assert_problem(full, 422, "invalid")
    assert PlanItem.objects.filter(interview=interview).count() == PLAN_MAX_ITEMS


def test_story_written_changed_and_deleted(alice_api, interview):
    created = alice_api.post(
        "/api/v1/stories",
        {"title": "The outage", "themes": ["Leadership", "Conflict"], "action": "I led it."},
        HTTP_IDEMPOTENCY_KEY="story-1",
    )
    assert created.status_code == 201, created.content
    story = created.json()
    assert sorted(story["themes"]) == ["Conflict", "Leadership"]
    assert story["action"] == "I led it."
    used = alice_api.post(
        f"/api/v1/interviews/{interview.pk}/plan",
        {"kind": "story", "text": "Tell the outage", "story_id": story["id"]},
    ).json()
    assert used["story_id"] == story["id"]

    etag = alice_api.get(f"/api/v1/stories/{story['id']}")["ETag"]
    changed = alice_api.patch(
        f"/api/v1/stories/{story['id']}", {"themes": ["Leadership"]}, HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["themes"] == ["Leadership"] and changed.json()["title"] == "The outage"
    assert_problem(
        alice_api.patch(f"/api/v1/stories/{story['id']}", {"title": ""}, HTTP_IF_MATCH=etag), 412
    )
    assert_problem(alice_api.patch(f"/api/v1/stories/{story['id']}", {"title": " "}), 422)
    assert_problem(alice_api.post("/api/v1/stories", {"title": "x" * 500}), 422, "invalid")

    assert alice_api.delete(f"/api/v1/stories/{story['id']}").status_code == 204
    assert not Story.objects.filter(pk=story["id"]).exists()
    item = PlanItem.objects.get(pk=used["id"])
    assert item.story is None and item.text == "Tell the outage"  # the plan keeps its text


def test_note_deleted_and_drafted_again(alice_api, alice):
    interview = InterviewFactory(owner=alice)
    interview.interviewers.set([ContactFactory(owner=alice, company=interview.company)])
    note = ThankYouNoteFactory(interview=interview)
    etag = alice_api.get(f"/api/v1/notes/{note.pk}")["ETag"]
    ThankYouNote.objects.filter(pk=note.pk).update(closing="Changed elsewhere,")
    assert_problem(alice_api.delete(f"/api/v1/notes/{note.pk}", HTTP_IF_MATCH=etag), 412)
    assert alice_api.delete(f"/api/v1/notes/{note.pk}").status_code == 204
    assert not ThankYouNote.objects.filter(pk=note.pk).exists()
    again = alice_api.post(f"/api/v1/interviews/{interview.pk}/notes").json()
    assert len(again) == 1 and again[0]["id"] != note.pk


def test_contact_added_then_deleted_leaves_the_interview(alice_api, alice):
    created = alice_api.post(
        "/api/v1/contacts",
        {"name": "Priya Raman", "title": "Head of Data", "email": "priya@acme.example"},
        HTTP_IDEMPOTENCY_KEY="c-1",
    )
    assert created.status_code == 201, created.content
    assert created.json()["greeting_name"]
    assert_problem(alice_api.post("/api/v1/contacts", {"name": "X", "email": "nope"}), 422)
    assert_problem(alice_api.post("/api/v1/contacts", {"title": "no name"}), 422)

    interview = InterviewFactory(owner=alice)
    priya = Contact.objects.get(pk=created.json()["id"])
    interview.interviewers.set([priya])
    listening_hooks_set(interview=interview, contact=priya, texts=["streaming"])
    ThankYouNoteFactory(interview=interview, recipient=priya)
    assert alice_api.delete(f"/api/v1/contacts/{priya.pk}").status_code == 204
    interview.refresh_from_db()
    assert list(interview.interviewers.all()) == []
    assert not ListeningHook.objects.filter(interview=interview).exists()
    assert not ThankYouNote.objects.filter(interview=interview).exists()
    assert not Reminder.objects.filter(contact_id=priya.pk).exists()
    assert_problem(alice_api.get(f"/api/v1/contacts/{priya.pk}"), 404, "not-found")


def test_other_peoples_plan_and_story_ids_are_404_and_untouched(alice_api, bob):
    theirs = InterviewFactory(owner=bob)
    item = PlanItem.objects.create(interview=theirs, kind="point", text="Bob's point")
    story = Story.objects.create(owner=bob, title="Bob's story")
    contact = ContactFactory(owner=bob)
    assert_problem(alice_api.get(f"/api/v1/plan-items/{item.pk}"), 404)
    assert_problem(alice_api.patch(f"/api/v1/plan-items/{item.pk}", {"text": "mine"}), 404)
    assert_problem(alice_api.delete(f"/api/v1/plan-items/{item.pk}"), 404)
    assert_problem(alice_api.post(f"/api/v1/interviews/{theirs.pk}/plan", {"text": "mine"}), 404)
    assert_problem(alice_api.patch(f"/api/v1/stories/{story.pk}", {"title": "mine"}), 404)
    assert_problem(alice_api.delete(f"/api/v1/stories/{story.pk}"), 404)
    assert_problem(alice_api.delete(f"/api/v1/contacts/{contact.pk}"), 404)
    assert PlanItem.objects.get(pk=item.pk).text == "Bob's point"
    assert Story.objects.filter(pk=story.pk).exists() and Contact.objects.filter(pk=contact.pk)


def test_application_outcome_recorded_as_on_its_page(alice_api, alice):
    past = InterviewFactory(owner=alice)
    application = past.application
    url = f"/api/v1/applications/{application.pk}/outcome"
    etag = alice_api.get(f"/api/v1/applications/{application.pk}")["ETag"]
    assert_problem(alice_api.put(url, {"outcome": "cancelled"}), 422, "invalid")
    assert_problem(alice_api.put(url, {"outcome": "offer", "decision_date": "soon"}), 422)
    answer = alice_api.put(
        url, {"outcome": "rejected", "decision_date": "2026-03-10"}, HTTP_IF_MATCH=etag
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["outcome"] == "rejected" and answer.json()["closed_at"]
    application.refresh_from_db()
    assert application.closed_at is not None
    assert_problem(alice_api.put(url, {"outcome": "offer"}, HTTP_IF_MATCH=etag), 412)
    application.refresh_from_db()
    assert application.outcome == "rejected"


def test_a_review_written_over_a_newer_version_is_refused(alice_api, interview):
    url = f"/api/v1/interviews/{interview.pk}/review"
    first = alice_api.put(url, {"what_happened": "Two rounds of SQL."})
    assert first.status_code == 200, first.content
    etag = alice_api.get(f"/api/v1/reviews/{first.json()['id']}")["ETag"]
    assert first["ETag"] == etag  # the write's answer is the version a read gives
    assert alice_api.put(url, {"takeaways": "Good team."}, HTTP_IF_MATCH=etag).status_code == 200
    stale = alice_api.put(url, {"what_happened": "Lost update"}, HTTP_IF_MATCH=etag)
    assert_problem(stale, 412, "precondition-failed")
    assert alice_api.get(f"/api/v1/reviews/{first.json()['id']}").json()["what_happened"] == (
        "Two rounds of SQL."
    )
