"""Our SMTP receiver, spoken to over a real SMTP session (smtplib), with a real Celery worker
reading what it took in."""

import smtplib
from datetime import UTC, datetime, timedelta

import pytest

from inbox import services
from inbox.address import email_address, inbox_address_replace
from inbox.models import InboxMessage
from inbox.tests.conftest import wait_for
from inbox.tests.helpers import email_bytes, invite_ics
from reminders.tests.conftest import forget_broker_connections

pytestmark = pytest.mark.django_db(transaction=True)


def smtp(receiver) -> smtplib.SMTP:
    return smtplib.SMTP(receiver.hostname, receiver.port, timeout=20)


@pytest.mark.celery
def test_mail_sent_to_the_address_is_read_by_the_worker_into_a_suggestion(
    receiver, alice, start_worker, smtp_sink, purged_broker, monkeypatch
):
    address = email_address(inbox_address_replace(user=alice))
    worker = start_worker(sink=smtp_sink)
    start = (datetime.now(UTC) + timedelta(days=5)).replace(microsecond=0, second=0)
    # Fresh connections to the test broker, and no cool-down left by an earlier test that
    # stopped a broker: this test is about the receiver, not about a broker being down.
    forget_broker_connections()
    monkeypatch.setattr(services, "_broker_down_until", 0.0)
    raw = email_bytes(
        subject="Invitation: Acme Robotics – Technical interview",
        body="Invited.",
        calendar=invite_ics(start=start),
        to=address,
    )
    with smtp(receiver) as client:
        client.ehlo("mail.example")
        refused = client.sendmail("jordan.lee@acme-robotics.example", [address], raw)
    assert refused == {}
    message = wait_for(
        lambda: InboxMessage.objects.filter(owner=alice, status="suggested").first(),
        timeout=60,
        what=worker.log,
    )
    assert message.via == "smtp" and message.kind == "invite"
    assert message.envelope_sender == "jordan.lee@acme-robotics.example"
    assert message.suggestion["starts_at"] == start.isoformat()


def test_unknown_replaced_and_foreign_addresses_are_refused_at_rcpt(receiver, alice):
    old = email_address(inbox_address_replace(user=alice))
    new = email_address(inbox_address_replace(user=alice))
    domain = new.split("@")[1]
    raw = email_bytes(subject="Hi", body="Hi")
    with smtp(receiver) as client:
        client.ehlo("mail.example")
        client.mail("someone@example.net")
        unknown = client.rcpt(f"{'a' * 52}@{domain}")
        replaced = client.rcpt(old)
        foreign = client.rcpt("someone@gmail.com")
        ok = client.rcpt(new)
    assert unknown[0] == replaced[0] == 550
    assert unknown[1] == replaced[1], "the same answer: nothing tells a replaced address apart"
    assert foreign[0] == 550 and b"Relaying denied" in foreign[1]
    assert ok[0] == 250
    with smtp(receiver) as client, pytest.raises(smtplib.SMTPRecipientsRefused):
        client.sendmail("someone@example.net", [old], raw)
    assert not InboxMessage.objects.exists()


def test_the_size_limit_is_announced_and_enforced(receiver, alice, settings):
    address = email_address(inbox_address_replace(user=alice))
    with smtp(receiver) as client:
        client.ehlo("mail.example")
        assert int(client.esmtp_features["size"]) == settings.INBOX_MAX_MESSAGE_BYTES
    raw = email_bytes(subject="Big", body="x" * 100, to=address) + b"y" * (
        settings.INBOX_MAX_MESSAGE_BYTES + 10
    )
    with smtp(receiver) as client, pytest.raises(smtplib.SMTPException):
        client.sendmail("someone@example.net", [address], raw)
    assert not InboxMessage.objects.exists()


def test_a_flood_from_one_sender_is_told_to_try_later(receiver, alice, settings):
    settings.INBOX_MESSAGES_PER_SENDER_PER_HOUR = 2
    address = email_address(inbox_address_replace(user=alice))
    answers = []
    with smtp(receiver) as client:
        for n in range(3):
            raw = email_bytes(subject=f"n{n}", body="x", to=address)
            try:
                client.sendmail("flood@example.net", [address], raw)
                answers.append(250)
            except smtplib.SMTPDataError as error:
                answers.append(error.smtp_code)
    assert answers == [250, 250, 451]
    assert InboxMessage.objects.count() == 2
