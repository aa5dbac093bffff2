"""Security keys and passkeys (allauth.mfa WebAuthn), with a software authenticator
(tests/webauthn.py) answering allauth's real ceremony: adding a passkey, logging in with it
without a password, and the attacks: a replayed assertion, an assertion made with one
person's passkey for another person's account."""

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from tests.auth import reauthenticate
from tests.webauthn import SoftwareAuthenticator

pytestmark = pytest.mark.django_db

AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture(autouse=True)
def _plain_http_origin(settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True


def add_passkey(client, device: SoftwareAuthenticator):
    reauthenticate(client)
    page = client.get(reverse("mfa_add_webauthn")).content.decode()
    data = json.loads(
        re.search(
            r'<script id="js_data" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    credential = device.create(data["creation_options"])
    return client.post(
        reverse("mfa_add_webauthn"),
        {"name": "My phone", "passwordless": "on", "credential": json.dumps(credential)},
    )


def passkey_log_in(client, device, **kwargs):
    options = client.get(reverse("mfa_login_webauthn"), **AJAX).json()["request_options"]
    assertion = device.get(options, **kwargs)
    return client.post(reverse("mfa_login_webauthn"), {"credential": json.dumps(assertion)}), (
        assertion
    )


def logged_in_as(client):
    response = client.get(reverse("interviews:dashboard"))
    return response.status_code == 200 and response.wsgi_request.user


@pytest.fixture
def alices_phone(alice_client, alice):
    device = SoftwareAuthenticator()
    added = add_passkey(alice_client, device)
    assert added.status_code == 302, added.content.decode()[:2000]
    assert Authenticator.objects.filter(user=alice, type="webauthn").exists()
    return device


def test_a_passkey_logs_in_without_a_password(alice, alices_phone):
    client = Client()
    response, _ = passkey_log_in(client, alices_phone)

    assert response.status_code == 302
    assert logged_in_as(client) == alice


def test_a_replayed_assertion_fails(alice, alices_phone):
    first = Client()
    _, assertion = passkey_log_in(first, alices_phone)
    assert logged_in_as(first) == alice

    # Someone who captured that assertion sends it again, in a fresh session and in one
    # that asked for a new challenge: both refused.
    for replayer in (Client(), Client()):
        replayer.get(reverse("mfa_login_webauthn"), **AJAX)
        replayer.post(reverse("mfa_login_webauthn"), {"credential": json.dumps(assertion)})
        assert not logged_in_as(replayer)


def test_an_assertion_for_another_account_fails(alice, bob, alices_phone):
    bobs_phone = SoftwareAuthenticator()
    bob_client = Client()
    bob_client.force_login(bob)
    assert add_passkey(bob_client, bobs_phone).status_code == 302

    # Bob's own passkey, signing an assertion that names alice's account.
    mallory = Client()
    passkey_log_in(mallory, bobs_phone, user_handle=alices_phone.user_handle)

    assert not logged_in_as(mallory)


def test_a_passkey_is_a_second_factor_at_password_log_in(alice, alices_phone):
    client = Client()
    client.post(
        reverse("account_login"),
        {"login": alice.email, "password": "correct horse battery staple"},
    )
    assert not logged_in_as(client)
    page = client.get(reverse("mfa_authenticate")).content.decode()
    data = json.loads(
        re.search(
            r'<script id="js_data" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    assertion = alices_phone.get(data["request_options"])
    client.post(reverse("mfa_authenticate"), {"credential": json.dumps(assertion)})

    assert logged_in_as(client) == alice
