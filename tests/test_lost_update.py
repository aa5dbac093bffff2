"""An edit form loaded before something else changed the interview must not undo it."""

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from interviews.models import Application, Interview
from interviews.services import interview_set_notes_done, interview_set_review_done
from reminders.models import Reminder
from reminders.sweep import reminders_send_due
from reminders.tests.utils import local, log_interview, reminder, utc
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status


@pytest.mark.slow
@time_machine.travel(utc(2025, 5, 6, 15, 0), tick=False)
def test_a_review_completed_while_the_edit_form_was_open_stays_completed(alice_client, alice):
    interview = log_interview(alice, local("Europe/Berlin", 2025, 5, 6, 14, 0))
    edit = reverse("interviews:edit", args=[interview.pk])
    # 1. Alice opens the edit form (in one tab)…
    stale = form_data(alice_client.get(edit).content.decode())
    # 2. …completes the review and sends her notes (in another)…
    interview_set_review_done(interview=Interview.objects.get(pk=interview.pk), done=True)
    interview_set_notes_done(interview=Interview.objects.get(pk=interview.pk), done=True)
    assert reminder(interview, Kind.REVIEW).status == Status.DONE
    # 3. …then saves the first tab, having moved the time and written what she learned.
    stale.update(starts_at="2025-05-06T14:30", learned="They pair on every change.")

    response = alice_client.post(edit, stale)

    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.learned == "They pair on every change."
    assert interview.starts_at == local("Europe/Berlin", 2025, 5, 6, 14, 30)
    assert interview.review_done_at is not None
    assert interview.notes_done_at is not None
    assert reminder(interview, Kind.REVIEW).status == Status.DONE
    assert reminder(interview, Kind.THANK_YOU).status == Status.DONE

    with time_machine.travel(utc(2025, 5, 8, 12, 0), tick=False):
        reminders_send_due()
    assert mail.outbox == []  # no reminder for a review or notes already done


@time_machine.travel(utc(2025, 5, 6, 15, 0), tick=False)
def test_an_edit_writes_only_the_fields_it_changed(alice_client, alice):
    interview = log_interview(alice, local("Europe/Berlin", 2025, 5, 6, 14, 0))
    edit = reverse("interviews:edit", args=[interview.pk])
    stale = form_data(alice_client.get(edit).content.decode())
    # Meanwhile the outcome is set from the interview page.
    Application.objects.filter(rounds=interview).update(outcome=Interview.Outcome.OFFER)
    stale["learned"] = "Only this."

    alice_client.post(edit, stale)

    interview.refresh_from_db()
    assert (interview.learned, interview.outcome) == ("Only this.", Interview.Outcome.OFFER)
