"""An application's timeline with 20 rounds (two interviewers each, notes and reviews
done on half) vs. a bare view through the same middleware, in one run."""

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from bench.harness import Result, page_results, person_write, size
from interviews.services import application_set_outcome, interview_create
from tests.factories import ContactFactory, UserFactory

ROUNDS = size(20, smoke=3)


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

    return {
        f"application timeline ({ROUNDS} rounds)": timeline,
        "application list (closed)": application_list,
        "bare": bare,
        "write": person_write(first),
    }


def run() -> list[Result]:
    pages = prepare()
    bare, write = pages.pop("bare"), pages.pop("write")
    return page_results(pages, bare=bare, write=write, repeat=50)
