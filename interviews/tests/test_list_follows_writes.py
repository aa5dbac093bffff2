"""The interview list is never out of date: any change to the person's interviews,
companies or contacts shows on the next page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview
from interviews.services import (
    interview_create,
    interview_delete,
    interview_set_outcome,
    interview_update,
)
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

LIST = reverse("interviews:list")


def get(client, url=LIST, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.fixture
def logged(alice):
    ana = ContactFactory(owner=alice, name="Ana Lima")
    return interview_create(
        owner=alice,
        company_name="Initech",
        interviewers=[ana],
        role="Data Engineer",
        starts_at=timezone.now() - timedelta(days=2),
        duration_minutes=45,
    )


@pytest.mark.slow
def test_each_kind_of_change_shows_on_the_next_visit(alice_client, alice, logged):
    get(alice_client)
    ana = logged.interviewers.get()
    ana.name = "Ana Souza"
    ana.save()
    _, html = get(alice_client)
    assert "Ana Souza" in html and "Ana Lima" not in html

    ben = ContactFactory(owner=alice, name="Ben Okafor")
    logged.interviewers.add(ben)
    _, html = get(alice_client)
    assert "Ben Okafor" in html
    interview_update(interview=logged, interviewers=[ben])
    _, html = get(alice_client)
    assert "Ana Souza" not in html
    ben.delete()
    _, html = get(alice_client)
    assert "Ben Okafor" not in html

    company = logged.company
    company.name = "Initrode"
    company.save()
    _, html = get(alice_client)
    assert "Initrode" in html and "Initech" not in html

    interview_set_outcome(interview=logged, outcome=Interview.Outcome.OFFER)
    _, html = get(alice_client)
    assert "status-badge--done" in html

    interview_create(
        owner=alice,
        company_name="Globex",
        role="Analyst",
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=30,
    )
    _, html = get(alice_client)
    assert "Analyst" in html
    interview_delete(interview=Interview.objects.get(company__name="Globex"))
    _, html = get(alice_client)
    assert "Analyst" not in html


def test_each_query_and_page_is_kept_apart(alice_client, logged):
    get(alice_client)
    _, html = get(alice_client, q="nothing like it")
    assert "No interviews match" in html
    _, html = get(alice_client, q="initech")
    assert "Ana Lima" in html


def test_a_new_time_zone_shows_new_times(alice_client, alice, logged):
    _, before = get(alice_client)
    alice.time_zone = "Pacific/Kiritimati"
    alice.save(update_fields=["time_zone"])
    _, after = get(alice_client)
    assert before != after


def test_one_persons_list_never_reaches_another(alice_client, bob_client, logged):
    get(alice_client)
    _, html = get(bob_client)
    assert "Initech" not in html and "No interviews yet" in html
