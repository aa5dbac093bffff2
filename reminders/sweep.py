"""The sweep: claiming due reminders and sending them.

How a reminder goes out, exactly once and never silently lost:

1. ``reminders_plan_for`` (``scheduling.py``) keeps one row per (interview, kind) in step
   with the interview and the person's preferences. A row already due is handed to the
   worker on commit; the every-minute sweep picks up everything else (and anything a lost
   publish left behind).
2. ``reminders_send_due`` claims due rows (``scheduled → sending``) inside one short
   transaction with ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL) or under SQLite's
   single writer lock, so concurrent sweeps and repeated tasks never claim the same row.
3. Before sending it re-checks the follow-up is still wanted and undone; then sends over
   one SMTP connection per batch (``delivery.py``) and marks the row sent only if it still
   holds the claim.
4. A temporary failure (SMTP 4xx, connection trouble) goes back to ``scheduled`` with
   backoff; a permanent one (5xx), or too many attempts, ends in ``failed`` with the reason,
   which the interview page shows. A row left in ``sending`` by a worker that died is
   retried after a grace period.

5. A sweep has a time budget (``sweep_time_budget``): the task's soft time limit, less the
   longest one message may take (``REMINDERS_SMTP_TIMEOUT``, the per-message socket
   timeout) and a margin. It claims only as many rows as it can send in what is left, at
   the rate it has measured, starts no message past the budget, and hands rows it did not
   get to back at once (not counted as an attempt). It therefore ends before the soft
   limit; if it is hit anyway, a message the server already accepted is marked sent,
   never failed.

The one gap no database can close: if a worker dies (or hits its time limit) after the
SMTP server accepted a message but before the row is marked sent, the retry after the
grace period sends it again. The retry keeps the same Message-ID, so mail clients show
one email.
"""

import logging
import smtplib
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notes.models import ThankYouNote
from reminders.delivery import classify_error, close_quietly
from reminders.emails import reminder_message
from reminders.models import Reminder
from reminders.planning import Plan, plan, plan_keep_in_touch, with_snooze

log = logging.getLogger(__name__)

Status = Reminder.Status


def sending_grace() -> timedelta:
    """How long a row may stay in ``sending`` before we assume its worker died."""
    return timedelta(seconds=settings.REMINDERS_SENDING_GRACE_SECONDS)


def max_attempts() -> int:
    return settings.REMINDERS_MAX_ATTEMPTS


def retry_backoff(attempt: int) -> timedelta:
    """Wait before attempt ``attempt + 1``: 1, 2, 4, 8 … minutes, at most an hour."""
    base = settings.REMINDERS_RETRY_BACKOFF_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempt - 1, 0), 3600))


# Seconds kept free at the end of a sweep for marking rows and closing the connection.
SWEEP_MARGIN_SECONDS = 5.0
# What one message is assumed to take until a sweep has measured it: sizes the first claim.
FIRST_GUESS_SECONDS_PER_MESSAGE = 1.0


def sweep_time_budget() -> float:
    """Seconds a sweep may spend starting messages: the soft time limit, less the longest one
    message can take (its SMTP timeout) and a margin. At least a few seconds."""
    return max(
        3.0,
        settings.CELERY_TASK_SOFT_TIME_LIMIT
        - settings.REMINDERS_SMTP_TIMEOUT
        - SWEEP_MARGIN_SECONDS,
    )


@dataclass
class SweepReport:
    recovered: int = 0
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    settled: int = 0
    handed_back: int = 0
    errors: list[str] = field(default_factory=list)
    attempted: int = 0
    sending_seconds: float = 0.0

    def seconds_per_message(self) -> float:
        if not self.attempted:
            return FIRST_GUESS_SECONDS_PER_MESSAGE
        return max(self.sending_seconds / self.attempted, 0.001)


def reminders_send_due(
    *,
    ids: list[int] | None = None,
    now: datetime | None = None,
    batch_size: int | None = None,
    time_budget: float | None = None,
) -> SweepReport:
    """Sends every reminder that is due (or only those in ``ids`` that are due).

    Guarantees: a row is sent by at most one sweep at a time (claim, then send); a due row
    is never dropped — it ends sent, done, cancelled, or failed with the reason. The sweep
    claims only what it can send within ``time_budget`` (``sweep_time_budget()`` unless
    given), so it returns before the task's soft time limit; what it did not reach stays
    due for the next sweep.
    """
    report = SweepReport()
    batch_size = batch_size or settings.REMINDERS_BATCH_SIZE
    budget = sweep_time_budget() if time_budget is None else time_budget
    deadline = time.monotonic() + budget
    report.recovered = _recover_stuck(now=now or timezone.now())
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return report
        limit = max(1, min(batch_size, int(left / report.seconds_per_message())))
        claimed = reminders_claim_due(now=now or timezone.now(), ids=ids, limit=limit)
        report.claimed += len(claimed)
        if claimed:
            _deliver(claimed, report, deadline=deadline)
        if len(claimed) < limit:
            return report


def _recover_stuck(*, now: datetime) -> int:
    """Puts rows a dead worker left in ``sending`` back in line (or fails them)."""
    stuck = Reminder.objects.filter(status=Status.SENDING, claimed_at__lt=now - sending_grace())
    gave_up = stuck.filter(attempts__gte=max_attempts()).update(
        status=Status.FAILED,
        claimed_at=None,
        last_error=f"Gave up after {max_attempts()} attempts: the worker stopped while sending.",
    )
    retried = stuck.filter(attempts__lt=max_attempts()).update(
        status=Status.SCHEDULED,
        next_attempt_at=now,
        claimed_at=None,
        last_error="The worker stopped while sending; retrying.",
    )
    if gave_up or retried:
        log.warning("Reminders stuck in sending: %s retried, %s failed", retried, gave_up)
    return gave_up + retried


def reminders_claim_due(*, now: datetime, limit: int, ids: list[int] | None = None) -> list[int]:
    """Claims up to ``limit`` due rows for this worker: ``scheduled → sending``.

    One short transaction. On PostgreSQL the rows are locked with SKIP LOCKED, so a second
    sweep running at the same moment takes other rows (or none); on SQLite the transaction
    takes the database's write lock first (``transaction_mode=IMMEDIATE``), so sweeps queue
    up and the second one finds the rows already claimed. The index ``reminder_sweep_due``
    serves the query, so its cost follows the number of due rows, not the table.
    """
    with transaction.atomic():
        due = Reminder.objects.filter(status=Status.SCHEDULED, next_attempt_at__lte=now)
        if ids is not None:
            due = due.filter(pk__in=ids)
        rows = list(
            due.order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        picked = list(rows)
        if picked:
            Reminder.objects.filter(pk__in=picked, status=Status.SCHEDULED).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    return picked


def _deliver(ids: list[int], report: SweepReport, *, deadline: float = float("inf")) -> None:
    rows = list(
        Reminder.objects.filter(pk__in=ids, status=Status.SENDING)
        .select_related("owner", "interview__company", "interview__application", "contact")
        .prefetch_related("interview__interviewers")
        .order_by("pk")
    )
    connection = None
    try:
        for index, reminder in enumerate(rows):
            if time.monotonic() >= deadline:
                _hand_back(rows[index:], report)
                return
            reminder.interview.owner = reminder.owner
            if not _still_wanted(reminder, report):
                continue
            accepted = False
            started = time.monotonic()
            try:
                try:
                    message = reminder_message(reminder)
                    if connection is None:
                        connection = get_connection(timeout=settings.REMINDERS_SMTP_TIMEOUT)
                        connection.open()
                    connection.send_messages([message])
                    accepted = True
                except SoftTimeLimitExceeded:
                    raise
                except Exception as exc:
                    temporary, error = classify_error(exc)
                    if not isinstance(exc, smtplib.SMTPResponseException) and connection:
                        close_quietly(connection)  # the connection may be broken; reopen next
                        connection = None
                    _record_failure(reminder, temporary=temporary, error=error, report=report)
                    continue
                finally:
                    report.attempted += 1
                    report.sending_seconds += time.monotonic() - started
                _mark_sent(reminder, report)
            except SoftTimeLimitExceeded:
                # Out of time despite the budget (a stalled database, say). An accepted
                # message is sent, whatever happens next; one whose fate is unknown stays
                # in sending and is retried after the grace period (the documented window);
                # rows not yet tried go back in line now.
                if accepted:
                    _mark_sent(reminder, report)
                _hand_back(rows[index + 1 :], report)
                raise
    finally:
        if connection is not None:
            close_quietly(connection)


def _mark_sent(reminder: Reminder, report: SweepReport) -> None:
    if _move_held(
        reminder, status=Status.SENT, sent_at=timezone.now(), last_error="", claimed_at=None
    ):
        report.sent += 1


def _hand_back(rows: list[Reminder], report: SweepReport) -> None:
    """Returns claimed rows this sweep has no time to send; they were never tried."""
    for reminder in rows:
        report.handed_back += _move_held(
            reminder, status=Status.SCHEDULED, claimed_at=None, attempts=F("attempts") - 1
        )
    if rows:
        log.info("Sweep out of time budget: %s reminders left for the next one", len(rows))


def _move_held(reminder: Reminder, **fields) -> int:
    """Changes the row only while this sweep still holds its claim; 1 if it did, else 0."""
    return Reminder.objects.filter(
        pk=reminder.pk, status=Status.SENDING, claimed_at=reminder.claimed_at
    ).update(**fields)


def _still_wanted(reminder: Reminder, report: SweepReport) -> bool:
    """Re-checks just before sending; settles or re-schedules the row if not wanted now."""
    p = plan_now(reminder)
    if not p.wanted:
        if p.why == "done":
            _move_held(reminder, status=Status.DONE, done_at=timezone.now(), claimed_at=None)
        else:
            _move_held(reminder, status=Status.CANCELLED, claimed_at=None)
        report.settled += 1
        return False
    due, overdue = with_snooze(p, reminder.snoozed_until)
    if due > timezone.now() and due != reminder.due_at:
        # The plan moved later since it was made (e.g. a later preferred hour).
        _move_held(
            reminder,
            status=Status.SCHEDULED,
            due_at=due,
            next_attempt_at=due,
            overdue_at=overdue,
            attempts=F("attempts") - 1,
            claimed_at=None,
        )
        report.settled += 1
        return False
    return True


def plan_now(reminder: Reminder) -> Plan:
    """What the row should be right now (a keep-in-touch note: one query, is it sent)."""
    if reminder.is_planned_note:
        assert reminder.planned_for is not None  # a planned note always has its day
        sent = ThankYouNote.objects.filter(
            interview_id=reminder.interview_id,
            recipient_id=reminder.contact_id,
            kind=ThankYouNote.Kind.KEEP_IN_TOUCH,
            sequence=reminder.sequence,
            status=ThankYouNote.Status.SENT,
        ).exists()
        return plan_keep_in_touch(reminder.interview, reminder.planned_for, note_sent=sent)
    return plan(reminder.interview, reminder.kind, armed_at=reminder.armed_at)


def _record_failure(reminder: Reminder, *, temporary: bool, error: str, report: SweepReport):
    attempts = reminder.attempts
    report.errors.append(error)
    if temporary and attempts < max_attempts():
        retry_at = timezone.now() + retry_backoff(attempts)
        _move_held(
            reminder,
            status=Status.SCHEDULED,
            next_attempt_at=retry_at,
            claimed_at=None,
            last_error=f"Attempt {attempts} failed ({error}); trying again soon.",
        )
        report.retrying += 1
        log.info("Reminder %s: temporary failure, retry at %s: %s", reminder.pk, retry_at, error)
    else:
        why = error if not temporary else f"Gave up after {attempts} attempts: {error}"
        _move_held(reminder, status=Status.FAILED, claimed_at=None, last_error=why)
        report.failed += 1
        log.warning("Reminder %s failed: %s", reminder.pk, why)
