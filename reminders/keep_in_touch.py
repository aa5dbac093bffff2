"""Planning keep-in-touch notes after a "no": whom to write to, and when.

When an application ends with a rejection or a withdrawal (for instance because the person
accepted another offer), the person may plan a short note to some of the people they met:
by default about three and six months after it ended. Each planned note is a row of the
Reminder ledger (``contact``, ``sequence``, ``planned_for``), so it is sent exactly once,
retried on failure, and can be snoozed, marked done or unsubscribed from like any other
reminder. The day is kept as a date where the person lives; the hour is their reminder
hour on that day, whatever the clocks do in between (``planning.plan_keep_in_touch``).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from interviews.models import Application, Contact, Interview
from reminders.models import Reminder
from reminders.planning import KEEP_IN_TOUCH_MONTHS, add_months, local_at
from reminders.scheduling import reminders_plan_for
from reviews.models import Review

# A rapport this high or more (1–5) suggests the person for a keep-in-touch note.
GOOD_RAPPORT = 4
MAX_MONTHS = 24


@dataclass(frozen=True)
class Candidate:
    """Someone met in the application, with the best rapport rated in a round with them and
    the latest round they were in (the note is written from it)."""

    contact: Contact
    interview: Interview
    rapport: int | None

    @property
    def suggested(self) -> bool:
        return (self.rapport or 0) >= GOOD_RAPPORT


def keep_in_touch_candidates(application: Application) -> list[Candidate]:
    """The people met in the application's rounds (rounds called off left out), best rapport
    first. Three queries, whatever the number of rounds."""
    rounds = list(
        Interview.objects.filter(application=application, cancelled=False)
        .select_related("owner", "company")
        .prefetch_related("interviewers")
        .order_by("starts_at", "pk")
    )
    rapport = dict(
        Review.objects.filter(interview__in=rounds, rapport__isnull=False)
        .values_list("interview_id")
        .annotate(best=Max("rapport"))
    )
    people: dict[int, Candidate] = {}
    for interview in rounds:
        interview.application = application
        for person in interview.interviewers.all():
            earlier = people.get(person.pk)
            scores = [s for s in (earlier and earlier.rapport, rapport.get(interview.pk)) if s]
            people[person.pk] = Candidate(person, interview, max(scores) if scores else None)
    return sorted(people.values(), key=lambda c: (-(c.rapport or 0), c.contact.name.lower()))


def keep_in_touch_days(application: Application, months: Iterable[int]) -> list[date]:
    """The days the notes are planned for: ``months`` after the day the application ended,
    where the person lives."""
    zone = application.owner.zone
    ended = (application.closed_at or timezone.now()).astimezone(zone).date()
    return [add_months(ended, m) for m in months]


@transaction.atomic
def keep_in_touch_plan(
    *,
    application: Application,
    contacts: Iterable[Contact],
    months: Iterable[int] = KEEP_IN_TOUCH_MONTHS,
) -> list[Reminder]:
    """Plans a keep-in-touch note to each of ``contacts``, ``months`` after the application
    ended (one note per number), and only to them: planned notes to anyone else in this
    application that have not gone out are removed.

    Refused with a ValueError (nothing changes) unless the application ended with a "no",
    or if a contact is not someone the person met in its rounds — another person's
    contact included. Planning the same again changes nothing; a new day re-arms the note.
    Returns the planned rows.
    """
    if not application.ended_with_a_no:
        raise ValueError(
            "Keep-in-touch notes follow an application that ended with a rejection or a "
            "withdrawal; record that outcome first."
        )
    months = sorted(set(months))
    if not months or any(not 1 <= m <= MAX_MONTHS for m in months):
        raise ValueError(f"Pick months between 1 and {MAX_MONTHS}.")
    candidates = {c.contact.pk: c for c in keep_in_touch_candidates(application)}
    chosen = {contact.pk for contact in contacts}
    if not chosen <= candidates.keys():
        raise ValueError("Pick among the people you met for this application.")
    days = keep_in_touch_days(application, months)
    user = application.owner
    if chosen and not user.remind_keep_in_touch:
        # Planning notes is asking for their reminders (the page says so).
        user.remind_keep_in_touch = True
        user.save(update_fields=["remind_keep_in_touch"])
    planned = Reminder.objects.filter(
        interview__application=application, contact__isnull=False
    ).select_related("interview")
    unsent = [Reminder.Status.SCHEDULED, Reminder.Status.CANCELLED, Reminder.Status.FAILED]
    # Not chosen any more, or a note number no longer planned: gone, unless already sent.
    planned.filter(status__in=unsent).exclude(
        contact_id__in=chosen, sequence__lte=len(days)
    ).delete()
    existing = {(r.interview_id, r.contact_id, r.sequence): r for r in planned}
    touched: dict[int, Interview] = {}
    for contact_pk in sorted(chosen):
        interview = candidates[contact_pk].interview
        touched[interview.pk] = interview
        for sequence, day in enumerate(days, start=1):
            due = local_at(day, user.reminder_hour, user.zone)
            row = existing.get((interview.pk, contact_pk, sequence))
            if row is None:
                Reminder.objects.create(
                    owner=user,
                    interview=interview,
                    kind=Reminder.Kind.KEEP_IN_TOUCH,
                    contact_id=contact_pk,
                    sequence=sequence,
                    planned_for=day,
                    due_at=due,
                    next_attempt_at=due,
                    overdue_at=due,
                )
            elif row.planned_for != day:
                Reminder.objects.filter(pk=row.pk).update(planned_for=day)
    for interview in touched.values():
        interview.owner = user  # the preference just saved, not a stale copy
        reminders_plan_for(interview=interview)
    return list(
        Reminder.objects.filter(interview__application=application, contact__isnull=False)
        .select_related("contact")
        .order_by("planned_for", "contact__name", "pk")
    )
