"""The second factor (allauth.mfa): turning on an authenticator app with a QR code drawn
here, being asked for it at log-in and before what a stolen password must not do, and the
attacks on that step: a reused code, a recovery code used twice, guessing, fixation."""

import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from tests.auth import PASSWORD, log_in, reauthenticate, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    # Codes change every 30 s: each test starts at the beginning of a period, so one code
    # stays the current one for the whole test unless the test moves the clock.
    start = (int(time.time()) // 30 + 1) * 30 + 0.5
    with time_machine.travel(start, tick=True) as traveller:
        yield traveller


@pytest.fixture
def alice_2fa(alice):
    TOTP.activate(alice, generate_totp_secret())
    return alice


def logged_in(client) -> bool:
    return client.get(reverse("interviews:dashboard")).status_code == 200


def is_export(response) -> bool:
    return response.get("Content-Type") == "application/json"


def test_turning_on_the_authenticator_app_shows_a_qr_code_drawn_here(alice_client, alice, clock):
    reauthenticate(alice_client)
    page = alice_client.get(reverse("mfa_activate_totp"))
    html = page.content.decode()

    assert page.status_code == 200
    # The QR code is an SVG inlined as a data: URI (img-src allows data:, nothing remote).
    assert 'src="data:image/svg+xml;base64,' in html
    assert "https://" not in html.split('src="data:image/svg+xml', 1)[1].split('"', 1)[0]
    assert "default-src 'self'" in page["Content-Security-Policy"]
    secret = alice_client.session["mfa.totp.secret"]
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    done = alice_client.post(reverse("mfa_activate_totp"), {"code": code})

    assert done.status_code == 302
    assert Authenticator.objects.filter(user=alice, type="totp").exists()
    assert Authenticator.objects.filter(user=alice, type="recovery_codes").exists()


def test_log_in_asks_for_the_code_and_changes_the_session_key_at_each_stage(
    client, alice_2fa, clock
):
    client.get(reverse("account_login"))
    client.session.save()
    anonymous_key = client.session.session_key

    after_password = log_in(client, alice_2fa.email)
    assert after_password["Location"] == reverse("mfa_authenticate")
    assert not logged_in(client)
    pending_key = client.session.session_key

    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(alice_2fa)})

    assert done.status_code == 302 and logged_in(client)
    assert client.session.session_key not in (anonymous_key, pending_key)


def test_a_session_key_planted_before_log_in_is_not_the_one_logged_in(alice_2fa, clock):
    """Fixation: an attacker who sets the victim's session cookie before log-in must not
    share the signed-in session."""
    attacker = Client()
    attacker.get(reverse("account_login"))
    attacker.session.save()
    planted = attacker.cookies["sessionid"].value

    victim = Client()
    victim.cookies["sessionid"] = planted
    log_in(victim, alice_2fa.email)
    victim.post(reverse("mfa_authenticate"), {"code": totp_code(alice_2fa)})

    assert logged_in(victim)
    assert victim.cookies["sessionid"].value != planted
    assert not logged_in(attacker)


def test_a_code_that_was_used_is_refused(client, alice_2fa, clock):
    code = totp_code(alice_2fa)
    log_in(client, alice_2fa.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert logged_in(client)

    replayer = Client()  # someone who watched the code being typed
    log_in(replayer, alice_2fa.email)
    again = replayer.post(reverse("mfa_authenticate"), {"code": code})

    assert again.status_code == 200 and "Incorrect code" in again.content.decode()
    assert not logged_in(replayer)


def test_a_recovery_code_works_once(alice_2fa, clock):
    codes = RecoveryCodes.activate(alice_2fa).get_unused_codes()

    first = Client()
    log_in(first, alice_2fa.email)
    first.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert logged_in(first)

    second = Client()
    log_in(second, alice_2fa.email)
    refused = second.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert "Incorrect code" in refused.content.decode() and not logged_in(second)
    second.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert logged_in(second)


def test_guessing_the_code_is_rate_limited(client, alice_2fa, clock):
    log_in(client, alice_2fa.email)
    for n in range(5):
        client.post(reverse("mfa_authenticate"), {"code": f"{n:06}"})

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(alice_2fa)})

    assert "Too many" in right.content.decode()
    assert not logged_in(client)


def test_a_person_with_a_second_factor_proves_it_with_that_before_an_export(
    client, alice_2fa, clock
):
    log_in(client, alice_2fa.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(alice_2fa)})
    clock.shift(600)  # past the window: the log-in no longer counts

    asked = client.post(reverse("accounts:export"))
    assert asked["Location"].startswith(reverse("mfa_reauthenticate"))
    # The password alone is not enough for them.
    reauthenticate(client, PASSWORD)
    assert not is_export(client.post(reverse("accounts:export")))

    asked = client.post(reverse("accounts:export"))
    done = client.post(asked["Location"], {"code": totp_code(alice_2fa)})
    assert is_export(done)


def test_changing_the_password_asks_for_the_second_factor(client, alice_2fa, clock):
    client.force_login(alice_2fa)
    new = "a brand new long passphrase"
    data = {"oldpassword": PASSWORD, "password1": new, "password2": new}

    asked = client.post(reverse("account_change_password"), data)

    assert asked["Location"].startswith(reverse("mfa_reauthenticate"))
    alice_2fa.refresh_from_db()
    assert alice_2fa.check_password(PASSWORD)
