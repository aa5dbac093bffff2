"""An application's timeline with 20 rounds (two interviewers each, notes and reviews
done on half) vs. a bare view through the same middleware, in one run."""

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from bench.harness import Result, count_queries, median_seconds
from interviews.services import application_set_outcome, interview_create
from tests.factories import ContactFactory, UserFactory

ROUNDS = 20


def prepare() -> dict[str, Callable[[], None]]:
    user = UserFactory.create(email="bench-applications@example.com")
    start = timezone.now() - timedelta(days=2 * ROUNDS)
    first = interview_create(
        owner=user, company_name="Acme Robotics", role="Platform Engineer", starts_at=start
    )
    people = [ContactFactory.create(owner=user, company=first.company) for _ in range(6)]
    first.interviewers.set(people[:2])
    for i in range(1, ROUNDS):
        interview = interview_create(
            owner=user,
            company_name="Acme Robotics",
            role="Platform Engineer",
            starts_at=start + timedelta(days=i),
            round=f"Round {i + 1}",
            interviewers=people[i % 5 : i % 5 + 2],
        )
        assert interview.application_id == first.application_id
        if i % 2:
            interview.notes_done_at = interview.review_done_at = timezone.now()
            interview.save(update_fields=["notes_done_at", "review_done_at"])
    application_set_outcome(application=first.application, outcome="rejected")
    client = Client()
    client.force_login(user)
    url = first.application.get_absolute_url()

    def timeline():
        assert client.get(url).status_code == 200

    def application_list():
        assert client.get("/applications/?show=closed").status_code == 200

    def bare():
        assert client.get("/__bench__/bare/").status_code == 200

    return {"timeline": timeline, "list": application_list, "bare": bare}


def run() -> list[Result]:
    pages = prepare()
    bare_s = median_seconds(pages["bare"], repeat=50)
    timeline_s = median_seconds(pages["timeline"], repeat=50)
    list_s = median_seconds(pages["list"], repeat=50)
    return [
        Result(
            f"application timeline ({ROUNDS} rounds)",
            timeline_s * 1000,
            bare_s * 1000,
            "bare view",
            {"queries": count_queries(pages["timeline"])},
        ),
        Result(
            "application list (closed)",
            list_s * 1000,
            bare_s * 1000,
            "bare view",
            {"queries": count_queries(pages["list"])},
        ),
    ]
