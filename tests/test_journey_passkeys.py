"""Passkeys in a real Chromium, with its virtual authenticator (DevTools protocol
``WebAuthn.addVirtualAuthenticator``): alice adds a passkey in Settings, logs out, and logs
back in with the passkey alone; then the authenticator app, set up with a code computed
here, is asked for at the next password log-in."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.auth import PASSWORD, browser_log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture(autouse=True)
def _plain_http_origin(settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True


def prove_with_password_if_asked(page):
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()


def test_add_a_passkey_then_log_in_with_it_alone(page, alice):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    browser_log_in(page, alice)

    page.goto("/accounts/2fa/webauthn/add/")
    prove_with_password_if_asked(page)
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    page.goto("/accounts/2fa/")
    expect(page.get_by_text("Security Keys")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Use a passkey").click()

    expect(page.get_by_role("heading", name="Hello, Alice Example")).to_be_visible()


def test_turn_on_the_authenticator_app_and_be_asked_for_it(page, alice):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    browser_log_in(page, alice)
    page.goto("/accounts/2fa/totp/activate/")
    prove_with_password_if_asked(page)
    # The QR code: an SVG drawn on the server, inlined (nothing fetched from elsewhere).
    expect(page.locator("img.totp-qr")).to_have_attribute("src", re.compile(r"^data:image/svg"))
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(
        format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    )
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("Recovery Codes").first).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    browser_log_in(page, alice)  # computes the next code from the stored secret

    expect(page.get_by_role("heading", name="Hello, Alice Example")).to_be_visible()
