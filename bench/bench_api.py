"""The API for a person with 1,000 interviews (one application each) vs. a bare JSON view:
the interview list (a page of 50) and one interview, the application list and one
application, through a personal access token, on the first request after a write and on a
repeat; with their query counts.

The bare view is as much of the API as is not the endpoint's own work: it sits under
``/api/v1/`` (so the API's middleware adds its ETag, rate-limit and cache headers), checks
the same token with the API's own ``TokenAuth`` (one query, one count in the rate limit)
and answers ``{"ok": true}``. Token authentication is then in both, like the session in the
page benches' bare view; what it costs alone is printed as its own line."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.test import Client
from django.utils import timezone

from api.auth import TokenAuth
from api.services import token_create
from bench.harness import Result, interleaved_medians, page_results, person_write, size
from interviews.models import Application, Company, Contact, Interview
from tests.factories import UserFactory

INTERVIEWS = size(1_000, smoke=6)
COMPANIES = size(100, smoke=3)
BARE_PATH = "/api/v1/__bench__/bare"


def bare_json_view(request):
    """The baseline: the API's middleware and token check, then a constant JSON body."""
    if TokenAuth()(request) is None:
        return JsonResponse({"ok": False}, status=401)
    return JsonResponse({"ok": True})


def bare_json_without_token(request):
    return JsonResponse({"ok": True})


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

    def get(path: str) -> Callable[[], None]:
        def request() -> None:
            response = client.get(path)
            assert response.status_code == 200, response.content[:200]

        return request

    return {
        f"API interview list (page of 50 of {INTERVIEWS})": get("/api/v1/interviews"),
        "API one interview": get(f"/api/v1/interviews/{one.pk}"),
        f"API application list (page of 50 of {INTERVIEWS})": get("/api/v1/applications"),
        "API one application": get(f"/api/v1/applications/{one.application_id}"),
        "bare": get(BARE_PATH),
        "write": person_write(one),
    }


def run() -> list[Result]:
    pages = prepare()
    bare, write = pages.pop("bare"), pages.pop("write")
    results = page_results(pages, bare=bare, write=write, repeat=30)
    # What the token check costs on its own: the bare view with it vs. without it.
    anonymous = Client()

    def without() -> None:
        assert anonymous.get(BARE_PATH + "-no-token").status_code == 200

    alone = interleaved_medians({"with": bare, "without": without}, repeat=30)
    results.append(
        Result(
            "bare JSON view with the token check",
            alone["with"] * 1000,
            alone["without"] * 1000,
            "the same without it",
        )
    )
    return results
