"""The dashboard, the interview list and People cost the same number of queries at 5 and 500."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import Application, Interview
from tests.factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db


def make_interviews(owner, n):
    """n interviews spread over the past and the future, two interviewers each."""
    companies = [CompanyFactory(owner=owner) for _ in range(5)]
    contacts = [ContactFactory(owner=owner, company=companies[0]) for _ in range(6)]
    now = timezone.now()
    openings = Application.objects.bulk_create(
        Application(owner=owner, company=companies[i % 5], role=f"Role {i}") for i in range(n)
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=owner,
            company=companies[i % 5],
            application=openings[i],
            role=f"Role {i}",
            starts_at=now + timedelta(days=(-1) ** i * (i % 10 + 1), hours=i % 24),
        )
        for i in range(n)
    )
    through = Interview.interviewers.through
    through.objects.bulk_create(
        through(interview_id=interview.pk, contact_id=contacts[(i + k) % 6].pk)
        for i, interview in enumerate(interviews)
        for k in range(2)
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.slow
@pytest.mark.parametrize(
    "url_name", ["interviews:dashboard", "interviews:list", "interviews:people"]
)
def test_query_count_does_not_grow_with_interviews(alice_client, alice, bob, url_name):
    url = reverse(url_name)
    make_interviews(alice, 5)
    small = queries_for(alice_client, url)

    make_interviews(alice, 495)
    large = queries_for(alice_client, url)

    assert small == large
    # The session and the user, then: the dashboard's counts, open applications, coming up
    # and recent with their interviewers (one statement), due follow-ups and themes; the
    # list's companies (for the filter), count, page and its interviewers; People's
    # companies, the page with the number of people, the people on it not met yet (here
    # some are) and their rapport.
    expected = {"interviews:dashboard": 7, "interviews:list": 6, "interviews:people": 6}
    assert large == expected[url_name], f"{url} made {large} queries"


@pytest.mark.slow
@pytest.mark.parametrize("query", ["", "?show=closed"])
def test_the_application_list_makes_the_same_queries_for_5_and_500(alice_client, alice, query):
    url = reverse("interviews:applications") + query
    make_interviews(alice, 5)
    Application.objects.filter(owner=alice, pk__in=Application.objects.all()[:2]).update(
        outcome="rejected"
    )
    small = queries_for(alice_client, url)

    make_interviews(alice, 495)
    large = queries_for(alice_client, url)

    assert small == large
    assert large == 5, f"{url} made {large} queries"


def add_rounds(application, contacts, n):
    now = timezone.now()
    rounds = Interview.objects.bulk_create(
        Interview(
            owner=application.owner,
            company=application.company,
            application=application,
            role=application.role,
            round=f"Round {i}",
            starts_at=now - timedelta(days=n - i),
        )
        for i in range(n)
    )
    through = Interview.interviewers.through
    through.objects.bulk_create(
        through(interview_id=interview.pk, contact_id=contacts[(i + k) % 6].pk)
        for i, interview in enumerate(rounds)
        for k in range(2)
    )


@pytest.mark.slow
def test_the_application_timeline_makes_the_same_queries_for_5_and_500_rounds(alice_client, alice):
    company = CompanyFactory(owner=alice)
    contacts = [ContactFactory(owner=alice, company=company) for _ in range(6)]
    application = Application.objects.create(owner=alice, company=company, role="Engineer")
    url = reverse("interviews:application", args=[application.pk])
    add_rounds(application, contacts, 5)
    small = queries_for(alice_client, url)

    add_rounds(application, contacts, 495)
    large = queries_for(alice_client, url)

    assert small == large
    # The session, the user, the application, its forwarded emails, its rounds with their
    # interviewers (one statement), and the keep-in-touch notes planned (none: their notes
    # are not looked up).
    assert large == 6, f"{url} made {large} queries"


def test_list_pages_through_many(alice_client, alice):
    make_interviews(alice, 45)

    page3 = alice_client.get(reverse("interviews:list"), {"page": 3})

    assert len(page3.context["page"].object_list) == 5
    assert "Page 3 of 3" in page3.content.decode()
