"""A "no" (or a withdrawal, or silence) ends the rounds still to come: the dashboard stops
showing them as coming up and their note and review reminders are cancelled, never sent —
whichever page the outcome is set from."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview
from reminders.models import Reminder
from reminders.sweep import reminders_send_due
from reminders.tests.utils import log_interview

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status


@pytest.fixture
def rounds(alice):
    now = timezone.now()
    first = log_interview(alice, now - timedelta(days=2), round="First round")
    second = log_interview(alice, now + timedelta(days=5), round="Final panel")
    assert first.application_id == second.application_id
    assert second.reminders.filter(status=Status.SCHEDULED).count() == 2
    return first, second


def _coming_up(client) -> str:
    html = client.get(reverse("interviews:dashboard")).content.decode()
    return html.split('id="upcoming-heading"')[1].split("</section>")[0]


def _set_outcome(client, how: str, first: Interview, outcome: str):
    if how == "application page":
        url = reverse(
            "interviews:application_outcome", kwargs={"application_pk": first.application_id}
        )
    else:  # the earlier round's own page
        url = reverse("interviews:outcome", kwargs={"interview_pk": first.pk})
    return client.post(url, {"outcome": outcome, "decision_date": ""})


@pytest.mark.slow
@pytest.mark.parametrize("how", ["application page", "round page"])
@pytest.mark.parametrize("outcome", ["rejected", "withdrawn", "no_response"])
def test_closing_an_application_ends_its_rounds_to_come(alice_client, rounds, how, outcome):
    first, second = rounds
    assert "Final panel" in _coming_up(alice_client)

    response = _set_outcome(alice_client, how, first, outcome)

    assert response.status_code == 302
    second.refresh_from_db()
    assert second.is_cancelled and second.outcome == Interview.Outcome.CANCELLED
    assert "Final panel" not in _coming_up(alice_client)
    assert set(second.reminders.values_list("status", flat=True)) == {Status.CANCELLED}
    # The round that happened keeps its follow-ups: a thank-you note after a "no" is the
    # long game.
    first.refresh_from_db()
    assert not first.is_cancelled
    assert first.reminders.get(kind=Kind.THANK_YOU).status == Status.SCHEDULED


def test_the_ended_rounds_reminders_are_never_sent(alice_client, rounds):
    first, second = rounds
    _set_outcome(alice_client, "application page", first, "rejected")

    with time_machine.travel(second.starts_at + timedelta(days=3)):
        reminders_send_due()

    # The sweep ran past the ended round's due times: the round that happened was followed
    # up (its note), the ended one was not.
    sent = Reminder.objects.filter(status=Status.SENT)
    assert len(mail.outbox) == sent.count() > 0
    assert set(sent.values_list("interview", flat=True)) == {first.pk}
    assert set(second.reminders.values_list("status", flat=True)) == {Status.CANCELLED}


def test_a_round_ended_by_a_no_comes_back_from_its_own_page(alice_client, rounds):
    first, second = rounds
    _set_outcome(alice_client, "application page", first, "rejected")

    alice_client.post(
        reverse("interviews:outcome", kwargs={"interview_pk": second.pk}),
        {"outcome": "awaiting", "decision_date": ""},
    )

    second.refresh_from_db()
    assert not second.is_cancelled
    assert "Final panel" in _coming_up(alice_client)
    assert second.reminders.filter(status=Status.SCHEDULED).count() == 2
