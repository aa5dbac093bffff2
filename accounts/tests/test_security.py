"""Account pages an attacker can reach without logging in: password reset and log-in."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.auth import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def reset_link(body: str) -> str:
    return re.search(r"https?://\S+/accounts/password/reset/key/\S+/", body).group(0)


def test_a_forged_host_header_does_not_reach_the_reset_link(client, alice, settings):
    settings.SITE_URL = "https://afterview.example"

    response = client.post(
        reverse("account_reset_password"),
        {"email": alice.email},
        HTTP_HOST="attacker.example",
        HTTP_X_FORWARDED_HOST="attacker.example",
    )

    assert response.status_code == 302
    [message] = mail.outbox
    assert reset_link(message.body).startswith("https://afterview.example/accounts/")
    bodies = message.body + "".join(part for part, _ in getattr(message, "alternatives", []))
    assert "attacker.example" not in bodies


def test_the_reset_link_sets_a_new_password_and_logs_in(client, alice):
    client.post(reverse("account_reset_password"), {"email": alice.email})
    link = reset_link(mail.outbox[0].body).removeprefix("http://127.0.0.1:8000")
    form = client.get(link, follow=True)
    new = "a brand new long passphrase"
    done = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})

    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)


@pytest.mark.parametrize(
    "target",
    [
        "https://attacker.example/",
        "//attacker.example/",
        "/\\attacker.example",
        "http://testserver.attacker.example/",
        "javascript:alert(1)",
    ],
)
def test_log_in_never_redirects_off_site(client, alice, target):
    response = client.post(
        f"{reverse('account_login')}?next={target}",
        {"login": alice.email, "password": PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:dashboard")


def test_log_in_follows_a_next_on_our_own_site(client, alice):
    target = reverse("accounts:profile")
    response = client.post(
        f"{reverse('account_login')}?next={target}",
        {"login": alice.email, "password": PASSWORD, "next": target},
    )

    assert response["Location"] == target


def test_the_session_key_changes_at_log_in(client, alice):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    log_in(client, alice.email)

    assert client.session.session_key != before


def test_password_reset_emails_are_rate_limited_without_saying_so(client, alice):
    url = reverse("account_reset_password")
    responses = [client.post(url, {"email": "Alice@Example.com"}) for _ in range(5)]

    assert {r.status_code for r in responses[:3]} == {302}
    assert len(mail.outbox) == 3


def test_password_resets_from_one_address_are_capped_across_accounts(client):
    people = [UserFactory(email=f"person{n}@example.com") for n in range(12)]
    url = reverse("account_reset_password")

    for person in people:
        client.post(url, {"email": person.email}, REMOTE_ADDR="203.0.113.5")
    client.post(url, {"email": people[0].email}, REMOTE_ADDR="198.51.100.1")

    assert len(mail.outbox) == 11  # ten from the first address, one from the other


def test_reset_for_an_unknown_address_looks_the_same(client, alice):
    known = client.post(reverse("account_reset_password"), {"email": alice.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_account_emails_have_an_html_part_with_a_language_a_title_and_the_same_link(client, alice):
    client.post(reverse("account_reset_password"), {"email": alice.email})

    [message] = mail.outbox
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert '<html lang="en">' in html
    assert f"<title>{message.subject}</title>" in html
    link = reset_link(message.body)
    assert f'href="{link}"' in html
