"""Applications: which one a round belongs to, its outcome, splitting and merging them."""

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from common.text import squash_spaces
from interviews.models import (
    CLOSED_OUTCOMES,
    Application,
    Company,
    Interview,
    Outcome,
)
from interviews.signals import send_application_changed

# A round this long after the last one of an application still awaiting a decision is
# another go at the same role, not a further round of the same application.
SAME_APPLICATION_GAP = timedelta(days=180)


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


@transaction.atomic
def application_set_outcome(
    *, application: Application, outcome: str, decision_date=None
) -> Application:
    """Records the outcome of the whole application, once for all its rounds.

    Closing it (accepted, rejected, withdrawn, no response) stamps ``closed_at``, from
    which the long game counts, and ends its rounds still to come: each is marked called
    off, so nothing shows it as coming up and its note and review reminders are cancelled
    (``end_rounds_to_come``). Reopening clears ``closed_at``; a round it ended comes back
    when the person records an outcome on that round's page. Reminders of every round
    re-plan.
    """
    if outcome == Outcome.CANCELLED or outcome not in Outcome.values:
        raise ValueError("An application's outcome is a decision; a round can be cancelled.")
    fresh = Application.objects.select_for_update().get(pk=application.pk)
    fresh.outcome = outcome
    fresh.decision_date = decision_date
    if outcome in CLOSED_OUTCOMES:
        fresh.closed_at = fresh.closed_at or timezone.now()
        end_rounds_to_come(fresh)
    else:
        fresh.closed_at = None
    fresh.save(update_fields=["outcome", "decision_date", "closed_at", "updated_at"])
    for name in ("outcome", "decision_date", "closed_at"):
        setattr(application, name, getattr(fresh, name))
    send_application_changed(fresh)
    return application


def end_rounds_to_come(application: Application) -> list[Interview]:
    """Marks the rounds of a closed application that have not started yet as called off
    (a "no" or a withdrawal means they will not happen). Runs in the caller's transaction;
    the caller tells the apps that follow the application (reminders re-plan every round,
    and a called-off round's reminders are cancelled). Returns the rounds it ended."""
    now = timezone.now()
    ended = list(
        Interview.objects.filter(application=application, cancelled=False, starts_at__gt=now)
    )
    for interview in ended:
        interview.cancelled = True
        interview.save(update_fields=["cancelled", "updated_at"])
    return ended


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
        send_application_changed(changed)
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
    send_application_changed(application)
    return application
