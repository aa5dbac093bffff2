"""With a real Celery worker (a subprocess) on the real broker — the SQLite-file broker by
default, Redis when REDIS_URL is set — and a real SMTP server on loopback.

Few and quick: each starts a worker; the detailed cases run the same services in-process
(test_sweep.py)."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview
from interviews.tests.test_views import interview_post_data
from reminders.models import Reminder
from reminders.sweep import reminders_send_due
from reminders.tasks import send_due_reminders, send_reminders
from reminders.tests.conftest import celery_broker, wait_for
from reminders.tests.utils import log_interview

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

Status = Reminder.Status


def test_a_due_reminder_is_delivered_once_by_a_real_worker(
    alice, smtp_sink, purged_broker, start_worker
):
    worker = start_worker(sink=smtp_sink)
    # Two days ago: the thank-you and the review are both due; queued when this commits.
    interview = log_interview(alice, timezone.now() - timedelta(days=2))
    wait_for(lambda: len(smtp_sink.messages) == 2, what=lambda: f"two emails\n{worker.log()}")

    # Two beats' sweeps and the same task delivered twice more: still two emails. Counted
    # from here: how many tasks the first delivery took depends on the worker's timing.
    ids = list(interview.reminders.values_list("pk", flat=True))
    sweeps = worker.succeeded("reminders.send_due_reminders")
    sends = worker.succeeded("reminders.send_reminders")
    for _ in range(2):
        send_due_reminders.delay()
        send_reminders.delay(ids)
    wait_for(
        lambda: (
            worker.succeeded("reminders.send_due_reminders") >= sweeps + 2
            and worker.succeeded("reminders.send_reminders") >= sends + 2
        ),
        what=lambda: f"the repeated tasks\n{worker.log()}",
    )
    assert len(smtp_sink.messages) == 2
    assert smtp_sink.sessions == 1  # both in one SMTP conversation
    assert sorted(m["Subject"].split()[0] for m in smtp_sink.messages) == ["How", "Thank"]
    for message in smtp_sink.messages:
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/reminders/unsubscribe/" in message["List-Unsubscribe"]
    assert set(interview.reminders.values_list("status", flat=True)) == {Status.SENT}


def test_a_worker_killed_between_claim_and_send_is_retried_not_lost(
    alice, smtp_sink, purged_broker, start_worker, settings
):
    alice.remind_review = False
    alice.save()
    smtp_sink.mode = "hang"  # the worker claims, then stalls talking to the mail server
    worker = start_worker(sink=smtp_sink)
    interview = log_interview(alice, timezone.now() - timedelta(days=2))
    assert smtp_sink.hanging.wait(30), worker.log()
    worker.kill()

    reminder = interview.reminders.get()
    assert (reminder.status, reminder.attempts) == (Status.SENDING, 1)
    smtp_sink.mode = "accept"
    # Within the grace period the row is left alone (its worker may only be slow) ...
    assert reminders_send_due().claimed == 0
    # ... after it, the next sweep sends it, once.
    grace = timedelta(seconds=settings.REMINDERS_SENDING_GRACE_SECONDS + 1)
    with time_machine.travel(timezone.now() + grace):
        report = reminders_send_due()
    assert (report.recovered, report.sent) == (1, 1)
    assert len(smtp_sink.messages) == 1
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Status.SENT, 2)


def test_with_redis_down_interviews_save_and_reminders_go_out_when_it_is_back(
    alice, alice_client, smtp_sink, start_worker, redis_server
):
    redis_server.start()
    with celery_broker(redis_server.url):
        worker = start_worker(sink=smtp_sink, broker_url=redis_server.url)
        send_due_reminders.delay()  # the worker is consuming ...
        wait_for(lambda: worker.succeeded("reminders.send_due_reminders") == 1, what=worker.log)
        redis_server.stop()  # ... when Redis goes down under it

        two_days_ago = (timezone.now() - timedelta(days=2)).astimezone(alice.zone)
        started = time.monotonic()
        response = alice_client.post(
            reverse("interviews:create"),
            interview_post_data(starts_at=two_days_ago.strftime("%Y-%m-%dT%H:%M")),
        )
        assert response.status_code == 302
        assert time.monotonic() - started < 3, "publishing to a down broker must fail fast"
        interview = Interview.objects.get(owner=alice)
        assert interview.reminders.filter(status=Status.SCHEDULED).count() == 2
        assert smtp_sink.messages == []

        redis_server.start()  # back on the same port; the worker reconnects
        send_due_reminders.delay()  # what beat sends every minute
        wait_for(
            lambda: len(smtp_sink.messages) == 2,
            timeout=40,
            what=lambda: f"the emails after Redis came back\n{worker.log()}",
        )
        # The worker marks a row sent just after the SMTP server accepts it.
        wait_for(
            lambda: set(interview.reminders.values_list("status", flat=True)) == {Status.SENT},
            timeout=10,
            what=lambda: f"the reminders marked sent\n{worker.log()}",
        )
    assert len(smtp_sink.messages) == 2
