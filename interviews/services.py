"""Creating and changing interviews, with their company and interviewers, in one step."""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.text import squash_spaces
from interviews.invites import Invite, contacts_by_email
from interviews.models import Company, Contact, Interview, ListeningHook
from interviews.signals import interview_changed


def company_for_name(*, owner, name: str) -> Company:
    """The owner's company of that name (case and spacing ignored), created if new."""
    name = squash_spaces(name)
    company = Company.objects.for_user(owner).filter(name__iexact=name).first()
    if company is None:
        company = Company.objects.create(owner=owner, name=name)
    return company


def contact_create(*, owner, company: Company | None, **fields: Any) -> Contact:
    return Contact.objects.create(owner=owner, company=company, **fields)


def _set_interviewers(
    interview: Interview, interviewers: Iterable[Contact], new_interviewers: Iterable[dict]
) -> None:
    people = list(interviewers)
    for fields in new_interviewers:
        people.append(contact_create(owner=interview.owner, company=interview.company, **fields))
    interview.interviewers.set(people)
    # What a person said belongs to their place on the panel: gone when they are.
    ListeningHook.objects.filter(interview=interview).exclude(contact__in=people).delete()


@transaction.atomic
def interview_create(
    *,
    owner,
    company_name: str,
    interviewers: Iterable[Contact] = (),
    new_interviewers: Iterable[dict] = (),
    **fields: Any,
) -> Interview:
    """Logs an interview: finds or creates the company, adds new interviewers as contacts.

    Either all of it is saved or none of it.
    """
    company = company_for_name(owner=owner, name=company_name)
    interview = Interview.objects.create(owner=owner, company=company, **fields)
    _set_interviewers(interview, interviewers, new_interviewers)
    _interview_changed(interview)
    return interview


@transaction.atomic
def interview_update(
    *,
    interview: Interview,
    new_interviewers: Iterable[dict] = (),
    **changes: Any,
) -> Interview:
    """Saves what the person changed on the edit form, and nothing else, all or nothing.

    ``changes`` holds only the changed values (``company_name``, ``interviewers``, model
    fields), so a column nobody edited is never written back from the copy the form was
    loaded with. The row is re-read under a lock first, so what happened meanwhile — a
    review completed, the notes sent (``review_done_at``, ``notes_done_at``), the outcome
    set — is kept, and reminders re-plan from the row as it is now. Returns that row.
    """
    fresh = Interview.objects.select_for_update().select_related("owner").get(pk=interview.pk)
    interviewers = changes.pop("interviewers", None)
    written = []
    if "company_name" in changes:
        fresh.company = company_for_name(owner=fresh.owner, name=changes.pop("company_name"))
        written.append("company")
    for name, value in changes.items():
        setattr(fresh, name, value)
        written.append(name)
    fresh.full_clean(exclude=["interviewers"])
    if written:
        fresh.save(update_fields=[*written, "updated_at"])
    new_interviewers = list(new_interviewers)
    if interviewers is not None or new_interviewers:
        keep = fresh.interviewers.all() if interviewers is None else interviewers
        _set_interviewers(fresh, keep, new_interviewers)
    _interview_changed(fresh)
    return fresh


@transaction.atomic
def interview_set_outcome(*, interview: Interview, outcome: str, decision_date=None) -> Interview:
    interview.outcome = outcome
    interview.decision_date = decision_date
    interview.save(update_fields=["outcome", "decision_date", "updated_at"])
    _interview_changed(interview)
    return interview


@transaction.atomic
def interview_set_notes_done(*, interview: Interview, done: bool) -> Interview:
    """Records whether every interviewer has been sent a note; reminders follow.

    Called by the notes app whenever a note's status changes.
    """
    return _set_done(interview, "notes_done_at", done)


@transaction.atomic
def interview_set_review_done(*, interview: Interview, done: bool) -> Interview:
    """Records whether the self-review is completed; reminders follow.

    Called by the reviews app when a review is completed or reopened.
    """
    return _set_done(interview, "review_done_at", done)


def _set_done(interview: Interview, field: str, done: bool) -> Interview:
    already = getattr(interview, field) is not None
    if done != already:
        setattr(interview, field, timezone.now() if done else None)
        interview.save(update_fields=[field, "updated_at"])
        _interview_changed(interview)
    return interview


@transaction.atomic
def listening_hooks_set(
    *, interview: Interview, contact: Contact, texts: Iterable[str]
) -> list[ListeningHook]:
    """Replaces what ``contact`` said, asked or cared about in ``interview`` with ``texts``.

    Blank texts are skipped and the rest keep their order (positions 1…3); more than three
    is a ValueError, as is a contact who was not one of the interview's interviewers.
    """
    kept = [squash_spaces(text) for text in texts if text and text.strip()]
    if len(kept) > ListeningHook.MAX_PER_PERSON:
        raise ValueError(f"At most {ListeningHook.MAX_PER_PERSON} things per interviewer.")
    if not interview.interviewers.filter(pk=contact.pk).exists():
        raise ValueError("Listening hooks belong to one of the interview's interviewers.")
    ListeningHook.objects.filter(interview=interview, contact=contact).delete()
    hooks = [
        ListeningHook(interview=interview, contact=contact, position=number, text=text)
        for number, text in enumerate(kept, start=1)
    ]
    for hook in hooks:
        hook.full_clean(validate_unique=False, validate_constraints=False)
    return ListeningHook.objects.bulk_create(hooks)


@transaction.atomic
def interview_delete(*, interview: Interview) -> None:
    """Deletes the interview and what hangs off it; the company and contacts stay."""
    interview.delete()


def _interview_changed(interview: Interview) -> None:
    """Tells the apps that follow an interview that it changed (reminders re-plan)."""
    interview_changed.send(sender=Interview, interview=interview)


# --- From a calendar invite ---------------------------------------------------------------


@transaction.atomic
def interview_import_invite(
    *,
    owner,
    invite_uid: str,
    invite_sequence: int,
    company_name: str,
    people: Iterable[dict] = (),
    **fields: Any,
) -> Interview:
    """Saves an interview from an invite's corrected preview.

    Each person whose address matches one of the owner's contacts is linked to that contact;
    the others become new contacts of the company. The owner's own address never becomes an
    interviewer. Saving the same invite (UID) again returns the interview it made and
    creates nothing.
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
                **fields,
            )
    except IntegrityError:  # the same invite saved at the same moment from another tab
        return Interview.objects.for_user(owner).get(invite_uid=invite_uid)


@transaction.atomic
def interview_update_from_invite(*, interview: Interview, invite: Invite) -> bool:
    """Moves the interview to a newer version of its invite: start, length and place.

    Only a higher SEQUENCE than the one imported changes anything (returns whether it did).
    The row is re-read under a lock and only those columns are written, so nothing else
    that changed meanwhile is lost; reminders re-plan from the row as it is now, and
    ``interview`` is refreshed from it. An interview marked cancelled that is invited again
    is awaiting a decision once more.
    """
    current = Interview.objects.select_for_update().select_related("owner").get(pk=interview.pk)
    if invite.sequence <= (current.invite_sequence or 0):
        return False
    current.starts_at = invite.starts_at
    current.duration_minutes = invite.duration_minutes
    if invite.location:
        current.location = invite.location
    current.invite_sequence = invite.sequence
    if current.is_cancelled:
        current.outcome = Interview.Outcome.AWAITING
    current.save(
        update_fields=[
            "starts_at",
            "duration_minutes",
            "location",
            "invite_sequence",
            "outcome",
            "updated_at",
        ]
    )
    _interview_changed(current)
    interview.refresh_from_db()
    return True


@transaction.atomic
def interview_cancel_from_invite(*, interview: Interview, invite: Invite) -> bool:
    """Marks the interview cancelled, as the invite's cancellation says; reminders stop.

    Nothing changes for a cancellation older than the version imported, or if it is
    cancelled already. Returns whether it changed (``interview`` is refreshed if so).
    """
    current = Interview.objects.select_for_update().select_related("owner").get(pk=interview.pk)
    if current.is_cancelled or invite.sequence < (current.invite_sequence or 0):
        return False
    current.outcome = Interview.Outcome.CANCELLED
    current.invite_sequence = max(invite.sequence, current.invite_sequence or 0)
    current.save(update_fields=["outcome", "invite_sequence", "updated_at"])
    _interview_changed(current)
    interview.refresh_from_db()
    return True


SAMPLE_COMPANY = "Northwind Studio (sample)"


@transaction.atomic
def sample_interview_create(*, owner) -> Interview:
    """Adds the example interview a new account can look around in, once.

    It is marked ``is_sample`` (the pages say so, and no reminder is ever planned for it);
    calling this again returns the sample already there instead of making a second one.
    """
    existing = Interview.objects.for_user(owner).filter(is_sample=True).first()
    if existing is not None:
        return existing
    company = Company.objects.create(owner=owner, name=SAMPLE_COMPANY)
    interview = Interview.objects.create(
        owner=owner,
        company=company,
        is_sample=True,
        role="Product Designer",
        starts_at=timezone.now() - timedelta(days=1),
        duration_minutes=45,
        format=Interview.Format.VIDEO,
        location="Video call",
        round="Second round",
        intent="Show the onboarding redesign and how I test with real users; "
        "ask how design and engineering plan together.",
        learned="They are moving from yearly to quarterly releases; Maya cares most "
        "about writing things down, and Jonas about accessibility.",
        excitement_before=4,
    )
    interview.interviewers.set(
        [
            contact_create(
                owner=owner, company=company, name="Maya Lindqvist", title="Head of Design"
            ),
            contact_create(
                owner=owner, company=company, name="Jonas Weber", title="Frontend Lead"
            ),
        ]
    )
    return interview


@transaction.atomic
def sample_interview_delete(*, owner) -> int:
    """Removes the owner's sample interview with everything that hangs off it (notes,
    review, its example interviewers and company). Returns how many samples it removed;
    the person's own interviews, contacts and companies are never touched."""
    samples = list(Interview.objects.for_user(owner).filter(is_sample=True))
    for interview in samples:
        company = interview.company
        people = list(interview.interviewers.filter(company=company))
        interview.delete()
        for person in people:
            if not person.interviews.exists():
                person.delete()
        if not company.interviews.exists() and not company.contacts.exists():
            company.delete()
    return len(samples)


@transaction.atomic
def interview_set_intent(*, interview: Interview, intent: str) -> Interview:
    """Keeps "what I meant to convey" in words, as the plan now says it.

    Called by the reviews app whenever a plan changes, so notes can quote the plan without
    importing reviews. Nothing a reminder depends on changes, so reminders are not told.
    """
    if interview.intent != intent:
        interview.intent = intent
        interview.save(update_fields=["intent", "updated_at"])
    return interview
