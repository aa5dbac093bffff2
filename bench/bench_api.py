"""The API for a person with 1,000 interviews vs. a bare view, same middleware: the list
(a page of 50) and one interview, through a personal access token, on the first request
after a write and on a repeat; with their query counts."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from api.services import token_create
from bench.harness import Result, page_results, person_write, size
from interviews.models import Application, Company, Contact, Interview
from tests.factories import UserFactory

INTERVIEWS = size(1_000, smoke=6)
COMPANIES = size(100, smoke=3)


def prepare() -> dict[str, Callable[[], None]]:
    user = UserFactory.create(email="bench-api@example.com")
    companies = Company.objects.bulk_create(
        Company(owner=user, name=f"Company {i}") for i in range(COMPANIES)
    )
    openings = Application.objects.bulk_create(
        Application(owner=user, company=companies[i % COMPANIES], role=f"Role {i}")
        for i in range(INTERVIEWS)
    )
    now = timezone.now()
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=user,
            company=openings[i].company,
            application=openings[i],
            role=openings[i].role,
            starts_at=now - timedelta(days=i % 300, hours=i % 24),
        )
        for i in range(INTERVIEWS)
    )
    contacts = Contact.objects.bulk_create(
        Contact(owner=user, company=interviews[i].company, name=f"Person {i}")
        for i in range(INTERVIEWS)
    )
    Interview.interviewers.through.objects.bulk_create(
        Interview.interviewers.through(interview_id=iv.pk, contact_id=c.pk)
        for iv, c in zip(interviews, contacts, strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The bench makes thousands of requests in a minute; the limit is not what is measured.
    settings.API_RATE_LIMIT = 10**9
    plaintext = token_create(owner=user, name="bench", scope="read")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    one = interviews[len(interviews) // 2]

    def api_list():
        response = client.get("/api/v1/interviews")
        assert response.status_code == 200, response.content[:200]

    def api_detail():
        assert client.get(f"/api/v1/interviews/{one.pk}").status_code == 200

    def bare():
        assert client.get("/__bench__/bare/").status_code == 200

    return {
        f"API interview list (page of 50 of {INTERVIEWS})": api_list,
        "API one interview": api_detail,
        "bare": bare,
        "write": person_write(one),
    }


def run() -> list[Result]:
    pages = prepare()
    bare, write = pages.pop("bare"), pages.pop("write")
    return page_results(pages, bare=bare, write=write, repeat=30)
