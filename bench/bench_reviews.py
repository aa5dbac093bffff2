"""Insights for a person with 500 completed reviews × 8 questions, an upcoming interview's
page with its prep card, and a review form with 8 questions, vs. a bare view: on the first
visit after a write and on a repeat visit."""

from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.harness import Result, page_results, person_write, size
from reviews.tests.utils import bulk_reviews
from tests.factories import InterviewFactory, UserFactory

REVIEWS = size(500, smoke=4)
QUESTIONS = size(8, smoke=2)


def prepare() -> dict[str, Callable[[], None]]:
    """The data, a logged-in client, and one callable per page, the bare view and a write
    (the profiler reuses them)."""
    user = UserFactory.create(email="bench-reviews@example.com")
    reviews = bulk_reviews(owner=user, reviews=REVIEWS, questions_per_review=QUESTIONS)
    upcoming = InterviewFactory.create(
        owner=user,
        company=reviews[0].interview.company,
        starts_at=timezone.now() + timedelta(days=2),
        interviewers=[],
    )
    # Fresh bulk inserts have no planner statistics yet; in production autovacuum gathers
    # them within a minute. Without them PostgreSQL picks nested loops and runs 4x slower.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(user)
    label = f"{REVIEWS} reviews × {QUESTIONS} questions"
    review_url = f"/reviews/interview/{reviews[0].interview_id}/"

    def insights():
        response = client.get("/reviews/insights/")
        assert response.status_code == 200
        assert b"Go-to themes" in response.content

    def upcoming_interview():
        assert client.get(upcoming.get_absolute_url()).status_code == 200

    def review_form():
        assert client.get(review_url).status_code == 200

    def bare():
        assert client.get("/__bench__/bare/").status_code == 200

    return {
        f"insights ({label})": insights,
        f"upcoming interview page with prep card ({label})": upcoming_interview,
        f"review form ({QUESTIONS} questions)": review_form,
        "bare": bare,
        "write": person_write(reviews[-1].interview),
    }


def run() -> list[Result]:
    pages = prepare()
    bare, write = pages.pop("bare"), pages.pop("write")
    return page_results(pages, bare=bare, write=write, repeat=40)
