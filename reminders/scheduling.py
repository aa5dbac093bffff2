"""Keeping an interview's Reminder rows in step with its plan, and queueing what is due now.

``reminders`` learns that an interview or a person's preferences changed from the signals
the lower apps send (``receivers.py``) and re-plans here. The rules for when each kind is
due are in ``planning.py``; sending is the sweep's (``sweep.py``).
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from interviews.models import Interview
from notes.models import ThankYouNote
from reminders.models import Reminder
from reminders.planning import Plan, plan, plan_keep_in_touch, with_snooze
from reminders.tasks import send_due_reminders

log = logging.getLogger(__name__)

Status = Reminder.Status

# Interviews this recent may still have follow-ups to re-plan after a change of preferences
# (a thank-you note and a review come due within days); older ones only through a reminder
# still scheduled (a decision date or a planned keep-in-touch note).
RECENT_INTERVIEWS = timedelta(weeks=7)


def reminders_plan_for(*, interview: Interview) -> None:
    """(Re)plans the reminders of one interview from its state and the owner's preferences,
    and the keep-in-touch notes planned from it.

    Runs inside the caller's transaction: if that rolls back, nothing is planned and
    nothing is queued. Safe to call any number of times; rows that are being sent are left
    to the sweep, which re-checks before it sends.
    """
    now = timezone.now()
    rows = list(Reminder.objects.filter(interview=interview))
    existing = {r.kind: r for r in rows if r.contact_id is None}
    due_now: list[int] = []
    for kind in Reminder.Kind.values:
        reminder = existing.get(kind)
        # A new or a revived reminder is armed now; a live one keeps its time.
        if reminder is None or reminder.status == Status.CANCELLED:
            armed_at = now
        else:
            armed_at = reminder.armed_at
        p = plan(interview, kind, armed_at=armed_at)
        if reminder is None:
            if not p.wanted:
                continue
            assert p.due_at is not None and p.overdue_at is not None  # what wanted means
            reminder = Reminder.objects.create(
                owner_id=interview.owner_id,
                interview=interview,
                kind=kind,
                due_at=p.due_at,
                next_attempt_at=p.due_at,
                overdue_at=p.overdue_at,
                armed_at=now,
            )
            if reminder.next_attempt_at <= now:
                due_now.append(reminder.pk)
            continue
        if _keep_in_step(reminder, p, now):
            due_now.append(reminder.pk)
    planned = [r for r in rows if r.contact_id is not None]
    if planned:
        sent = keep_in_touch_notes_sent(interview)
        for reminder in planned:
            assert reminder.planned_for is not None  # a planned note always has its day
            p = plan_keep_in_touch(
                interview,
                reminder.planned_for,
                note_sent=(reminder.contact_id, reminder.sequence) in sent,
            )
            if _keep_in_step(reminder, p, now):
                due_now.append(reminder.pk)
    if due_now:
        transaction.on_commit(lambda: reminders_queue(due_now), robust=True)


def keep_in_touch_notes_sent(interview: Interview) -> set[tuple[int, int]]:
    """(contact id, sequence) of the keep-in-touch notes from ``interview`` marked sent."""
    return set(
        ThankYouNote.objects.keep_in_touch()
        .filter(interview=interview, status=ThankYouNote.Status.SENT)
        .values_list("recipient_id", "sequence")
    )


def _keep_in_step(reminder: Reminder, p: Plan, now) -> bool:
    """Moves an existing row to what the plan says; True if it is now due to be sent."""
    if not p.wanted:
        settles = reminder.status in (Status.SCHEDULED, Status.FAILED) or (
            reminder.status == Status.SENT and p.why in ("done", "cancelled")
        )
        if settles and p.why == "done":
            reminder.move(status=Status.DONE, done_at=now)
        elif settles:
            reminder.move(status=Status.CANCELLED)
        return False
    assert p.due_at is not None and p.overdue_at is not None  # what wanted means
    if reminder.status == Status.SCHEDULED:
        due, overdue = with_snooze(p, reminder.snoozed_until)
        if (due, overdue) != (reminder.due_at, reminder.overdue_at):
            reminder.move(due_at=due, next_attempt_at=due, overdue_at=overdue)
    elif reminder.status == Status.CANCELLED or (
        reminder.status in (Status.SENT, Status.DONE, Status.FAILED)
        and p.due_at != reminder.due_at
        and p.due_at > now
    ):
        # Switched back on, or the interview moved: a fresh reminder.
        reminder.move(
            status=Status.SCHEDULED,
            due_at=p.due_at,
            next_attempt_at=p.due_at,
            overdue_at=p.overdue_at,
            armed_at=now,
            snoozed_until=None,
            attempts=0,
            last_error="",
            claimed_at=None,
            sent_at=None,
            done_at=None,
        )
    else:
        return False
    return reminder.status == Status.SCHEDULED and reminder.next_attempt_at <= now


def reminders_plan_for_application(*, application) -> None:
    """(Re)plans the reminders of every round of ``application`` (its outcome, decision
    date or rounds changed). Same guarantees as ``reminders_plan_for``."""
    rounds = Interview.objects.filter(application=application).select_related("owner")
    for interview in rounds:
        interview.application = application
        reminders_plan_for(interview=interview)


@transaction.atomic
def reminders_plan_for_user(*, user) -> int:
    """Re-plans every interview of ``user`` with follow-ups still ahead of it.

    Called after the person changes their reminder preferences or time zone, so a reminder
    already planned moves to the new hour or zone (or is cancelled or revived) at once.
    Interviews long past with nothing scheduled are left alone. Returns how many interviews
    were re-planned.
    """
    now = timezone.now()
    recent = now - RECENT_INTERVIEWS
    interviews = (
        Interview.objects.for_user(user)
        .filter(
            Q(starts_at__gte=recent)
            | Q(application__decision_date__gte=now.date())
            | Q(reminders__status=Status.SCHEDULED)
        )
        .distinct()
    )
    count = 0
    for interview in interviews.select_related("application"):
        interview.owner = user  # the preferences just saved, not a stale copy
        reminders_plan_for(interview=interview)
        count += 1
    return count


# After a publish fails, web requests leave the broker alone this long: a hung broker
# costs one short socket timeout per process now and then, not one per save.
BROKER_COOLDOWN_SECONDS = 30.0
_broker_down_until = 0.0
NUDGE_KEY = "reminders:sweep-nudged"


def reminders_queue(reminder_ids: list[int]) -> bool:
    """Asks a worker to send what is due now. Never raises, never waits long, never piles up.

    Called after commit, in the web request. What it queues is one sweep (which sends
    everything due, within its time budget), and at most one every
    ``REMINDERS_NUDGE_SECONDS`` across web processes (a cache key): a busy minute queues
    a handful of tasks, not one per save. Per-save tasks used to pile up on the
    SQLite-file broker (it hands out about one a second) until beat's sweeps expired
    behind them. A row a nudge missed goes out with the next nudge or, at the latest,
    beat's sweep a minute later.

    With the broker down or hung the request goes on after at most one short socket
    timeout (``REDIS_SOCKET_TIMEOUT``), and for ``BROKER_COOLDOWN_SECONDS`` after that
    without trying: the rows are saved, and the sweep sends them once a worker can be
    reached.
    """
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        log.info("Broker failed recently; leaving reminders %s to the sweep", reminder_ids)
        return False
    if not cache.add(NUDGE_KEY, True, timeout=settings.REMINDERS_NUDGE_SECONDS):
        return True  # a sweep was asked for moments ago; it finds these rows too
    try:
        send_due_reminders.apply_async(retry=False, expires=settings.REMINDERS_NUDGE_SECONDS * 12)
    except Exception as exc:  # the broker is down, unreachable or not answering
        _broker_down_until = time.monotonic() + BROKER_COOLDOWN_SECONDS
        cache.delete(NUDGE_KEY)
        log.warning(
            "Could not queue a sweep for reminders %s (beat's sweep will send them): %s",
            reminder_ids,
            exc,
        )
        return False
    return True
