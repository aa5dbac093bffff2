"""Health checks beyond django-health-check's own (database, cache): the broker, and the
time of the last completed reminder sweep — a dead beat or worker is the silent failure of
a reminder system, so it must show up here."""

import asyncio
import dataclasses
import datetime
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views import View
from health_check.base import HealthCheck  # type: ignore[import-untyped]
from health_check.exceptions import ServiceUnavailable  # type: ignore[import-untyped]
from health_check.views import HealthCheckView  # type: ignore[import-untyped]


class HealthView(HealthCheckView):
    """django-health-check's view, served synchronously, answering 503 when a check fails.

    The checks still run concurrently, on an event loop in a thread of its own, so the view
    works under gunicorn's sync workers and wherever an event loop already runs in the
    request's thread. JSON for ``?format=json`` or ``Accept: application/json``, plain text
    for ``?format=text`` or ``Accept: text/plain``, else the library's HTML page.
    """

    def dispatch(self, request, *args, **kwargs):
        response = View.dispatch(self, request, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        add_never_cache_headers(response)
        return response

    def get(self, request, *args, **kwargs):
        async def run_checks():
            with self.get_executor() as executor:
                return await asyncio.gather(
                    *(check.get_result(executor) for check in self.get_checks())
                )

        with ThreadPoolExecutor(max_workers=1) as thread:
            self.results = thread.submit(asyncio.run, run_checks()).result()
        status = 503 if any(result.error for result in self.results) else 200
        wanted = request.GET.get("format") or request.headers.get("accept", "")
        if "json" in wanted:
            return self.render_to_response_json(status)
        if "text" in wanted and "html" not in wanted:
            return self.render_to_response_text(status)
        return self.render_to_response(self.get_context_data(**kwargs), status=status)


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
