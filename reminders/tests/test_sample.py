"""The sample interview a new account may explore never leads to a reminder email."""

import pytest
from django.urls import reverse

from interviews.services import interview_set_review_done, sample_interview_create
from notes.models import ThankYouNote
from notes.services import notes_start_for_interview
from reminders.models import Reminder
from reminders.scheduling import reminders_plan_for

pytestmark = pytest.mark.django_db


def test_the_sample_never_plans_a_reminder(alice):
    interview = sample_interview_create(owner=alice)
    notes_start_for_interview(interview=interview)
    interview_set_review_done(interview=interview, done=False)
    reminders_plan_for(interview=interview)
    assert not Reminder.objects.filter(interview=interview).exists()


def test_removing_the_sample_takes_its_notes_with_it(alice_client, alice):
    interview = sample_interview_create(owner=alice)
    notes_start_for_interview(interview=interview)
    alice_client.post(reverse("interviews:sample_delete"))
    assert not Reminder.objects.filter(interview_id=interview.pk).exists()
    assert not alice.interviews.exists()
    assert not ThankYouNote.objects.for_user(alice).exists()
