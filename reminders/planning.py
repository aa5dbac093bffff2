"""When each reminder of an interview is due, in the person's own time zone.

Pure functions of the interview and its owner's preferences: no queries, no side effects,
so the planner and the sweep (which re-checks before sending) always agree.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from interviews.models import Interview
from reminders.models import Reminder

Kind = Reminder.Kind

REVIEW_DELAY = timedelta(hours=2)
# A self-review due in these local hours waits for the morning instead.
NIGHT_STARTS, NIGHT_ENDS = 21, 7
# The thank-you note is late after the second day following the interview.
THANK_YOU_GRACE_DAYS = 2
# Other reminders count as late a day after they were due.
OVERDUE_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Plan:
    """What a reminder should be: due at ``due_at``, or settled (``why``: done / off)."""

    due_at: datetime | None
    overdue_at: datetime | None = None
    why: str = ""

    @property
    def wanted(self) -> bool:
        return self.due_at is not None


DONE = Plan(None, why="done")
OFF = Plan(None, why="off")
# The meeting was called off: nothing to follow up, even a reminder already emailed.
CANCELLED = Plan(None, why="cancelled")


def local_at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """``hour``:00 on ``day`` where the person lives, as UTC.

    On a spring-forward day an hour that does not exist (2:00 in New York) lands an hour
    later on the clock, the same instant as before the jump; on a fall-back day an hour
    that happens twice means its first occurrence. Either way: one instant, sent once.
    """
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


# An invite imported after its follow-up was due (last month's interview): no reminder.
PAST = Plan(None, why="past")


def plan(interview: Interview, kind: str, *, armed_at: datetime) -> Plan:
    """The plan for one kind of reminder of ``interview`` (its owner must be loaded).

    An interview imported from an invite is often an old one (the person catches up on
    their calendar): a reminder that was due before it was armed is not planned, so an old
    invite never sends a burst of late reminders; only the ones still ahead are.
    """
    p = _plan(interview, kind, armed_at=armed_at)
    if interview.invite_uid and p.due_at is not None and p.due_at < armed_at:
        return PAST
    return p


def _plan(interview: Interview, kind: str, *, armed_at: datetime) -> Plan:
    if interview.is_cancelled:
        return CANCELLED
    if interview.is_sample:
        return OFF  # the example to look around in sends no email
    user = interview.owner
    zone = user.zone
    hour = user.reminder_hour
    ends_local = interview.ends_at.astimezone(zone)

    if kind == Kind.THANK_YOU:
        if not user.remind_thank_you:
            return OFF
        if interview.notes_done_at is not None:
            return DONE
        day = ends_local.date()
        return Plan(
            local_at(day + timedelta(days=1), hour, zone),
            local_at(day + timedelta(days=THANK_YOU_GRACE_DAYS + 1), 0, zone),
        )

    if kind == Kind.REVIEW:
        if not user.remind_review:
            return OFF
        if interview.review_done_at is not None:
            return DONE
        due = interview.ends_at + REVIEW_DELAY
        local = due.astimezone(zone)
        if local.hour >= NIGHT_STARTS:
            due = local_at(local.date() + timedelta(days=1), hour, zone)
        elif local.hour < NIGHT_ENDS:
            due = max(due, local_at(local.date(), hour, zone))
        return Plan(due, due + OVERDUE_AFTER)

    if kind == Kind.DECISION:
        if not user.remind_decision:
            return OFF
        # One check-in per application, on its latest round.
        application = interview.application
        if application.outcome != Interview.Outcome.AWAITING or application.decision_date is None:
            return OFF
        if not interview.is_latest_round:
            return OFF
        due = local_at(application.decision_date, hour, zone)
        return Plan(due, due + OVERDUE_AFTER)

    if kind == Kind.KEEP_IN_TOUCH:
        # Keep in touch is planned per person, note by note (``plan_keep_in_touch``); an
        # interview-wide row of this kind is from before that and is not sent.
        return OFF

    raise ValueError(f"unknown reminder kind {kind!r}")


# A keep-in-touch note counts as late a week after its day.
KEEP_IN_TOUCH_GRACE = timedelta(days=7)
# Months after the application ended that the notes are suggested for, by default.
KEEP_IN_TOUCH_MONTHS = (3, 6)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 Aug + 3 → 30 Nov)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in range(day.day, 27, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def plan_keep_in_touch(interview: Interview, planned_for: date, *, note_sent: bool) -> Plan:
    """The plan for one keep-in-touch note the person chose: due at their reminder hour on
    ``planned_for`` where they live now (so a move or a DST change keeps the day and the
    hour), settled once the note is sent, and off if the application no longer ended
    with a "no" or the person turned keep-in-touch reminders off."""
    if interview.is_sample:
        return OFF
    user = interview.owner
    if note_sent:
        return DONE
    if not user.remind_keep_in_touch:
        return OFF
    if not interview.application.ended_with_a_no:
        return CANCELLED
    due = local_at(planned_for, user.reminder_hour, user.zone)
    return Plan(due, due + KEEP_IN_TOUCH_GRACE)


def with_snooze(p: Plan, snoozed_until: datetime | None) -> tuple[datetime, datetime]:
    """The plan's due and overdue times, never before a snooze the person chose."""
    assert p.due_at is not None and p.overdue_at is not None
    if snoozed_until is None or snoozed_until <= p.due_at:
        return p.due_at, p.overdue_at
    return snoozed_until, max(p.overdue_at, snoozed_until + timedelta(days=1))


def preference_field(kind: str) -> str:
    """The profile switch that turns a kind of reminder on or off."""
    fields: dict[str, str] = {
        Kind.THANK_YOU: "remind_thank_you",
        Kind.REVIEW: "remind_review",
        Kind.DECISION: "remind_decision",
        Kind.KEEP_IN_TOUCH: "remind_keep_in_touch",
    }
    return fields[kind]
