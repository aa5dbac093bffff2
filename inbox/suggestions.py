"""The one line that says what a message suggests, in the person's time zone:
"New interview at Canva, Tue 14:00 with Ada Lovelace", "Moved to Thu 10:00", "Rejected:
close the application and plan a keep-in-touch note to Ada in 3 months?". Pure: it reads
the row's own fields, so a page of fifty messages costs no query per row."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR

from common.text import join_names
from inbox.models import InboxMessage

Kind = InboxMessage.Kind


def when(value: str, zone: ZoneInfo) -> str:
    if not value:
        return ""
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        return ""
    return short_when(instant.astimezone(zone))


def short_when(local: datetime) -> str:
    """``date_format(local, "D j M, H:i")`` ("Tue 9 Mar, 14:00", the day and month in the
    active language), without the formatter's per-call parsing: a page writes one per row."""
    day, month = WEEKDAYS_ABBR[local.weekday()], MONTHS_3[local.month].title()
    return f"{day} {local.day} {month}, {local.hour:02d}:{local.minute:02d}"


def describe(message: InboxMessage, zone: ZoneInfo) -> str:
    application = message.application if message.application_id else None
    return describe_values(
        kind=message.kind,
        suggestion=message.suggestion,
        company=application.company.name if application else "",
        role=application.role if application else "",
        zone=zone,
    )


def describe_values(
    *, kind: str, suggestion: dict, company: str, role: str, zone: ZoneInfo
) -> str:
    """The line from the values it is made of: what was suggested, and the company and role
    of the application the message was matched to (the suggestion's own come first)."""
    s = suggestion or {}
    company = s.get("company") or company or ""
    role = s.get("role") or role or ""
    what = f"{role} at {company}" if role and company else company or role
    at = when(s.get("starts_at", ""), zone)
    people = join_names([p.get("name") or p.get("email", "") for p in s.get("people") or []][:3])
    if kind == Kind.INVITE:
        line = f"New interview at {company}" if company else "New interview"
        if role:
            line += f" ({role})"
        if at:
            line += f", {at}"
        if people:
            line += f" with {people}"
        return line
    if kind == Kind.RESCHEDULE:
        return f"Moved to {at}" + (f": {what}" if what else "") if at else "They need to move it"
    if kind == Kind.CANCEL:
        return "Cancelled" + (f": {what}" if what else "") + (f", {at}" if at else "")
    if kind == Kind.REJECTION:
        chosen = [c["name"] for c in s.get("keep_in_touch") or [] if c.get("suggested")]
        line = "Rejected: close the application" + (f" for {what}" if what else "")
        if chosen:
            line += f" and plan a keep-in-touch note to {join_names(chosen)} in 3 months?"
        return line
    if kind == Kind.OFFER:
        return "Offer" + (f": {what}" if what else "")
    if kind == Kind.NEXT_ROUND:
        return "Next round" + (f": {what}" if what else "")
    if kind == Kind.SCHEDULING_REQUEST:
        return "They ask when you are free" + (f" ({what})" if what else "")
    if kind == Kind.THANK_YOU_REPLY:
        return "A reply" + (f" from {company}" if company else "")
    return "Not about an application"
