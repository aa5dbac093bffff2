"""What a stolen session cannot do: take the person's data away or delete the account
without proving it is them (their password, or their second factor if they have one), nor
guess that password there without limit."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.auth import PASSWORD, log_in, reauthenticate

pytestmark = pytest.mark.django_db


def is_export(response) -> bool:
    return response.get("Content-Type") == "application/json"


def test_export_asks_to_prove_it_is_you_then_not_for_a_short_while(alice_client, alice):
    url = reverse("accounts:export")

    asked = alice_client.post(url)  # the button on Settings, from a session of any age
    assert not is_export(asked)
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    page = alice_client.get(asked["Location"])
    assert 'type="password"' in page.content.decode()

    wrong = alice_client.post(asked["Location"], {"password": "not it"})
    assert not is_export(wrong) and wrong.status_code == 200

    # The kept POST runs once the password is right: the download arrives.
    confirmed = alice_client.post(asked["Location"], {"password": PASSWORD})
    assert is_export(confirmed)
    assert json.loads(confirmed.content)["profile"]["email"] == alice.email

    assert is_export(alice_client.post(url))  # within the window: no need to ask again
    later = timezone.now() + timedelta(seconds=settings.REAUTH_WINDOW_SECONDS + 1)
    with time_machine.travel(later):
        assert not is_export(alice_client.post(url))


def test_logging_in_with_the_password_counts_as_having_just_typed_it(client, alice):
    log_in(client, alice.email)
    assert is_export(client.post(reverse("accounts:export")))


@pytest.mark.slow
def test_delete_asks_to_prove_it_is_you_first(alice_client, alice):
    asked = alice_client.post(reverse("accounts:delete"))
    assert asked.status_code == 302
    assert User.objects.filter(pk=alice.pk).exists()

    reauthenticate(alice_client)
    done = alice_client.post(reverse("accounts:delete"))

    assert done.status_code == 302 and done["Location"] == reverse("account_login")
    assert not User.objects.filter(pk=alice.pk).exists()


@pytest.mark.slow
def test_password_guesses_on_reauthentication_are_limited(alice_client, alice):
    url = reverse("account_reauthenticate")
    answers = [alice_client.post(url, {"password": "guess"}).status_code for _ in range(12)]

    assert 429 in answers
    locked = alice_client.post(reverse("accounts:delete"))
    assert User.objects.filter(pk=alice.pk).exists() and locked.status_code == 302


def test_a_session_from_elsewhere_cannot_export_without_the_password(alice):
    thief = Client()
    thief.force_login(alice)  # a stolen session cookie: no proof in it

    assert not is_export(thief.post(reverse("accounts:export")))
