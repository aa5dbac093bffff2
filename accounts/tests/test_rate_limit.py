"""Login rate limiting: per (account, address), and a forged X-Forwarded-For changes nothing."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def attempt(client, email, password, ip, forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


def test_too_many_failures_lock_that_account_from_that_address(client, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, alice.email, "wrong", "203.0.113.9").status_code == 200
    assert attempt(client, alice.email, "wrong", "203.0.113.9").status_code == 429

    locked = attempt(client, alice.email, PASSWORD, "203.0.113.9")

    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()


def test_attacker_cannot_lock_alice_out_from_her_own_address(client, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        attempt(client, alice.email, "wrong", "203.0.113.9")

    response = attempt(client, alice.email, PASSWORD, "198.51.100.7")

    assert response.status_code == 302


def test_forged_forwarded_for_does_not_reset_the_count(client, alice):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, alice.email, "wrong", "203.0.113.9", forwarded=f"10.0.0.{n}")

    response = attempt(client, alice.email, PASSWORD, "203.0.113.9", forwarded="10.9.9.9")

    assert response.status_code == 429


def test_behind_one_trusted_proxy_the_proxy_seen_address_counts(client, alice, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The client forges the left part; our proxy appends the real address.
        attempt(client, alice.email, "wrong", "10.0.0.1", forwarded=f"1.2.3.{n}, 203.0.113.9")

    response = attempt(client, alice.email, PASSWORD, "10.0.0.1", forwarded="5.5.5.5, 203.0.113.9")
    other = attempt(client, alice.email, PASSWORD, "10.0.0.1", forwarded="198.51.100.7")

    assert response.status_code == 429
    assert other.status_code == 302


def test_changing_the_case_of_the_email_does_not_buy_more_attempts(client, alice):
    # Log-in ignores the case of the email, so each spelling is the same account.
    spellings = ["alice@example.com", "Alice@example.com", "ALICE@example.com"]
    spellings += ["aLiCe@Example.com", " alice@EXAMPLE.com "]
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, spellings[n % len(spellings)], "wrong", "203.0.113.9")

    response = attempt(client, "AlIcE@eXaMpLe.CoM", PASSWORD, "203.0.113.9")

    assert response.status_code == 429
