"""Interviews from calendar invites: saved from a corrected preview, moved or cancelled by a
newer version of the invite."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from interviews.invites import Invite, contacts_by_email, invite_content_digest
from interviews.models import (
    Contact,
    Interview,
)
from interviews.services.applications import application_refresh
from interviews.services.interviews import interview_create
from interviews.signals import send_application_changed, send_interview_changed


@transaction.atomic
def interview_import_invite(
    *,
    owner,
    invite_uid: str,
    invite_sequence: int,
    company_name: str,
    people: Iterable[dict] = (),
    invite_digest: str = "",
    **fields: Any,
) -> Interview:
    """Saves an interview from an invite's corrected preview.

    Each person whose address matches one of the owner's contacts is linked to that contact;
    the others become new contacts of the company. The owner's own address never becomes an
    interviewer. Saving the same invite (UID) again returns the interview it made and
    creates nothing. ``invite_digest`` is the imported version's ``Invite.content_digest``
    ("" if unknown). Any other refusal of the database (a constraint) is raised, not taken
    for a second click.
    """
    existing = Interview.objects.for_user(owner).filter(invite_uid=invite_uid).first()
    if existing is not None:
        return existing
    people = list(people)
    known = contacts_by_email(owner=owner, emails=[person.get("email", "") for person in people])
    interviewers: list[Contact] = []
    new_interviewers: list[dict] = []
    seen: set[str] = set()
    for person in people:
        email = (person.get("email") or "").lower()
        if email and (email == owner.email.lower() or email in seen):
            continue
        seen.add(email)
        if email in known:
            interviewers.append(known[email])
        else:
            new_interviewers.append(person)
    try:
        with transaction.atomic():
            return interview_create(
                owner=owner,
                company_name=company_name,
                interviewers=interviewers,
                new_interviewers=new_interviewers,
                invite_uid=invite_uid,
                invite_sequence=invite_sequence,
                invite_digest=invite_digest,
                **fields,
            )
    except IntegrityError:
        # The same invite saved at the same moment from another tab: that row. Any other
        # constraint (a date out of range, a field too long) is a real error.
        saved = Interview.objects.for_user(owner).filter(invite_uid=invite_uid).first()
        if saved is None:
            raise
        return saved


@transaction.atomic
def interview_update_from_invite(*, interview: Interview, invite: Invite) -> bool:
    """Moves the interview to a newer version of its invite: start, length and place.

    A higher SEQUENCE than the one imported changes it, and so does the same SEQUENCE with
    other content (organisers' calendars do not always count up): returns whether it
    changed. The same version again, or an older one, changes nothing. The row is re-read
    under a lock and only those columns are written, so nothing else that changed meanwhile
    is lost; reminders re-plan from the row as it is now, and ``interview`` is refreshed
    from it. An interview marked cancelled that is invited again is awaiting a decision
    once more.
    """
    current = Interview.objects.select_for_update().select_related("owner").get(pk=interview.pk)
    imported = current.invite_sequence or 0
    if invite.sequence < imported:
        return False
    if invite.sequence == imported and not invite_differs(
        current,
        starts_at=invite.starts_at,
        duration_minutes=invite.duration_minutes,
        location=invite.location,
    ):
        return False
    current.starts_at = invite.starts_at
    current.duration_minutes = invite.duration_minutes
    if invite.location:
        current.location = invite.location
    current.invite_sequence = invite.sequence
    current.invite_digest = invite.content_digest
    current.cancelled = False
    current.save(
        update_fields=[
            "starts_at",
            "duration_minutes",
            "location",
            "invite_sequence",
            "invite_digest",
            "cancelled",
            "updated_at",
        ]
    )
    application_refresh(current.application)
    send_interview_changed(current)
    send_application_changed(current.application)
    interview.refresh_from_db()
    return True


def invite_differs(
    interview: Interview, *, starts_at: datetime, duration_minutes: int, location: str
) -> bool:
    """Whether a version of the interview's invite that says this (start, length, place)
    differs from the version imported. Without the imported version's digest (imported
    before it was kept, or through the inbox), from the row: then only a different start,
    length or place counts."""
    if interview.invite_digest:
        return interview.invite_digest != invite_content_digest(
            starts_at, duration_minutes, location
        )
    return (interview.starts_at, interview.duration_minutes) != (
        starts_at,
        duration_minutes,
    ) or bool(location and location != interview.location)


@transaction.atomic
def interview_cancel_from_invite(*, interview: Interview, invite: Invite) -> bool:
    """Marks the interview cancelled, as the invite's cancellation says; reminders stop.

    Nothing changes for a cancellation older than the version imported, or if it is
    cancelled already. Returns whether it changed (``interview`` is refreshed if so).
    """
    current = Interview.objects.select_for_update().select_related("owner").get(pk=interview.pk)
    if current.is_cancelled or invite.sequence < (current.invite_sequence or 0):
        return False
    current.cancelled = True
    current.invite_sequence = max(invite.sequence, current.invite_sequence or 0)
    current.save(update_fields=["cancelled", "invite_sequence", "updated_at"])
    send_interview_changed(current)
    interview.refresh_from_db()
    return True
