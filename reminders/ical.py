"""Interviews and their open follow-ups as iCalendar (RFC 5545).

One event per interview (cancelled ones stay, as ``STATUS:CANCELLED``) and one free
(``TRANSP:TRANSPARENT``) event per open follow-up at its due time, with a link back to
where it is done. Times are written in the person's zone with its ``VTIMEZONE``, so
calendar apps show them right across DST changes.

Every event keeps a stable ``UID``; ``LAST-MODIFIED``, ``DTSTAMP`` and ``SEQUENCE`` follow
the row's last change, so the same data gives the same bytes, and an edit moves them
forward. By default titles name the company and the kind of event only: a calendar is often
shared with a partner or shown on a work screen.

A calendar app fetches the feed every hour, mostly for nothing new. So the feed's ETag is
the person's calendar stamp (``common.kept``), read in one query before any row is built:
database triggers move it on any change to the columns the events are made of, by whatever
path, so a repeat fetch of unchanged data is a 304 after that query, and nothing needs
telling.

The calendar's head and the zone's ``VTIMEZONE`` are written with icalendar. The events are
written here, line by line (escaping and folding by octets as RFC 5545 says): icalendar
builds an object per property and writes about a thousand events a second, and a feed of
1,000 interviews has some 2,000 events, which a calendar app would wait seconds for.
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Timezone, vDuration

from common.kept import stamp, watch
from interviews.models import Company, Contact, Interview
from reminders.models import Reminder

PRODID = "-//Afterview//Interview follow-ups//EN"
CALENDAR_NAME = "Afterview"
REFRESH = timedelta(hours=1)
FOLLOW_UP_LENGTH = timedelta(minutes=15)
# SEQUENCE counts seconds from here to the last change: it only ever grows, without a
# counter to keep in step on every path that saves an interview or moves a reminder.
SEQUENCE_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
# Part of every ETag: bump it when the way events are written changes.
FORMAT_VERSION = "3"

# What the events are made of, in ``InterviewRow``'s order; nothing else is read for the feed.
INTERVIEW_COLUMNS = (
    "company__name",
    "role",
    "round",
    "location",
    "starts_at",
    "duration_minutes",
    "cancelled",
    "updated_at",
)
# A keep-in-touch note is one per person and sequence: its contact and sequence name it.
FOLLOW_UP_COLUMNS = ("kind", "due_at", "updated_at", "contact_id", "sequence", "contact__name")

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


def _interview_url(interview_pk: int) -> str:
    """The interview page's absolute URL (one reverse() per process, not one per event)."""
    return settings.SITE_URL + _interview_path_prefix() + f"{interview_pk}/"


@lru_cache(maxsize=1)
def _interview_path_prefix() -> str:
    path = reverse("interviews:detail", kwargs={"interview_pk": 1})
    assert path.endswith("/1/"), path
    return path[: -len("1/")]


def _sequence(modified: datetime) -> int:
    return max(0, int((modified - SEQUENCE_EPOCH).total_seconds()))


# --- Writing events -------------------------------------------------------------------------


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): no line break or separator gets through."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def _line(name: str, value: str) -> bytes:
    """One content line, folded at 75 octets (never inside a UTF-8 character)."""
    raw = f"{name}:{value}".encode()
    if len(raw) <= 75:
        return raw + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and raw[end] & 0xC0 == 0x80:  # a continuation byte
            end -= 1
        parts.append(raw[start:end])
        start, limit = end, 74  # a folded line starts with a space
    return b"\r\n ".join(parts) + b"\r\n"


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(name: str, value: datetime, zone: ZoneInfo) -> bytes:
    return _line(f"{name};TZID={zone.key}", value.astimezone(zone).strftime("%Y%m%dT%H%M%S"))


def _stamped(modified: datetime) -> list[bytes]:
    modified = modified.astimezone(UTC).replace(microsecond=0)
    return [
        _line("DTSTAMP", _utc(modified)),
        _line("LAST-MODIFIED", _utc(modified)),
        _line("SEQUENCE", str(_sequence(modified))),
    ]


@dataclass(frozen=True)
class InterviewRow:
    """What an interview's event is made of, and nothing else."""

    pk: int
    company: str
    role: str
    round: str
    location: str
    starts_at: datetime
    duration_minutes: int
    cancelled: bool
    updated_at: datetime
    interviewers: tuple[str, ...] = ()

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True)
class FollowUpRow:
    """What an open follow-up's event is made of."""

    kind: str
    due_at: datetime
    updated_at: datetime
    # For a keep-in-touch note: to whom (and which of their notes); None for the others.
    contact_id: int | None = None
    sequence: int = 0
    contact_name: str | None = None

    def uid(self, interview_pk: int) -> str:
        """Stable for the follow-up's life, and one per event: each keep-in-touch note
        (person, sequence) has its own, or calendars would merge them into one."""
        if self.contact_id is not None:
            return f"keep-in-touch-{interview_pk}-{self.contact_id}-{self.sequence}@{_host()}"
        return f"follow-up-{interview_pk}-{self.kind}@{_host()}"


def interview_event(row: InterviewRow, *, zone: ZoneInfo, details: bool) -> bytes:
    url = _interview_url(row.pk)
    if details:
        title = f"Interview: {row.role} at {row.company}"
        if row.round:
            title += f" ({row.round})"
    else:
        title = f"Interview: {row.company}"
    lines = [f"Open in Afterview: {url}"]
    if details and row.interviewers:
        lines.insert(0, "Interviewers: " + ", ".join(row.interviewers))
    return b"".join(
        [
            b"BEGIN:VEVENT\r\n",
            _line("UID", f"interview-{row.pk}@{_host()}"),
            *_stamped(row.updated_at),
            _local("DTSTART", row.starts_at, zone),
            _local("DTEND", row.ends_at, zone),
            _line("SUMMARY", _text(title)),
            _line("STATUS", "CANCELLED" if row.cancelled else "CONFIRMED"),
            _line("TRANSP", "OPAQUE"),
            _line("CLASS", "PRIVATE"),
            _line("URL", url),
            _line("LOCATION", _text(row.location)) if details and row.location else b"",
            _line("DESCRIPTION", _text("\n".join(lines))),
            b"END:VEVENT\r\n",
        ]
    )


def follow_up_event(
    follow_up: FollowUpRow, interview: InterviewRow, *, zone: ZoneInfo, details: bool
) -> bytes:
    url = f"{_interview_url(interview.pk)}#{FOLLOW_UP_ANCHORS[follow_up.kind]}"
    what = FOLLOW_UP_TITLES[follow_up.kind]
    if details:
        # Who the follow-up is for: the person to write to, or the panel to thank.
        if follow_up.contact_name:
            what = f"{what} with {follow_up.contact_name}"
        elif follow_up.kind == Reminder.Kind.THANK_YOU and interview.interviewers:
            what = f"Thank-you notes to {_names(interview.interviewers)} due"
        title = f"{what}: {interview.role} at {interview.company}"
    else:
        title = f"{what}: {interview.company}"
    return b"".join(
        [
            b"BEGIN:VEVENT\r\n",
            _line("UID", follow_up.uid(interview.pk)),
            *_stamped(max(follow_up.updated_at, interview.updated_at)),
            _local("DTSTART", follow_up.due_at, zone),
            _line("DURATION", "PT15M"),
            _line("SUMMARY", _text(title)),
            # Free time: a follow-up is a nudge, not a meeting that blocks the calendar.
            _line("TRANSP", "TRANSPARENT"),
            _line("CLASS", "PRIVATE"),
            _line("URL", url),
            _line("DESCRIPTION", _text(f"Do it in Afterview: {url}")),
            b"END:VEVENT\r\n",
        ]
    )


def _names(names: tuple[str, ...]) -> str:
    """ "Jordan Lee", "Jordan Lee and Priya Natarajan", "Jordan Lee, Priya Natarajan and 2
    others": a title stays a line long."""
    if len(names) <= 2:
        return " and ".join(names)
    if len(names) == 3:
        return f"{names[0]}, {names[1]} and {names[2]}"
    return f"{names[0]}, {names[1]} and {len(names) - 2} others"


# --- A whole calendar -----------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarFile:
    """A calendar to serve: its ETag is known before its events are read or written."""

    zone: ZoneInfo
    name: str
    etag: str
    # Reads the rows and writes the events: (their texts, the years they span).
    events: Callable[[], tuple[list[bytes], tuple[int, int]]]

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
        texts, years = self.events()
        parts = [head[: -len(end)]]
        if texts:
            parts.append(_vtimezone(self.zone.key, *years))
        parts.extend(texts)
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


def _etag(*parts) -> str:
    whole = hashlib.sha256(repr((FORMAT_VERSION, settings.SITE_URL, *parts)).encode())
    return f'"{whole.hexdigest()[:40]}"'


# --- The private feed -----------------------------------------------------------------------


def _feed_interviews(user):
    # The made-up example has no place in a real calendar.
    return Interview.objects.for_user(user).filter(is_sample=False)


# What the feed's events are made of: a change to any of it, by any path, moves the person's
# calendar stamp (``common.kept``), which is the feed's ETag (``feed_calendar``).
# Each named as it is read (``INTERVIEW_COLUMNS``, ``FOLLOW_UP_COLUMNS``), its own field
# taken for a column read through it ("company__name": the company).
watch(
    Interview,
    topic="calendar",
    fields=["owner", "is_sample", *(name.split("__")[0] for name in INTERVIEW_COLUMNS)],
)
watch(Company, Contact, topic="calendar", fields=["owner", "name"])
watch(
    Reminder,
    topic="calendar",
    fields=[
        "owner",
        "interview",
        "status",
        *(name.split("__")[0].removesuffix("_id") for name in FOLLOW_UP_COLUMNS),
    ],
)
watch(Interview.interviewers.through, topic="calendar", owner_path="interview__owner")


def feed_calendar(*, user, details: bool) -> CalendarFile:
    """Everything of ``user`` that the private feed publishes. Its ETag costs one query
    (the calendar stamp); writing it two more (three with details), whatever the number
    of interviews: only the columns the events use, as plain rows."""
    zone = user.zone

    def events() -> tuple[list[bytes], tuple[int, int]]:
        panels: dict[int, list[str]] = {}
        if details:
            through = Interview.interviewers.through.objects.filter(
                interview__in=_feed_interviews(user).values("pk")
            )
            for interview_id, name in through.order_by(
                "interview_id", "contact__name", "pk"
            ).values_list("interview_id", "contact__name"):
                panels.setdefault(interview_id, []).append(name)
        rows: dict[int, InterviewRow] = {}
        for values in _feed_interviews(user).order_by("pk").values_list("pk", *INTERVIEW_COLUMNS):
            row = InterviewRow(*values)
            if row.pk in panels:
                row = replace(row, interviewers=tuple(panels[row.pk]))
            rows[row.pk] = row
        texts = [interview_event(row, zone=zone, details=details) for row in rows.values()]
        instants = [row.starts_at for row in rows.values()]
        for interview_id, *columns in (
            Reminder.objects.for_user(user)
            .open()
            .order_by("interview_id", "kind", "contact_id", "sequence")
            .values_list("interview_id", *FOLLOW_UP_COLUMNS)
        ):
            interview = rows.get(interview_id)
            if interview is None:  # the sample's, which stays out
                continue
            follow_up = FollowUpRow(*columns)
            texts.append(follow_up_event(follow_up, interview, zone=zone, details=details))
            instants.append(follow_up.due_at)
        return texts, _years(instants)

    # No stamp while the triggers are not in place: an ETag that matches nothing.
    current = stamp(user.pk, "calendar") or secrets.token_hex(16)
    etag = _etag(zone.key, details, CALENDAR_NAME, user.pk, current)
    return CalendarFile(zone, CALENDAR_NAME, etag, events)


def interview_calendar(*, interview: Interview) -> CalendarFile:
    """One interview and its open follow-ups, for a one-off download (details included:
    the person asked for this file themselves). Small: its ETag is a digest of its text."""
    zone = interview.owner.zone
    row = InterviewRow(
        interview.pk,
        interview.company.name,
        interview.role,
        interview.round,
        interview.location,
        interview.starts_at,
        interview.duration_minutes,
        interview.is_cancelled,
        interview.updated_at,
        interviewers=tuple(person.name for person in interview.interviewers.all()),
    )
    follow_ups = [
        FollowUpRow(*columns)
        for columns in Reminder.objects.filter(interview=interview)
        .open()
        .order_by("kind", "contact_id", "sequence")
        .values_list(*FOLLOW_UP_COLUMNS)
    ]
    texts = [interview_event(row, zone=zone, details=True)]
    texts += [follow_up_event(f, row, zone=zone, details=True) for f in follow_ups]
    years = _years([row.starts_at, *(f.due_at for f in follow_ups)])
    name = f"{CALENDAR_NAME}: {interview.company.name}"
    return CalendarFile(zone, name, _etag(zone.key, name, texts), lambda: (texts, years))
