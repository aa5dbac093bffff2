"""Log-in rate limits (allauth's, counted in the cache): per (account, address), per address
across accounts, and a forged X-Forwarded-For changes nothing."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.auth import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"


def attempt(client, email, password, ip, forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_too_many_failures_lock_that_account_from_that_address(client, alice):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert (
            TOO_MANY not in attempt(client, alice.email, "wrong", "203.0.113.9").content.decode()
        )

    locked = attempt(client, alice.email, PASSWORD, "203.0.113.9")

    assert locked.status_code == 200
    assert TOO_MANY in locked.content.decode()
    assert client.get(reverse("interviews:dashboard")).status_code == 302


def test_attacker_cannot_lock_alice_out_from_her_own_address(client, alice):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT + 2):
        attempt(client, alice.email, "wrong", "203.0.113.9")

    response = attempt(client, alice.email, PASSWORD, "198.51.100.7")

    assert response.status_code == 302


def test_forged_forwarded_for_does_not_reset_the_count(client, alice):
    for n in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        attempt(client, alice.email, "wrong", "203.0.113.9", forwarded=f"10.0.0.{n}")

    response = attempt(client, alice.email, PASSWORD, "203.0.113.9", forwarded="10.9.9.9")

    assert TOO_MANY in response.content.decode()


def test_behind_one_trusted_proxy_the_proxy_seen_address_counts(client, alice, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        # The client forges the left part; our proxy appends the real address.
        attempt(client, alice.email, "wrong", "10.0.0.1", forwarded=f"1.2.3.{n}, 203.0.113.9")

    response = attempt(client, alice.email, PASSWORD, "10.0.0.1", forwarded="5.5.5.5, 203.0.113.9")
    other = attempt(client, alice.email, PASSWORD, "10.0.0.1", forwarded="198.51.100.7")

    assert TOO_MANY in response.content.decode()
    assert other.status_code == 302


def test_changing_the_case_of_the_email_does_not_buy_more_attempts(client, alice):
    spellings = ["alice@example.com", "Alice@example.com", "ALICE@example.com"]
    spellings += ["aLiCe@Example.com", " alice@EXAMPLE.com "]
    for n in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        attempt(client, spellings[n % len(spellings)], "wrong", "203.0.113.9")

    response = attempt(client, "AlIcE@eXaMpLe.CoM", PASSWORD, "203.0.113.9")

    assert TOO_MANY in response.content.decode()


@pytest.mark.slow
def test_spraying_one_password_across_many_accounts_from_one_address_is_stopped(client):
    people = [
        UserFactory(email=f"person{n}@example.com")
        for n in range(settings.LOGIN_FAILURES_PER_ADDRESS_PER_HOUR // 10 + 2)
    ]
    sprayed = 0
    while sprayed < settings.LOGIN_FAILURES_PER_ADDRESS_PER_HOUR:
        for person in people:
            attempt(client, person.email, "Summer2026!", "203.0.113.7")
            sprayed += 1

    # Even the right password of an account never tried is refused from that address...
    fresh = UserFactory(email="fresh@example.com")
    refused = attempt(client, fresh.email, PASSWORD, "203.0.113.7")
    assert refused.status_code in (200, 429)
    assert client.get(reverse("interviews:dashboard")).status_code == 302
    # ...and works from another.
    assert attempt(client, fresh.email, PASSWORD, "198.51.100.7").status_code == 302
