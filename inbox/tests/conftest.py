"""Real parts for the inbox tests: our SMTP receiver on a free loopback port, and (from the
reminders tests) real Celery workers on the test database and broker."""

import logging

import pytest

from reminders.tests.conftest import (  # noqa: F401  (fixtures, shared)
    free_port,
    purged_broker,
    smtp_sink,
    start_worker,
    wait_for,
)


@pytest.fixture
def receiver(transactional_db):
    """``manage.py inbox_smtpd``'s receiver, running in this process on a free port."""
    from inbox.receiver import make_receiver

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    port = free_port()
    controller = make_receiver("127.0.0.1", port)
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture(autouse=True)
def _broker_trusted_again():
    """A test whose publish failed does not leave the broker skipped for the next."""
    from inbox import services

    services._broker_down_until = 0.0
    yield
    services._broker_down_until = 0.0
