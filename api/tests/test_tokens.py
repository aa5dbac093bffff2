"""Personal access tokens: made in settings, shown once, stored hashed, scoped, expiring,
revocable; and the browser session as the other way in, with CSRF."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from api.models import PersonalToken, token_digest
from api.services import token_create
from api.tests.conftest import ApiClient, assert_problem
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_token_made_in_settings_is_shown_once_and_stored_hashed(alice_client, alice):
    response = alice_client.post(
        "/settings/api-tokens/", {"name": "Extension", "scope": "write", "expires_in_days": "30"}
    )
    assert response.status_code == 200
    plaintext = response.context["created"][1]
    assert plaintext.startswith("afv_") and plaintext in response.content.decode()
    token = PersonalToken.objects.get(owner=alice)
    assert token.digest == token_digest(plaintext) and plaintext not in token.digest
    assert token.scope == "write"
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    # Never again: the list page shows only its first characters.
    again = alice_client.get("/settings/api-tokens/").content.decode()
    assert plaintext not in again and token.hint in again


@pytest.mark.slow
def test_settings_links_to_the_tokens_page(alice_client):
    assert "/settings/api-tokens/" in alice_client.get("/accounts/settings/").content.decode()


def test_a_token_without_a_name_is_refused(alice_client, alice):
    response = alice_client.post("/settings/api-tokens/", {"name": "  ", "scope": "read"})
    assert response.status_code == 400
    assert not PersonalToken.objects.filter(owner=alice).exists()


def test_bearer_token_reads_and_records_last_use(client, alice):
    token, plaintext = token_create(owner=alice, name="t", scope="read")
    InterviewFactory(owner=alice)
    response = ApiClient(client, plaintext).get("/api/v1/interviews")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_refused(client, alice_client, alice):
    token, plaintext = token_create(owner=alice, name="t", scope="read")
    alice_client.post(f"/settings/api-tokens/{token.pk}/revoke/")
    api = ApiClient(Client(), plaintext)
    body = assert_problem(api.get("/api/v1/interviews"), 401, "unauthenticated")
    assert "revoked" in body["detail"]


def test_expired_token_is_refused(alice):
    _token, plaintext = token_create(
        owner=alice, name="t", scope="read", expires_at=timezone.now() + timedelta(days=1)
    )
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        body = assert_problem(ApiClient(Client(), plaintext).get("/api/v1/interviews"), 401)
    assert "expired" in body["detail"]


def test_unknown_and_missing_tokens_are_refused():
    assert_problem(ApiClient(Client(), "afv_nonsense").get("/api/v1/interviews"), 401)
    response = Client().get("/api/v1/interviews")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_another_persons_revoke_is_404(bob_client, alice):
    token, _ = token_create(owner=alice, name="t", scope="read")
    assert bob_client.post(f"/settings/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_read_token_cannot_write(client, alice, alice_read_token):
    interview = InterviewFactory(owner=alice)
    api = ApiClient(client, alice_read_token)
    body = assert_problem(
        api.patch(f"/api/v1/interviews/{interview.pk}", {"role": "Changed"}),
        403,
        "insufficient-scope",
    )
    assert "read-only" in body["detail"]
    interview.refresh_from_db()
    assert interview.role != "Changed"


def test_session_reads_and_writes_with_csrf_only(alice, client):
    interview = InterviewFactory(owner=alice)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.get("/api/v1/interviews").status_code == 200
    refused = browser.patch(
        f"/api/v1/interviews/{interview.pk}", '{"role": "X"}', content_type="application/json"
    )
    assert_problem(refused, 403, "csrf-failed")
    interview.refresh_from_db()
    assert interview.role != "X"
    browser.get("/settings/api-tokens/")  # sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    allowed = browser.patch(
        f"/api/v1/interviews/{interview.pk}",
        '{"role": "X"}',
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert allowed.status_code == 200, allowed.content
    interview.refresh_from_db()
    assert interview.role == "X"
