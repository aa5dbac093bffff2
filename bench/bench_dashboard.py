"""The dashboard for a person with 1,000 interviews vs. a bare view, same middleware."""

from django.test import Client

from bench.harness import Result, count_queries, median_seconds
from tests.factories import ContactFactory, InterviewFactory, UserFactory

INTERVIEWS = 1_000


def run() -> list[Result]:
    user = UserFactory(email="bench-dashboard@example.com")
    contacts = [ContactFactory(owner=user) for _ in range(20)]
    for i in range(INTERVIEWS):
        InterviewFactory(owner=user, interviewers=contacts[i % 20 : i % 20 + 2])
    client = Client()
    client.force_login(user)

    def dashboard():
        assert client.get("/").status_code == 200

    def interview_list():
        assert client.get("/interviews/").status_code == 200

    def bare():
        assert client.get("/__bench__/bare/").status_code == 200

    bare_s = median_seconds(bare, repeat=50)
    dash_s = median_seconds(dashboard, repeat=50)
    list_s = median_seconds(interview_list, repeat=50)
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
