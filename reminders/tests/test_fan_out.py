"""A busy minute on the broker: saves ask for a sweep, never one task per reminder."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reminders.models import Reminder
from reminders.tests.utils import log_interview
from tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_fifty_saves_that_make_reminders_due_queue_one_sweep(
    purged_broker, django_capture_on_commit_callbacks, settings
):
    settings.REMINDERS_NUDGE_SECONDS = 600  # the saves take longer than 5 s on a busy machine
    two_days_ago = timezone.now() - timedelta(days=2)
    for person in range(5):
        user = UserFactory(email=f"busy{person}@example.com")
        for _ in range(10):
            with django_capture_on_commit_callbacks(execute=True):
                log_interview(user, two_days_ago)
    assert Reminder.objects.filter(status=Reminder.Status.SCHEDULED).count() == 100

    queued = purged_broker.control.purge()

    assert queued == 1  # one sweep sends them all; not 50 tasks the broker hands out slowly
