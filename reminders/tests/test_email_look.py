"""Reminder emails wear the app's palette, follow a dark-mode mail client, and read the
same as plain text: every link of the HTML part is in the text part too."""

import re

import pytest

from reminders.emails import reminder_message
from reminders.models import Reminder
from tests.factories import InterviewFactory, ReminderFactory

pytestmark = pytest.mark.django_db

ACCENT, DARK_BACKGROUND = "#1e6a6e", "#1b1917"


@pytest.mark.parametrize("kind", Reminder.Kind.values)
def test_reminder_email_palette_dark_mode_and_plain_text(alice, kind):
    reminder = ReminderFactory(owner=alice, interview=InterviewFactory(owner=alice), kind=kind)
    message = reminder_message(reminder)
    html = message.alternatives[0][0]
    text = message.body

    assert '<meta name="color-scheme" content="light dark">' in html
    assert "@media (prefers-color-scheme: dark)" in html
    assert ACCENT in html and DARK_BACKGROUND in html

    links = set(re.findall(r'href="([^"]+)"', html))
    assert len(links) >= 5  # do it, snooze, done, unsubscribe, settings
    for link in links:
        assert link.replace("&amp;", "&") in text, link
    assert not re.search(r"<[a-z]", text), "the plain-text part has no markup"
