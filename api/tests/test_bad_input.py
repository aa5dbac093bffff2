"""What bad input gets: a precise problem-details answer, nothing changed, never a 500."""

import json

import pytest
from django.test import Client

from api.tests.conftest import assert_problem
from interviews.models import Interview
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

GOOD = {"company_name": "Acme", "role": "Engineer", "starts_at": "2026-03-02T10:00:00+01:00"}


def test_wrong_types_name_the_field(alice_api, alice):
    body = assert_problem(
        alice_api.post("/api/v1/interviews", {**GOOD, "duration_minutes": "an hour"}),
        422,
        "invalid",
    )
    assert [e["pointer"] for e in body["errors"]] == ["/body/duration_minutes"]
    assert not Interview.objects.filter(owner=alice).exists()


def test_unknown_fields_are_refused(alice_api, alice):
    body = assert_problem(alice_api.post("/api/v1/interviews", {**GOOD, "owner_id": 2}), 422)
    assert body["errors"][0]["pointer"] == "/body/owner_id"
    assert "Unknown field" in body["errors"][0]["detail"]
    assert not Interview.objects.exists()


def test_the_forms_rules_apply(alice_api):
    body = assert_problem(
        alice_api.post("/api/v1/interviews", {**GOOD, "company_name": "   "}), 422
    )
    assert body["errors"][0]["pointer"] == "/body/company_name"
    body = assert_problem(
        alice_api.post("/api/v1/interviews", {**GOOD, "role": "x" * 10_000}), 422
    )
    assert body["errors"][0]["pointer"] == "/body/role"
    assert not Interview.objects.exists()


def test_ten_megabyte_body_is_413_before_it_is_read(alice_api):
    big = json.dumps({**GOOD, "learned": "x" * 10_000_000})
    body = assert_problem(alice_api.post("/api/v1/interviews", big), 413, "too-large")
    assert "at most" in body["detail"]
    assert not Interview.objects.exists()


@pytest.mark.parametrize("depth", [50, 100_000])
def test_deeply_nested_json_is_refused(alice_api, depth):
    deep = '{"company_name": ' + "[" * depth + "]" * depth + "}"
    assert_problem(alice_api.post("/api/v1/interviews", deep), 400, "too-deep")
    assert not Interview.objects.exists()


def test_malformed_json_and_wrong_media_type(alice_api):
    assert_problem(alice_api.post("/api/v1/interviews", "{nope"), 400, "malformed-json")
    assert_problem(alice_api.post("/api/v1/interviews", "[1, 2]"), 400, "malformed-json")
    assert_problem(alice_api.post("/api/v1/interviews", "a=b", content_type="text/plain"), 415)


def test_unknown_route_and_wrong_method_are_problems(alice_api, alice):
    assert_problem(alice_api.get("/api/v1/nothing-here"), 404)
    interview = InterviewFactory(owner=alice)
    response = alice_api.post(f"/api/v1/interviews/{interview.pk}", GOOD)
    body = assert_problem(response, 405)
    assert "PATCH" in response["Allow"] and "POST" in body["detail"]


def test_other_peoples_ids_are_404(alice_api, bob):
    theirs = InterviewFactory(owner=bob, role="Bob's role")
    contact = ContactFactory(owner=bob)
    for path in (
        f"/api/v1/interviews/{theirs.pk}",
        f"/api/v1/applications/{theirs.application_id}",
        f"/api/v1/contacts/{contact.pk}",
        f"/api/v1/interviews/{theirs.pk}/hooks",
    ):
        assert_problem(alice_api.get(path), 404, "not-found")
    assert_problem(alice_api.patch(f"/api/v1/interviews/{theirs.pk}", {"role": "Mine"}), 404)
    assert_problem(alice_api.delete(f"/api/v1/interviews/{theirs.pk}"), 404)
    assert_problem(alice_api.patch(f"/api/v1/contacts/{contact.pk}", {"name": "Mine"}), 404)
    theirs.refresh_from_db()
    assert theirs.role == "Bob's role"
    # Another person's contact as an interviewer of one's own interview: refused too.
    body = assert_problem(
        alice_api.post("/api/v1/interviews", {**GOOD, "interviewer_ids": [contact.pk]}), 422
    )
    assert body["errors"][0]["pointer"] == "/body/interviewers"
    assert not Interview.objects.filter(owner__email="alice@example.com").exists()


def test_bad_cursor_is_400(alice_api):
    assert_problem(alice_api.get("/api/v1/interviews", {"cursor": "!!!"}), 400, "bad-cursor")
    assert_problem(alice_api.get("/api/v1/interviews", {"cursor": "WzEsMl0"}), 400)


def test_a_server_error_is_a_problem_too(alice_api, monkeypatch):
    from api.endpoints import interviews

    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(interviews, "_interview_rows", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/interviews", HTTP_AUTHORIZATION=f"Bearer {alice_api.token}")
    body = assert_problem(response, 500, "server-error")
    assert "boom" not in body["detail"]
