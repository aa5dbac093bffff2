"""Creating and changing interviews, with their company and interviewers, in one step."""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.text import squash_spaces
from interviews.invites import Invite, contacts_by_email
from interviews.models import (
    CLOSED_OUTCOMES,
    Application,
    Company,
    Contact,
    Interview,
    ListeningHook,
    Outcome,
)
from interviews.signals import application_changed, interview_changed

# A round this long after the last one of an application still awaiting a decision is
# another go at the same role, not a further round of the same application.
SAME_APPLICATION_GAP = timedelta(days=180)


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


def application_for(*, owner, company: Company, role: str, starts_at=None) -> Application:
    """The application a new round of ``role`` at ``company`` belongs to, created if new.

    That is the latest application for the same opening (role compared without case or
    extra spaces) that is not closed and whose last round is less than
    ``SAME_APPLICATION_GAP`` before ``starts_at``. The same role after a "no", or long
    after, is a new application.
    """
    role = squash_spaces(role)
    candidates = (
        Application.objects.for_user(owner)
        .filter(company=company, role__iexact=role)
        .exclude(outcome__in=CLOSED_OUTCOMES)
        .by_recency()
    )
    for application in candidates[:1]:
        latest = application.latest_round_at
        if starts_at is None or latest is None or starts_at - latest < SAME_APPLICATION_GAP:
            return application
    return Application.objects.create(owner=owner, company=company, role=role)


def application_refresh(application: Application) -> None:
    """Re-reads when its latest round starts (after a round was added, moved or removed)."""
    latest = (
        Interview.objects.filter(application=application)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if latest != application.latest_round_at:
        application.latest_round_at = latest
        application.save(update_fields=["latest_round_at", "updated_at"])


def _application_changed(application: Application) -> None:
    """Tells the apps that follow an application that its outcome or rounds changed."""
    application_changed.send(sender=Application, application=application)


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
    application = application_for(
        owner=owner,
        company=company,
        role=fields.get("role", ""),
        starts_at=fields.get("starts_at"),
    )
    if fields.get("posting_url") and not application.posting_url:
        application.posting_url = fields["posting_url"]
        application.save(update_fields=["posting_url", "updated_at"])
    interview = Interview.objects.create(
        owner=owner, company=company, application=application, **fields
    )
    _set_interviewers(interview, interviewers, new_interviewers)
    if application.outcome == Outcome.NEXT_ROUND and (
        application.latest_round_at is None or interview.starts_at >= application.latest_round_at
    ):
        # The next round is here: the application awaits its decision now.
        application.outcome = Outcome.AWAITING
        application.save(update_fields=["outcome", "updated_at"])
    application_refresh(application)
    _interview_changed(interview)
    if application.rounds.count() > 1:
        _application_changed(application)  # an earlier round's decision check-in moves here
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
    fresh.full_clean(exclude=["interviewers", "application"])
    before = fresh.application
    if "company" in written or "role" in written:
        fresh.application = _regroup(fresh)
        written.append("application")
    if written:
        fresh.save(update_fields=[*written, "updated_at"])
    new_interviewers = list(new_interviewers)
    if interviewers is not None or new_interviewers:
        keep = fresh.interviewers.all() if interviewers is None else interviewers
        _set_interviewers(fresh, keep, new_interviewers)
    for application in {before, fresh.application}:
        if not application.rounds.exists():
            application.delete()
            continue
        application_refresh(application)
        _application_changed(application)
    _interview_changed(fresh)
    return fresh


def _regroup(interview: Interview) -> Application:
    """The application a round belongs to after its company or role was edited.

    The round joins an open application for the new company and role if there is one;
    a round alone in its application takes the application along; otherwise it starts a
    new one. An application never spans two companies.
    """
    current = interview.application
    alone = not current.rounds.exclude(pk=interview.pk).exists()
    role = squash_spaces(interview.role)
    other = (
        Application.objects.for_user(interview.owner)
        .filter(company=interview.company, role__iexact=role)
        .exclude(pk=current.pk)
        .exclude(outcome__in=CLOSED_OUTCOMES)
        .by_recency()
        .first()
    )
    if other is not None:
        return other
    if alone:
        current.company = interview.company
        current.role = role
        current.save(update_fields=["company", "role", "updated_at"])
        return current
    return Application.objects.create(
        owner=interview.owner,
        company=interview.company,
        role=role,
        posting_url=interview.posting_url,
    )


@transaction.atomic
def application_set_outcome(
    *, application: Application, outcome: str, decision_date=None
) -> Application:
    """Records the outcome of the whole application, once for all its rounds.

    Closing it (accepted, rejected, withdrawn, no response) stamps ``closed_at``, from
    which the long game counts; reopening clears it. Reminders of every round re-plan.
    """
    if outcome == Outcome.CANCELLED or outcome not in Outcome.values:
        raise ValueError("An application's outcome is a decision; a round can be cancelled.")
    fresh = Application.objects.select_for_update().get(pk=application.pk)
    fresh.outcome = outcome
    fresh.decision_date = decision_date
    if outcome in CLOSED_OUTCOMES:
        fresh.closed_at = fresh.closed_at or timezone.now()
    else:
        fresh.closed_at = None
    fresh.save(update_fields=["outcome", "decision_date", "closed_at", "updated_at"])
    for name in ("outcome", "decision_date", "closed_at"):
        setattr(application, name, getattr(fresh, name))
    _application_changed(fresh)
    return application


@transaction.atomic
def interview_set_outcome(*, interview: Interview, outcome: str, decision_date=None) -> Interview:
    """Records an outcome from one round's page: the application's outcome, or "cancelled"
    for this round alone (a round called off). Any other outcome un-cancels the round."""
    if outcome == Outcome.CANCELLED:
        _set_cancelled(interview, True)
        return interview
    _set_cancelled(interview, False)
    # As it is now: another round may have joined since this copy was read.
    interview.application = Application.objects.select_for_update().get(
        pk=interview.application_id
    )
    if outcome == Outcome.NEXT_ROUND and not interview.is_latest_round:
        # Said of an earlier round, "next round" is already true: the application awaits
        # the decision on its latest round.
        outcome = Outcome.AWAITING
    application_set_outcome(
        application=interview.application, outcome=outcome, decision_date=decision_date
    )
    return interview


def _set_cancelled(interview: Interview, cancelled: bool) -> None:
    if interview.cancelled != cancelled:
        interview.cancelled = cancelled
        interview.save(update_fields=["cancelled", "updated_at"])
        _interview_changed(interview)


@transaction.atomic
def application_split(*, application: Application, rounds: Iterable[Interview]) -> Application:
    """Moves ``rounds`` out of ``application`` into a new application of their own.

    The new one is for the same company and role and awaits a decision; the old one keeps
    its outcome. At least one round must stay and one must move (a ValueError otherwise),
    and every round must be one of the application's.
    """
    chosen = {interview.pk for interview in rounds}
    all_rounds = set(application.rounds.values_list("pk", flat=True))
    if not chosen:
        raise ValueError("Pick the rounds that belong to another application.")
    if not chosen <= all_rounds:
        raise ValueError("Only this application's rounds can be split off.")
    if chosen == all_rounds:
        raise ValueError("Leave at least one round here; the rest become a new application.")
    moving = Interview.objects.filter(pk__in=chosen).order_by("starts_at")
    first = moving.first()
    assert first is not None
    new = Application.objects.create(
        owner=application.owner,
        company=application.company,
        role=first.role,
        posting_url=first.posting_url or application.posting_url,
    )
    moving.update(application=new, updated_at=timezone.now())
    for changed in (application, new):
        application_refresh(changed)
        _application_changed(changed)
    return new


@transaction.atomic
def application_merge(*, application: Application, other: Application) -> Application:
    """Moves every round of ``other`` into ``application`` and removes ``other``.

    Both must be the same person's and at the same company (a ValueError says so
    otherwise). ``application`` keeps its outcome, unless it is still awaiting a decision
    and ``other`` has one. Nothing hanging off a round (notes, reviews, reminders) moves
    or is lost: it stays with its round.
    """
    if other.pk == application.pk:
        raise ValueError("Pick another application to merge with this one.")
    if other.owner_id != application.owner_id:
        raise ValueError("Only your own applications can be merged.")
    if other.company_id != application.company_id:
        raise ValueError(
            f"These are at different companies ({application.company.name} and "
            f"{other.company.name}); only applications at one company can be merged."
        )
    Interview.objects.filter(application=other).update(
        application=application, updated_at=timezone.now()
    )
    if application.outcome == Outcome.AWAITING and other.outcome != Outcome.AWAITING:
        application.outcome = other.outcome
        application.decision_date = other.decision_date
        application.closed_at = other.closed_at
    elif application.decision_date is None:
        application.decision_date = other.decision_date
    application.posting_url = application.posting_url or other.posting_url
    application.save()
    other.delete()
    application_refresh(application)
    _application_changed(application)
    return application


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
    """Deletes the interview and what hangs off it; the company and contacts stay.

    An application left without rounds goes with it."""
    application = interview.application
    interview.delete()
    if not application.rounds.exists():
        application.delete()
    else:
        application_refresh(application)
        _application_changed(application)


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
    current.cancelled = False
    current.save(
        update_fields=[
            "starts_at",
            "duration_minutes",
            "location",
            "invite_sequence",
            "cancelled",
            "updated_at",
        ]
    )
    application_refresh(current.application)
    _interview_changed(current)
    _application_changed(current.application)
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
    current.cancelled = True
    current.invite_sequence = max(invite.sequence, current.invite_sequence or 0)
    current.save(update_fields=["cancelled", "invite_sequence", "updated_at"])
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
    application = Application.objects.create(owner=owner, company=company, role="Product Designer")
    interview = Interview.objects.create(
        owner=owner,
        company=company,
        application=application,
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
    application_refresh(application)
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
        application = interview.application
        interview.delete()
        if not application.rounds.exists():
            application.delete()
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
