"""Whoever proves they read an address is the one who sets its account's password and name.

A stranger may sign up with someone else's address and a password of their own, before or
after the owner does. The owner's inbox then holds links from both sign-ups. Whichever link
the owner follows, the account that comes out of it must open with the owner's password,
carry the owner's name, and never with the stranger's; the stranger's name must appear in
nothing the owner is shown.

Written against what a person sees and does (the sign-up page, the email, the link, the
log-in page), not our function names, so it keeps its meaning whatever signs people up.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

ADDRESS = "alice@example.com"
OWNER = ("Alice Owner", "the owner's own long passphrase")
STRANGER = ("Mallory Squatter", "a stranger's chosen passphrase")


def sign_up(name: str, password: str) -> None:
    client = Client()
    page = client.get(reverse("accounts:signup"))
    data = form_data(page.content.decode())
    data.update({"email": ADDRESS, "full_name": name, "time_zone": "Europe/Berlin"})
    for field in data:
        if "password" in field:
            data[field] = password
    assert client.post(reverse("accounts:signup"), data).status_code == 302


def links_in_inbox() -> list[str]:
    """The sign-up links in the owner's inbox, oldest first."""
    links = []
    for message in mail.outbox:
        assert message.to == [ADDRESS]
        for url in re.findall(r"https?://\S+", message.body):
            path = re.sub(r"^https?://[^/]+", "", url)
            if path.startswith("/accounts/signup/"):
                links.append(path)
    return links


def finish(client: Client, link: str, password: str):
    """Follows a link from the email and answers what the page asks: the password."""
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    data = form_data(html)
    for field in data:
        if "password" in field:
            data[field] = password
    action = re.search(r'<form[^>]*method="post"[^>]*?(?:action="([^"]*)")?[^>]*>', html)
    target = (action.group(1) if action and action.group(1) else "") or link
    return client.post(target, data, follow=True)


def can_log_in(password: str) -> bool:
    client = Client()
    client.post(reverse("accounts:login"), {"username": ADDRESS, "password": password})
    return client.get(reverse("interviews:dashboard")).status_code == 200


def everything_the_owner_was_shown(*pages) -> str:
    return "\n".join(
        [m.subject + m.body for m in mail.outbox] + [p.content.decode() for p in pages]
    )


@pytest.mark.parametrize("stranger_first", [True, False], ids=["stranger-first", "owner-first"])
@pytest.mark.parametrize("which_link", ["newest", "oldest"])
def test_the_owners_password_and_name_win_whichever_link_they_follow(stranger_first, which_link):
    for who in (STRANGER, OWNER) if stranger_first else (OWNER, STRANGER):
        sign_up(*who)
    links = links_in_inbox()
    assert len(links) == 2

    owner = Client()
    link = links[-1] if which_link == "newest" else links[0]
    done = finish(owner, link, OWNER[1])

    assert owner.get(reverse("interviews:dashboard")).status_code == 200
    assert can_log_in(OWNER[1])
    assert not can_log_in(STRANGER[1])
    settings_page = owner.get(reverse("accounts:profile"))
    assert OWNER[0] in settings_page.content.decode()
    assert "Mallory" not in everything_the_owner_was_shown(done, settings_page)


def test_a_link_followed_without_the_password_chosen_at_sign_up_opens_nothing():
    sign_up(*STRANGER)  # the owner never signed up; the link arrives in their inbox
    [link] = links_in_inbox()

    owner = Client()
    page = owner.get(link)
    attempt = finish(owner, link, "a guess at what was chosen")

    assert owner.get(reverse("interviews:dashboard")).status_code == 302
    assert not can_log_in(STRANGER[1])
    assert "Mallory" not in everything_the_owner_was_shown(page, attempt)


def test_the_stranger_cannot_finish_the_owners_sign_up_later():
    sign_up(*OWNER)
    sign_up(*STRANGER)
    links = links_in_inbox()
    finish(Client(), links[0], OWNER[1])

    # Even with a link (say it leaked), the account is the owner's now.
    for link in links:
        stranger = Client()
        if stranger.get(link).status_code == 200:
            finish(stranger, link, STRANGER[1])
        assert stranger.get(reverse("interviews:dashboard")).status_code == 302

    assert can_log_in(OWNER[1]) and not can_log_in(STRANGER[1])
