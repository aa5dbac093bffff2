"""After "next round", the round's page offers "Log round 2" with the company and role
filled in; the new round joins the same application."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview
from interviews.tests.test_views import interview_post_data
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_next_round_offers_log_round_2_filled_in(alice_client, alice):
    first = InterviewFactory(
        owner=alice,
        company__name="Globex",
        role="Data Engineer",
        posting_url="https://globex.example/jobs/7",
        starts_at=timezone.now() - timedelta(days=2),
    )
    page = alice_client.get(first.get_absolute_url()).content.decode()
    assert "Log round 2" not in page  # still awaiting: nothing to log yet

    alice_client.post(
        reverse("interviews:outcome", kwargs={"interview_pk": first.pk}),
        {"outcome": "next_round", "decision_date": ""},
    )
    page = alice_client.get(first.get_absolute_url()).content.decode()
    link = f"{reverse('interviews:create')}?after={first.pk}"
    assert "Log round 2" in page and link in page

    form = alice_client.get(link).content.decode()
    assert re.search(r'name="company_name" value="Globex"', form)
    assert re.search(r'name="role" value="Data Engineer"', form)
    assert 'value="https://globex.example/jobs/7"' in form
    assert 'name="round" value="Round 2"' in form

    later = (timezone.localtime(timezone.now(), alice.zone) + timedelta(days=3)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    data = interview_post_data(
        company_name="Globex",
        role="Data Engineer",
        round="Round 2",
        starts_at=later,
        **{"new-TOTAL_FORMS": "0"},
    )
    alice_client.post(reverse("interviews:create"), data)
    second = Interview.objects.exclude(pk=first.pk).get()
    assert second.application_id == first.application_id
    # Once round 2 is logged, round 1 no longer offers it.
    assert "Log round 2" not in alice_client.get(first.get_absolute_url()).content.decode()


def test_another_persons_round_fills_in_nothing(alice_client, bob):
    theirs = InterviewFactory(owner=bob, company__name="Secret Corp", role="Spy")
    form = alice_client.get(f"{reverse('interviews:create')}?after={theirs.pk}")
    assert form.status_code == 200
    assert "Secret Corp" not in form.content.decode()
    assert "Spy" not in form.content.decode()
