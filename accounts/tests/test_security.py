"""Account pages an attacker can reach without logging in: password reset and log-in."""

import pytest
from django.core import mail
from django.urls import reverse

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
