"""Celery tasks for reminders. They take ids and call services; running one twice is
harmless, because the sweep claims each row before sending it."""

from celery import shared_task

from reminders.sweep import reminders_send_due


@shared_task(name="reminders.send_due_reminders", ignore_result=True)
def send_due_reminders() -> dict:
    """The every-minute sweep (beat): sends whatever is due, retries what was stuck."""
    report = reminders_send_due()
    return {"claimed": report.claimed, "sent": report.sent, "failed": report.failed}


@shared_task(name="reminders.send_reminders", ignore_result=True)
def send_reminders(reminder_ids: list[int]) -> dict:
    """Sends these reminders now if they are due and still scheduled (queued on commit)."""
    report = reminders_send_due(ids=[int(pk) for pk in reminder_ids])
    return {"claimed": report.claimed, "sent": report.sent, "failed": report.failed}
