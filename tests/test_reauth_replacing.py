"""Replacing the calendar feed's URL or the inbox's address (either stops the old one at
once) asks the person to prove it is them first: their second factor if they have one."""

import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from inbox.address import inbox_address_replace
from inbox.models import InboxAddress
from reminders.feed import calendar_feed_replace
from reminders.models import CalendarFeed
from tests.auth import totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    start = (int(time.time()) // 30 + 1) * 30 + 0.5
    with time_machine.travel(start, tick=True) as traveller:
        yield traveller


@pytest.fixture
def alice_2fa(alice):
    TOTP.activate(alice, generate_totp_secret())
    return alice


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("reminders:calendar_feed_settings", {"action": "replace"}),
        ("inbox:address_replace", {}),
    ],
)
def test_replacing_the_feed_or_inbox_address_asks_for_the_second_factor(
    client, alice_2fa, clock, url, data
):
    calendar_feed_replace(user=alice_2fa)
    inbox_address_replace(user=alice_2fa)

    def tokens():
        return (
            list(CalendarFeed.objects.values_list("token_digest", flat=True)),
            list(InboxAddress.objects.values_list("token_digest", flat=True)),
        )

    before = tokens()
    client.force_login(alice_2fa)

    asked = client.post(reverse(url), data)

    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("mfa_reauthenticate"))
    assert tokens() == before
    done = client.post(asked["Location"], {"code": totp_code(alice_2fa)})
    assert done.status_code == 302
    assert tokens() != before
