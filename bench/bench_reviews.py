"""Insights for a person with 500 completed reviews × 8 questions vs. a bare view."""

from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.harness import Result, count_queries, interleaved_medians
from reviews.tests.utils import bulk_reviews
from tests.factories import InterviewFactory, UserFactory

REVIEWS = 500
QUESTIONS = 8


def prepare() -> dict[str, Callable[[], None]]:
    """The data, a logged-in client, and one callable per page (the profiler reuses them)."""
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

    def insights():
        response = client.get("/reviews/insights/")
        assert response.status_code == 200
        assert b"Go-to themes" in response.content

    def upcoming_interview():
        assert client.get(upcoming.get_absolute_url()).status_code == 200

    def bare():
        assert client.get("/__bench__/bare/").status_code == 200

    return {"insights": insights, "prep card": upcoming_interview, "bare": bare}


def run() -> list[Result]:
    pages = prepare()
    insights, upcoming_interview = pages["insights"], pages["prep card"]
    medians = interleaved_medians(pages, repeat=100)
    bare_s, insights_s, prep_s = medians["bare"], medians["insights"], medians["prep card"]
    label = f"{REVIEWS} reviews × {QUESTIONS} questions"
    return [
        Result(
            f"insights ({label})",
            insights_s * 1000,
            bare_s * 1000,
            "bare view",
            {"queries": count_queries(insights)},
        ),
        Result(
            f"upcoming interview page with prep card ({label})",
            prep_s * 1000,
            bare_s * 1000,
            "bare view",
            {"queries": count_queries(upcoming_interview)},
        ),
    ]
