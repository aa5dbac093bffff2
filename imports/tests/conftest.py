"""Real Celery workers on the test database and broker (from the reminders tests)."""

from reminders.tests.conftest import (  # noqa: F401  (fixtures, shared)
    purged_broker,
    smtp_sink,
    start_worker,
    wait_for,
)
