"""Reading a calendar invite (RFC 5545) into what an interview needs.

An invite is untrusted input: a file someone else wrote. ``read_invite`` bounds its size,
its nesting and its number of events, refuses what cannot be an interview (no start, dates
far away, a rule that repeats forever), and returns plain values. It never follows a URL in
the invite: links are only picked out as text, for the person to see and correct.

Parsing is icalendar's. Time zones are resolved here, not through icalendar's process-wide
cache of ``VTIMEZONE`` blocks: Outlook calls every custom zone "Customized Time Zone", so a
cache keyed by that name would give one person's invite another person's offsets. An IANA
name wins, then a Windows name as Outlook writes it, then the invite's own ``VTIMEZONE``.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from django.db.models.functions import Lower
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from accounts.models import time_zone_names
from interviews.models import Company, Contact

# Real invites are a few kilobytes; Outlook's with a long HTML description reach ~60 KB.
INVITE_MAX_BYTES = 256 * 1024
# VCALENDAR > VEVENT > VALARM is as deep as an invite goes.
MAX_DEPTH = 3
MAX_COMPONENTS = 40
MAX_TIME_ZONES = 4
# An interview happens within these bounds of today; anything else is a typo or a trick.
MAX_YEARS_BACK = 10
MAX_YEARS_AHEAD = 3
MAX_DURATION = timedelta(hours=12)
DEFAULT_DURATION_MINUTES = 60
# An all-day invite gives no time: the preview starts it at this local hour.
ALL_DAY_HOUR = 9

FIELD_LIMITS = {"summary": 200, "location": 300, "name": 150, "email": 254, "uid": 255}

# Video meeting links worth offering as the interview's location. Only read, never fetched.
MEETING_HOSTS = (
    "zoom.us",
    "zoomgov.com",
    "teams.microsoft.com",
    "teams.live.com",
    "meet.google.com",
    "webex.com",
    "whereby.com",
    "chime.aws",
    "bluejeans.com",
    "gotomeeting.com",
)
MEETING_URL = re.compile(r"https://[^\s<>\"'()]+", re.IGNORECASE)
# Properties in which Google and Microsoft put the meeting link.
MEETING_PROPERTIES = (
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
    "URL",
)
# What Teams, Zoom and Google write as LOCATION when the meeting is only a link.
MEETING_PLACEHOLDERS = {
    "microsoft teams meeting",
    "microsoft teams-besprechung",
    "zoom",
    "zoom meeting",
    "google meet",
    "online",
    "video call",
}
PHONE = re.compile(r"^(tel:)?\+?[\d\s().-]{6,}$", re.IGNORECASE)

# Addresses that send invites for a person, a team or a system, never a person to thank.
ROBOT_LOCAL_PARTS = re.compile(
    r"^(no-?reply|do-?not-?reply|calendar-notification|notifications?|notify|invites?|"
    r"invitations?|scheduling|calendars?|info|information|contact|hello|support|help|admin|"
    r"office|team|events?|meetings?|reminders?|updates?|news|mailer(-daemon)?|postmaster|"
    r"bounces?|jobs|careers|recruiting|recruitment|talent|hiring|hr)"
    r"([+.-].*)?$",
    re.IGNORECASE,
)
# Of those, the ones a company's own people write from: their domain still names the company.
COMPANY_LOCAL_PARTS = re.compile(
    r"^(info|information|contact|hello|office|team|jobs|careers|recruiting|recruitment|talent|"
    r"hiring|hr)([+.-].*)?$",
    re.IGNORECASE,
)
ROOM_DOMAINS = ("resource.calendar.google.com",)
# Relays that stand for a person's own address, which ``EMAIL=`` gives (iCloud's iMIP relay).
RELAY_DOMAINS = ("imip.me.com",)
# Answers to an invitation (RFC 5546), not invitations: nothing to import.
ANSWER_METHODS = {"REPLY", "COUNTER", "DECLINECOUNTER", "REFRESH"}
# Attendees who will not be there: listed, but not ticked as interviewers.
ABSENT_PARTSTATS = {"DECLINED", "DELEGATED"}
# Zone names that point at "this computer's zone": they name no place (the sender's machine
# knew it; we cannot), so the time is read in the person's own zone and they are asked.
LOCAL_ZONE_NAMES = {"localtime", "etc/localtime", "posixrules", "factory"}

ROUND_WORDS = (
    ("phone screen", "Phone screen"),
    ("recruiter", "Recruiter call"),
    ("hiring manager", "Hiring manager"),
    ("technical", "Technical"),
    ("system design", "System design"),
    ("take-home", "Take-home review"),
    ("onsite", "Onsite"),
    ("on-site", "Onsite"),
    ("panel", "Panel"),
    ("final", "Final round"),
)
SUMMARY_PREFIXES = re.compile(
    r"^\s*((updated |new )?invitation|invite|fw|fwd|canceled|cancelled|interview)\s*[:\-–]\s*",
    re.IGNORECASE,
)


def invite_content_digest(starts_at: datetime, duration_minutes: int, location: str) -> str:
    """A digest of what an update of an invite applies: its start, length and place."""
    seed = f"{starts_at.astimezone(UTC).isoformat()}|{duration_minutes}|{location}"
    return hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()


class InviteError(ValueError):
    """The invite cannot be imported; ``str()`` is a sentence for the person."""


@dataclass(frozen=True)
class InvitePerson:
    name: str
    # "" when the invite gives only a relay address for them (iCloud without ``EMAIL=``).
    email: str
    organizer: bool = False
    # Declined, delegated their place, or is listed only for information: not ticked.
    absent: bool = False


@dataclass(frozen=True)
class Invite:
    uid: str
    sequence: int
    cancelled: bool
    summary: str
    starts_at: datetime  # UTC
    # The IANA zone the invite was written in, or "" when it carried a custom zone only.
    time_zone: str
    all_day: bool
    duration_minutes: int
    location: str
    meeting_url: str
    organizer: InvitePerson | None
    # Organizer and attendees, minus the person, rooms, resources and robots; organizer first.
    people: tuple[InvitePerson, ...]
    repeats: bool = False
    notes: tuple[str, ...] = field(default=())
    # Domains of team addresses (jobs@, info@…) left out of ``people``: they still name the
    # company when no person does.
    team_domains: tuple[str, ...] = field(default=())

    @property
    def content_digest(self) -> str:
        """What this version says that an update applies (start, length, place), hashed:
        two versions with one SEQUENCE differ if their digests do."""
        return invite_content_digest(self.starts_at, self.duration_minutes, self.location)

    @property
    def organizer_domain(self) -> str:
        return self.organizer.email.rpartition("@")[2] if self.organizer else ""

    @property
    def role(self) -> str:
        """The event's title without "Invitation:"-style prefixes: a first guess at the role."""
        text = self.summary
        for _ in range(3):
            text = SUMMARY_PREFIXES.sub("", text)
        return text.strip() or self.summary

    @property
    def round(self) -> str:
        lowered = self.summary.lower()
        return next((label for word, label in ROUND_WORDS if word in lowered), "")

    @property
    def format(self) -> str:
        """One of Interview.Format's values, guessed from where it takes place."""
        if self.meeting_url:
            return "video"
        if PHONE.match(self.location):
            return "phone"
        return "in_person" if self.location else "video"


def decode_invite(data: bytes | str) -> str:
    """The invite's text, or InviteError if it is too big, binary or not UTF-8."""
    if isinstance(data, str):
        if len(data) > INVITE_MAX_BYTES:
            raise InviteError(_too_big())
        data = data.encode("utf-8", errors="surrogatepass")
    if len(data) > INVITE_MAX_BYTES:
        raise InviteError(_too_big())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InviteError(
            "This file's text is not readable (it is not UTF-8, as calendar invites are). "
            "Open the invite in your calendar and export or copy it again."
        ) from None
    if "\x00" in text:
        raise InviteError("This is not a calendar invite: it holds binary data.")
    return text


def _too_big() -> str:
    return f"This file is larger than {INVITE_MAX_BYTES // 1024} KB; an invite is much smaller."


def read_invite(
    data: bytes | str, *, own_emails: tuple[str, ...] = (), zone: tzinfo = UTC
) -> Invite:
    """Reads one invite. ``own_emails`` are the person's addresses (never an interviewer);
    ``zone`` is theirs, for times written without a zone and for all-day invites.

    Raises InviteError with a sentence to show for anything it cannot import.
    """
    text = decode_invite(data)
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise InviteError(
            "This is not a calendar invite: it should start with BEGIN:VCALENDAR. "
            "Upload the .ics file, or paste its whole text."
        )
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception:  # icalendar raises several kinds on malformed input
        raise InviteError(
            "This calendar file is damaged and cannot be read. Export the invite again."
        ) from None
    _check_shape(calendar)
    method = str(calendar.get("METHOD", "")).strip().upper()
    if method in ANSWER_METHODS:
        raise InviteError(
            "This is an answer to an invitation (someone accepted, declined or proposed another "
            "time), not the invitation itself, so there is nothing to import. Import the "
            "invitation you received instead."
        )
    events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    if not events:
        raise InviteError("This calendar file holds no event to import.")
    event, series = _one_event(events)
    return _read_event(
        calendar,
        event,
        own_emails={e.lower() for e in own_emails},
        zone=zone,
        series=series,
    )


def _one_event(events: list) -> tuple:
    """The event to import, and the series it belongs to if the file holds one with some
    meetings moved (RECURRENCE-ID), else None.

    A series with some meetings moved is one event (the series) and one more per moved
    meeting, all with one UID. If the first meeting is the one moved, its override is what
    is imported; any other file of several events is refused.
    """
    if len(events) > 1:
        uids = {_text(event.get("UID")).strip() for event in events}
        series = [event for event in events if event.get("RECURRENCE-ID") is None]
        if len(uids) == 1 and "" not in uids and len(series) == 1:
            master = series[0]
            overrides = [event for event in events if event is not master]
            first = _value(master, "DTSTART")
            for override in overrides:
                if _same_moment(_value(override, "RECURRENCE-ID"), first):
                    return override, master
            return master, master
        raise InviteError(
            f"This calendar file holds {len(events)} events. Import one interview invite at a "
            "time."
        )
    return events[0], None


def _same_moment(a, b) -> bool:
    """Whether a RECURRENCE-ID names the meeting that starts at ``b`` (DTSTART)."""
    if a is None or b is None:
        return False
    if isinstance(a, datetime) and isinstance(b, datetime):
        if (a.tzinfo is None) != (b.tzinfo is None):
            return a.replace(tzinfo=None) == b.replace(tzinfo=None)
        return a == b
    day_a = a.date() if isinstance(a, datetime) else a
    day_b = b.date() if isinstance(b, datetime) else b
    return day_a == day_b


def _check_shape(calendar) -> None:
    """Bounds nesting and size, walking iteratively (no recursion on hostile input)."""
    count = 0
    stack = [(calendar, 1)]
    time_zones = 0
    while stack:
        component, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH or count > MAX_COMPONENTS:
            raise InviteError(
                "This calendar file is nested too deeply or holds too many parts to be an invite."
            )
        if component.name == "VTIMEZONE":
            time_zones += 1
        stack.extend((child, depth + 1) for child in component.subcomponents)
    if time_zones > MAX_TIME_ZONES:
        raise InviteError("This calendar file defines too many time zones to be an invite.")


def _read_event(calendar, event, *, own_emails: set[str], zone: tzinfo, series=None) -> Invite:
    notes: list[str] = []
    starts_at, time_zone, all_day = _start(calendar, event, zone, notes)
    now = datetime.now(UTC)
    if not (
        now - timedelta(days=365 * MAX_YEARS_BACK)
        <= starts_at
        <= now + timedelta(days=365 * MAX_YEARS_AHEAD)
    ):
        raise InviteError(
            f"This invite starts on {starts_at:%Y-%m-%d}, more than {MAX_YEARS_BACK} years ago "
            f"or {MAX_YEARS_AHEAD} years ahead; that cannot be the interview."
        )
    duration = _duration(calendar, event, starts_at, zone, all_day)
    if all_day:
        notes.append("The invite gives a date only (all day): check the start time.")

    repeats = False
    # A moved first meeting is imported; whether the series ends is the series' rule.
    rules = (series if series is not None else event).get("RRULE")
    if rules is not None:
        readable = True
        for rule in rules if isinstance(rules, list) else [rules]:
            parsed = _rule(rule)
            if parsed is None:
                readable = False
            elif not ("COUNT" in parsed or "UNTIL" in parsed):
                raise InviteError(
                    "This invite repeats with no end. An interview happens once: import the "
                    "invite of the one meeting instead."
                )
        repeats = True
        notes.append(
            "The invite repeats; the first meeting is imported."
            if readable
            else "The invite repeats (its rule could not be read); the first meeting is imported."
        )
    if series is not None:
        notes.append(
            "Some meetings of this series were moved; the first meeting is imported as the "
            "invite says it is now."
        )

    method = str(calendar.get("METHOD", "")).strip().upper()
    status = str(event.get("STATUS", "")).strip().upper()
    summary = _clean(_text(event.get("SUMMARY")), FIELD_LIMITS["summary"])
    location = _clean(_text(event.get("LOCATION")), FIELD_LIMITS["location"])
    meeting_url = _meeting_url(event, location)
    if meeting_url and (not location or location.lower() in MEETING_PLACEHOLDERS):
        location = meeting_url[: FIELD_LIMITS["location"]]

    team_domains: list[str] = []
    organizer = _person(event.get("ORGANIZER"), organizer=True, team_domains=team_domains)
    people: list[InvitePerson] = []
    seen: set[str] = set()
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    for person in [organizer, *(_person(a, team_domains=team_domains) for a in attendees)]:
        if person is None or person.email in own_emails:
            continue
        key = person.email or "name:" + person.name.lower()
        if key in seen:
            if not person.absent:  # listed twice (organizer and attendee): their answer wins
                people = [
                    replace(p, absent=False) if (p.email or "name:" + p.name.lower()) == key else p
                    for p in people
                ]
            continue
        seen.add(key)
        people.append(person)

    return Invite(
        uid=_uid(event, starts_at, summary, organizer),
        sequence=_sequence(event),
        cancelled=method == "CANCEL" or status == "CANCELLED",
        summary=summary,
        starts_at=starts_at,
        time_zone=time_zone,
        all_day=all_day,
        duration_minutes=duration,
        location=location,
        meeting_url=meeting_url,
        organizer=organizer if organizer and organizer.email not in own_emails else None,
        people=tuple(people),
        repeats=repeats,
        notes=tuple(notes),
        team_domains=tuple(dict.fromkeys(team_domains)),
    )


def _rule(rule) -> dict | None:
    """An RRULE as icalendar reads it, or read again leniently: Exchange writes
    ``BYDAY=MO, TU, WE`` with spaces, which icalendar keeps as unreadable. None if it
    still cannot be read."""
    if isinstance(rule, dict):
        return rule
    try:
        return icalendar.vRecur.from_ical("".join(str(rule).split()))
    except Exception:  # icalendar raises several kinds on a malformed rule
        return None


def _value(event, name: str):
    """A property's decoded value, or None if absent or unreadable."""
    prop = event.get(name)
    if prop is None:
        return None
    try:
        return prop.dt
    except Exception:  # a broken property (vBroken) raises on access
        return None


def _start(calendar, event, zone: tzinfo, notes: list[str]) -> tuple[datetime, str, bool]:
    prop = event.get("DTSTART")
    value = _value(event, "DTSTART")
    if prop is None or value is None:
        raise InviteError("This invite has no readable start time (DTSTART).")
    if isinstance(value, date) and not isinstance(value, datetime):
        local = datetime.combine(value, time(ALL_DAY_HOUR), tzinfo=zone)
        return local.astimezone(UTC), _zone_name(zone), True
    return _aware(calendar, prop, value, zone, notes)


def _aware(
    calendar, prop, value: datetime, zone: tzinfo, notes: list[str] | None = None
) -> tuple[datetime, str, bool]:
    """The instant a DATE-TIME names, with its zone resolved by our rules (see the module)."""
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    wall = value.replace(tzinfo=None)
    if tzid:
        found = _zone_for(calendar, str(tzid))
        if found is None:
            # "This computer's zone": the sender's, which the invite does not say.
            if notes is not None:
                notes.append(
                    f"The invite's time zone (“{str(tzid)[:60]}”) names no place, so the time "
                    "is read in your own zone: check the time and the zone."
                )
            return wall.replace(tzinfo=zone).astimezone(UTC), _zone_name(zone), False
        resolved, name = found
        return wall.replace(tzinfo=resolved).astimezone(UTC), name, False
    if value.tzinfo is not None:  # written in UTC ("Z")
        return value.astimezone(UTC), "UTC", False
    # A floating time: "10:00 wherever you are", so the person's own zone.
    return wall.replace(tzinfo=zone).astimezone(UTC), _zone_name(zone), False


def _zone_for(calendar, tzid: str) -> tuple[tzinfo, str] | None:
    """The zone a TZID names and its IANA name ("" for the invite's own VTIMEZONE), or None
    for a name that means "the sender's computer's zone" with nothing to say which."""
    known = _iana_names()
    for candidate in _zone_candidates(tzid):
        # Only names a person could pick: "posix/Europe/Berlin" is Europe/Berlin, and
        # "localtime" is never this server's own zone.
        if candidate in known:
            try:
                return ZoneInfo(candidate), candidate
            except (ZoneInfoNotFoundError, ValueError):
                continue
    for component in calendar.subcomponents:
        if component.name == "VTIMEZONE" and str(component.get("TZID", "")) == tzid:
            location = _text(component.get("X-LIC-LOCATION")).strip()
            if location in known:
                return ZoneInfo(location), location
            try:
                return component.to_tz(tzp, lookup_tzid=False), ""
            except Exception:  # a VTIMEZONE we cannot make sense of
                break
    if tzid.strip().strip("/").lower() in LOCAL_ZONE_NAMES:
        return None
    raise InviteError(f"This invite uses a time zone we do not know (“{tzid[:60]}”).")


@cache
def _iana_names() -> frozenset[str]:
    return frozenset(time_zone_names())


def _zone_candidates(tzid: str) -> list[str]:
    cleaned = tzid.strip().strip("/")
    names = [cleaned]
    if cleaned in WINDOWS_TO_OLSON:
        names.append(WINDOWS_TO_OLSON[cleaned])
    parts = cleaned.split("/")
    # /mozilla.org/…/Europe/Berlin, posix/Europe/Berlin, /usr/share/zoneinfo/Asia/Tokyo
    names += ["/".join(parts[i:]) for i in range(1, len(parts))]
    return [name for name in names if name and ".." not in name and not name.startswith(".")]


def _zone_name(zone: tzinfo) -> str:
    return getattr(zone, "key", "") or ""


def _duration(calendar, event, starts_at: datetime, zone: tzinfo, all_day: bool) -> int:
    if all_day:
        return DEFAULT_DURATION_MINUTES
    length: timedelta | None = None
    end_prop = event.get("DTEND")
    end = _value(event, "DTEND")
    if isinstance(end, datetime):
        ends_at, _, _ = _aware(calendar, end_prop, end, zone)
        length = ends_at - starts_at
    elif isinstance(_value(event, "DURATION"), timedelta):
        length = _value(event, "DURATION")
    if length is None or length <= timedelta(0):
        return DEFAULT_DURATION_MINUTES
    if length > MAX_DURATION:
        raise InviteError(
            "This invite lasts more than 12 hours; an interview invite is shorter. "
            "Log a long onsite day through the form instead."
        )
    return max(5, round(length.total_seconds() / 60))


def _sequence(event) -> int:
    try:
        value = int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0
    return min(max(value, 0), 2**31 - 1)


def _uid(event, starts_at: datetime, summary: str, organizer: InvitePerson | None) -> str:
    uid = _clean(_text(event.get("UID")), 10_000)
    if not uid:
        # No UID (a hand-made file): the same file still matches itself.
        seed = f"{starts_at.isoformat()}|{summary}|{organizer.email if organizer else ''}"
        uid = "no-uid-" + hashlib.sha256(seed.encode()).hexdigest()
    if len(uid) > FIELD_LIMITS["uid"]:
        uid = "long-uid-" + hashlib.sha256(uid.encode()).hexdigest()
    return uid


def _address(text: str) -> str:
    # Folded lines leave spaces inside an address ("hcabot@ example.com").
    return "".join(text.split()).strip("\"'").lower()


def _is_relay(domain: str) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in RELAY_DOMAINS)


def _person(
    address, *, organizer: bool = False, team_domains: list[str] | None = None
) -> InvitePerson | None:
    """Someone named in ORGANIZER or ATTENDEE, unless a room, a resource or a robot (a team
    address's domain goes to ``team_domains``)."""
    if address is None or isinstance(address, list):
        return None
    params = getattr(address, "params", {})
    if str(params.get("CUTYPE", "")).upper() in {"ROOM", "RESOURCE"}:
        return None
    raw = str(address).strip()
    given = _address(str(params.get("EMAIL", "")))
    # Apple names some people by urn:uuid:…, with the address in EMAIL=
    email = _address(raw[len("mailto:") :]) if raw.lower().startswith("mailto:") else given
    if _is_relay(email.rpartition("@")[2]):
        # iCloud's relay stands for the person; EMAIL= is their own address, if given.
        email = given if given and not _is_relay(given.rpartition("@")[2]) else ""
    name = _clean(str(params.get("CN", "")).strip("\"'"), FIELD_LIMITS["name"])
    last, comma, first = name.partition(",")
    if comma and first.strip() and "," not in first and "@" not in name:
        name = f"{first.strip()} {last.strip()}"  # Outlook's "Okoro, Chinedu"
    local, _, domain = email.partition("@")
    if not email:
        if not name or "@" in name:
            return None
    elif not local or "." not in domain or len(email) > FIELD_LIMITS["email"]:
        return None
    elif ROBOT_LOCAL_PARTS.match(local) or domain.endswith(ROOM_DOMAINS):
        if team_domains is not None and COMPANY_LOCAL_PARTS.match(local):
            team_domains.append(domain)
        return None
    if not name or name.lower() == email:
        name = _name_from_email(local)
    absent = not organizer and (
        str(params.get("PARTSTAT", "")).upper() in ABSENT_PARTSTATS
        or str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT"
    )
    return InvitePerson(name=name, email=email, organizer=organizer, absent=absent)


def _name_from_email(local: str) -> str:
    words = re.split(r"[._+-]+", local)
    return " ".join(word.capitalize() for word in words if word)[: FIELD_LIMITS["name"]]


def _meeting_url(event, location: str) -> str:
    texts = [location]
    texts += [_text(event.get(name)) for name in MEETING_PROPERTIES]
    texts.append(_text(event.get("DESCRIPTION"))[:20_000])
    for text in texts:
        for match in MEETING_URL.finditer(text or ""):
            url = match.group(0).rstrip(".,;>")
            host = url.split("/", 3)[2].split("@")[-1].split(":")[0].lower()
            if any(host == h or host.endswith("." + h) for h in MEETING_HOSTS):
                return url[:500]
    return ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value)


def _clean(text: str, limit: int) -> str:
    """One line of printable text: controls and bidi overrides out, spaces joined."""
    text = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch
        for ch in text
        if unicodedata.category(ch) != "Cf"
    )
    return " ".join(text.split())[:limit]


# --- Suggesting the company from the organizer's domain ------------------------------------

# Addresses anyone can have, and services that send invites for a company: no company there.
GENERIC_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "zoom.us",
        "calendly.com",
        "greenhouse.io",
        "lever.co",
        "ashbyhq.com",
        "goodtime.io",
        "myworkday.com",
        "smartrecruiters.com",
    }
)
SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "gv"}
# Domains a provider gives each of its customers ("contoso.onmicrosoft.com"): the label
# before them is the customer's name, as a country's "co.uk" is for the label before it.
TENANT_SUFFIXES = ("mail.onmicrosoft.com", "onmicrosoft.com", "onmicrosoft.de", "sharepoint.com")


def _is_generic(domain: str) -> bool:
    return any(domain == g or domain.endswith("." + g) for g in GENERIC_DOMAINS) or _is_relay(
        domain
    )


def domain_label(domain: str) -> str:
    """The name part of a domain: "mail.acme-robotics.co.uk" → "acme-robotics",
    "contoso.onmicrosoft.com" → "contoso"."""
    domain = domain.lower().strip(".")
    for suffix in TENANT_SUFFIXES:
        if domain.endswith("." + suffix):
            labels = [label for label in domain[: -len(suffix) - 1].split(".") if label]
            return labels[-1] if labels else ""
    labels = [label for label in domain.split(".") if label]
    if len(labels) < 2:
        return ""
    labels = labels[:-1]
    if len(labels) >= 2 and labels[-1] in SECOND_LEVEL:
        labels = labels[:-1]
    return labels[-1]


def company_domain(invite: Invite) -> str:
    """The organizer's domain, or else the first attendee's one that is a company's, or else
    a team address's (jobs@, info@…)."""
    people = invite.people if invite.organizer is None else [invite.organizer, *invite.people]
    domains = [person.email.rpartition("@")[2] for person in people]
    for domain in [*domains, *invite.team_domains]:
        if domain and not _is_generic(domain) and domain_label(domain):
            return domain
    return ""


def company_key(text: str) -> str:
    """What two spellings of one company share: "Acme-Robotics, Inc." ~ "acmerobotics"."""
    text = re.sub(r"\b(inc|llc|ltd|gmbh|ag|plc|corp|co|sa|bv)\b\.?", "", text.lower())
    return "".join(ch for ch in text if ch.isalnum())


def company_name_from_domain(domain: str) -> str:
    label = domain_label(domain)
    return " ".join(word.capitalize() for word in re.split(r"[-_]+", label) if word)


# --- Matching the invite against the person's own rows -------------------------------------


def suggest_company(*, owner, invite: Invite) -> tuple[str, bool]:
    """(company name, whether it is one of the person's companies already).

    From the organizer's domain: a company of theirs whose name or website matches it, or
    whose contacts write from it; else a name made from the domain ("acme-robotics.com" →
    "Acme Robotics"). ("", False) when the invite names no company domain.
    """
    domain = company_domain(invite)
    if not domain:
        return "", False
    key = company_key(domain_label(domain))
    for company in Company.objects.for_user(owner).only("name", "website"):
        website_host = company.website.split("://")[-1].split("/")[0]
        if company_key(company.name) == key or (
            website_host and company_key(domain_label(website_host)) == key
        ):
            return company.name, True
    contact = (
        Contact.objects.for_user(owner)
        .filter(email__iendswith="@" + domain, company__isnull=False)
        .select_related("company")
        .first()
    )
    if contact is not None:
        return contact.company.name, True
    return company_name_from_domain(domain), False


def contacts_by_email(*, owner, emails) -> dict:
    """The person's contacts with these addresses (case ignored), by lower-cased address."""
    wanted = {email.lower() for email in emails if email}
    if not wanted:
        return {}
    found: dict[str, Contact] = {}
    for contact in (
        Contact.objects.for_user(owner)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=wanted)
        .select_related("company")
        .order_by("pk")
    ):
        found.setdefault(contact.email_lower, contact)
    return found
