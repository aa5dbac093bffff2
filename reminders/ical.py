"""Interviews and their open follow-ups as iCalendar (RFC 5545), written with icalendar.

One event per interview (cancelled ones stay, as ``STATUS:CANCELLED``) and one free
(``TRANSP:TRANSPARENT``) event per open follow-up at its due time, with a link back to
where it is done. Times are written in the person's zone with its ``VTIMEZONE``, so
calendar apps show them right across DST changes.

Every event keeps a stable ``UID``; ``LAST-MODIFIED``, ``DTSTAMP`` and ``SEQUENCE`` follow
the row's last change, so the same data gives the same bytes, and an edit moves them
forward. By default titles name the company and the kind of event only: a calendar is often
shared with a partner or shown on a work screen.

icalendar writes about a thousand events a second, so a feed is not rewritten whole on
every fetch: each event's text is cached under a digest of everything it is made of, and
the feed's ETag is a digest of all those digests, known before anything is written. A
calendar app's repeat fetch of unchanged data is a 304 after three queries; an edit
rewrites only the events it changed.
"""

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from icalendar import Calendar, Event, Timezone, vDuration

from interviews.models import Interview
from reminders.models import Reminder

log = logging.getLogger(__name__)

PRODID = "-//Afterview//Interview follow-ups//EN"
CALENDAR_NAME = "Afterview"
REFRESH = timedelta(hours=1)
FOLLOW_UP_LENGTH = timedelta(minutes=15)
# SEQUENCE counts seconds from here to the last change: it only ever grows, without a
# counter to keep in step on every path that saves an interview or moves a reminder.
SEQUENCE_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
# Bump when the way events are written changes, so no cached text outlives it.
FORMAT_VERSION = "1"
EVENT_CACHE_SECONDS = 7 * 24 * 3600

# What the events are made of; nothing else of an interview is loaded for the feed.
INTERVIEW_COLUMNS = (
    "owner_id",
    "company__name",
    "role",
    "round",
    "location",
    "starts_at",
    "duration_minutes",
    "cancelled",
    "updated_at",
)

FOLLOW_UP_TITLES: dict[str, str] = {
    Reminder.Kind.THANK_YOU: "Thank-you notes due",
    Reminder.Kind.REVIEW: "Self-review due",
    Reminder.Kind.DECISION: "Decision expected",
    Reminder.Kind.KEEP_IN_TOUCH: "Keep in touch",
}
FOLLOW_UP_ANCHORS: dict[str, str] = {
    Reminder.Kind.THANK_YOU: "notes-heading",
    Reminder.Kind.REVIEW: "review-heading",
    Reminder.Kind.DECISION: "outcome-heading",
    Reminder.Kind.KEEP_IN_TOUCH: "people-heading",
}


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "afterview"


def _interview_url(interview: Interview) -> str:
    """The interview page's absolute URL (one reverse() per process, not one per event)."""
    return settings.SITE_URL + _interview_path_prefix() + f"{interview.pk}/"


@lru_cache(maxsize=1)
def _interview_path_prefix() -> str:
    path = reverse("interviews:detail", kwargs={"interview_pk": 1})
    assert path.endswith("/1/"), path
    return path[: -len("1/")]


def _sequence(modified: datetime) -> int:
    return max(0, int((modified - SEQUENCE_EPOCH).total_seconds()))


def _stamp(event: Event, modified: datetime) -> None:
    modified = modified.astimezone(UTC).replace(microsecond=0)
    event.add("DTSTAMP", modified)
    event.add("LAST-MODIFIED", modified)
    event.add("SEQUENCE", _sequence(modified))


# --- One event ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventSpec:
    """Everything one event is made of: its digest names its cached text."""

    fields: tuple
    make: Callable[[], Event]

    @property
    def digest(self) -> str:
        return hashlib.sha256(repr(self.fields).encode()).hexdigest()


def interview_spec(interview: Interview, *, zone: ZoneInfo, details: bool) -> EventSpec:
    people = tuple(p.name for p in interview.interviewers.all()) if details else ()
    fields = (
        "interview",
        FORMAT_VERSION,
        settings.SITE_URL,
        zone.key,
        details,
        interview.pk,
        interview.updated_at,
        interview.company.name,
        interview.starts_at,
        interview.duration_minutes,
        interview.is_cancelled,
        (interview.role, interview.round, interview.location, people) if details else (),
    )
    return EventSpec(fields, lambda: interview_event(interview, zone=zone, details=details))


def interview_event(interview: Interview, *, zone: ZoneInfo, details: bool) -> Event:
    company = interview.company.name
    url = _interview_url(interview)
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


def follow_up_spec(reminder: Reminder, *, zone: ZoneInfo, details: bool) -> EventSpec:
    interview = reminder.interview
    fields = (
        "follow-up",
        FORMAT_VERSION,
        settings.SITE_URL,
        zone.key,
        details,
        interview.pk,
        reminder.kind,
        reminder.due_at,
        reminder.updated_at,
        interview.updated_at,
        interview.company.name,
        interview.role if details else "",
    )
    return EventSpec(fields, lambda: follow_up_event(reminder, zone=zone, details=details))


def follow_up_event(reminder: Reminder, *, zone: ZoneInfo, details: bool) -> Event:
    interview = reminder.interview
    url = f"{_interview_url(interview)}#{FOLLOW_UP_ANCHORS[reminder.kind]}"
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


# --- A whole calendar -----------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarFile:
    """A calendar to serve: its ETag is known before its text is written."""

    zone: ZoneInfo
    name: str
    specs: Sequence[EventSpec]
    years: tuple[int, int]

    @property
    def etag(self) -> str:
        whole = hashlib.sha256()
        whole.update(repr((FORMAT_VERSION, self.zone.key, self.name, self.years)).encode())
        for spec in self.specs:
            whole.update(spec.digest.encode())
        return f'"{whole.hexdigest()[:40]}"'

    def render(self) -> bytes:
        """The iCalendar text: ``METHOD:PUBLISH``, the zone's ``VTIMEZONE``, the events."""
        calendar = Calendar()
        calendar.add("PRODID", PRODID)
        calendar.add("VERSION", "2.0")
        calendar.add("CALSCALE", "GREGORIAN")
        calendar.add("METHOD", "PUBLISH")
        calendar.add("X-WR-CALNAME", self.name)
        calendar.add("X-WR-TIMEZONE", self.zone.key)
        calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))  # an X- name: typed by hand
        head = calendar.to_ical()
        end = b"END:VCALENDAR\r\n"
        assert head.endswith(end)
        parts = [head[: -len(end)]]
        if self.specs:
            parts.append(_vtimezone(self.zone.key, *self.years))
        parts.extend(_event_texts(self.specs))
        parts.append(end)
        return b"".join(parts)


def _years(instants: list[datetime]) -> tuple[int, int]:
    if not instants:
        return (0, 0)
    return (min(instants).year - 1, max(instants).year + 1)


@lru_cache(maxsize=64)
def _vtimezone(key: str, first_year: int, last_year: int) -> bytes:
    """The zone's rules over whole years around the events, so any client can place them."""
    component = Timezone.from_tzid(
        key, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )
    return component.to_ical()


def _event_texts(specs: Sequence[EventSpec]) -> list[bytes]:
    """Each event's text, from the cache where it was written before."""
    keys = [f"ical-event:{spec.digest}" for spec in specs]
    cache = caches["calendar"]
    try:
        cached = cache.get_many(keys)
    except Exception:  # the cache is down: write everything, serve it anyway
        log.warning("calendar event cache unavailable", exc_info=True)
        cached = {}
    texts, fresh = [], {}
    for key, spec in zip(keys, specs, strict=True):
        text = cached.get(key)
        if text is None:
            text = fresh[key] = spec.make().to_ical(sorted=False)
        texts.append(text)
    if fresh:
        try:
            cache.set_many(fresh, timeout=EVENT_CACHE_SECONDS)
        except Exception:
            log.warning("calendar event cache unavailable", exc_info=True)
    return texts


def feed_calendar(*, user, details: bool) -> CalendarFile:
    """Everything of ``user`` that the private feed publishes. Two queries (three with
    details), whatever the number of interviews: only the columns the events use, and each
    follow-up finds its interview among those already loaded."""
    zone = user.zone
    interviews = (
        Interview.objects.for_user(user)
        .filter(is_sample=False)  # the made-up example has no place in a real calendar
        .select_related("company")
        .only(*INTERVIEW_COLUMNS)
        .order_by("pk")
    )
    if details:
        interviews = interviews.prefetch_related("interviewers")
    follow_ups = (
        Reminder.objects.for_user(user)
        .open()
        .only("interview_id", "kind", "due_at", "updated_at")
        .order_by("interview_id", "kind")
    )
    specs, instants, by_pk = [], [], {}
    for interview in interviews:
        by_pk[interview.pk] = interview
        specs.append(interview_spec(interview, zone=zone, details=details))
        instants.append(interview.starts_at)
    for reminder in follow_ups:
        if reminder.interview_id not in by_pk:  # cannot be: one owner; never a KeyError
            continue
        reminder.interview = by_pk[reminder.interview_id]
        specs.append(follow_up_spec(reminder, zone=zone, details=details))
        instants.append(reminder.due_at)
    return CalendarFile(zone, CALENDAR_NAME, specs, _years(instants))


def interview_calendar(*, interview: Interview) -> CalendarFile:
    """One interview and its open follow-ups, for a one-off download (details included:
    the person asked for this file themselves)."""
    zone = interview.owner.zone
    follow_ups = list(Reminder.objects.filter(interview=interview).open().order_by("kind"))
    specs = [interview_spec(interview, zone=zone, details=True)]
    for reminder in follow_ups:
        reminder.interview = interview
        specs.append(follow_up_spec(reminder, zone=zone, details=True))
    instants = [interview.starts_at] + [r.due_at for r in follow_ups]
    return CalendarFile(
        zone, f"{CALENDAR_NAME}: {interview.company.name}", specs, _years(instants)
    )
