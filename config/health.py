"""Health checks beyond django-health-check's own (database, cache): the broker, and the
time of the last completed reminder sweep — a dead beat or worker is the silent failure of
a reminder system, so it must show up here."""

import dataclasses
import datetime

from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck  # type: ignore[import-untyped]
from health_check.exceptions import ServiceUnavailable  # type: ignore[import-untyped]


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection within a short timeout."""

    timeout = datetime.timedelta(seconds=5)

    def run(self):
        from config.celery import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=3)
        except Exception as exc:
            raise ServiceUnavailable("The broker is unreachable") from exc


@dataclasses.dataclass
class LastSweep(HealthCheck):
    """A reminder sweep completed within ``REMINDERS_SWEEP_STALE_SECONDS`` (beat runs one a
    minute, so a few missed minutes mean no beat, no worker, or a worker stuck)."""

    timeout = datetime.timedelta(seconds=5)

    def run(self):
        from reminders.models import Heartbeat

        last = Heartbeat.last("sweep")
        if last is None:
            raise ServiceUnavailable("No reminder sweep has completed yet")
        age = (timezone.now() - last).total_seconds()
        if age > settings.REMINDERS_SWEEP_STALE_SECONDS:
            raise ServiceUnavailable(
                f"The last reminder sweep completed {age / 60:.0f} minutes ago "
                f"({last:%Y-%m-%d %H:%M} UTC): is beat running, and a worker?"
            )

    def pretty_status(self) -> str:
        from reminders.models import Heartbeat

        last = Heartbeat.last("sweep")
        return f"OK (last sweep {last:%Y-%m-%d %H:%M:%S} UTC)" if last else "OK"
