"""Links in reminder emails: each token works for its own purpose, person and reminder only,
and a snooze / done link stops working after its time."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from reminders import tokens
from reminders.models import Reminder
from tests.factories import ReminderFactory

pytestmark = pytest.mark.django_db

Status = Reminder.Status


def action_url(token):
    return reverse("reminders:email_action", kwargs={"token": token})


def unsubscribe_url(token):
    return reverse("reminders:unsubscribe", kwargs={"token": token})


@pytest.fixture
def sent(alice):
    return ReminderFactory(owner=alice, status=Status.SENT)


def test_an_unsubscribe_token_is_no_snooze_or_done_link(client, alice, sent):
    unsubscribe = tokens.make_unsubscribe_token(user_id=alice.pk, kind=sent.kind)
    lookalike = signing.dumps(
        {"r": sent.pk, "a": "done", "d": tokens.due_stamp(sent.due_at)}, compress=True
    )  # right payload, signed for another purpose (no salt)

    for token in (unsubscribe, lookalike):
        assert client.post(action_url(token)).status_code == 400
    assert Reminder.objects.get(pk=sent.pk).status == Status.SENT


def test_a_snooze_link_cannot_mark_done_and_names_only_its_reminder(client, alice, sent):
    other = ReminderFactory(owner=alice, interview=sent.interview, kind="review", status="sent")
    snooze = tokens.make_action_token(reminder_id=sent.pk, action="snooze", due_at=sent.due_at)

    client.post(action_url(snooze))

    assert Reminder.objects.get(pk=sent.pk).status == Status.SCHEDULED  # snoozed, not done
    assert Reminder.objects.get(pk=other.pk).status == Status.SENT


def test_a_snooze_or_done_link_expires(client, alice, sent):
    token = tokens.make_action_token(reminder_id=sent.pk, action="done", due_at=sent.due_at)
    later = timezone.now() + timedelta(seconds=tokens.ACTION_MAX_AGE + 60)

    with time_machine.travel(later):
        response = client.post(action_url(token))

    assert response.status_code == 400
    assert Reminder.objects.get(pk=sent.pk).status == Status.SENT


def test_an_action_token_is_no_unsubscribe_link(client, alice, sent):
    token = tokens.make_action_token(reminder_id=sent.pk, action="done", due_at=sent.due_at)

    assert client.post(unsubscribe_url(token)).status_code == 400
    alice.refresh_from_db()
    assert alice.remind_thank_you is True


def test_an_unsubscribe_link_of_a_deleted_account_does_nothing(client, alice, bob):
    token = tokens.make_unsubscribe_token(user_id=alice.pk, kind="thank_you")
    alice.delete()

    assert client.post(unsubscribe_url(token)).status_code == 400
    bob.refresh_from_db()
    assert bob.remind_thank_you is True
