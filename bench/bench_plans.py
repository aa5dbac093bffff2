"""The plan page and Insights for a person with 500 completed reviews × 8 questions, 200
stories (told in plans, answering questions) and gut ratings, vs. a bare view."""

from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.harness import Result, page_results, person_write, size
from interviews.models import Application, Interview
from reviews.services import plan_item_add
from reviews.tests.utils import bulk_reviews, bulk_stories
from tests.factories import InterviewFactory, UserFactory

REVIEWS = size(500, smoke=8)
QUESTIONS = size(8, smoke=2)
STORIES = size(200, smoke=6)


def prepare() -> dict[str, Callable[[], None]]:
    """The data, a logged-in client, and one callable per page, the bare view and a write
    (the profiler reuses them)."""
    user = UserFactory.create(email="bench-plans@example.com")
    reviews = bulk_reviews(owner=user, reviews=REVIEWS, questions_per_review=QUESTIONS)
    stories = bulk_stories(owner=user, stories=STORIES)
    # Outcomes known for most, so calibration has figures to count.
    outcomes = [Interview.Outcome.NEXT_ROUND, Interview.Outcome.REJECTED, Interview.Outcome.OFFER]
    for i, outcome in enumerate(outcomes):
        # One application per round here, so each round's outcome can differ.
        for review in reviews[i::4]:
            interview = review.interview
            interview.application = Application.objects.create(
                owner=user, company=interview.company, role=interview.role, outcome=outcome
            )
            interview.save(update_fields=["application"])
    upcoming = InterviewFactory.create(
        owner=user,
        company=reviews[0].interview.company,
        role="Engineering Manager",
        starts_at=timezone.now() + timedelta(days=2),
        interviewers=[],
    )
    for i in range(6):
        plan_item_add(interview=upcoming, kind="story", text=f"Item {i}", story=stories[i])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(user)
    plan_url = f"/reviews/plan/{upcoming.pk}/"

    def plan():
        response = client.get(plan_url)
        assert response.status_code == 200
        assert b"Carried over" in response.content

    def insights():
        response = client.get("/reviews/insights/")
        assert response.status_code == 200
        assert b"Your gut against what happened" in response.content

    def bare():
        assert client.get("/__bench__/bare/").status_code == 200

    label = f"{REVIEWS} reviews × {QUESTIONS} questions, {STORIES} stories"
    return {
        f"plan page ({label})": plan,
        f"insights with calibration and story records ({label})": insights,
        "bare": bare,
        "write": person_write(reviews[-1].interview),
    }


def run() -> list[Result]:
    pages = prepare()
    bare, write = pages.pop("bare"), pages.pop("write")
    return page_results(pages, bare=bare, write=write, repeat=30)
