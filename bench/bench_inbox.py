"""The inbox: reading a message, taking messages in, and the inbox page.

- Reading: median and worst time per message over 240 varied messages (invites, scheduling
  emails in words and in German, rejections, offers, forwards, HTML newsletters, 5 MB
  attachments), against reading the same bytes with ``email.message_from_bytes``.
- Taking in: messages per second accepted by our SMTP receiver (real SMTP sessions on
  loopback) and by the Mailgun webhook (signed posts), 1,000 each, every one queued for a
  worker (the embedded default's SQLite broker, or Redis with ``REDIS_URL``).
- The inbox page of a person with 1,000 messages, on the first visit after a new message
  arrived and on a repeat visit, against the bare view, with its query count.
"""

import base64
import email
import hashlib
import hmac
import logging
import random
import smtplib
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP

from asgiref.sync import SyncToAsync
from django.conf import settings
from django.db import connections
from django.test import Client

from bench.harness import Result, clock, page_results, size
from inbox.address import email_address, inbox_address_replace
from inbox.mime import read_mime
from inbox.models import InboxMessage
from inbox.reading import read_message
from inbox.services import inbox_read, inbox_receive
from inbox.tests.helpers import email_bytes, invite_ics
from tests.factories import UserFactory

MESSAGES = size(240, smoke=12)
QUEUED = size(1_000, smoke=10)
PAGE_MESSAGES = size(1_000, smoke=10)

COMPANIES = ["Canva", "Acme Robotics", "Northwind Ops", "Quillfeather Analytics", "Zillow Group"]
ROLES = ["Platform Engineer", "Data Analyst", "Product Designer", "Backend Developer"]
PEOPLE = ["Ada Lovelace", "Grace Hopper", "Omar Haddad", "Priscilla Huang", "Ciarán Murphy"]


def _domain(company: str) -> str:
    return company.lower().replace(" ", "") + ".example"


def corpus(n: int) -> list[bytes]:
    """``n`` messages of every kind the inbox meets, varied by a seeded generator."""
    rng = random.Random(22)
    start = datetime(2027, 3, 8, 16, 30, tzinfo=UTC)
    makers = [
        lambda i, c, r, p: email_bytes(
            subject=f"Invitation: {c} – {r} interview",
            body="You have been invited.",
            sender=f"{p} <{p.split()[0].lower()}@{_domain(c)}>",
            calendar=invite_ics(start=start + timedelta(days=i % 40), uid=f"bench-{i}@x"),
        ),
        lambda i, c, r, p: email_bytes(
            subject=f"Interview confirmed - {r}",
            body=f"Hi Sam,\n\nYour interview for the {r} role at {c} is confirmed for "
            f"Monday, March {1 + i % 27}, 2027 at {1 + i % 11}:30 PM Eastern Time. You will "
            f"meet with {p}.\n\nBest,\nJordan\nRecruiting Coordinator, {c}",
            sender=f"{c} Recruiting <recruiting@{_domain(c)}>",
        ),
        lambda i, c, r, p: email_bytes(
            subject=f"Änderung des Vorstellungsgesprächs mit {c}",
            body=f"Sehr geehrter Jonas,\n\nwir müssen Ihr Vorstellungsgespräch auf Donnerstag, "
            f"{1 + i % 27}. Mai 2027 um 14:30 Uhr verschieben.\n\nMit freundlichen Grüßen\n{c}",
            sender=f"Katrin Vogel <k.vogel@{_domain(c)}>",
        ),
        lambda i, c, r, p: email_bytes(
            subject=f"Your application at {c}",
            body=f"Dear Sam,\n\nThank you for your time. Unfortunately, we have decided to move "
            f"forward with other candidates for the {r} position.\n\nBest,\n{c} Recruiting",
            sender=f"{c} Recruiting <no-reply@{_domain(c)}>",
        ),
        lambda i, c, r, p: email_bytes(
            subject=f"Offer of employment - {r}",
            body=f"We are pleased to extend an offer of employment for the position of {r} "
            f"at {c}.\n\nSincerely,\n{p}",
            sender=f"{p} <hr@{_domain(c)}>",
        ),
        lambda i, c, r, p: email_bytes(
            subject=f"Fwd: Your interview at {c}",
            body=f"FYI\n\n---------- Forwarded message ---------\nFrom: {c} Recruiting "
            f"<recruiting@{_domain(c)}>\nDate: Thu, Mar 14, 2027 at 10:21 AM\nSubject: Your "
            f"interview at {c}\nTo: <sam@example.net>\n\nWe would like to bring you onsite; "
            f"the phone screen went well. Please send me your availability.\n",
            sender="Sam <sam@example.net>",
        ),
        lambda i, c, r, p: email_bytes(
            subject=f"{c} weekly digest #{i}",
            body="View this email in your browser.",
            html="<html><head><style>p{color:red}</style><script>x()</script></head><body>"
            + "".join(
                f"<p>Story {k}: <a href='https://news.example/{k}'>read more</a>"
                f"<img src='https://track.example/{k}.gif'></p>"
                for k in range(200)
            )
            + "</body></html>",
            sender=f"{c} News <news@{_domain(c)}>",
        ),
    ]
    messages = []
    for i in range(n):
        c, r, p = rng.choice(COMPANIES), rng.choice(ROLES), rng.choice(PEOPLE)
        if i % 40 == 39:  # a 5 MB attachment now and then
            message = EmailMessage()
            message["From"] = f"{c} Recruiting <recruiting@{_domain(c)}>"
            message["To"] = "sam@example.net"
            message["Subject"] = f"Onsite interview confirmed - {r}"
            message["Message-ID"] = f"<big-{i}@{_domain(c)}>"
            message.set_content(
                f"Your onsite interview for the {r} role at {c} is confirmed for Tuesday, "
                f"March 2, 2027 at 10:00 AM Central Time (Chicago). Prep packet attached."
            )
            message.add_attachment(
                rng.randbytes(5 * 1024 * 1024),
                maintype="application",
                subtype="pdf",
                filename="prep.pdf",
            )
            messages.append(message.as_bytes(policy=SMTP))
        else:
            messages.append(makers[i % len(makers)](i, c, r, p))
    return messages


def bench_reading() -> list[Result]:
    messages = corpus(MESSAGES)
    # Each language's dateparser data loads once per process: not a per-message cost.
    for raw in messages[:7]:
        read_message(read_mime(raw), own_emails=("sam@example.net",))
    ours, bare = [], []
    for raw in messages:
        start = clock()
        email.message_from_bytes(raw)
        bare.append(clock() - start)
        start = clock()
        read_message(read_mime(raw), own_emails=("sam@example.net",))
        ours.append(clock() - start)
    median_ours, median_bare = statistics.median(ours) * 1000, statistics.median(bare) * 1000
    worst = max(range(len(ours)), key=lambda k: ours[k])
    return [
        Result(
            f"reading a message, median of {len(messages)}",
            median_ours,
            median_bare,
            "email.message_from_bytes",
        ),
        Result(
            "reading a message, worst",
            ours[worst] * 1000,
            bare[worst] * 1000,
            "email.message_from_bytes of that message",
            {"size_bytes": len(messages[worst])},
        ),
    ]


def bench_taking_in() -> list[Result]:
    from inbox.receiver import make_receiver

    _no_rate_limits()
    user = UserFactory.create(email="bench-inbox-in@example.com")
    address = email_address(inbox_address_replace(user=user))
    raws = [
        email_bytes(
            subject=f"Your interview at Canva ({n})",
            body="Unfortunately, we have decided to move forward with other candidates.",
            sender="Canva Recruiting <recruiting@canva.example>",
            to=address,
            message_id=f"<bench-in-{n}@canva.example>",
        )
        for n in range(2 * QUEUED)
    ]
    # aiosmtpd logs every command at INFO: thousands of lines, and time spent writing them.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    receiver = make_receiver("127.0.0.1", _free_port())
    receiver.start()
    try:
        start = time.perf_counter()
        # As mail servers deliver: a session per batch (the receiver allows 100 commands
        # of a kind per session).
        for batch in range(0, QUEUED, 50):
            with smtplib.SMTP(receiver.hostname, receiver.port, timeout=60) as session:
                for raw in raws[batch : min(batch + 50, QUEUED)]:
                    session.sendmail("recruiting@canva.example", [address], raw)
        smtp_seconds = time.perf_counter() - start
    finally:
        receiver.stop()
        # The receiver's database work ran on asgiref's one thread for sync code: close its
        # connection there, or the throwaway PostgreSQL database cannot be dropped at the end.
        SyncToAsync.single_thread_executor.submit(connections.close_all).result()
    accepted_smtp = InboxMessage.objects.filter(owner=user).count()

    key = "key-bench-0123456789"
    # The webhook as production runs it: signed by Mailgun and behind the basic-auth secret.
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": key, "WEBHOOK_SECRET": "bench:secret"}
    client = Client(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"bench:secret").decode())
    start = time.perf_counter()
    for raw in raws[QUEUED:]:
        stamp, token = str(int(time.time())), hashlib.sha256(raw).hexdigest()[:50]
        signature = hmac.new(key.encode(), (stamp + token).encode(), hashlib.sha256).hexdigest()
        response = client.post(
            "/inbox/webhooks/mailgun_mime/",
            {
                "recipient": address,
                "timestamp": stamp,
                "token": token,
                "signature": signature,
                "body-mime": raw.decode(),
            },
        )
        assert response.status_code == 200, response.status_code
    webhook_seconds = time.perf_counter() - start
    accepted_webhook = InboxMessage.objects.filter(owner=user).count() - accepted_smtp
    assert accepted_smtp == QUEUED and accepted_webhook == QUEUED, (
        accepted_smtp,
        accepted_webhook,
    )
    backend = _backend()
    return [
        Result(
            f"SMTP receiver, {QUEUED} messages queued ({backend})",
            smtp_seconds * 1000 / QUEUED,
            extra={"messages_per_second": round(QUEUED / smtp_seconds, 1)},
        ),
        Result(
            f"Mailgun webhook, {QUEUED} messages queued ({backend})",
            webhook_seconds * 1000 / QUEUED,
            extra={"messages_per_second": round(QUEUED / webhook_seconds, 1)},
        ),
    ]


def _backend() -> str:
    """Where the messages went: the database and the broker of this run."""
    from django.db import connection

    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    broker = "Redis" if settings.CELERY_BROKER_URL.startswith("redis") else "SQLite broker"
    embedded = database == "SQLite" and broker == "SQLite broker"
    return "embedded default" if embedded else f"{database} + {broker}"


def _no_rate_limits() -> None:
    """A bench sends more in a minute than a person may in an hour."""
    settings.INBOX_MESSAGES_PER_HOUR = 10**9
    settings.INBOX_MESSAGES_PER_SENDER_PER_HOUR = 10**9


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare() -> dict[str, Callable[[], None]]:
    """The inbox page of a person with 1,000 messages; ``write`` is a new message arriving
    and being read, as the worker reads it."""
    _no_rate_limits()
    user = UserFactory.create(email="bench-inbox-page@example.com")
    inbox_address_replace(user=user)
    kinds = corpus(7)
    rows = []
    for n in range(PAGE_MESSAGES):
        received = inbox_receive(
            raw=kinds[n % 7].replace(b"Message-ID: <", f"Message-ID: <p{n}-".encode(), 1),
            via="upload",
            owner=user,
        )
        assert received.message is not None
        rows.append(received.message.pk)
    for pk in rows:
        inbox_read(message_pk=pk)
    # Most are dealt with; a page's worth still wait.
    InboxMessage.objects.filter(pk__in=rows[: PAGE_MESSAGES - 40]).update(status="applied")
    client = Client()
    client.force_login(user)
    counter = iter(range(10**9))

    def new_message() -> None:
        n = next(counter)
        received = inbox_receive(
            raw=email_bytes(
                subject=f"Your interview at Canva {n}",
                body="Unfortunately we will not be moving forward.",
                message_id=f"<arrive-{n}@canva.example>",
            ),
            via="upload",
            owner=user,
        )
        assert received.message is not None
        inbox_read(message_pk=received.message.pk)

    def page() -> None:
        assert client.get("/inbox/").status_code == 200

    def bare() -> None:
        client.get("/__bench__/bare/")

    return {f"inbox page, {PAGE_MESSAGES} messages": page, "bare": bare, "write": new_message}


def bench_page() -> list[Result]:
    pages = prepare()
    bare, write = pages.pop("bare"), pages.pop("write")
    return page_results(pages, bare=bare, write=write, repeat=20)


def run() -> list[Result]:
    return [*bench_reading(), *bench_taking_in(), *bench_page()]
