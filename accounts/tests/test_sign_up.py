"""Sign-up: confirmed by email, and silent about which addresses already have an account."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import PendingSignUp, User
from accounts.services import PENDING_SIGN_UPS_PER_ADDRESS

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_up(client, email, *, full_name="New Person", time_zone="America/Chicago", **extra):
    return client.post(
        reverse("accounts:signup"),
        {
            "email": email,
            "full_name": full_name,
            "time_zone": time_zone,
            "password1": "a long and happy passphrase",
            "password2": "a long and happy passphrase",
        },
        **extra,
    )


def link_in(message) -> str:
    url = re.search(r"http://\S+/accounts/signup/confirm/\S+/", message.body).group(0)
    return url.removeprefix("http://127.0.0.1:8000")


def test_sign_up_confirms_the_address_and_the_password_then_logs_in(client):
    response = sign_up(client, "New.Person@Example.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_up_sent")
    assert not User.objects.exists()  # no account until the address is proved
    assert client.get(reverse("interviews:dashboard")).status_code == 302  # not logged in
    [message] = mail.outbox
    assert message.to == ["new.person@example.com"]
    assert "New Person" not in message.body  # whoever typed the name, it greets nobody
    url = link_in(message)

    page = client.get(url)
    assert page.status_code == 200 and b"Finish and log in" in page.content
    assert not User.objects.exists()  # a link scanner's GET confirms nothing

    wrong = client.post(url, {"password": "not what was chosen"})
    assert "That is not the password chosen" in wrong.content.decode()
    assert not User.objects.exists()

    assert client.post(url, {"password": "a long and happy passphrase"})["Location"] == reverse(
        "interviews:dashboard"
    )
    user = User.objects.get()
    assert (user.email, user.full_name, user.time_zone, user.is_active) == (
        "new.person@example.com",
        "New Person",
        "America/Chicago",
        True,
    )
    assert client.get(reverse("interviews:dashboard")).status_code == 200
    assert client.post(url, {"password": "a long and happy passphrase"}).status_code == 400


def test_a_link_expires_with_the_password_reset_timeout(client, settings):
    sign_up(client, "late@example.com")
    url = link_in(mail.outbox[0])

    with time_machine.travel(
        timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1)
    ):
        assert client.get(url).status_code == 400


def test_an_unconfirmed_account_from_before_is_taken_over_by_the_confirmed_sign_up(client):
    # Made the old way: an inactive account holding whoever signed up first.
    squatted = User.objects.create_user(
        "old@example.com", "the squatter's password", full_name="Squatter", is_active=False
    )
    sign_up(client, "old@example.com", full_name="Rightful Owner")
    client.post(link_in(mail.outbox[0]), {"password": "a long and happy passphrase"})

    squatted.refresh_from_db()
    assert squatted.is_active and squatted.full_name == "Rightful Owner"
    assert squatted.check_password("a long and happy passphrase")
    assert not squatted.check_password("the squatter's password")


def test_an_address_keeps_only_its_newest_sign_ups(client):
    for n in range(PENDING_SIGN_UPS_PER_ADDRESS + 2):
        with time_machine.travel(timezone.now() + timedelta(hours=n)):
            sign_up(client, "busy@example.com", full_name=f"Try {n}")
    assert PendingSignUp.objects.filter(email="busy@example.com").count() == (
        PENDING_SIGN_UPS_PER_ADDRESS
    )
    assert not PendingSignUp.objects.filter(full_name="Try 0").exists()


def test_an_old_style_link_says_it_no_longer_works(client):
    response = client.get("/accounts/signup/MQ/dj87v0-ac49c2025c6d76151a4c7dc2c7ef14a0/")
    assert response.status_code == 400 and b"This link no longer works" in response.content


def test_sign_up_with_an_existing_address_looks_the_same_and_tells_only_its_owner(client, alice):
    new = sign_up(client, "someone.new@example.com", follow=True)
    mail.outbox.clear()
    taken = sign_up(client, "ALICE@example.com", full_name="Second Alice", follow=True)

    assert taken.status_code == new.status_code == 200
    assert taken.redirect_chain == [(reverse("accounts:sign_up_sent"), 302)]
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert strip.sub("", taken.content.decode()) == strip.sub("", new.content.decode())
    assert "already" not in taken.content.decode()
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD) and alice.full_name == "Alice Example"
    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert "you already have one" in message.body
    assert "/accounts/password-reset/" in message.body


def test_sign_up_is_rate_limited_per_network_and_per_inbox(client, alice):
    for _ in range(4):
        sign_up(client, "alice@example.com")
    assert len(mail.outbox) == 3  # the inbox is not flooded, and nothing shows it

    for n in range(6):
        assert sign_up(client, f"person{n}@example.com").status_code == 302
    response = sign_up(client, "one.more@example.com")

    assert response.status_code == 429
    assert "Too many sign-ups from your network" in response.content.decode()
    assert not User.objects.filter(email="one.more@example.com").exists()


@pytest.mark.parametrize(("sent", "kept"), [({"locale": "en-AU"}, "en-AU"), ({}, "en-US")])
def test_sign_up_keeps_the_browsers_locale_or_the_default(client, sent, kept):
    data = {"email": "b@example.com", "time_zone": "UTC", "password1": PASSWORD}
    client.post(reverse("accounts:signup"), {**data, "password2": PASSWORD, **sent})
    client.post(link_in(mail.outbox[0]), {"password": PASSWORD})
    assert User.objects.get().locale == kept


def test_sign_up_rejects_unknown_time_zone_keeping_input(client):
    response = sign_up(client, "x@example.com", full_name="Second Alice", time_zone="Mars/Base")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in html
    assert 'value="Second Alice"' in html
    assert not User.objects.exists()


def test_an_unconfirmed_account_cannot_log_in(client):
    sign_up(client, "new@example.com")

    response = client.post(
        reverse("accounts:login"),
        {"username": "new@example.com", "password": "a long and happy passphrase"},
    )

    assert response.status_code == 200
    assert client.get(reverse("interviews:dashboard")).status_code == 302
