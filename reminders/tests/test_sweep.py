"""The sweep against a real SMTP server on loopback: once, with the right headers and
links; one connection per batch; 4xx retried with backoff, 5xx failed and shown; a row
left by a dead worker retried; concurrent sweeps still send one email each."""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from interviews.services import interview_set_notes_done
from reminders.models import Reminder
from reminders.sweep import _recover_stuck, reminders_claim_due, reminders_send_due
from reminders.tests.utils import local, log_interview, reminder, utc

Kind, Status = Reminder.Kind, Reminder.Status

# alice's thank-you reminder for an interview on 6 May 2025 (Berlin) is due at 9:00 on 7 May.
INTERVIEW = local("Europe/Berlin", 2025, 5, 6, 14, 0)
DUE = local("Europe/Berlin", 2025, 5, 7, 9, 0)


def plan_note(user):
    user.remind_review = False
    user.save()
    with time_machine.travel(utc(2025, 5, 1), tick=False):
        return log_interview(user, INTERVIEW)


def sweep_at(when, **kwargs):
    with time_machine.travel(when, tick=False):
        return reminders_send_due(**kwargs)


@pytest.mark.django_db
def test_a_due_reminder_is_delivered_once_with_headers_and_links(alice, smtp_sink, client):
    interview = plan_note(alice)
    assert sweep_at(DUE - timedelta(seconds=1)).claimed == 0

    assert sweep_at(DUE).sent == 1
    assert sweep_at(DUE + timedelta(minutes=1)).claimed == 0
    assert len(smtp_sink.messages) == 1

    message = smtp_sink.messages[0]
    assert message["To"] == "alice@example.com"
    assert message["Subject"] == (
        "Thank Alan Turing and Grace Hopper for the Platform Engineer interview at Acme Robotics"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(
        r"<(http://testserver/reminders/unsubscribe/[^>]+/)>", message["List-Unsubscribe"].strip()
    )
    assert unsubscribe, message["List-Unsubscribe"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "Alice Example" in body
        assert "Alan Turing and Grace Hopper" in body
        assert "Acme Robotics" in body
        assert f"http://testserver/interviews/{interview.pk}/#notes-heading" in body
        assert unsubscribe.group(1) in body
    snooze, done = re.findall(r"http://testserver/reminders/email/[^/\s\"]+/", text)
    assert snooze != done

    row = reminder(interview, Kind.THANK_YOU)
    assert (row.status, row.attempts, row.sent_at) == (Status.SENT, 1, DUE)

    # The links work: "done" from the email settles the reminder, not the note.
    with time_machine.travel(DUE + timedelta(hours=1)):
        response = client.post(done.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert reminder(interview, Kind.THANK_YOU).status == Status.DONE
    interview.refresh_from_db()
    assert interview.notes_done_at is None


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "http://testserver"


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]


def test_one_smtp_connection_carries_a_whole_batch(alice, bob, smtp_sink):
    for user in (alice, bob):
        plan_note(user)
    plan_note_again = log_interview  # a second interview for alice, same day
    with time_machine.travel(utc(2025, 5, 1), tick=False):
        plan_note_again(alice, INTERVIEW + timedelta(hours=1), company_name="Globex")
    report = sweep_at(DUE + timedelta(hours=3))  # bob lives in UTC: 9:00 is 11:00 in Berlin
    assert report.sent == 3
    assert len(smtp_sink.messages) == 3
    assert smtp_sink.sessions == 1


def test_a_temporary_smtp_error_is_retried_with_backoff(alice, smtp_sink):
    interview = plan_note(alice)
    smtp_sink.mode = "tempfail"
    report = sweep_at(DUE)
    assert (report.sent, report.retrying) == (0, 1)
    row = reminder(interview, Kind.THANK_YOU)
    assert row.status == Status.SCHEDULED
    assert row.next_attempt_at == DUE + timedelta(minutes=1)
    assert "451" in row.last_error

    # Not before the backoff; the next wait doubles.
    assert sweep_at(DUE + timedelta(seconds=59)).claimed == 0
    sweep_at(DUE + timedelta(minutes=1))
    assert reminder(interview, Kind.THANK_YOU).next_attempt_at == DUE + timedelta(minutes=3)

    smtp_sink.mode = "accept"
    assert sweep_at(DUE + timedelta(minutes=3)).sent == 1
    row = reminder(interview, Kind.THANK_YOU)
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 3, "")
    assert len(smtp_sink.messages) == 1


def test_a_temporary_error_that_lasts_ends_failed(alice, smtp_sink, settings):
    interview = plan_note(alice)
    smtp_sink.mode = "tempfail"
    when = DUE
    for _ in range(settings.REMINDERS_MAX_ATTEMPTS):
        sweep_at(when)
        when += timedelta(hours=1)
    row = reminder(interview, Kind.THANK_YOU)
    assert row.status == Status.FAILED
    assert row.last_error.startswith("Gave up after 5 attempts")
    assert smtp_sink.rcpt_attempts == 5


def test_a_permanent_smtp_error_is_recorded_and_shown(alice, alice_client, smtp_sink):
    interview = plan_note(alice)
    smtp_sink.mode = "permfail"
    assert sweep_at(DUE).failed == 1
    row = reminder(interview, Kind.THANK_YOU)
    assert row.status == Status.FAILED
    assert "550 5.1.1 No such user here" in row.last_error
    assert sweep_at(DUE + timedelta(hours=1)).claimed == 0  # not retried

    page = alice_client.get(interview.get_absolute_url()).content.decode()
    assert "Failed" in page
    assert "550 5.1.1 No such user here" in page
    dashboard = alice_client.get(reverse("interviews:dashboard")).content.decode()
    assert "the email could not be sent" in dashboard


def test_a_row_left_sending_by_a_dead_worker_is_retried_after_the_grace(
    alice, smtp_sink, settings
):
    interview = plan_note(alice)
    # A worker claims the row and dies before sending.
    assert len(reminders_claim_due(now=DUE, limit=10)) == 1
    assert reminder(interview, Kind.THANK_YOU).status == Status.SENDING

    grace = timedelta(seconds=settings.REMINDERS_SENDING_GRACE_SECONDS)
    assert sweep_at(DUE + grace - timedelta(seconds=1)).claimed == 0
    report = sweep_at(DUE + grace + timedelta(seconds=1))
    assert (report.recovered, report.sent) == (1, 1)
    row = reminder(interview, Kind.THANK_YOU)
    assert (row.status, row.attempts) == (Status.SENT, 2)
    assert len(smtp_sink.messages) == 1


def test_a_row_that_keeps_killing_workers_ends_failed(alice, settings):
    interview = plan_note(alice)
    grace = timedelta(seconds=settings.REMINDERS_SENDING_GRACE_SECONDS)
    when = DUE
    for _ in range(settings.REMINDERS_MAX_ATTEMPTS):
        with time_machine.travel(when, tick=False):
            _recover_stuck(now=when)  # what the next sweep does first
            reminders_claim_due(now=when, limit=10)  # and its worker dies again
        when += grace + timedelta(seconds=1)
    sweep_at(when)
    row = reminder(interview, Kind.THANK_YOU)
    assert row.status == Status.FAILED
    assert "worker stopped while sending" in row.last_error


def test_turning_the_kind_off_before_it_is_due_cancels_it(alice, smtp_sink):
    interview = plan_note(alice)
    alice.remind_thank_you = False
    alice.save()
    assert sweep_at(DUE).settled == 1
    assert reminder(interview, Kind.THANK_YOU).status == Status.CANCELLED
    assert smtp_sink.messages == []


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_each_reminder_once(alice, bob, smtp_sink):
    for user in (alice, bob):
        plan_note(user)
        for hour in range(1, 5):
            with time_machine.travel(utc(2025, 5, 1), tick=False):
                log_interview(user, INTERVIEW + timedelta(hours=hour), company_name=f"Co {hour}")
    expected = Reminder.objects.count()
    assert expected == 10

    barrier = threading.Barrier(4)
    errors = []

    def sweep():
        try:
            barrier.wait()
            reminders_send_due(now=DUE + timedelta(hours=6), batch_size=3)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(smtp_sink.messages) == expected
    assert len({m["Message-ID"] for m in smtp_sink.messages}) == expected
    assert set(Reminder.objects.values_list("status", flat=True)) == {Status.SENT}


def test_the_same_task_delivered_twice_sends_once(alice, smtp_sink):
    from reminders.tasks import send_due_reminders, send_reminders

    interview = plan_note(alice)
    pk = reminder(interview, Kind.THANK_YOU).pk
    with time_machine.travel(DUE, tick=False):
        send_reminders.apply(args=[[pk]])
        send_reminders.apply(args=[[pk]])
        send_due_reminders.apply()
        send_due_reminders.apply()
    assert len(smtp_sink.messages) == 1


def test_a_finished_note_after_the_email_settles_the_reminder(alice, smtp_sink):
    interview = plan_note(alice)
    sweep_at(DUE)
    interview_set_notes_done(interview=interview, done=True)
    assert reminder(interview, Kind.THANK_YOU).status == Status.DONE


def test_beat_runs_the_sweep_every_minute():
    from config.celery import app

    entry = app.conf.beat_schedule["reminders-sweep"]
    assert entry["task"] == "reminders.send_due_reminders"
    assert entry["schedule"] == 60.0
    assert "reminders.send_due_reminders" in app.tasks
