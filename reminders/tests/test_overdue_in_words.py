""" "Overdue" is said in words, never by colour alone: a keep-in-touch note started but not
sent past its day says so beside its status."""

from datetime import timedelta

import pytest
import time_machine

from notes.services import keep_in_touch_note_start
from reminders.keep_in_touch import keep_in_touch_plan
from reminders.tests.test_keep_in_touch import rejected_after_two_rounds
from reminders.tests.utils import utc

pytestmark = pytest.mark.django_db


def test_an_overdue_keep_in_touch_note_in_draft_says_overdue(alice, alice_client):
    with time_machine.travel(utc(2025, 1, 10, 12, 0), tick=False):
        application, _first, second, people = rejected_after_two_rounds(alice)
        (planned, *_) = keep_in_touch_plan(
            application=application, contacts=[people["grace"]], months=[3]
        )
        keep_in_touch_note_start(interview=second, recipient=people["grace"], sequence=1)
    with time_machine.travel(planned.overdue_at + timedelta(days=2), tick=False):
        html = alice_client.get(application.get_absolute_url()).content.decode()
    panel = html.split('id="keep-in-touch-heading"', 1)[1].split("</section>", 1)[0]
    item = panel.split("Note to Grace", 1)[1].split("</li>", 1)[0]
    assert 'data-tone="overdue"' in panel
    assert "Overdue" in item and "Draft" in item
