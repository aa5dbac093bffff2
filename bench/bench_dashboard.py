"""The dashboard for a person with 1,000 interviews vs. a bare view, same middleware."""

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from bench.harness import Result, count_queries, interleaved_medians
from tests.factories import CompanyFactory, ContactFactory, InterviewFactory, UserFactory

INTERVIEWS = 1_000
COMPANIES = 120


def prepare() -> dict[str, Callable[[], None]]:
    """The data, a logged-in client, and one callable per page (the profiler reuses them)."""
    user = UserFactory.create(email="bench-dashboard@example.com")
    companies = [CompanyFactory.create(owner=user) for _ in range(COMPANIES)]
    contacts = [ContactFactory.create(owner=user, company=companies[i]) for i in range(40)]
    for i in range(INTERVIEWS):
        InterviewFactory.create(
            owner=user,
            company=companies[i % COMPANIES],
            interviewers=contacts[i % 40 : i % 40 + 2],
            starts_at=timezone.now() + timedelta(days=i % 60 - 45, hours=i % 24),
        )
    client = Client()
    client.force_login(user)

    def dashboard():
        assert client.get("/").status_code == 200

    def interview_list():
        assert client.get("/interviews/").status_code == 200

    def bare():
        assert client.get("/__bench__/bare/").status_code == 200

    return {"dashboard": dashboard, "interview list": interview_list, "bare": bare}


def run() -> list[Result]:
    pages = prepare()
    dashboard, interview_list = pages["dashboard"], pages["interview list"]
    medians = interleaved_medians(pages, repeat=100)
    bare_s, dash_s, list_s = medians["bare"], medians["dashboard"], medians["interview list"]
    return [
        Result(
            f"dashboard ({INTERVIEWS} interviews)",
            dash_s * 1000,
            bare_s * 1000,
            "bare view",
            {"queries": count_queries(dashboard)},
        ),
        Result(
            f"interview list ({INTERVIEWS} interviews, page 1)",
            list_s * 1000,
            bare_s * 1000,
            "bare view",
            {"queries": count_queries(interview_list)},
        ),
    ]
