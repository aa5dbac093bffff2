"""What the inbox does: take a message in, read it into a suggestion, apply what the person
confirms. The one entry point for every way in (our SMTP receiver, the providers' webhooks,
an upload or a paste, and the API later) is ``inbox_receive``.

Receiving only checks the address and the size, stores the bytes and queues the reading, so
it stays fast under a burst. Reading happens in a Celery task with a time limit
(``inbox.tasks``), outside any transaction; the result is written in one short one.
Confirming calls the services that own each change (``interviews.services``,
``reminders.keep_in_touch``): the inbox holds no rules of its own about interviews.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Any
from zoneinfo import ZoneInfo

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from accounts.security import RateLimitUnavailable, within_rate
from inbox import mime
from inbox.address import inbox_address_find, inbox_address_for
from inbox.matching import match_message
from inbox.models import InboxAddress, InboxMessage
from inbox.reading import Reading, read_message
from interviews.invites import InviteError, contacts_by_email, read_invite
from interviews.models import Application, Contact, Interview, Outcome
from interviews.services import (
    application_set_outcome,
    interview_cancel_from_invite,
    interview_create,
    interview_import_invite,
    interview_set_outcome,
    interview_update,
    interview_update_from_invite,
    invite_differs,
)
from reminders.keep_in_touch import keep_in_touch_candidates, keep_in_touch_plan

log = logging.getLogger(__name__)

Kind = InboxMessage.Kind
Status = InboxMessage.Status
KEEP_IN_TOUCH_MONTHS = 3


# --- Receiving -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """What became of a message handed in: ``accepted`` (a new row, queued), ``duplicate``
    (the same Message-ID was here already: nothing changed), ``unknown`` (no such address),
    ``too_large``, ``rate_limited`` or ``unavailable`` (the limits cannot be counted now)."""

    status: str
    message: InboxMessage | None = None

    @property
    def ok(self) -> bool:
        return self.status in {"accepted", "duplicate"}


def inbox_receive(
    *,
    raw: bytes,
    via: str,
    recipient: str = "",
    owner=None,
    provider: str = "",
    envelope_sender: str = "",
    verdicts: dict[str, str] | None = None,
) -> Received:
    """Takes one raw message in for ``owner``, or for whoever ``recipient`` (a forwarding
    address) belongs to. Stores it and queues its reading once the row is committed.

    Never parses the body here: only the headers, for the Message-ID. The same Message-ID
    twice for one person is one row (``duplicate``, nothing changes). An unknown or replaced
    address gets ``unknown``, whoever asks, and nothing is stored.
    """
    if len(raw) > settings.INBOX_MAX_MESSAGE_BYTES:
        return Received("too_large")
    if owner is None:
        address = inbox_address_find(recipient)
        if address is None:
            return Received("unknown")
        owner = address.owner
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:65_536])
    sender = envelope_sender or mime.first_address(headers, "From")[1]
    try:
        allowed = within_rate(
            f"inbox:{owner.pk}", limit=settings.INBOX_MESSAGES_PER_HOUR, window_seconds=3600
        ) and (
            via in {InboxMessage.Via.UPLOAD, InboxMessage.Via.PASTE}
            or within_rate(
                f"inbox:{owner.pk}:from:{sender.lower()[:254]}",
                limit=settings.INBOX_MESSAGES_PER_SENDER_PER_HOUR,
                window_seconds=3600,
            )
        )
    except RateLimitUnavailable:
        return Received("unavailable")
    if not allowed:
        return Received("rate_limited")
    message_id = mime.message_id(mime.header_text(headers, "Message-ID"))
    seed = f"mid:{message_id.lower()}".encode() if message_id else b"raw:" + raw
    verdicts = verdicts or {}
    try:
        with transaction.atomic():
            message = InboxMessage.objects.create(
                owner=owner,
                via=via,
                provider=provider[:40],
                raw=raw,
                raw_size=len(raw),
                message_key=hashlib.sha256(seed).hexdigest(),
                message_id=message_id[:255],
                envelope_sender=envelope_sender[:254],
                subject=mime.header_text(headers, "Subject")[:300],
                sender=mime.header_text(headers, "From")[:300],
                spf=_verdict(verdicts.get("spf")),
                dkim=_verdict(verdicts.get("dkim")),
                dmarc=_verdict(verdicts.get("dmarc")),
            )
            transaction.on_commit(lambda: queue_reading(message.pk))
    except IntegrityError:
        return Received("duplicate")
    return Received("accepted", message)


def _verdict(value: str | None) -> str:
    value = (value or "").strip().lower()
    if value in {"pass", "fail", "softfail", "neutral"}:
        return value
    if value in {"hardfail", "permerror", "reject"}:
        return "fail"
    return ""


def queue_reading(message_pk: int) -> None:
    """Asks a worker to read the message. With the broker down the message waits: the
    periodic ``inbox.read_pending`` task finds every message still queued. After a failure
    the broker is left alone for BROKER_COOLDOWN_SECONDS, so a burst of mail is not held up
    by one timeout per message."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return
    try:
        current_app.send_task("inbox.read_message", args=[message_pk], retry=False)
    except Exception as error:  # the broker's connection errors, whichever transport
        _broker_down_until = time.monotonic() + BROKER_COOLDOWN_SECONDS
        log.warning(
            "Inbox message %s not queued (%s); the periodic task reads it", message_pk, error
        )


BROKER_COOLDOWN_SECONDS = 30
_broker_down_until = 0.0


# --- Reading -------------------------------------------------------------------------------

MAX_READ_ATTEMPTS = 3


def inbox_read(*, message_pk: int) -> InboxMessage | None:
    """Reads a queued message into its suggestion (the Celery task's work).

    Claims the message first (only a queued one, at most MAX_READ_ATTEMPTS times, so a
    message that kills a worker is not tried for ever), reads it with no transaction open,
    then writes the result. Running it twice reads once. An update to an invite already
    imported applies at once if the person allows it; nothing else changes.
    """
    claimed = InboxMessage.objects.filter(
        pk=message_pk, status=Status.QUEUED, parse_attempts__lt=MAX_READ_ATTEMPTS
    ).update(parse_attempts=F("parse_attempts") + 1)
    if claimed != 1:
        return None
    message = InboxMessage.objects.select_related("owner").get(pk=message_pk)
    owner = message.owner
    try:
        mail = mime.read_mime(bytes(message.raw))
    except mime.MimeError as error:
        return _not_understood(message, str(error))
    except Exception:  # the standard library parser on hostile bytes: never a crash loop
        log.exception("Inbox message %s could not be parsed", message.pk)
        return _not_understood(message, "This message is damaged and cannot be read.")
    reading = read_message(mail, own_emails=_own_emails(owner), zone=owner.zone)
    _known_invite(owner, reading, message)
    application, interview = match_message(owner=owner, reading=reading)
    keep = _trimmed(message, mail)
    return _store_reading(message, mail, reading, application, interview, keep)


def _own_emails(owner) -> tuple[str, ...]:
    return (owner.email,)


def _known_invite(owner, reading: Reading, message: InboxMessage) -> None:
    """A newer version of an invite seen before (imported, or an earlier message) is a move."""
    if not reading.invite_uid or reading.kind != Kind.INVITE:
        return
    interview = (
        Interview.objects.for_user(owner)
        .filter(invite_uid=reading.invite_uid)
        .only("invite_sequence", "invite_digest", "starts_at", "duration_minutes", "location")
        .first()
    )
    imported = interview.invite_sequence if interview is not None else None
    seen = [
        s.get("invite_sequence") or 0
        for s in InboxMessage.objects.for_user(owner)
        .filter(suggestion__invite_uid=reading.invite_uid)
        .exclude(pk=message.pk)
        .values_list("suggestion", flat=True)[:20]
    ]
    earlier = max(
        [*(seen or []), *([imported or 0] if imported is not None else [])], default=None
    )
    if earlier is not None and (reading.invite_sequence or 0) > earlier:
        reading.kind = Kind.RESCHEDULE
    elif (
        interview is not None
        and reading.starts_at is not None
        and (reading.invite_sequence or 0) == (imported or 0)
        and invite_differs(
            interview,
            starts_at=reading.starts_at,
            duration_minutes=reading.duration_minutes or 0,
            location=reading.location or "",
        )
    ):
        # The same SEQUENCE saying something else (a new place): organisers' calendars do
        # not always count up. An update all the same.
        reading.kind = Kind.RESCHEDULE


def _original_key(message: InboxMessage, reading: Reading) -> str:
    if reading.invite_uid:
        seed = f"uid:{reading.invite_uid}:{reading.invite_sequence}:{reading.kind}"
    elif reading.original_message_id:
        seed = f"mid:{reading.original_message_id.lower()}"
    else:
        body = " ".join(reading.body.split())[:4000]
        seed = f"text:{reading.sender_email}|{reading.subject.lower()}|{body}"
    return hashlib.sha256(seed.encode("utf-8", "replace")).hexdigest()


def _trimmed(message: InboxMessage, mail: mime.MailMessage) -> bytes | None:
    """The bytes to keep once read: a big message loses the attachments nobody reads."""
    if message.raw_size <= settings.INBOX_KEEP_BYTES:
        return None
    return mime.without_attachments(bytes(message.raw), keep_bytes=settings.INBOX_KEEP_BYTES)


def _store_reading(message, mail, reading, application, interview, keep) -> InboxMessage:
    original_key = _original_key(message, reading)
    suggestion = reading.as_suggestion()
    suggestion["skipped"] = mail.skipped[:5]
    if application is not None and reading.kind == Kind.REJECTION:
        suggestion["keep_in_touch"] = [
            {"pk": c.contact.pk, "name": c.contact.name, "suggested": c.suggested}
            for c in keep_in_touch_candidates(application)[:8]
        ]
    status, reason = _status(reading, application, interview)
    with transaction.atomic():
        fresh = InboxMessage.objects.select_for_update().get(pk=message.pk)
        if fresh.status != Status.QUEUED:
            return fresh
        first = (
            InboxMessage.objects.for_user(fresh.owner)
            .filter(original_key=original_key)
            .exclude(pk=fresh.pk)
            .exclude(status=Status.DUPLICATE)
            .order_by("pk")
            .first()
        )
        if first is not None:
            status = Status.DUPLICATE
            reason = "You forwarded this email before; it changes nothing the second time."
            suggestion["duplicate_of"] = first.pk
        fresh.status = status
        fresh.reason = reason[:1000]
        fresh.kind = reading.kind
        fresh.suggestion = suggestion
        fresh.original_key = original_key
        fresh.read_at = timezone.now()
        fresh.subject = reading.subject[:300] or fresh.subject
        fresh.sender = _sender(reading)[:300]
        fresh.sender_domain = reading.sender_domain[:253]
        fresh.sent_at = reading.original_date
        fresh.text = mime.whole_text(mail)
        fresh.application = application
        fresh.interview = interview
        if keep is not None:
            fresh.raw, fresh.raw_trimmed = keep, True
        fresh.save()
    if status == Status.SUGGESTED and reading.kind == Kind.RESCHEDULE and reading.calendar:
        _apply_invite_update_if_allowed(fresh, reading)
    return fresh


def _sender(reading: Reading) -> str:
    if reading.sender_name and reading.sender_email:
        return f"{reading.sender_name} <{reading.sender_email}>"
    return reading.sender_email or reading.sender_name


def _status(reading: Reading, application, interview) -> tuple[str, str]:
    """Whether one click can apply the suggestion, and if not, why (in a sentence)."""
    kind = reading.kind
    if kind == Kind.OTHER:
        return Status.NOT_UNDERSTOOD, reading.reason or (
            "This email does not read like news about an application."
        )
    if kind == Kind.THANK_YOU_REPLY:
        return Status.NOT_UNDERSTOOD, "A reply with nothing to change."
    if kind == Kind.SCHEDULING_REQUEST:
        return Status.NOT_UNDERSTOOD, (
            "They ask when you are free; there is no time to log yet. Answer them, and "
            "forward the confirmation when it comes."
        )
    if kind == Kind.INVITE:
        missing = [
            label
            for label, value in (
                ("the date and time", reading.starts_at),
                ("the company", reading.company),
            )
            if not value
        ]
        if missing:
            return Status.NOT_UNDERSTOOD, (
                f"The email does not give {' or '.join(missing)}. Make the interview from it "
                "and fill in what is missing."
            )
        return Status.SUGGESTED, ""
    if kind in {Kind.RESCHEDULE, Kind.CANCEL}:
        if interview is None:
            if kind == Kind.RESCHEDULE and reading.starts_at and reading.company:
                return Status.SUGGESTED, (
                    "No interview of yours matches this; confirming logs it as a new one."
                )
            return Status.NOT_UNDERSTOOD, (
                "No interview of yours matches this email. Pick the interview it is about."
            )
        if kind == Kind.RESCHEDULE and reading.starts_at is None:
            return Status.NOT_UNDERSTOOD, (
                "They need to move the interview but give no new time yet."
            )
        return Status.SUGGESTED, ""
    if application is None:
        return Status.NOT_UNDERSTOOD, (
            f"No application{' at ' + reading.company if reading.company else ''} of yours "
            "matches this email. Pick the application it is about."
        )
    return Status.SUGGESTED, ""


def _not_understood(message: InboxMessage, reason: str) -> InboxMessage:
    InboxMessage.objects.filter(pk=message.pk, status=Status.QUEUED).update(
        status=Status.NOT_UNDERSTOOD, reason=reason[:500], read_at=timezone.now(), kind=Kind.OTHER
    )
    message.refresh_from_db()
    return message


def _apply_invite_update_if_allowed(message: InboxMessage, reading: Reading) -> None:
    allowed = (
        InboxAddress.objects.filter(owner=message.owner_id)
        .values_list("auto_apply_invite_updates", flat=True)
        .first()
    )
    if allowed is False or message.interview is None or not message.interview.invite_uid:
        return
    if message.interview.invite_uid != reading.invite_uid:
        return
    inbox_confirm(message=message, automatically=True)


# --- Confirming ----------------------------------------------------------------------------


class ConfirmError(ValueError):
    """The suggestion cannot be applied as it stands; ``str()`` says what to fix."""


def inbox_confirm(
    *, message: InboxMessage, changes: dict[str, Any] | None = None, automatically=False
) -> InboxMessage:
    """Applies the message's suggestion, as the person corrected it (``changes``): logs the
    interview, moves or cancels it, or records the application's outcome (and plans the
    keep-in-touch notes they ticked). Applies once: a second click, or another tab, finds it
    applied and changes nothing. Raises ConfirmError with a sentence if something is missing.
    """
    changes = changes or {}
    with transaction.atomic():
        fresh = InboxMessage.objects.select_for_update().select_related("owner").get(pk=message.pk)
        if fresh.status not in {Status.SUGGESTED, Status.NOT_UNDERSTOOD}:
            return fresh
        kind = changes.get("kind") or fresh.kind
        result, application, interview = _APPLY[kind](fresh, changes)
        fresh.status = Status.APPLIED
        fresh.applied_at = timezone.now()
        fresh.applied_automatically = automatically
        fresh.result = result[:300]
        fresh.kind = kind
        if application is not None:
            fresh.application = application
        if interview is not None:
            fresh.interview = interview
        fresh.save(
            update_fields=[
                "status", "applied_at", "applied_automatically", "result", "kind",
                "application", "interview",
            ]
        )  # fmt: skip
    message.refresh_from_db()
    return message


def _when(interview: Interview) -> str:
    local = interview.starts_at.astimezone(interview.owner.zone)
    return date_format(local, "D j M, H:i")


def _new_interview(message: InboxMessage, changes: dict) -> tuple[str, Any, Interview]:
    data = {**message.suggestion, **changes}
    owner = message.owner
    starts_at = _instant(data.get("starts_at"), data.get("time_zone") or owner.time_zone)
    company = " ".join((data.get("company") or "").split())[:200]
    role = (data.get("role") or "").strip() or "Interview"
    if starts_at is None or not company:
        raise ConfirmError("Give the company and the date and time first.")
    fields: dict[str, Any] = {
        "role": role[:200],
        "starts_at": starts_at,
        "duration_minutes": int(data.get("duration_minutes") or 60),
        "format": data.get("format") or Interview.Format.VIDEO,
        "location": (data.get("location") or data.get("meeting_url") or "")[:300],
        "round": (data.get("round") or "")[:100],
    }
    people = [p for p in data.get("people") or [] if (p.get("name") or "").strip()]
    if data.get("invite_uid"):
        interview = interview_import_invite(
            owner=owner,
            invite_uid=data["invite_uid"],
            invite_sequence=int(data.get("invite_sequence") or 0),
            invite_digest=_invite_digest(message),
            company_name=company,
            people=[{"name": p["name"], "email": p.get("email", "")} for p in people],
            **fields,
        )
    else:
        known = contacts_by_email(owner=owner, emails=[p.get("email", "") for p in people])
        existing, new = [], []
        for person in people:
            contact = known.get((person.get("email") or "").lower()) or (
                Contact.objects.for_user(owner)
                .filter(name__iexact=person["name"], company__name__iexact=company)
                .first()
            )
            if contact is not None:
                existing.append(contact)
            else:
                new.append({"name": person["name"][:150], "email": person.get("email", "")})
        interview = interview_create(
            owner=owner,
            company_name=company,
            interviewers=existing,
            new_interviewers=new,
            **fields,
        )
    return f"Logged {interview} on {_when(interview)}.", interview.application, interview


def _instant(value, zone_name: str) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(zone_name))
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(zone_name))


def _invite_of(message: InboxMessage):
    """The invite the message carried, read again from the kept bytes."""
    mail = mime.read_mime(bytes(message.raw))
    calendars = [*mail.calendars, *(c for inner in mail.attached for c in inner.calendars)]
    for data in calendars:
        try:
            invite = read_invite(
                data, own_emails=_own_emails(message.owner), zone=message.owner.zone
            )
        except InviteError:
            continue
        if invite.uid == message.suggestion.get("invite_uid"):
            return invite
    raise ConfirmError("The invite in this email can no longer be read.")


def _invite_digest(message: InboxMessage) -> str:
    """The carried invite's ``Invite.content_digest``, kept as the upload path keeps it, so a
    later version with the same SEQUENCE and content reads as unchanged ("" if unreadable)."""
    try:
        return _invite_of(message).content_digest
    except ConfirmError:
        return ""


def _target_interview(message: InboxMessage, changes: dict) -> Interview:
    pk = changes.get("interview_pk") or message.interview_id
    interview = (
        Interview.objects.for_user(message.owner)
        .select_related("application", "owner")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if interview is None:
        raise ConfirmError("Pick the interview this email is about.")
    return interview


def _move(message: InboxMessage, changes: dict):
    if message.interview_id is None and not changes.get("interview_pk"):
        return _new_interview(message, changes)
    interview = _target_interview(message, changes)
    if (
        message.suggestion.get("invite_uid")
        and interview.invite_uid == message.suggestion["invite_uid"]
    ):
        if not interview_update_from_invite(interview=interview, invite=_invite_of(message)):
            return (
                "Nothing changed: the interview has this version of the invite.",
                None,
                interview,
            )
        return f"Moved {interview} to {_when(interview)}.", interview.application, interview
    starts_at = _instant(
        changes.get("starts_at") or message.suggestion.get("starts_at"),
        changes.get("time_zone") or message.suggestion.get("time_zone") or message.owner.time_zone,
    )
    if starts_at is None:
        raise ConfirmError("Give the new date and time.")
    interview = interview_update(interview=interview, starts_at=starts_at)
    return f"Moved {interview} to {_when(interview)}.", interview.application, interview


def _cancel(message: InboxMessage, changes: dict):
    interview = _target_interview(message, changes)
    if (
        message.suggestion.get("invite_uid")
        and interview.invite_uid == message.suggestion["invite_uid"]
    ):
        interview_cancel_from_invite(interview=interview, invite=_invite_of(message))
    else:
        interview_set_outcome(interview=interview, outcome=Outcome.CANCELLED)
    return f"Marked {interview} cancelled.", interview.application, interview


def _target_application(message: InboxMessage, changes: dict) -> Application:
    pk = changes.get("application_pk") or message.application_id
    application = (
        Application.objects.for_user(message.owner)
        .select_related("company", "owner")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if application is None:
        raise ConfirmError("Pick the application this email is about.")
    return application


def _outcome(outcome: str, sentence: str):
    def apply(message: InboxMessage, changes: dict):
        application = _target_application(message, changes)
        application_set_outcome(
            application=application, outcome=outcome, decision_date=application.decision_date
        )
        result = sentence.format(application=application)
        if outcome == Outcome.REJECTED:
            chosen = [int(pk) for pk in changes.get("keep_in_touch", [])]
            if chosen:
                contacts = list(Contact.objects.for_user(message.owner).filter(pk__in=chosen))
                try:
                    keep_in_touch_plan(
                        application=application,
                        contacts=contacts,
                        months=[int(changes.get("months") or KEEP_IN_TOUCH_MONTHS)],
                    )
                except ValueError as error:
                    raise ConfirmError(str(error)) from None
                names = ", ".join(c.name for c in contacts)
                result += f" Planned a keep-in-touch note to {names}."
        return result, application, None

    return apply


_APPLY = {
    Kind.INVITE: _new_interview,
    Kind.SCHEDULING_REQUEST: _new_interview,
    Kind.OTHER: _new_interview,
    Kind.THANK_YOU_REPLY: _new_interview,
    Kind.RESCHEDULE: _move,
    Kind.CANCEL: _cancel,
    Kind.REJECTION: _outcome(Outcome.REJECTED, "Closed {application}: rejected."),
    Kind.OFFER: _outcome(Outcome.OFFER, "Recorded the offer for {application}."),
    Kind.NEXT_ROUND: _outcome(Outcome.NEXT_ROUND, "{application} goes to the next round."),
}


@transaction.atomic
def inbox_dismiss(*, message: InboxMessage) -> bool:
    """Puts a message aside without changing anything else. False if it was not open."""
    return bool(
        InboxMessage.objects.filter(
            pk=message.pk, status__in=[Status.SUGGESTED, Status.NOT_UNDERSTOOD, Status.QUEUED]
        ).update(status=Status.DISMISSED)
    )


@transaction.atomic
def inbox_set_auto_apply(*, user, enabled: bool) -> None:
    """Whether updates to imported invites apply without a click (the address row holds the
    choice; it is made if the person has none yet)."""
    address = inbox_address_for(user)
    InboxAddress.objects.filter(pk=address.pk).update(auto_apply_invite_updates=enabled)


def read_pending(*, older_than_seconds: int = 30, limit: int = 200) -> int:
    """Queues every message still waiting to be read (a lost publish, a dead worker)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    pks = list(
        InboxMessage.objects.filter(
            status=Status.QUEUED, received_at__lt=cutoff, parse_attempts__lt=MAX_READ_ATTEMPTS
        ).values_list("pk", flat=True)[:limit]
    )
    for pk in pks:
        queue_reading(pk)
    # A message that failed every attempt is shown with the reason, never lost.
    InboxMessage.objects.filter(
        status=Status.QUEUED, parse_attempts__gte=MAX_READ_ATTEMPTS, received_at__lt=cutoff
    ).update(
        status=Status.NOT_UNDERSTOOD,
        kind=Kind.OTHER,
        reason="Reading this message took too long or failed; it is kept here as it came.",
    )
    return len(pks)
