"""The reminder sweep: its cost follows what is due, not the size of the ledger.

1. One sweep with 1,000 due reminders among 10,000 rows, then the same 1,000 among
   1,000,000 rows (filler: sent, done, cancelled, and scheduled-for-later rows), measured
   in one run. The claim query is served by the partial index ``reminder_sweep_due``.
2. Sending throughput: one worker's sweep sending to an SMTP sink on loopback (aiosmtpd in
   its own process), in emails per second.

Rows are made with bulk SQL (``generate_series`` on PostgreSQL, a recursive CTE on SQLite).
``BENCH_REMINDERS_ROWS`` sets the big table's size (default 1,000,000).
"""

import os
import socket
import subprocess
import sys
import time
from datetime import timedelta

from django.core import mail
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from bench.harness import Result, median_seconds, rounds, size
from interviews.models import Company
from reminders.models import Reminder
from reminders.sweep import reminders_send_due
from tests.factories import UserFactory

DUE = size(1_000, smoke=5)
SMALL = size(10_000, smoke=40)
BIG = size(int(os.environ.get("BENCH_REMINDERS_ROWS", 1_000_000)), smoke=80)
KINDS = "(SELECT 'thank_you' AS kind UNION ALL SELECT 'review' UNION ALL SELECT 'decision' UNION ALL SELECT 'keep_in_touch') k"  # noqa: E501


def _series(n: int) -> str:
    if connection.vendor == "postgresql":
        return f"generate_series(1, {int(n)}) AS s(x)"
    return (
        f"(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {int(n)})"
        " SELECT x FROM c) s"
    )


def _add_interviews(cursor, *, owner_id: int, company_id: int, n: int, starts) -> tuple[int, int]:
    """Inserts ``n`` interviews; returns their (first id, last id)."""
    cursor.execute(
        """
        INSERT INTO interviews_application (role, posting_url, notes, outcome,
            latest_round_at, created_at, updated_at, company_id, owner_id)
        VALUES ('Bench Engineer', '', '', 'awaiting', %s, %s, %s, %s, %s)
        """,
        [starts, starts, starts, company_id, owner_id],
    )
    cursor.execute("SELECT MAX(id) FROM interviews_application")
    application_id = cursor.fetchone()[0]
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM interviews_interview")
    first = cursor.fetchone()[0] + 1
    cursor.execute(
        f"""
        INSERT INTO interviews_interview (role, posting_url, starts_at, duration_minutes,
            format, location, round, intent, learned, cancelled, is_sample, created_at,
            updated_at, company_id, owner_id, application_id)
        SELECT 'Bench Engineer', '', %s, 60, 'video', '', '', '', '', %s, %s, %s, %s, %s, %s, %s
        FROM {_series(n)}
        """,
        [starts, False, False, starts, starts, company_id, owner_id, application_id],
    )
    return first, first + n - 1


def _add_filler(cursor, *, first: int, last: int, now) -> None:
    """Four reminders per interview, none of them due: sent, done, cancelled, or later."""
    cursor.execute(
        f"""
        INSERT INTO reminders_reminder (owner_id, interview_id, kind, status, due_at,
            next_attempt_at, overdue_at, armed_at, attempts, last_error, updated_at, sequence)
        SELECT i.owner_id, i.id, k.kind,
            CASE i.id %% 10 WHEN 9 THEN 'scheduled' WHEN 8 THEN 'cancelled' WHEN 7 THEN 'done'
                ELSE 'sent' END,
            %s, %s, %s, %s, 1, '', %s, 0
        FROM interviews_interview i CROSS JOIN {KINDS}
        WHERE i.id BETWEEN %s AND %s
        """,
        [now, now + timedelta(days=30), now, now, now, first, last],
    )


def _analyze(cursor) -> None:
    cursor.execute(
        "ANALYZE reminders_reminder" if connection.vendor == "postgresql" else "ANALYZE"
    )


def _make_due(cursor, *, first: int, last: int, now) -> None:
    cursor.execute(
        """
        UPDATE reminders_reminder SET status = 'scheduled', next_attempt_at = %s,
            attempts = 0, sent_at = NULL, claimed_at = NULL, last_error = ''
        WHERE interview_id BETWEEN %s AND %s
        """,
        [now - timedelta(minutes=1), first, last],
    )


def _claim_uses_index(now) -> bool:
    plan = (
        Reminder.objects.filter(status="scheduled", next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:200]
        .explain()
    )
    return "reminder_sweep_due" in plan


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run() -> list[Result]:
    user = UserFactory.create(email="bench-reminders@example.com", remind_review=False)
    company = Company.objects.create(owner=user, name="Bench Co")
    now = timezone.now()
    with connection.cursor() as cursor:
        due_first, due_last = _add_interviews(
            cursor, owner_id=user.pk, company_id=company.pk, n=DUE, starts=now - timedelta(days=10)
        )
        cursor.execute(
            """
            INSERT INTO reminders_reminder (owner_id, interview_id, kind, status, due_at,
                next_attempt_at, overdue_at, armed_at, attempts, last_error, updated_at, sequence)
            SELECT owner_id, id, 'thank_you', 'scheduled', %s, %s, %s, %s, 0, '', %s, 0
            FROM interviews_interview WHERE id BETWEEN %s AND %s
            """,
            [now, now, now, now, now, due_first, due_last],
        )
        first, last = _add_interviews(
            cursor,
            owner_id=user.pk,
            company_id=company.pk,
            n=(SMALL - DUE) // 4,
            starts=now - timedelta(days=40),
        )
        _add_filler(cursor, first=first, last=last, now=now)
        _analyze(cursor)

    # The benches share one throwaway database: the others' reminders must not be due here.
    Reminder.objects.exclude(owner=user).delete()

    def sweep():
        with connection.cursor() as cursor:
            _make_due(cursor, first=due_first, last=due_last, now=timezone.now())
        mail.outbox = []
        start = time.perf_counter()
        sent = 0
        while sent < DUE:  # a sweep out of its time budget hands the rest to the next one
            report = reminders_send_due()
            assert report.sent and not report.errors, report
            sent += report.sent
        elapsed = time.perf_counter() - start
        assert sent == DUE
        return elapsed

    def median_sweep(repeat: int) -> float:
        sweep()  # warm up
        repeat = rounds(repeat)
        return sorted(sweep() for _ in range(repeat))[repeat // 2]

    small_s = median_sweep(5)
    small_rows = Reminder.objects.count()

    grow_start = time.perf_counter()
    with connection.cursor() as cursor:
        first, last = _add_interviews(
            cursor,
            owner_id=user.pk,
            company_id=company.pk,
            n=(BIG - small_rows) // 4,
            starts=now - timedelta(days=40),
        )
        _add_filler(cursor, first=first, last=last, now=now)
        _analyze(cursor)
    grow_s = time.perf_counter() - grow_start
    big_rows = Reminder.objects.count()
    big_s = median_sweep(5)
    indexed = _claim_uses_index(timezone.now())
    claim_big = median_seconds(
        lambda: list(
            Reminder.objects.filter(status="scheduled", next_attempt_at__lte=timezone.now())
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:200]
        ),
        repeat=20,
    )

    results = [
        Result(
            f"sweep: {DUE:,} due among {big_rows:,} rows",
            big_s * 1000,
            small_s * 1000,
            f"{DUE:,} due among {small_rows:,} rows",
            {
                "claim_query_uses_partial_index": indexed,
                "claim_query_ms": f"{claim_big * 1000:.2f}",
                "bulk_insert_s": f"{grow_s:.1f}",
                "email_backend": "locmem",
                **({"note": "big table scaled down"} if BIG < 1_000_000 else {}),
            },
        )
    ]

    # Throughput to a real SMTP server on loopback, in its own process.
    port = _free_port()
    sink = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                time.sleep(0.05)
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
        ):
            send_s = median_sweep(3)
    finally:
        sink.terminate()
        sink.wait(10)
    results.append(
        Result(
            f"sending: {DUE:,} reminders to a loopback SMTP sink, one worker",
            send_s * 1000,
            extra={"emails_per_second_per_worker": f"{DUE / send_s:.0f}"},
        )
    )
    return results
