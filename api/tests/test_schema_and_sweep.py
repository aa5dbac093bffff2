"""The published OpenAPI 3.1 schema, the docs page under the CSP, and the ownership sweep
over every route the schema lists."""

import re

import pytest
from django.test import Client

from api.tests.conftest import assert_problem
from reviews.services import plan_item_add, story_save
from tests.factories import (
    ContactFactory,
    InterviewFactory,
    ReminderFactory,
    ReviewFactory,
    ThankYouNoteFactory,
)

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_31_with_every_route(alice_api):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    for path in (
        "/api/v1/interviews",
        "/api/v1/interviews/{interview_id}",
        "/api/v1/interviews/{interview_id}/hooks",
        "/api/v1/notes/{note_id}/card.pdf",
        "/api/v1/reminders/{reminder_id}/snooze",
        "/api/v1/calendar-feed",
        "/api/v1/inbox/messages",
        "/api/v1/export",
    ):
        assert path in schema["paths"], path
    for path, method in (
        ("/api/v1/interviews/{interview_id}/hooks", "put"),
        ("/api/v1/calendar-feed", "patch"),
    ):
        headers = [p["name"] for p in schema["paths"][path][method].get("parameters", [])]
        assert "If-Match" in headers, (path, method)
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionCsrfAuth"]["in"] == "cookie"


def test_docs_page_is_served_from_our_static_files_under_the_csp(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "cdn" not in html.lower()
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert src.startswith("/"), src


def _bobs_ids(bob):
    interview = InterviewFactory(owner=bob)
    contact = ContactFactory(owner=bob, company=interview.company)
    interview.interviewers.set([contact])
    return {
        "interview_id": interview.pk,
        "application_id": interview.application_id,
        "contact_id": contact.pk,
        "note_id": ThankYouNoteFactory(interview=interview).pk,
        "review_id": ReviewFactory(interview=interview).pk,
        "reminder_id": ReminderFactory(owner=bob, interview=interview).pk,
        "story_id": story_save(owner=bob, fields={"title": "Bob's story"}).pk,
        "plan_item_id": plan_item_add(interview=interview, kind="point", text="Bob's point").pk,
    }


@pytest.mark.slow
def test_every_route_answers_another_persons_id_as_if_it_did_not_exist(alice_api, bob):
    """For each route with an id in it: bob's id gets exactly what an id nobody has gets
    (a 404, or the same validation problem), never a 2xx, and nothing of bob's changes."""
    schema = Client().get("/api/v1/openapi.json").json()
    ids = _bobs_ids(bob)
    swept = 0
    for template, operations in schema["paths"].items():
        names = re.findall(r"{(\w+)}", template)
        if not names:
            continue
        for method in operations:
            theirs = template
            missing = template
            for name in names:
                theirs = theirs.replace(f"{{{name}}}", str(ids[name]))
                missing = missing.replace(f"{{{name}}}", "999999")
            send = getattr(alice_api, method)
            args = () if method in ("get", "delete") else ({},)
            answer, control = send(theirs, *args), send(missing, *args)
            assert answer.status_code == control.status_code, (method, template)
            assert answer.status_code >= 400, (method, template)
            assert_problem(answer, answer.status_code)
            swept += 1
    assert swept >= 29
