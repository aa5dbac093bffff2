"""An interview's page never shows the round, its application or its interviewers out of
date: any change to the person's interviews, applications, companies or contacts shows on
the next page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interviews.models import Interview
from interviews.services import (
    interview_create,
    interview_delete,
    interview_set_notes_done,
    interview_set_outcome,
    interview_update,
)
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def get(client, url) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries], response.content.decode()


def section(html, heading) -> str:
    return html.split(f'id="{heading}"')[1].split("</section>")[0]


def without_tokens(html) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.slow
def test_each_kind_of_change_shows_on_the_next_visit(alice_client, alice):
    interview = interview_create(
        owner=alice,
        company_name="Initech",
        role="Platform Engineer",
        starts_at=timezone.now() - timedelta(days=1),
        duration_minutes=60,
        new_interviewers=[{"name": "Grace Hopper", "title": "VP Engineering"}],
    )
    url = interview.get_absolute_url()
    _, html = get(alice_client, url)
    assert "1 round for Platform Engineer" in section(html, "outcome-heading")
    get(alice_client, url)  # kept

    interview_update(interview=interview, location="Floor 3, room Babbage")
    _, html = get(alice_client, url)
    assert "Floor 3, room Babbage" in section(html, "details-heading")

    grace = interview.interviewers.get()
    grace.title = "CTO"
    grace.save()
    _, html = get(alice_client, url)
    assert "CTO" in section(html, "people-heading")

    interview.interviewers.add(ContactFactory(owner=alice, name="Alan Turing"))
    _, html = get(alice_client, url)
    assert "Alan Turing" in section(html, "people-heading")

    company = interview.company
    company.name = "Initrode"
    company.save()
    _, html = get(alice_client, url)
    assert "at Initrode" in html

    interview_set_outcome(
        interview=Interview.objects.get(pk=interview.pk), outcome=Interview.Outcome.OFFER
    )
    _, html = get(alice_client, url)
    assert "Offer" in html.split('class="page-header__meta"')[1].split("</p>")[0]

    interview_create(
        owner=alice,
        company_name="Initrode",
        role="Platform Engineer",
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=60,
    )
    _, html = get(alice_client, url)
    assert "2 rounds for Platform Engineer" in section(html, "outcome-heading")
    assert "Next round" in html.split('class="page-header__meta"')[1].split("</p>")[0]

    interview_set_notes_done(interview=Interview.objects.get(pk=interview.pk), done=True)
    _, html = get(alice_client, url)
    assert "All sent" in section(html, "notes-heading")

    interview_delete(interview=Interview.objects.get(pk=interview.pk))
    assert alice_client.get(url).status_code == 404


def test_another_persons_interview_stays_a_404(alice_client, alice, bob):
    interview = InterviewFactory(owner=alice)
    url = interview.get_absolute_url()
    bob_client = Client()
    bob_client.force_login(bob)
    assert alice_client.get(url).status_code == 200
    assert bob_client.get(url).status_code == 404
    assert bob_client.get(url).status_code == 404
    assert alice_client.get(url).status_code == 200
