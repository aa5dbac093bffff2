"""Whoever proves they read an address is the one who sets its account's password and name.

A stranger may sign up with someone else's address and a password of their own, before or
after the owner does. The owner's inbox then holds what both sign-ups sent: a code for each
sign-up that made the account, and a "this address already has an account" email with a
password-reset link for the other. Whatever the owner does with their inbox, the account
that comes out of it opens with the owner's password and never with the stranger's, and
the stranger's name appears in nothing the owner is shown.

The defence is allauth's, configured in settings: the code proving the address works only
in the browser that signed up (the stranger's browser never sees the owner's inbox), an
account nobody proved cannot log in, and a reset link (which proves the inbox) replaces the
stranger's password and drops the name they typed (accounts/password_reset.py).

Written against what a person sees and does (the sign-up page, the email, the log-in page),
not our function names, so it keeps its meaning whatever signs people up.
"""

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.auth import code_in, confirm_code
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    """Sign-ups of one address are a few minutes apart, as people are (allauth sends an
    address at most one email in ten seconds)."""
    with time_machine.travel("2030-01-07 09:00Z", tick=True) as traveller:
        yield traveller


ADDRESS = "alice@example.com"
OWNER = ("Alice Owner", "the owner's own long passphrase")
STRANGER = ("Mallory Squatter", "a stranger's chosen passphrase")


def sign_up(name: str, password: str) -> Client:
    """Signs up in a browser of its own, through the page; returns that browser."""
    client = Client()
    page = client.get(reverse("account_signup"))
    data = form_data(page.content.decode())
    data.update({"email": ADDRESS, "full_name": name, "time_zone": "Europe/Berlin"})
    for field in data:
        if "password" in field:
            data[field] = password
    assert client.post(reverse("account_signup"), data).status_code == 302
    return client


def reset_links() -> list[str]:
    links = []
    for message in mail.outbox:
        assert message.to == [ADDRESS]
        for url in re.findall(r"https?://\S+/accounts/password/reset/\S*", message.body):
            links.append(re.sub(r"^https?://[^/]+", "", url))
    return links


def codes() -> list[str]:
    return [code_in(m) for m in mail.outbox if re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", m.body)]


def take_back_by_reset(client: Client, password: str):
    """The owner asks for a reset from the link in the email and follows the emailed link."""
    [request_link] = [link for link in reset_links() if "/key/" not in link][:1]
    client.post(request_link, {"email": ADDRESS})
    [key_link] = [link for link in reset_links() if "/key/" in link][-1:]
    form = client.get(key_link, follow=True)
    target = form.redirect_chain[-1][0]
    return client.post(target, {"password1": password, "password2": password}, follow=True)


def can_log_in(password: str) -> bool:
    client = Client()
    client.post(reverse("account_login"), {"login": ADDRESS, "password": password})
    return client.get(reverse("interviews:dashboard")).status_code == 200


def everything_the_owner_was_shown(*pages) -> str:
    return "\n".join(
        [m.subject + m.body for m in mail.outbox] + [p.content.decode() for p in pages]
    )


@pytest.mark.slow
def test_owner_first_the_owner_finishes_with_their_code_and_the_stranger_gets_nowhere(clock):
    owner = sign_up(*OWNER)
    clock.shift(60)
    stranger = sign_up(*STRANGER)
    [code] = codes()  # the stranger's sign-up sent "already has an account", no code

    confirm_code(stranger, code)  # even if the code leaked: it is not the stranger's browser
    assert stranger.get(reverse("interviews:dashboard")).status_code == 302
    done = confirm_code(owner, code)

    assert owner.get(reverse("interviews:dashboard")).status_code == 200
    assert can_log_in(OWNER[1])
    assert not can_log_in(STRANGER[1])
    settings_page = owner.get(reverse("accounts:profile"))
    assert OWNER[0] in settings_page.content.decode()
    assert "Mallory" not in everything_the_owner_was_shown(done, settings_page)


@pytest.mark.slow
def test_stranger_first_the_owner_takes_the_address_back_by_reset(clock):
    stranger = sign_up(*STRANGER)
    clock.shift(60)
    owner = sign_up(*OWNER)  # told, by email only, that the address has an account
    [code] = codes()  # the stranger's code, in the owner's inbox

    confirm_code(owner, code)  # useless in the owner's browser: it proves nothing
    assert owner.get(reverse("interviews:dashboard")).status_code == 302
    assert not can_log_in(STRANGER[1])  # nobody proved the address for the stranger
    clock.shift(60)

    done = take_back_by_reset(owner, OWNER[1])

    assert owner.get(reverse("interviews:dashboard")).status_code == 200
    assert can_log_in(OWNER[1])
    assert not can_log_in(STRANGER[1])
    assert stranger.get(reverse("interviews:dashboard")).status_code == 302
    settings_page = owner.get(reverse("accounts:profile"))
    assert "Mallory" not in settings_page.content.decode() + done.content.decode()


@pytest.mark.slow
def test_a_code_followed_without_the_browser_that_signed_up_opens_nothing():
    sign_up(*STRANGER)  # the owner never signed up; the code arrives in their inbox
    [code] = codes()

    owner = Client()
    attempt = confirm_code(owner, code)

    assert owner.get(reverse("interviews:dashboard")).status_code == 302
    assert not can_log_in(STRANGER[1])
    assert "Mallory" not in everything_the_owner_was_shown(attempt)


@pytest.mark.slow
def test_the_stranger_cannot_take_the_account_once_the_owner_proved_it(clock):
    owner = sign_up(*OWNER)
    confirm_code(owner, codes()[0])
    mail.outbox.clear()
    clock.shift(60)

    stranger = sign_up(*STRANGER)
    assert stranger.get(reverse("interviews:dashboard")).status_code == 302
    # The stranger's reset request mails the owner's inbox, never the stranger.
    stranger.post(reverse("account_reset_password"), {"email": ADDRESS})
    assert all(m.to == [ADDRESS] for m in mail.outbox)

    assert can_log_in(OWNER[1]) and not can_log_in(STRANGER[1])
