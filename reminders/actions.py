"""What a person does to a reminder from a page or an email link: snooze, done, unsubscribe.

Each checks the row is still in a state where the action makes sense, and changes it only if
nobody moved it on meanwhile, so a replayed link or a double click changes nothing.
"""

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from reminders.models import Reminder
from reminders.planning import preference_field

Status = Reminder.Status


def reminder_snooze(*, reminder: Reminder, now: datetime | None = None) -> bool:
    """Moves the reminder a day later (same local time tomorrow). False if it cannot be."""
    if not reminder.can_snooze:
        return False
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    zone = reminder.owner.zone
    until = (now.astimezone(zone) + timedelta(days=1)).astimezone(UTC)
    return reminder.move(
        status=Status.SCHEDULED,
        due_at=until,
        next_attempt_at=until,
        snoozed_until=until,
        overdue_at=max(reminder.overdue_at, until + timedelta(days=1)),
        attempts=0,
        last_error="",
        claimed_at=None,
    )


def reminder_mark_done(*, reminder: Reminder) -> bool:
    """Settles the reminder: no (more) email. It does not pretend the note is written."""
    if not reminder.can_mark_done:
        return False
    return reminder.move(status=Status.DONE, done_at=timezone.now(), claimed_at=None)


@transaction.atomic
def reminders_unsubscribe(*, user, kind: str) -> bool:
    """Turns one kind of reminder off for ``user``; waiting ones are cancelled.

    Returns False when it was already off (a replayed link changes nothing).
    """
    name = preference_field(kind)
    if not getattr(user, name):
        return False
    setattr(user, name, False)
    user.save(update_fields=[name])
    Reminder.objects.filter(
        owner=user, kind=kind, status__in=[Status.SCHEDULED, Status.FAILED]
    ).update(status=Status.CANCELLED)
    return True
