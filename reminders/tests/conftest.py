"""Real parts for the reminders tests: an SMTP sink on loopback, Celery workers in
subprocesses against the real broker, and a throwaway redis-server to stop and start."""

import asyncio
import contextlib
import email
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.test import override_settings

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float = 20.0, interval: float = 0.05, what=""):
    """Polls ``predicate`` until it is true; ``what`` (a string, or a callable read only on
    timeout, e.g. to show the worker's log as it is then) says what we were waiting for."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    description = what() if callable(what) else what
    raise AssertionError(f"timed out after {timeout}s waiting for {description or predicate}")


class SmtpSink:
    """An SMTP server on loopback that keeps what it receives.

    ``mode``: "accept"; "tempfail" (451 at RCPT); "permfail" (550 at RCPT); "hang" (never
    answers RCPT, like a server that stalls while the worker dies).
    """

    def __init__(self):
        self.mode = "accept"
        self.delay = 0.0
        self.messages: list[email.message.EmailMessage] = []
        self.sessions = 0
        self.rcpt_attempts = 0
        self.hanging = threading.Event()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_attempts += 1
        if self.mode == "tempfail":
            return "451 4.3.0 Mailbox busy, try again later"
        if self.mode == "permfail":
            return "550 5.1.1 No such user here"
        if self.mode == "hang":
            self.hanging.set()
            while self.mode == "hang":
                await asyncio.sleep(0.05)
            return "451 4.3.0 Stalled"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        if self.delay:  # a slow server: the message is in, the "250" takes its time
            await asyncio.sleep(self.delay)
        return "250 2.0.0 Accepted"

    def settings(self):
        return override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=5,
        )


@pytest.fixture
def smtp_sink():
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter
    sink = SmtpSink()
    sink.controller.start()
    try:
        with sink.settings():
            yield sink
    finally:
        sink.mode = "accept"
        sink.controller.stop()


def database_url() -> str:
    """The test database as a URL another process (the worker) can open."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)
            if " ready." in line:
                self.ready.set()

    def succeeded(self, task: str) -> int:
        return sum(1 for line in self.lines if f"Task {task}[" in line and "succeeded" in line)

    def log(self) -> str:
        return "".join(self.lines[-25:])

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


def forget_broker_connections():
    """Makes this process's Celery app open new broker connections on next use: what Celery
    itself does after a fork. An earlier test may have closed the pools it holds."""
    from kombu import pools

    from config.celery import app

    pools.reset()  # closes every pool kombu keeps per broker URL and forgets them
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def celery_broker(url: str, *, transport_options: dict | None = None):
    """Points this process's Celery app (the publisher) at ``url`` for a while."""
    from config.celery import app

    forget_connections = forget_broker_connections
    old, old_options = app.conf.broker_url, app.conf.broker_transport_options
    forget_connections()
    app.conf.broker_url = url
    if transport_options is not None:
        app.conf.broker_transport_options = transport_options
    try:
        yield app
    finally:
        forget_connections()
        app.conf.broker_url = old
        app.conf.broker_transport_options = old_options


@pytest.fixture
def start_worker(transactional_db):
    """Starts real Celery workers (solo pool unless told; prefork enforces time limits) on
    the test database; kills them after."""
    started: list[Worker] = []

    def start(
        *,
        sink: SmtpSink,
        broker_url: str | None = None,
        pool: str = "solo",
        env: dict[str, str] | None = None,
    ) -> Worker:
        extra_env = env or {}
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url or settings.CELERY_BROKER_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "SITE_URL": settings.SITE_URL,
            "PYTHONUNBUFFERED": "1",
            **extra_env,
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                f"--pool={pool}",
                "--concurrency=1",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                f"--hostname=test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        worker = Worker(process)
        started.append(worker)
        if not worker.ready.wait(45):
            worker.kill()
            raise AssertionError(f"the Celery worker did not start:\n{worker.log()}")
        return worker

    yield start
    for worker in started:
        worker.kill()


@pytest.fixture
def purged_broker():
    """The test broker with no messages left over from earlier tests."""
    from config.celery import app

    with contextlib.suppress(Exception):
        app.control.purge()
    return app


class RedisServer:
    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def up():
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return True
            return False

        wait_for(up, timeout=10, what="redis-server")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of our own, on a free port, that a test may stop and start."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="session", autouse=True)
def _remove_the_test_broker_file():
    """The SQLite broker of this test run (config/settings/test.py) goes with the run."""
    yield
    url = settings.CELERY_BROKER_URL
    if url.startswith("sqla+sqlite:///"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(url.removeprefix("sqla+sqlite:///") + suffix).unlink(missing_ok=True)
