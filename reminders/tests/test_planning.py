"""When reminders are due, in the person's zone, and how they follow the interview."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail

from interviews.services import (
    interview_set_notes_done,
    interview_set_outcome,
    interview_set_review_done,
    interview_update,
)
from reminders.models import Reminder
from reminders.sweep import reminders_send_due
from reminders.tests.utils import local, log_interview, reminder, utc

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status


@time_machine.travel(utc(2025, 5, 1, 8, 0), tick=False)
def test_logging_an_interview_plans_note_and_review(alice):
    # alice lives in Berlin (UTC+2 in May) and wants reminders at 9:00.
    interview = log_interview(alice, local("Europe/Berlin", 2025, 5, 6, 14, 0))

    note = reminder(interview, Kind.THANK_YOU)
    assert note.status == Status.SCHEDULED
    assert note.due_at == local("Europe/Berlin", 2025, 5, 7, 9, 0)
    # Late after the second day following the interview.
    assert note.overdue_at == local("Europe/Berlin", 2025, 5, 9, 0, 0)
    review = reminder(interview, Kind.REVIEW)
    assert review.due_at == local("Europe/Berlin", 2025, 5, 6, 17, 0)  # ends 15:00, +2h
    # No decision date, no "no": nothing else.
    assert set(interview.reminders.values_list("kind", flat=True)) == {Kind.THANK_YOU, Kind.REVIEW}


@time_machine.travel(utc(2025, 5, 1, 8, 0), tick=False)
@pytest.mark.parametrize(
    ("starts", "review_due"),
    [
        ((2025, 5, 6, 19, 30), (2025, 5, 7, 9, 0)),  # ends 20:30, +2h is 22:30: next morning
        ((2025, 5, 6, 23, 0), (2025, 5, 7, 9, 0)),  # ends midnight, +2h is 2:00: that morning
        ((2025, 5, 6, 3, 0), (2025, 5, 6, 9, 0)),  # ends 4:00, +2h is 6:00: waits for 9:00
        ((2025, 5, 6, 5, 0), (2025, 5, 6, 8, 0)),  # ends 6:00, +2h is 8:00: morning already
    ],
)
def test_a_review_due_at_night_waits_for_the_morning(alice, starts, review_due):
    interview = log_interview(alice, local("Europe/Berlin", *starts))
    assert reminder(interview, Kind.REVIEW).due_at == local("Europe/Berlin", *review_due)


@time_machine.travel(utc(2025, 5, 1, 8, 0), tick=False)
def test_the_preferred_hour_and_zone_are_the_persons(alice):
    alice.time_zone, alice.reminder_hour = "America/New_York", 7
    alice.save()
    interview = log_interview(alice, local("America/New_York", 2025, 5, 6, 10, 0))
    assert reminder(interview, Kind.THANK_YOU).due_at == utc(2025, 5, 7, 11, 0)


@time_machine.travel(utc(2025, 5, 1, 8, 0), tick=False)
def test_rescheduling_moves_the_reminders(alice):
    interview = log_interview(alice, local("Europe/Berlin", 2025, 5, 6, 14, 0))
    interview_update(
        interview=interview,
        company_name="Acme Robotics",
        starts_at=local("Europe/Berlin", 2025, 5, 12, 10, 0),
    )
    assert reminder(interview, Kind.THANK_YOU).due_at == local("Europe/Berlin", 2025, 5, 13, 9)
    assert reminder(interview, Kind.REVIEW).due_at == local("Europe/Berlin", 2025, 5, 12, 13)
    assert interview.reminders.count() == 2  # moved, not duplicated


@time_machine.travel(utc(2025, 5, 1, 8, 0), tick=False)
def test_decision_check_in_and_keep_in_touch_follow_the_outcome(alice):
    alice.remind_keep_in_touch = True
    alice.save()
    interview = log_interview(alice, local("Europe/Berlin", 2025, 5, 6, 14, 0))

    interview_set_outcome(interview=interview, outcome="awaiting", decision_date=date(2025, 5, 20))
    decision = reminder(interview, Kind.DECISION)
    assert (decision.status, decision.due_at) == (
        Status.SCHEDULED,
        local("Europe/Berlin", 2025, 5, 20, 9),
    )

    interview_set_outcome(interview=interview, outcome="rejected")
    assert reminder(interview, Kind.DECISION).status == Status.CANCELLED
    # Keep in touch is planned per person, by the person (reminders/tests/test_keep_in_touch).
    assert not interview.reminders.filter(kind=Kind.KEEP_IN_TOUCH).exists()


@time_machine.travel(utc(2025, 5, 1, 8, 0), tick=False)
def test_a_kind_switched_off_is_not_planned(alice):
    alice.remind_review = False
    alice.save()
    interview = log_interview(alice, local("Europe/Berlin", 2025, 5, 6, 14, 0))
    assert not interview.reminders.filter(kind=Kind.REVIEW).exists()


def test_finishing_the_note_first_means_no_email(alice):
    with time_machine.travel(utc(2025, 5, 1, 8, 0), tick=False):
        interview = log_interview(alice, local("Europe/Berlin", 2025, 5, 6, 14, 0))
        interview_set_notes_done(interview=interview, done=True)
        interview_set_review_done(interview=interview, done=True)
    assert reminder(interview, Kind.THANK_YOU).status == Status.DONE
    assert reminder(interview, Kind.REVIEW).status == Status.DONE

    with time_machine.travel(utc(2025, 5, 8, 8, 0), tick=False):
        report = reminders_send_due()
    assert report.claimed == 0
    assert mail.outbox == []


def test_a_note_finished_after_the_claim_is_still_not_emailed(alice):
    """The sweep re-checks right before sending."""
    from reminders.sweep import reminders_claim_due

    with time_machine.travel(utc(2025, 5, 1, 8, 0), tick=False):
        interview = log_interview(alice, local("Europe/Berlin", 2025, 5, 6, 14, 0))
    with time_machine.travel(utc(2025, 5, 8, 8, 0), tick=False):
        reminders_claim_due(now=utc(2025, 5, 8, 8, 0), limit=10)
        # Between the claim and the send the note gets done (plan_for leaves "sending"
        # rows to the sweep).
        interview_set_notes_done(interview=interview, done=True)
        from reminders.sweep import SweepReport, _deliver

        report = SweepReport()
        _deliver(list(interview.reminders.values_list("pk", flat=True)), report)
    assert [m.subject for m in mail.outbox] == [
        "How did the Platform Engineer interview at Acme Robotics go? Review it while it is fresh"
    ]
    assert reminder(interview, Kind.THANK_YOU).status == Status.DONE


def test_an_interview_saved_in_a_transaction_that_rolls_back_plans_nothing(
    alice, django_capture_on_commit_callbacks
):
    from django.db import transaction

    starts = local("Europe/Berlin", 2020, 1, 6, 14, 0)  # long past: reminders due at once
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        log_interview(alice, starts)
        raise RuntimeError("the request failed after saving")
    assert not Reminder.objects.exists()
    assert callbacks == []

    # The same without the failure queues the due reminders once it commits.
    with django_capture_on_commit_callbacks() as callbacks:
        log_interview(alice, starts)
    assert Reminder.objects.count() == 2
    assert len(callbacks) == 1


# --- Daylight saving --------------------------------------------------------------------

DST_DAYS = [
    # zone, the interview (local), the 9:00 reminder the day after, as UTC
    ("America/New_York", (2025, 3, 8, 14, 0), utc(2025, 3, 9, 13, 0)),  # spring forward
    ("America/New_York", (2025, 11, 1, 14, 0), utc(2025, 11, 2, 14, 0)),  # fall back
    ("Europe/Berlin", (2025, 3, 29, 14, 0), utc(2025, 3, 30, 7, 0)),  # spring forward
    ("Europe/Berlin", (2025, 10, 25, 14, 0), utc(2025, 10, 26, 8, 0)),  # fall back
]


@pytest.mark.slow
@pytest.mark.parametrize(("zone", "starts", "due"), DST_DAYS)
def test_nine_oclock_on_a_dst_day_is_sent_once_at_nine_local(alice, zone, starts, due):
    alice.time_zone, alice.remind_review = zone, False
    alice.save()
    with time_machine.travel(due - timedelta(days=3), tick=False):
        interview = log_interview(alice, local(zone, *starts))
    note = reminder(interview, Kind.THANK_YOU)
    assert note.due_at == due
    assert note.due_at.astimezone(alice.zone).hour == 9

    sent_at = []
    # Every minute from 8:58 local to an hour after, plus the whole day: one email, at 9:00.
    for minute in [*range(-2, 62), 60 * 5, 60 * 14]:
        now = due + timedelta(minutes=minute)
        with time_machine.travel(now, tick=False):
            if reminders_send_due().sent:
                sent_at.append(now)
    assert sent_at == [due]
    assert len(mail.outbox) == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("zone", "hour", "starts", "due"),
    [
        # 2:00 does not exist on 9 March 2025 in New York: sent at 3:00 EDT (the same instant)
        ("America/New_York", 2, (2025, 3, 8, 14, 0), utc(2025, 3, 9, 7, 0)),
        # 1:00 happens twice on 2 November 2025 in New York: the first one, once
        ("America/New_York", 1, (2025, 11, 1, 14, 0), utc(2025, 11, 2, 5, 0)),
        # 2:00 happens twice on 26 October 2025 in Berlin: the first one, once
        ("Europe/Berlin", 2, (2025, 10, 25, 14, 0), utc(2025, 10, 26, 0, 0)),
    ],
)
def test_an_hour_skipped_or_repeated_by_dst_still_sends_once(alice, zone, hour, starts, due):
    alice.time_zone, alice.reminder_hour, alice.remind_review = zone, hour, False
    alice.save()
    with time_machine.travel(due - timedelta(days=3), tick=False):
        interview = log_interview(alice, local(zone, *starts))
    assert reminder(interview, Kind.THANK_YOU).due_at == due
    for minute in range(0, 150, 10):  # through the repeated hour and past it
        with time_machine.travel(due + timedelta(minutes=minute), tick=False):
            reminders_send_due()
    assert len(mail.outbox) == 1


@time_machine.travel(utc(2025, 5, 1, 8, 0), tick=False)
def test_changing_preferences_in_settings_moves_planned_reminders(alice, client):
    interview = log_interview(alice, local("Europe/Berlin", 2025, 5, 6, 14, 0))
    client.force_login(alice)
    settings_form = {
        "full_name": alice.full_name,
        "time_zone": "America/New_York",
        "reminder_hour": "7",
        "remind_thank_you": "on",
    }

    response = client.post("/accounts/settings/", settings_form)

    assert response.status_code == 302
    # 14:00 Berlin is 08:00 New York; the note reminder is now 7:00 there the next day.
    assert reminder(interview, Kind.THANK_YOU).due_at == local(
        "America/New_York", 2025, 5, 7, 7, 0
    )
    # Self-review reminders were switched off (the box was left unticked).
    assert reminder(interview, Kind.REVIEW).status == Status.CANCELLED


@time_machine.travel(utc(2025, 5, 1, 8, 0), tick=False)
def test_a_cancelled_interview_has_nothing_to_follow_up_even_if_already_emailed(alice):
    interview = log_interview(alice, local("Europe/Berlin", 2025, 4, 29, 14, 0))
    Reminder.objects.filter(interview=interview, kind=Kind.THANK_YOU).update(status=Status.SENT)
    interview_set_outcome(interview=interview, outcome="cancelled")
    assert set(interview.reminders.values_list("status", flat=True)) == {Status.CANCELLED}
    assert not Reminder.objects.filter(interview=interview).open().exists()
    # Invited again: awaiting once more, and the follow-ups come back.
    interview_set_outcome(interview=interview, outcome="awaiting")
    assert reminder(interview, Kind.REVIEW).status == Status.SCHEDULED
