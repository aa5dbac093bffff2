"""Celery tasks of the inbox. They take ids and call ``inbox.services``; running one twice
is harmless, because reading claims the message first."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from inbox.services import inbox_read, read_pending

log = logging.getLogger(__name__)


@shared_task(
    name="inbox.read_message",
    ignore_result=True,
    soft_time_limit=settings.INBOX_READ_SECONDS,
    time_limit=settings.INBOX_READ_SECONDS + 10,
)
def read_message_task(message_pk: int) -> None:
    """Reads one message into its suggestion, within a time limit. A message that overruns
    stays queued and is tried again by ``read_pending_task`` (three tries, then it is shown
    as not understood, with its text)."""
    try:
        inbox_read(message_pk=int(message_pk))
    except SoftTimeLimitExceeded:
        log.warning("Reading inbox message %s overran its time limit", message_pk)


@shared_task(name="inbox.read_pending", ignore_result=True)
def read_pending_task() -> int:
    """Every minute (beat): queues the messages still waiting to be read."""
    return read_pending()
