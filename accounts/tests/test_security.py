"""Account pages an attacker can reach without logging in: password reset and log-in."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def reset_link(body: str) -> str:
    return next(line.strip() for line in body.splitlines() if "/password-reset/" in line)


def test_a_forged_host_header_does_not_reach_the_reset_link(client, alice, settings):
    settings.SITE_URL = "https://afterview.example"

    response = client.post(
        reverse("accounts:password_reset"),
        {"email": alice.email},
        HTTP_HOST="attacker.example",
        HTTP_X_FORWARDED_HOST="attacker.example",
    )

    assert response.status_code == 302
    message = mail.outbox[0]
    assert reset_link(message.body).startswith("https://afterview.example/accounts/")
    html = message.alternatives[0][0]
    assert 'href="https://afterview.example/accounts/password-reset/' in html
    assert "attacker.example" not in message.body + html


@pytest.mark.parametrize(
    "target", ["https://attacker.example/", "//attacker.example/", "/\\attacker.example"]
)
def test_log_in_never_redirects_off_site(client, alice, target):
    response = client.post(
        f"{reverse('accounts:login')}?next={target}",
        {"username": alice.email, "password": PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:dashboard")


def test_password_reset_emails_are_rate_limited_without_saying_so(client, alice):
    url = reverse("accounts:password_reset")
    responses = [client.post(url, {"email": "Alice@Example.com"}) for _ in range(5)]

    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {reverse("accounts:password_reset_done")}
    assert len(mail.outbox) == 3


def test_password_resets_from_one_address_are_capped_across_accounts(client):
    people = [UserFactory(email=f"person{n}@example.com") for n in range(12)]
    url = reverse("accounts:password_reset")

    for person in people:
        client.post(url, {"email": person.email}, REMOTE_ADDR="203.0.113.5")
    client.post(url, {"email": people[0].email}, REMOTE_ADDR="198.51.100.1")

    assert len(mail.outbox) == 11  # ten from the first address, one from the other
