"""Celery tasks for reminders. They take ids and call services; running one twice is
harmless, because the sweep claims each row before sending it."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from reminders.models import Heartbeat
from reminders.sweep import SweepReport, reminders_send_due

log = logging.getLogger(__name__)


def _summary(report: SweepReport) -> dict:
    return {
        "claimed": report.claimed,
        "sent": report.sent,
        "failed": report.failed,
        "handed_back": report.handed_back,
    }


def _sweep(**kwargs) -> dict:
    try:
        return _summary(reminders_send_due(**kwargs))
    except SoftTimeLimitExceeded:
        # The sweep stops within its budget, so this is rare; it has already settled what
        # it could. End quietly: the next sweep carries on.
        log.warning("Reminder sweep hit its soft time limit; the next sweep carries on")
        return {}


@shared_task(name="reminders.send_due_reminders", ignore_result=True)
def send_due_reminders(scheduled: bool = False) -> dict:
    """The every-minute sweep (beat, ``scheduled=True``), also asked for by saves that make a
    reminder due: sends whatever is due, retries what was stuck. Beat's sweeps record that
    they completed (the health check reads it)."""
    summary = _sweep()
    if scheduled and summary:
        Heartbeat.beat("sweep")
    return summary


@shared_task(name="reminders.send_reminders", ignore_result=True)
def send_reminders(reminder_ids: list[int]) -> dict:
    """Sends these reminders now if they are due and still scheduled."""
    return _sweep(ids=[int(pk) for pk in reminder_ids])
