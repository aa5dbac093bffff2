"""The dashboard and the interview list for a person with 1,000 interviews vs. a bare view,
same middleware: on the first visit after a write and on a repeat visit."""

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from bench.harness import Result, page_results, person_write, size
from tests.factories import CompanyFactory, ContactFactory, InterviewFactory, UserFactory

INTERVIEWS = size(1_000, smoke=6)
COMPANIES = size(120, smoke=3)
CONTACTS = size(40, smoke=3)


def prepare() -> dict[str, Callable[[], None]]:
    """The data, a logged-in client, and one callable per page, the bare view and a write
    (the profiler reuses them)."""
    user = UserFactory.create(email="bench-dashboard@example.com")
    companies = [CompanyFactory.create(owner=user) for _ in range(COMPANIES)]
    contacts = [
        ContactFactory.create(owner=user, company=companies[i % COMPANIES])
        for i in range(CONTACTS)
    ]
    interviews = [
        InterviewFactory.create(
            owner=user,
            company=companies[i % COMPANIES],
            interviewers=contacts[i % CONTACTS : i % CONTACTS + 2],
            starts_at=timezone.now() + timedelta(days=i % 60 - 45, hours=i % 24),
        )
        for i in range(INTERVIEWS)
    ]
    client = Client()
    client.force_login(user)

    def dashboard():
        assert client.get("/").status_code == 200

    def interview_list():
        assert client.get("/interviews/").status_code == 200

    def bare():
        assert client.get("/__bench__/bare/").status_code == 200

    return {
        f"dashboard ({INTERVIEWS} interviews)": dashboard,
        f"interview list ({INTERVIEWS} interviews, page 1)": interview_list,
        "bare": bare,
        "write": person_write(interviews[-1]),
    }


def run() -> list[Result]:
    pages = prepare()
    bare, write = pages.pop("bare"), pages.pop("write")
    return page_results(pages, bare=bare, write=write, repeat=40)
