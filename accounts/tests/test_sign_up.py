"""Sign-up: confirmed by email, and silent about which addresses already have an account."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

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
    return re.search(r"http://\S+/accounts/signup/\S+/", message.body).group(0)


def test_sign_up_confirms_the_address_then_logs_in(client):
    response = sign_up(client, "New.Person@Example.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_up_sent")
    user = User.objects.get()
    assert (user.email, user.time_zone, user.is_active) == (
        "new.person@example.com",
        "America/Chicago",
        False,
    )
    assert client.get(reverse("interviews:dashboard")).status_code == 302  # not logged in
    [message] = mail.outbox
    assert message.to == ["new.person@example.com"]
    url = link_in(message).removeprefix("http://127.0.0.1:8000")

    page = client.get(url)
    assert page.status_code == 200 and b"Confirm and log in" in page.content
    assert not User.objects.get().is_active  # a link scanner's GET confirms nothing

    assert client.post(url)["Location"] == reverse("interviews:dashboard")
    assert User.objects.get().is_active
    assert client.get(reverse("interviews:dashboard")).status_code == 200
    assert client.post(url).status_code == 400  # the link works once


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
