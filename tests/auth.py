"""Signing up and in the way a person does, through allauth's pages, for every test that
needs it: one place to change when the pages change."""

import re

from django.core import mail
from django.urls import reverse

PASSWORD = "correct horse battery staple"


def sign_up(client, email, *, password=PASSWORD, full_name="New Person", time_zone="UTC", **extra):
    """Posts the sign-up form; returns the response (a redirect to the code page)."""
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "full_name": full_name,
            "time_zone": time_zone,
            "password1": password,
            "password2": password,
        },
        **extra,
    )


def code_in(message) -> str:
    """The verification code in an email allauth sent."""
    return re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", message.body).group(1)


def confirm_code(client, code):
    return client.post(reverse("account_email_verification_sent"), {"code": code})


def log_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def reauthenticate(client, password=PASSWORD):
    """Types the password again on allauth's page (for a person without a second factor)."""
    return client.post(reverse("account_reauthenticate"), {"password": password})


def last_email_to(address):
    return [m for m in mail.outbox if address in m.to][-1]


def totp_code(user, *, at: float | None = None) -> str:
    """The code the person's authenticator app shows now (or at ``at``), computed from the
    secret allauth stored, as the app computes it (RFC 6238)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def prove_it_is_me(client, user, password=PASSWORD):
    """Re-authenticates the way the person is asked to: their authenticator app's code if
    they have one, else their password."""
    from allauth.mfa.models import Authenticator

    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return client.post(reverse("mfa_reauthenticate"), {"code": totp_code(user)})
    return reauthenticate(client, password)


def browser_log_in(page, user, password=PASSWORD) -> None:
    """Logs in through the pages in a real browser, with the authenticator app's code if the
    person has one, and waits for the dashboard."""
    from allauth.mfa.models import Authenticator

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        page.wait_for_url("**/2fa/authenticate/")
        page.get_by_label("Code").fill(totp_code(user))
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/")
