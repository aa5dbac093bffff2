"""Interviews, applications, contacts and hooks through the API: the same services as the
pages (reminders planned, applications grouped), with the conventions clients expect."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import IdempotentRequest
from api.tests.conftest import assert_problem
from interviews.models import Contact, Interview, ListeningHook
from reminders.models import Reminder
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

PANEL = {
    "company_name": "Acme",
    "role": "Data engineer",
    "starts_at": "2026-03-02T10:00:00+01:00",
    "new_interviewers": [{"name": "Priya Raman", "title": "Head of data"}, {"name": "Tom Li"}],
}


def test_log_an_interview_with_a_panel_plans_reminders(alice_api, alice):
    response = alice_api.post("/api/v1/interviews", PANEL)
    assert response.status_code == 201, response.content
    data = response.json()
    interview = Interview.objects.get(owner=alice)
    assert data["id"] == interview.pk and data["company"]["name"] == "Acme"
    assert len(data["interviewer_ids"]) == 2
    assert set(Contact.objects.filter(owner=alice).values_list("name", flat=True)) == {
        "Priya Raman",
        "Tom Li",
    }
    # The same reminders the page's logging plans.
    assert Reminder.objects.filter(interview=interview).exists()
    app = alice_api.get(f"/api/v1/applications/{data['application_id']}").json()
    assert app["round_ids"] == [interview.pk]


def test_idempotency_key_makes_a_retry_safe(alice_api, alice):
    first = alice_api.post("/api/v1/interviews", PANEL, HTTP_IDEMPOTENCY_KEY="k-1")
    again = alice_api.post("/api/v1/interviews", PANEL, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Interview.objects.filter(owner=alice).count() == 1
    other = alice_api.post(
        "/api/v1/interviews", {**PANEL, "role": "Other"}, HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert_problem(other, 422, "idempotency-key-reused")
    assert Interview.objects.filter(owner=alice).count() == 1


def test_a_refused_create_does_not_use_up_its_key(alice_api, alice):
    bad = alice_api.post(
        "/api/v1/interviews", {**PANEL, "company_name": " "}, HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert bad.status_code == 422
    assert not IdempotentRequest.objects.exists()


def test_hooks_for_one_interviewer(alice_api, alice):
    data = alice_api.post("/api/v1/interviews", PANEL).json()
    priya = Contact.objects.get(owner=alice, name="Priya Raman")
    response = alice_api.put(
        f"/api/v1/interviews/{data['id']}/hooks",
        {"contact_id": priya.pk, "hooks": [{"text": "you're moving to streaming"}]},
    )
    assert response.status_code == 200, response.content
    assert [h["text"] for h in response.json()] == ["you're moving to streaming"]
    assert ListeningHook.objects.get().contact == priya
    four = {"contact_id": priya.pk, "hooks": [{"text": "a"}] * 4}
    assert_problem(alice_api.put(f"/api/v1/interviews/{data['id']}/hooks", four), 422)
    stranger = ContactFactory(owner=alice)
    body = assert_problem(
        alice_api.put(
            f"/api/v1/interviews/{data['id']}/hooks",
            {"contact_id": stranger.pk, "hooks": []},
        ),
        422,
    )
    assert body["errors"][0]["pointer"] == "/body/contact_id"
    assert ListeningHook.objects.count() == 1


def test_hooks_if_match_refuses_a_lost_update(alice_api, alice):
    data = alice_api.post("/api/v1/interviews", PANEL).json()
    priya = Contact.objects.get(owner=alice, name="Priya Raman")
    url = f"/api/v1/interviews/{data['id']}/hooks"
    etag = alice_api.get(url)["ETag"]
    ok = alice_api.put(
        url, {"contact_id": priya.pk, "hooks": [{"text": "streaming"}]}, HTTP_IF_MATCH=etag
    )
    assert ok.status_code == 200, ok.content
    assert ok["ETag"] == alice_api.get(url)["ETag"] != etag
    lost = alice_api.put(
        url, {"contact_id": priya.pk, "hooks": [{"text": "stale"}]}, HTTP_IF_MATCH=etag
    )
    assert_problem(lost, 412, "precondition-failed")
    assert list(ListeningHook.objects.values_list("text", flat=True)) == ["streaming"]
    # Without If-Match the write goes ahead (last write wins).
    last = alice_api.put(url, {"contact_id": priya.pk, "hooks": [{"text": "latest"}]})
    assert last.status_code == 200, last.content
    assert list(ListeningHook.objects.values_list("text", flat=True)) == ["latest"]


def test_etag_and_if_none_match(alice_api, alice):
    interview = InterviewFactory(owner=alice)
    first = alice_api.get(f"/api/v1/interviews/{interview.pk}")
    etag = first["ETag"]
    assert etag
    again = alice_api.get(f"/api/v1/interviews/{interview.pk}", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    alice_api.patch(f"/api/v1/interviews/{interview.pk}", {"role": "Staff engineer"})
    after = alice_api.get(f"/api/v1/interviews/{interview.pk}", HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after.json()["role"] == "Staff engineer"


def test_if_match_refuses_a_lost_update(alice_api, alice):
    interview = InterviewFactory(owner=alice, role="Engineer")
    etag = alice_api.get(f"/api/v1/interviews/{interview.pk}")["ETag"]
    ok = alice_api.patch(
        f"/api/v1/interviews/{interview.pk}", {"location": "Berlin"}, HTTP_IF_MATCH=etag
    )
    assert ok.status_code == 200, ok.content
    assert ok["ETag"] != etag
    lost = alice_api.patch(
        f"/api/v1/interviews/{interview.pk}", {"role": "Stale"}, HTTP_IF_MATCH=etag
    )
    assert_problem(lost, 412, "precondition-failed")
    interview.refresh_from_db()
    assert interview.role == "Engineer" and interview.location == "Berlin"
    assert_problem(alice_api.delete(f"/api/v1/interviews/{interview.pk}", HTTP_IF_MATCH=etag), 412)
    assert Interview.objects.filter(pk=interview.pk).exists()
    assert (
        alice_api.delete(
            f"/api/v1/interviews/{interview.pk}", HTTP_IF_MATCH=ok["ETag"]
        ).status_code
        == 204
    )
    assert not Interview.objects.filter(pk=interview.pk).exists()


def test_patch_changes_only_what_was_sent(alice_api, alice):
    interview = InterviewFactory(owner=alice, role="Engineer", location="Remote")
    response = alice_api.patch(f"/api/v1/interviews/{interview.pk}", {"round": "Final"})
    assert response.status_code == 200, response.content
    interview.refresh_from_db()
    assert (interview.round, interview.role, interview.location) == ("Final", "Engineer", "Remote")


def test_cursor_pagination_and_filters(alice_api, alice):
    made = [InterviewFactory(owner=alice) for _ in range(5)]
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = alice_api.get("/api/v1/interviews", query).json()
        seen += [row["id"] for row in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(i.pk for i in made) and len(seen) == 5
    one = made[0]
    only = alice_api.get("/api/v1/interviews", {"company": one.company_id}).json()["items"]
    assert {row["company"]["id"] for row in only} == {one.company_id}
    assert alice_api.get("/api/v1/applications", {"state": "open"}).status_code == 200
    assert_problem(alice_api.get("/api/v1/applications", {"state": "nope"}), 422)


def test_list_query_count_does_not_grow(alice_api, alice):
    for _ in range(3):
        InterviewFactory(owner=alice)
    alice_api.get("/api/v1/interviews")  # the token's last-use is written once a minute
    with CaptureQueriesContext(connection) as few:
        alice_api.get("/api/v1/interviews")
    for _ in range(10):
        InterviewFactory(owner=alice)
    with CaptureQueriesContext(connection) as many:
        alice_api.get("/api/v1/interviews")
    assert len(many) == len(few)


def test_rate_limit_headers_and_refusal(alice_api, settings):
    settings.API_RATE_LIMIT = 3
    responses = [alice_api.get("/api/v1/interviews") for _ in range(4)]
    assert [r.status_code for r in responses[:3]] == [200, 200, 200]
    assert responses[0]["RateLimit-Limit"] == "3"
    assert [r["RateLimit-Remaining"] for r in responses[:3]] == ["2", "1", "0"]
    assert "r=2" in responses[0]["RateLimit"]
    body = assert_problem(responses[3], 429, "rate-limited")
    assert int(responses[3]["Retry-After"]) > 0 and "requests" in body["detail"]


def test_contact_patch_goes_through_the_contact_form(alice_api, alice):
    contact = ContactFactory(owner=alice, name="Priya")
    response = alice_api.patch(f"/api/v1/contacts/{contact.pk}", {"title": "CTO"})
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert contact.title == "CTO" and contact.name == "Priya"
    assert_problem(alice_api.patch(f"/api/v1/contacts/{contact.pk}", {"email": "nope"}), 422)
