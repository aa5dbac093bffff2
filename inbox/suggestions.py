"""The one line that says what a message suggests, in the person's time zone:
"New interview at Canva, Tue 14:00 with Ada Lovelace", "Moved to Thu 10:00", "Rejected:
close the application and plan a keep-in-touch note to Ada in 3 months?". Pure: it reads
the row's own fields, so a page of fifty messages costs no query per row."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format

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
    return date_format(instant.astimezone(zone), "D j M, H:i")


def describe(message: InboxMessage, zone: ZoneInfo) -> str:
    s = message.suggestion or {}
    kind = message.kind
    company = s.get("company") or (
        message.application.company.name if message.application_id and message.application else ""
    )
    role = s.get("role") or (message.application.role if message.application else "")
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
