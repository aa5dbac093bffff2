"""Insights, the prep card and the dashboard's themes are never out of date: any change to
the person's interviews or reviews shows on the next page, though they are kept under the
person's change stamp (common.kept); and a cache that is down costs nothing but the time to
draw them. The tests commit, as requests do: nothing is kept from inside a transaction."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview
from interviews.services import application_set_outcome, interview_delete, interview_set_outcome
from reviews.models import PlanItem, Question, Review
from reviews.services import (
    gut_rating_record,
    plan_item_add,
    plan_item_update,
    question_set_practised,
    review_reopen,
    story_delete,
    story_save,
)
from reviews.tests.utils import make_review
from tests.factories import InterviewFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

INSIGHTS = reverse("reviews:insights")


def get(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.fixture
def reviewed(alice):
    return make_review(
        owner=alice,
        starts_at=timezone.now() - timedelta(days=3),
        company="Initech",
        questions=[("Salary", 1, "Know the band"), ("Technical", 5, "")],
    )


def test_a_kept_page_posts_with_a_token_that_works(alice, reviewed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    get(client, INSIGHTS)
    _, html = get(client, INSIGHTS + "?from=dashboard")
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', html.split('id="open-heading"')[1]
    )
    assert 'name="next" value="/reviews/insights/?from=dashboard"' in html
    question = Question.objects.get(theme="Salary")
    response = client.post(
        reverse("reviews:practised", kwargs={"question_pk": question.pk}),
        {"csrfmiddlewaretoken": token[1], "practised": "1", "next": "/reviews/insights/"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.practised_at is not None


@pytest.mark.slow
def test_gut_ratings_stories_and_plans_show_on_the_next_visit(alice_client, alice, reviewed):
    interview = InterviewFactory(
        owner=alice, starts_at=timezone.now() - timedelta(days=1), interviewers=[]
    )
    _, html = get(alice_client, INSIGHTS)
    assert 'id="calibration"' not in html
    gut_rating_record(interview=interview, rating=4)
    _, html = get(alice_client, INSIGHTS)
    assert "0 rated interviews with a known outcome" in html
    interview_set_outcome(interview=interview, outcome=Interview.Outcome.OFFER)
    _, html = get(alice_client, INSIGHTS)
    assert "1 rated interview with a known outcome" in html

    story = story_save(owner=alice, fields={"title": "The billing migration"})
    item = plan_item_add(interview=interview, kind=PlanItem.Kind.STORY, text="Billing", story=None)
    item.outcome, item.landed = PlanItem.Outcome.TOLD, 5
    item.save()
    _, html = get(alice_client, INSIGHTS)
    assert "The billing migration" not in html
    plan_item_update(item=item, kind=item.kind, text=item.text, story=story)
    _, html = get(alice_client, INSIGHTS)
    assert "The billing migration" in html

    story_save(owner=alice, story=story, fields={"title": "Billing, told well"})
    _, html = get(alice_client, INSIGHTS)
    assert "Billing, told well" in html
    story_delete(story=story)
    _, html = get(alice_client, INSIGHTS)
    assert "Billing, told well" not in html


@pytest.mark.slow
def test_each_kind_of_change_shows_on_the_next_visit(alice_client, alice, reviewed):
    get(alice_client, INSIGHTS)
    make_review(
        owner=alice,
        starts_at=timezone.now() - timedelta(days=1),
        company="Globex",
        questions=[("Conflict", 2, "Pause first")],
    )
    _, html = get(alice_client, INSIGHTS)
    assert "Globex" in html and "Conflict" in html

    question = Question.objects.get(theme="Salary")
    question_set_practised(question=question, practised=True)
    _, html = get(alice_client, INSIGHTS)
    assert "Know the band" not in html.split('id="open-heading"')[1]

    company = reviewed.interview.company
    company.name = "Initrode"
    company.save()
    _, html = get(alice_client, INSIGHTS)
    assert "Initrode" in html and "Initech" not in html

    review_reopen(review=Review.objects.get(pk=reviewed.pk))
    _, html = get(alice_client, INSIGHTS)
    assert "Initrode" not in html  # a draft is not counted

    interview_delete(interview=Review.objects.get(interview__company__name="Globex").interview)
    _, html = get(alice_client, INSIGHTS)
    assert "Nothing to show yet" in html


def test_a_new_time_zone_recounts_the_months(alice_client, alice, reviewed):
    get(alice_client, INSIGHTS)
    alice.time_zone = "Pacific/Kiritimati"
    alice.save(update_fields=["time_zone"])
    count, _ = get(alice_client, INSIGHTS)
    assert count > 2


def test_one_persons_figures_never_reach_another(alice_client, bob_client, bob, reviewed):
    get(alice_client, INSIGHTS)
    _, html = get(bob_client, INSIGHTS)
    assert "Initech" not in html and "Nothing to show yet" in html


@pytest.mark.slow
def test_prep_card_and_dashboard_follow_changes(alice_client, alice, reviewed):
    upcoming = InterviewFactory(
        owner=alice,
        company=reviewed.interview.company,
        starts_at=timezone.now() + timedelta(days=2),
    )
    _, html = get(alice_client, upcoming.get_absolute_url())
    assert "Know the band" in html
    _, dashboard = get(alice_client, reverse("interviews:dashboard"))
    assert "Salary" in dashboard

    make_review(
        owner=alice,
        starts_at=timezone.now() - timedelta(days=1),
        company="Globex",
        questions=[("Negotiation", 1, "Name a number")] * 3,
    )
    _, html = get(alice_client, upcoming.get_absolute_url())
    assert "Name a number" in html
    _, dashboard = get(alice_client, reverse("interviews:dashboard"))
    assert "Negotiation" in dashboard


@pytest.fixture(
    params=["config.cache.FailSafeRedisCache", "django.core.cache.backends.redis.RedisCache"]
)
def cache_down(request):
    """The production cache, and a plain Redis one, pointed where nothing listens."""
    unreachable = {
        "default": {
            "BACKEND": request.param,
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=unreachable):
        yield


@pytest.mark.slow
def test_pages_work_with_the_cache_down(alice_client, alice, reviewed, cache_down):
    upcoming = InterviewFactory(
        owner=alice, company=reviewed.interview.company, starts_at=timezone.now() + timedelta(1)
    )
    for url in (INSIGHTS, INSIGHTS, upcoming.get_absolute_url(), reverse("interviews:dashboard")):
        _, html = get(alice_client, url)
    assert "Know the band" in html or "Salary" in html
    _, html = get(alice_client, INSIGHTS)
    assert "Initech" in html


def test_the_interview_pages_review_and_plan_panels_follow_changes(alice_client, alice, reviewed):
    interview = reviewed.interview
    page = interview.get_absolute_url()
    _, html = get(alice_client, page)
    assert "Read the review" in html

    plan_item_add(interview=interview, kind=PlanItem.Kind.POINT, text="Say why billing matters")
    _, html = get(alice_client, page)
    assert "Say why billing matters" in html
    review_reopen(review=Review.objects.get(pk=reviewed.pk))
    _, html = get(alice_client, page)
    assert "Continue the review" in html
    gut_rating_record(interview=interview, rating=2)
    _, html = get(alice_client, page)
    assert "<strong>2 / 5</strong>" in html


def test_an_applications_outcome_shows_on_the_next_visit(alice_client, alice, reviewed):
    interview = reviewed.interview
    gut_rating_record(interview=interview, rating=4)
    _, html = get(alice_client, INSIGHTS)
    assert "1 still awaited" in html

    application_set_outcome(application=interview.application, outcome="rejected")

    _, html = get(alice_client, INSIGHTS)
    assert "1 still awaited" not in html
