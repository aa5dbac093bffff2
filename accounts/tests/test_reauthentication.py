"""What a stolen session cannot do: take the person's data away, delete the account by
guessing its password, or spray passwords across many accounts from one address."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def is_export(response) -> bool:
    return response.get("Content-Type") == "application/json"


def test_export_asks_for_the_password_again_then_not_for_a_short_while(alice_client, alice):
    url = reverse("accounts:export")

    asked = alice_client.post(url)  # the button on Settings, from a session of any age
    assert not is_export(asked)
    assert asked.status_code == 200 and 'type="password"' in asked.content.decode()

    wrong = alice_client.post(url, {"password": "not it"})
    assert not is_export(wrong) and "That is not your password." in wrong.content.decode()

    confirmed = alice_client.post(url, {"password": PASSWORD})
    assert is_export(confirmed)
    assert json.loads(confirmed.content)["profile"]["email"] == alice.email

    assert is_export(alice_client.post(url))  # within the window: no need to ask again
    later = timezone.now() + timedelta(seconds=settings.REAUTH_WINDOW_SECONDS + 1)
    with time_machine.travel(later):
        assert not is_export(alice_client.post(url))


def test_logging_in_with_the_password_counts_as_having_just_typed_it(client, alice):
    client.post(reverse("accounts:login"), {"username": alice.email, "password": PASSWORD})
    assert is_export(client.post(reverse("accounts:export")))


def test_password_guesses_on_delete_are_limited_like_log_in(alice_client, alice):
    url = reverse("accounts:delete")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert alice_client.post(url, {"password": "guess"}).status_code == 200
    assert alice_client.post(url, {"password": "guess"}).status_code == 429

    locked = alice_client.post(url, {"password": PASSWORD})

    assert locked.status_code == 429
    assert User.objects.filter(pk=alice.pk).exists()


def test_password_guesses_on_export_are_limited_like_log_in(alice_client, alice):
    url = reverse("accounts:export")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        alice_client.post(url, {"password": "guess"})

    locked = alice_client.post(url, {"password": PASSWORD})

    assert locked.status_code == 429 and not is_export(locked)


def test_spraying_one_password_across_many_accounts_from_one_address_is_stopped():
    people = [UserFactory(email=f"person{n}@example.com") for n in range(30)]
    sprayer = Client(REMOTE_ADDR="203.0.113.50")

    answers = [
        sprayer.post(
            reverse("accounts:login"), {"username": p.email, "password": "Summer2026!"}
        ).status_code
        for p in people
    ]

    assert 429 in answers, "thirty accounts, one try each, and nothing noticed"
    assert answers.index(429) <= settings.LOGIN_FAILURES_PER_ADDRESS_PER_HOUR
    refused = sprayer.post(
        reverse("accounts:login"), {"username": people[0].email, "password": PASSWORD}
    )
    assert refused.status_code == 429 and "Too many failed log-ins" in refused.content.decode()
    # Someone else, elsewhere, logs in as ever.
    elsewhere = Client(REMOTE_ADDR="198.51.100.8")
    response = elsewhere.post(
        reverse("accounts:login"), {"username": people[0].email, "password": PASSWORD}
    )
    assert response.status_code == 302
