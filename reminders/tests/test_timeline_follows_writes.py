"""The interview page's follow-up plan and the dashboard's due follow-ups are never out of
date: every change to a reminder row — planning and re-planning, snooze, done and
unsubscribe from the page or an email, keep-in-touch plans, the sweep claiming, sending,
failing and retrying — shows on the next page, and so does time: a reminder coming due or
becoming overdue with nothing written at all. Each costs one query for the reminders."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview
from interviews.services import application_set_outcome, interview_update
from notes.models import ThankYouNote
from notes.services import note_set_status
from reminders import tokens
from reminders.keep_in_touch import keep_in_touch_plan
from reminders.models import Reminder
from reminders.scheduling import reminders_plan_for_user
from reminders.sweep import SweepReport, _deliver, _recover_stuck, reminders_claim_due
from reminders.tests.utils import log_interview, reminder
from tests.factories import ThankYouNoteFactory

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status

# Near the real time: the test client's session would not last a jump of months.
NOW = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)


def visit(client, interview) -> tuple[int, str]:
    """How many queries read reminders, and the follow-up plan."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(interview.get_absolute_url())
    assert response.status_code == 200
    reads = sum("reminders_reminder" in q["sql"] for q in captured.captured_queries)
    plan = response.content.decode().split('id="reminders-heading"')[1].split("</section>")[0]
    return reads, re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", plan)


def item(plan: str, row: Reminder) -> str:
    """One reminder of the plan ("" if it is not shown)."""
    parts = plan.split(f'id="reminder-{row.pk}"')
    return parts[1].split("</li>")[0] if len(parts) > 1 else ""


@pytest.fixture
def planned(alice) -> Interview:
    """An interview tomorrow: its thank-you and review reminders are planned, not yet due."""
    with time_machine.travel(NOW, tick=False):
        return log_interview(alice, NOW + timedelta(days=1))


def test_snooze_and_done_on_the_page_show_on_the_next_visit(alice_client, planned):
    note, review = reminder(planned, Kind.THANK_YOU), reminder(planned, Kind.REVIEW)
    with time_machine.travel(NOW, tick=False):
        _, plan = visit(alice_client, planned)
        assert "(snoozed)" not in plan
        alice_client.post(reverse("reminders:snooze", kwargs={"reminder_pk": review.pk}))
        _, plan = visit(alice_client, planned)
        assert "(snoozed)" in item(plan, review)

        alice_client.post(reverse("reminders:done", kwargs={"reminder_pk": note.pk}))
        _, plan = visit(alice_client, planned)
        assert 'data-status="done"' in item(plan, note) and "Done" in item(plan, note)


@pytest.mark.slow
def test_snooze_done_and_unsubscribe_from_an_email_show_on_the_next_visit(
    alice_client, alice, planned
):
    note, review = reminder(planned, Kind.THANK_YOU), reminder(planned, Kind.REVIEW)
    mail_client = Client()  # links in an email: no login

    def link(row, action):
        token = tokens.make_action_token(reminder_id=row.pk, action=action, due_at=row.due_at)
        return reverse("reminders:email_action", kwargs={"token": token})

    with time_machine.travel(NOW, tick=False):
        visit(alice_client, planned)
        assert mail_client.post(link(review, "snooze")).status_code == 200
        _, plan = visit(alice_client, planned)
        assert "(snoozed)" in item(plan, review)

        assert mail_client.post(link(note, "done")).status_code == 200
        _, plan = visit(alice_client, planned)
        assert 'data-status="done"' in item(plan, note)

        unsubscribe = tokens.make_unsubscribe_token(user_id=alice.pk, kind=Kind.REVIEW)
        mail_client.post(reverse("reminders:unsubscribe", kwargs={"token": unsubscribe}))
        _, plan = visit(alice_client, planned)
        assert item(plan, review) == ""  # cancelled: no longer part of the plan


def test_the_sweep_claiming_sending_and_retrying_shows_on_the_next_visit(
    alice_client, planned, smtp_sink, settings
):
    review = reminder(planned, Kind.REVIEW)
    due = review.due_at
    with time_machine.travel(due, tick=False):
        _, plan = visit(alice_client, planned)
        assert 'data-status="scheduled"' in item(plan, review)
        assert reminders_claim_due(now=due, limit=10, ids=[review.pk]) == [review.pk]
        _, plan = visit(alice_client, planned)
        assert 'data-status="sending"' in item(plan, review) and "Sending" in item(plan, review)

    # The worker died: after the grace the row goes back in line, saying why.
    later = due + timedelta(seconds=settings.REMINDERS_SENDING_GRACE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert _recover_stuck(now=later) == 1
        _, plan = visit(alice_client, planned)
        assert 'data-status="scheduled"' in item(plan, review)
        assert "retrying" in item(plan, review)

        # Claimed again, seen "Sending" (kept so), then sent.
        reminders_claim_due(now=later, limit=10, ids=[review.pk])
        _, plan = visit(alice_client, planned)
        assert 'data-status="sending"' in item(plan, review)
        report = SweepReport()
        _deliver([review.pk], report)
        assert report.sent == 1
        _, plan = visit(alice_client, planned)
        assert 'data-status="sent"' in item(plan, review) and "Emailed" in item(plan, review)
        assert "retrying" not in item(plan, review)


def test_a_temporary_then_a_permanent_failure_show_on_the_next_visit(
    alice_client, planned, smtp_sink
):
    review = reminder(planned, Kind.REVIEW)
    smtp_sink.mode = "tempfail"
    with time_machine.travel(review.due_at, tick=False):
        reminders_claim_due(now=review.due_at, limit=10, ids=[review.pk])
        visit(alice_client, planned)  # "Sending", kept so
        report = SweepReport()
        _deliver([review.pk], report)
        assert report.retrying == 1
        _, plan = visit(alice_client, planned)
        assert 'data-status="scheduled"' in item(plan, review)
        assert "trying again soon" in item(plan, review)

    smtp_sink.mode = "permfail"
    retry_at = Reminder.objects.get(pk=review.pk).next_attempt_at
    with time_machine.travel(retry_at, tick=False):
        reminders_claim_due(now=retry_at, limit=10, ids=[review.pk])
        visit(alice_client, planned)
        report = SweepReport()
        _deliver([review.pk], report)
        assert report.failed == 1
        _, plan = visit(alice_client, planned)
        assert 'data-status="failed"' in item(plan, review) and "550" in item(plan, review)


def test_a_follow_up_the_sweep_finds_settled_shows_done(alice_client, planned, smtp_sink):
    note = reminder(planned, Kind.THANK_YOU)
    with time_machine.travel(note.due_at, tick=False):
        reminders_claim_due(now=note.due_at, limit=10, ids=[note.pk])
        visit(alice_client, planned)  # "Sending", kept so
        # Every note sent meanwhile, written without telling reminders.
        Interview.objects.filter(pk=planned.pk).update(notes_done_at=timezone.now())
        report = SweepReport()
        _deliver([note.pk], report)
        assert report.settled == 1 and not smtp_sink.messages
        _, plan = visit(alice_client, planned)
    assert 'data-status="done"' in item(plan, note)


def test_a_reminder_saved_by_itself_shows_on_the_next_visit(alice_client, planned):
    review = reminder(planned, Kind.REVIEW)
    with time_machine.travel(NOW, tick=False):
        visit(alice_client, planned)
        review.last_error = "Mailbox full; trying again soon."
        review.save()
        _, plan = visit(alice_client, planned)
    assert "Mailbox full" in item(plan, review)


def test_a_row_the_sweep_gives_up_on_shows_failed(alice_client, planned, settings):
    review = reminder(planned, Kind.REVIEW)
    settings.REMINDERS_MAX_ATTEMPTS = 1
    with time_machine.travel(review.due_at, tick=False):
        reminders_claim_due(now=review.due_at, limit=10, ids=[review.pk])
        visit(alice_client, planned)
    later = review.due_at + timedelta(seconds=settings.REMINDERS_SENDING_GRACE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        _recover_stuck(now=later)
        _, plan = visit(alice_client, planned)
    assert 'data-status="failed"' in item(plan, review) and "Gave up" in item(plan, review)


def test_a_reminder_turns_overdue_as_time_passes_with_nothing_written(alice_client, planned):
    note = reminder(planned, Kind.THANK_YOU)
    with time_machine.travel(note.overdue_at - timedelta(minutes=1), tick=False):
        reads, plan = visit(alice_client, planned)
        assert reads == 1
        assert "Overdue" not in item(plan, note)
    with time_machine.travel(note.overdue_at + timedelta(minutes=1), tick=False):
        reads, plan = visit(alice_client, planned)
    assert reads == 1
    assert 'data-tone="overdue"' in item(plan, note) and "Overdue" in item(plan, note)


def test_planning_and_re_planning_show_on_the_next_visit(alice_client, alice, planned):
    note, review = reminder(planned, Kind.THANK_YOU), reminder(planned, Kind.REVIEW)
    with time_machine.travel(NOW, tick=False):
        _, plan = visit(alice_client, planned)
        before = item(plan, review)

        # The interview moves: its reminders move with it.
        interview_update(interview=planned, starts_at=planned.starts_at + timedelta(days=2))
        _, plan = visit(alice_client, planned)
        assert item(plan, review) != before

        # A reminder preference turned off: that kind leaves the plan.
        alice.remind_review = False
        alice.save(update_fields=["remind_review"])
        reminders_plan_for_user(user=alice)
        _, plan = visit(alice_client, planned)
        assert item(plan, review) == "" and item(plan, note) != ""

        # Every note sent: the thank-you reminder is settled.
        for person in planned.interviewers.all():
            written = ThankYouNoteFactory(interview=planned, recipient=person)
            note_set_status(
                note=written, status=ThankYouNote.Status.SENT, sent_on=timezone.localdate()
            )
        _, plan = visit(alice_client, planned)
        assert 'data-status="done"' in item(plan, note)


def test_keep_in_touch_plans_show_on_the_next_visit(alice_client, alice):
    with time_machine.travel(NOW, tick=False):
        interview = log_interview(alice, NOW - timedelta(days=3))
        application_set_outcome(application=interview.application, outcome="rejected")
        grace = interview.interviewers.get(name="Grace Hopper")
        _, plan = visit(alice_client, interview)
        assert "Grace Hopper" not in plan

        keep_in_touch_plan(application=interview.application, contacts=[grace])
        _, plan = visit(alice_client, interview)
        assert plan.count("Keep in touch: Grace Hopper") == 2

        keep_in_touch_plan(application=interview.application, contacts=[grace], months=[4])
        _, plan = visit(alice_client, interview)
        assert plan.count("Keep in touch: Grace Hopper") == 1

        keep_in_touch_plan(application=interview.application, contacts=[])
        _, plan = visit(alice_client, interview)
        assert "Grace Hopper" not in plan


def due_list(client) -> tuple[int, str]:
    """How many queries read reminders, and the dashboard's due follow-ups."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("interviews:dashboard"))
    assert response.status_code == 200
    reads = sum("reminders_reminder" in q["sql"] for q in captured.captured_queries)
    html = response.content.decode().split('id="due-heading"')[1].split("</section>")[0]
    return reads, html


def test_the_dashboard_shows_a_follow_up_when_it_comes_due_and_when_it_is_late(
    alice_client, planned
):
    review = reminder(planned, Kind.REVIEW)
    with time_machine.travel(NOW, tick=False):
        reads, html = due_list(alice_client)
    assert reads == 1 and "Nothing due today" in html

    minute = timedelta(minutes=1)
    with time_machine.travel(review.due_at - minute, tick=False):
        reads, html = due_list(alice_client)
        assert reads == 1 and "Self-review" not in html
    with time_machine.travel(review.due_at, tick=False):
        reads, html = due_list(alice_client)
        assert reads == 1 and "Self-review" in html and "status-badge--due" in html
    with time_machine.travel(review.overdue_at - minute, tick=False):
        reads, html = due_list(alice_client)
        assert reads == 1 and "status-badge--overdue" not in html
    with time_machine.travel(review.overdue_at, tick=False):
        reads, html = due_list(alice_client)
    assert reads == 1 and "status-badge--overdue" in html


def test_the_dashboard_follows_the_sweep_and_what_the_person_does(
    alice_client, planned, smtp_sink
):
    review = reminder(planned, Kind.REVIEW)
    with time_machine.travel(review.due_at, tick=False):
        _, html = due_list(alice_client)
        assert 'data-status="scheduled"' in html
        reminders_claim_due(now=review.due_at, limit=10, ids=[review.pk])
        _, html = due_list(alice_client)
        assert 'data-status="sending"' in html
        _deliver([review.pk], SweepReport())
        _, html = due_list(alice_client)
        assert 'data-status="sent"' in html

        alice_client.post(reverse("reminders:done", kwargs={"reminder_pk": review.pk}))
        _, html = due_list(alice_client)
        assert "Self-review" not in html
        # The thank-you note is due by then too when the review was put off to the morning
        # (an interview late in the day): the list is empty only if it is not.
        note_due = reminder(planned, Kind.THANK_YOU).due_at <= review.due_at
        assert ("Nothing due today" in html) != note_due
