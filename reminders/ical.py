"""Interviews and their open follow-ups as iCalendar (RFC 5545), written with icalendar.

One event per interview (cancelled ones stay, as ``STATUS:CANCELLED``) and one free
(``TRANSP:TRANSPARENT``) event per open follow-up at its due time, with a link back to
where it is done. Times are written in the person's zone with its ``VTIMEZONE``, so
calendar apps show them right across DST changes.

Every event keeps a stable ``UID``; ``LAST-MODIFIED``, ``DTSTAMP`` and ``SEQUENCE`` follow
the row's last change, so the same data gives the same bytes (and ETag), and an edit moves
them forward. By default titles name the company and the kind of event only: a calendar
is often shared with a partner or shown on a work screen.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event

from interviews.models import Interview
from reminders.models import Reminder

PRODID = "-//Afterview//Interview follow-ups//EN"
CALENDAR_NAME = "Afterview"
REFRESH = timedelta(hours=1)
FOLLOW_UP_LENGTH = timedelta(minutes=15)
# SEQUENCE counts seconds from here to the last change: it only ever grows, without a
# counter to keep in step on every path that saves an interview or moves a reminder.
SEQUENCE_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)

FOLLOW_UP_TITLES = {
    Reminder.Kind.THANK_YOU: "Thank-you notes due",
    Reminder.Kind.REVIEW: "Self-review due",
    Reminder.Kind.DECISION: "Decision expected",
    Reminder.Kind.KEEP_IN_TOUCH: "Keep in touch",
}
FOLLOW_UP_ANCHORS = {
    Reminder.Kind.THANK_YOU: "notes-heading",
    Reminder.Kind.REVIEW: "review-heading",
    Reminder.Kind.DECISION: "outcome-heading",
    Reminder.Kind.KEEP_IN_TOUCH: "people-heading",
}


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "afterview"


def _sequence(modified: datetime) -> int:
    return max(0, int((modified - SEQUENCE_EPOCH).total_seconds()))


def _stamp(event: Event, modified: datetime) -> None:
    modified = modified.astimezone(UTC).replace(microsecond=0)
    event.add("DTSTAMP", modified)
    event.add("LAST-MODIFIED", modified)
    event.add("SEQUENCE", _sequence(modified))


def interview_event(interview: Interview, *, zone, details: bool) -> Event:
    company = interview.company.name
    url = f"{settings.SITE_URL}{interview.get_absolute_url()}"
    event = Event()
    event.add("UID", f"interview-{interview.pk}@{_host()}")
    _stamp(event, interview.updated_at)
    event.add("DTSTART", interview.starts_at.astimezone(zone))
    event.add("DTEND", interview.ends_at.astimezone(zone))
    if details:
        title = f"Interview: {interview.role} at {company}"
        if interview.round:
            title += f" ({interview.round})"
    else:
        title = f"Interview: {company}"
    event.add("SUMMARY", title)
    event.add("STATUS", "CANCELLED" if interview.is_cancelled else "CONFIRMED")
    event.add("TRANSP", "OPAQUE")
    event.add("CLASS", "PRIVATE")
    event.add("URL", url)
    lines = [f"Open in Afterview: {url}"]
    if details:
        if interview.location:
            event.add("LOCATION", interview.location)
        people = [person.name for person in interview.interviewers.all()]
        if people:
            lines.insert(0, "Interviewers: " + ", ".join(people))
    event.add("DESCRIPTION", "\n".join(lines))
    return event


def follow_up_event(reminder: Reminder, *, zone, details: bool) -> Event:
    interview = reminder.interview
    url = f"{settings.SITE_URL}{interview.get_absolute_url()}#{FOLLOW_UP_ANCHORS[reminder.kind]}"
    what = FOLLOW_UP_TITLES[reminder.kind]
    event = Event()
    event.add("UID", f"follow-up-{interview.pk}-{reminder.kind}@{_host()}")
    _stamp(event, max(reminder.updated_at, interview.updated_at))
    event.add("DTSTART", reminder.due_at.astimezone(zone))
    event.add("DURATION", FOLLOW_UP_LENGTH)
    if details:
        event.add("SUMMARY", f"{what}: {interview.role} at {interview.company.name}")
    else:
        event.add("SUMMARY", f"{what}: {interview.company.name}")
    # Free time: a follow-up is a nudge, not a meeting that blocks the calendar.
    event.add("TRANSP", "TRANSPARENT")
    event.add("CLASS", "PRIVATE")
    event.add("URL", url)
    event.add("DESCRIPTION", f"Do it in Afterview: {url}")
    return event


def build_calendar(
    *,
    zone,
    interviews: Iterable[Interview],
    follow_ups: Iterable[Reminder],
    details: bool,
    name: str = CALENDAR_NAME,
) -> bytes:
    """The iCalendar text (``METHOD:PUBLISH``) for these interviews and follow-ups."""
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", name)
    calendar.add("X-WR-TIMEZONE", zone.key)
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", REFRESH)
    first = last = None
    for interview in interviews:
        calendar.add_component(interview_event(interview, zone=zone, details=details))
        first = min(first or interview.starts_at, interview.starts_at)
        last = max(last or interview.ends_at, interview.ends_at)
    for reminder in follow_ups:
        calendar.add_component(follow_up_event(reminder, zone=zone, details=details))
        first = min(first or reminder.due_at, reminder.due_at)
        last = max(last or reminder.due_at, reminder.due_at)
    if first is not None and last is not None:
        # The zone's rules over the span of the events, so any client can place them.
        calendar.add_missing_timezones(
            first_date=(first - timedelta(days=366)).date(),
            last_date=(last + timedelta(days=366)).date(),
        )
    return calendar.to_ical()


def feed_calendar(*, user, details: bool) -> bytes:
    """Everything of ``user`` that the private feed publishes. Three queries (four with
    details), whatever the number of interviews."""
    interviews = Interview.objects.for_user(user).select_related("company").order_by("pk")
    if details:
        interviews = interviews.prefetch_related("interviewers")
    follow_ups = (
        Reminder.objects.for_user(user)
        .open()
        .select_related("interview__company")
        .order_by("interview_id", "kind")
    )
    return build_calendar(
        zone=user.zone, interviews=interviews, follow_ups=follow_ups, details=details
    )


def interview_calendar(*, interview: Interview) -> bytes:
    """One interview and its open follow-ups, for a one-off download (details included:
    the person asked for this file themselves)."""
    follow_ups = list(Reminder.objects.filter(interview=interview).open().order_by("kind"))
    for reminder in follow_ups:
        reminder.interview = interview
    return build_calendar(
        zone=interview.owner.zone,
        interviews=[interview],
        follow_ups=follow_ups,
        details=True,
        name=f"{CALENDAR_NAME}: {interview.company.name}",
    )
