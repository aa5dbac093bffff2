"""Sign-up: the address proved by a code typed in the browser that signed up, and silent
about which addresses already have an account."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.auth import PASSWORD, code_in, confirm_code, log_in, sign_up

pytestmark = pytest.mark.django_db


def test_sign_up_proves_the_address_with_a_code_then_logs_in(client):
    response = sign_up(client, "New.Person@Example.com", time_zone="America/Chicago")

    assert response.status_code == 302
    assert response.status_code in (200, 302), response.status_code
    assert client.get(reverse("interviews:dashboard")).status_code == 302  # not logged in
    [message] = mail.outbox
    assert message.to == ["new.person@example.com"]
    assert "New Person" not in message.body  # whoever typed the name, it greets nobody

    wrong = confirm_code(client, "AAAA-AAAA")
    assert wrong.status_code == 200
    assert client.get(reverse("interviews:dashboard")).status_code == 302

    assert confirm_code(client, code_in(message))["Location"] == reverse("interviews:dashboard")
    user = User.objects.get()
    assert (user.email, user.full_name, user.time_zone, user.is_active) == (
        "new.person@example.com",
        "New Person",
        "America/Chicago",
        True,
    )
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("interviews:dashboard")).status_code == 200


def test_the_code_works_only_in_the_browser_that_signed_up(client):
    sign_up(client, "new@example.com")
    elsewhere = Client()

    confirm_code(elsewhere, code_in(mail.outbox[0]))

    assert elsewhere.get(reverse("interviews:dashboard")).status_code == 302
    assert not EmailAddress.objects.filter(verified=True).exists()


def test_sign_up_with_an_existing_address_looks_the_same_and_tells_only_its_owner(client, alice):
    new = sign_up(client, "someone.new@example.com", follow=True)
    mail.outbox.clear()
    other = Client()
    taken = sign_up(other, "ALICE@example.com", full_name="Second Alice", follow=True)

    assert taken.status_code == new.status_code == 200
    assert taken.redirect_chain == new.redirect_chain
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|[a-z.]+@example\.com')
    assert strip.sub("", taken.content.decode()) == strip.sub("", new.content.decode())
    assert "already" not in taken.content.decode()
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD) and alice.full_name == "Alice Example"
    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert "already has an Afterview account" in message.body
    assert "/accounts/password/reset/" in message.body


@pytest.mark.slow
def test_sign_up_is_rate_limited_per_network(client):
    answers = [sign_up(Client(), f"person{n}@example.com").status_code for n in range(11)]

    assert answers[:10] == [302] * 10
    assert answers[10] == 429
    assert not User.objects.filter(email="person10@example.com").exists()


@pytest.mark.parametrize(("sent", "kept"), [({"locale": "en-AU"}, "en-AU"), ({}, "en-US")])
def test_sign_up_keeps_the_browsers_locale_or_the_default(client, sent, kept):
    data = {"email": "b@example.com", "time_zone": "UTC", "password1": PASSWORD}
    client.post(reverse("account_signup"), {**data, "password2": PASSWORD, **sent})
    assert User.objects.get().locale == kept


def test_sign_up_rejects_unknown_time_zone_keeping_input(client):
    response = sign_up(client, "x@example.com", full_name="Second Alice", time_zone="Mars/Base")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Select a valid choice" in html
    assert 'value="Second Alice"' in html
    assert not User.objects.exists()


def test_an_unproved_account_cannot_log_in(client):
    sign_up(Client(), "new@example.com")
    response = log_in(client, "new@example.com")

    assert response.status_code in (200, 302), response.status_code
    assert client.get(reverse("interviews:dashboard")).status_code == 302
