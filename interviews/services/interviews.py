"""Creating and changing interviews, with their company and interviewers, in one step."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from common.text import squash_spaces
from interviews.models import (
    CLOSED_OUTCOMES,
    Application,
    Contact,
    Interview,
    ListeningHook,
    Outcome,
)
from interviews.services.applications import (
    application_for,
    application_refresh,
    application_set_outcome,
)
from interviews.services.contacts import company_for_name, contact_create
from interviews.signals import send_application_changed, send_interview_changed


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
    send_interview_changed(interview)
    if application.rounds.count() > 1:
        send_application_changed(application)  # an earlier round's decision check-in moves here
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
        send_application_changed(application)
    send_interview_changed(fresh)
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
        send_interview_changed(interview)


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
        send_interview_changed(interview)
    return interview


@transaction.atomic
def listening_hooks_set(
    *,
    interview: Interview,
    contact: Contact,
    texts: Iterable[str],
    placements: Iterable[str] | None = None,
) -> list[ListeningHook]:
    """Replaces what ``contact`` said, asked or cared about in ``interview`` with ``texts``,
    each "for the note", "just for me" or (by default) as the composer reads it
    (``placements``, in the same order).

    Blank texts are skipped and the rest keep their order (positions 1…3); more than three
    is a ValueError, as is a contact who was not one of the interview's interviewers.
    """
    texts = list(texts)
    placed = list(placements or [])
    placed += [ListeningHook.Placement.AUTO] * (len(texts) - len(placed))
    kept = [
        (squash_spaces(text), placement)
        for text, placement in zip(texts, placed, strict=False)
        if text and text.strip()
    ]
    if len(kept) > ListeningHook.MAX_PER_PERSON:
        raise ValueError(f"At most {ListeningHook.MAX_PER_PERSON} things per interviewer.")
    if not interview.interviewers.filter(pk=contact.pk).exists():
        raise ValueError("Listening hooks belong to one of the interview's interviewers.")
    ListeningHook.objects.filter(interview=interview, contact=contact).delete()
    hooks = [
        ListeningHook(
            interview=interview,
            contact=contact,
            position=number,
            text=text,
            placement=placement,
        )
        for number, (text, placement) in enumerate(kept, start=1)
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
        send_application_changed(application)


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
