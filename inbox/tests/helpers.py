"""Emails for the inbox tests, written as the mail clients and recruiters write them."""

from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


def email_bytes(
    *,
    subject: str,
    body: str,
    sender: str = "Jordan Lee <jordan.lee@acme-robotics.example>",
    to: str = "alice@example.com",
    message_id: str | None = None,
    html: str | None = None,
    calendar: bytes | None = None,
    headers: dict[str, str] | None = None,
    sent: datetime | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent or datetime.now(UTC))
    message["Message-ID"] = message_id or make_msgid(domain="acme-robotics.example")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if calendar is not None:
        message.add_attachment(
            calendar,
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params={"method": "REQUEST"},
        )
    return message.as_bytes(policy=policy.SMTP)  # CRLF line ends, as mail travels


def invite_ics(
    *,
    start: datetime,
    uid="inbox-0001@acme-robotics.example",
    sequence=0,
    method="REQUEST",
    summary="Acme Robotics – Technical interview",
) -> bytes:
    stamp = start.strftime("%Y%m%dT%H%M%SZ")
    end = (start + timedelta(minutes=45)).strftime("%Y%m%dT%H%M%SZ")
    status = "CANCELLED" if method == "CANCEL" else "CONFIRMED"
    return (
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        f"VERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:{method}\r\nBEGIN:VEVENT\r\n"
        f"DTSTART:{stamp}\r\nDTEND:{end}\r\nDTSTAMP:{stamp}\r\n"
        "ORGANIZER;CN=Jordan Lee:mailto:jordan.lee@acme-robotics.example\r\n"
        f"UID:{uid}\r\n"
        "ATTENDEE;CN=Alice Example:mailto:alice@example.com\r\n"
        "ATTENDEE;CN=Priya Natarajan:mailto:priya.natarajan@acme-robotics.example\r\n"
        "X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij\r\n"
        f"SEQUENCE:{sequence}\r\nSTATUS:{status}\r\nSUMMARY:{summary}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
