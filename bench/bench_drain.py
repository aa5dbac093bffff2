"""How fast the worker drains a backlog: reminders sent per minute with 1,000 due.

Under ``make run``'s worker setup — ``celery -A config worker --beat --concurrency=1``, in
its own process, emails written to files — first on the embedded default (a SQLite file,
the SQLite-file broker), then on PostgreSQL + Redis when ``DATABASE_URL`` (PostgreSQL)
and ``REDIS_URL`` are set. The backlog is made the way people make it: 10 people each log
50 interviews that ended two days ago, through the app's own service, so every save
queues its work on the broker as a web request would, and 1,000 reminders (a thank-you and
a review each) are due at once. The clock runs from the worker's start to the last row
marked sent.

    .venv/bin/python -m bench drain
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME REDIS_URL=redis://127.0.0.1:6379/K \\
        .venv/bin/python -m bench drain

On PostgreSQL the bench writes to that database (it migrates it, and deletes the bench's
people afterwards) and purges that Redis database's Celery queue.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Result, size

PEOPLE = size(10, smoke=1)
INTERVIEWS_EACH = size(50, smoke=2)
DUE = PEOPLE * INTERVIEWS_EACH * 2
TIMEOUT = float(os.environ.get("BENCH_DRAIN_TIMEOUT", 900))
ROOT = Path(__file__).resolve().parent.parent

MAKE_BACKLOG = f"""
from datetime import timedelta
from django.utils import timezone
from accounts.models import User
from interviews.services import interview_create
two_days_ago = timezone.now() - timedelta(days=2)
for p in range({PEOPLE}):
    user = User.objects.create_user(f"drain{{p}}@bench.example", "x" * 20, time_zone="UTC")
    for i in range({INTERVIEWS_EACH}):
        interview_create(owner=user, company_name=f"Co {{i}}", role="Engineer",
                         starts_at=two_days_ago, duration_minutes=60)
"""

COUNT_SENT_UNTIL_DONE = f"""
import sys, time
from reminders.models import Reminder
deadline = time.monotonic() + {TIMEOUT}
while time.monotonic() < deadline:
    sent = Reminder.objects.filter(owner__email__endswith="@bench.example", status="sent").count()
    if sent >= {DUE}:
        break
    time.sleep(0.25)
print(f"DONE {{time.time()}} {{sent}}", flush=True)
"""

CLEAN_UP = """
from accounts.models import User
User.objects.filter(email__endswith="@bench.example").delete()
"""


def _manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        **kwargs,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-2000:]}")
    return done


def drain_rate(*, database_url: str | None, redis_url: str | None) -> tuple[float, float]:
    """(sent per minute, seconds to drain) for one setup."""
    with tempfile.TemporaryDirectory(prefix="afterview-drain-") as var:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            AFTERVIEW_VAR_DIR=var,
            DEBUG="false",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        if database_url:
            env["DATABASE_URL"] = database_url
        if redis_url:
            env["REDIS_URL"] = redis_url
        _manage(env, "migrate", "--noinput")
        _manage(env, "shell", "-c", CLEAN_UP)
        if redis_url:
            subprocess.run(
                [sys.executable, "-m", "celery", "-A", "config", "purge", "-f"],
                cwd=ROOT,
                env=env,
                capture_output=True,
            )
        _manage(env, "shell", "-c", MAKE_BACKLOG)
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--beat",
                "--concurrency=1",
                "--loglevel=WARNING",
                f"--schedule={var}/celerybeat-schedule",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started = time.time()
        try:
            done = _manage(env, "shell", "-c", COUNT_SENT_UNTIL_DONE, timeout=TIMEOUT + 60)
        finally:
            worker.terminate()
            try:
                log = worker.communicate(timeout=20)[0]
            except subprocess.TimeoutExpired:
                worker.kill()
                log = worker.communicate()[0]
            _manage(env, "shell", "-c", CLEAN_UP)
        line = next(x for x in done.stdout.splitlines() if x.startswith("DONE "))
        _, finished, sent = line.split()
        seconds = float(finished) - started
        if int(sent) < DUE:
            raise AssertionError(f"only {sent} of {DUE} sent in {seconds:.0f} s:\n{log[-2000:]}")
        rate = int(sent) / seconds * 60
        setup = "PostgreSQL + Redis" if redis_url else "embedded default"
        print(
            f"  drain on the {setup}: {sent} sent in {seconds:.1f} s = {rate:.0f}/min", flush=True
        )
        return rate, seconds


def run() -> list[Result]:
    embedded, embedded_s = drain_rate(database_url=None, redis_url=None)
    extra: dict[str, object] = {
        "embedded_sent_per_minute": f"{embedded:.0f}",
        "embedded_seconds": f"{embedded_s:.1f}",
    }
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if database_url.startswith("postgres") and redis_url:
        production, production_s = drain_rate(database_url=database_url, redis_url=redis_url)
        extra["postgres_redis_sent_per_minute"] = f"{production:.0f}"
        extra["postgres_redis_seconds"] = f"{production_s:.1f}"
        extra["embedded_vs_postgres_redis"] = f"{embedded / production:.2f}x"
    # ms per reminder, so the line reads like the others: ours = embedded default, the
    # baseline (when measured) = PostgreSQL + Redis.
    ours_ms = embedded_s / DUE * 1000
    baseline_ms = production_s / DUE * 1000 if "postgres_redis_seconds" in extra else None
    return [
        Result(
            f"drain: {DUE:,} due reminders, make run's worker (--beat --concurrency=1)",
            ours_ms,
            baseline_ms,
            "PostgreSQL + Redis, same worker setup" if baseline_ms else "",
            extra,
        )
    ]
