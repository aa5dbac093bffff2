"""The sample interview a new account can look around in."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from interviews.models import (
    Application,
    Company,
    Interview,
)
from interviews.services.applications import application_refresh
from interviews.services.contacts import contact_create

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
