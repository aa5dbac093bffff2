"""The sessions page (allauth.usersessions): each signed-in browser with its address and
when it was last seen; "sign out everywhere else"; a password change ends the others."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.auth import PASSWORD, log_in

pytestmark = pytest.mark.django_db


def browser(user, ip, agent):
    client = Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
    log_in(client, user.email)
    return client


def logged_in(client) -> bool:
    return client.get(reverse("interviews:dashboard")).status_code == 200


def test_the_page_lists_my_sessions_and_no_one_elses(alice, bob):
    laptop = browser(alice, "203.0.113.9", "Mozilla/5.0 (X11; Linux) Firefox/140.0")
    browser(alice, "198.51.100.7", "Mozilla/5.0 (iPhone) Safari/18")
    browser(bob, "192.0.2.1", "Bob's Browser/1.0")

    html = laptop.get(reverse("usersessions_list")).content.decode()

    assert "203.0.113.9" in html and "198.51.100.7" in html
    assert "Firefox/140.0" in html and "iPhone" in html
    assert "192.0.2.1" not in html and "Bob's Browser" not in html
    assert html.count("This browser") == 1


def test_sign_out_everywhere_else_keeps_only_this_browser(alice):
    laptop = browser(alice, "203.0.113.9", "Laptop")
    phone = browser(alice, "198.51.100.7", "Phone")

    laptop.post(reverse("usersessions_list"))

    assert logged_in(laptop)
    assert not logged_in(phone)


def test_a_password_change_ends_the_other_sessions(alice):
    laptop = browser(alice, "203.0.113.9", "Laptop")
    thief = browser(alice, "192.0.2.66", "Somewhere else")
    new = "a brand new long passphrase"

    changed = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )

    assert changed.status_code == 302
    assert logged_in(laptop)
    assert not logged_in(thief)
