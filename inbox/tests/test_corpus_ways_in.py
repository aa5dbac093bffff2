"""The 66 corpus emails through each way in, as a newcomer would send them: the files' own
bytes over a real SMTP session to the receiver, as signed Mailgun webhook posts, and as
uploads. Every one is accepted, and each way reads it the same."""

import smtplib

import pytest
from django.test import Client

from inbox.address import email_address, inbox_address_replace
from inbox.models import InboxMessage
from inbox.services import inbox_read
from inbox.tests.test_corpus import expectations
from inbox.tests.test_webhooks import SECRET, SIGNING_KEY, mailgun_parsed_post, mailgun_post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def read_all(owner) -> dict[str, tuple[str, str]]:
    for pk in InboxMessage.objects.filter(owner=owner).values_list("pk", flat=True):
        inbox_read(message_pk=pk)
    return {
        m.message_id or m.subject: (m.kind, m.suggestion.get("company", ""))
        for m in InboxMessage.objects.filter(owner=owner)
    }


def test_every_corpus_email_is_taken_in_the_same_by_smtp_webhook_and_upload(receiver, settings):
    settings.INBOX_MESSAGES_PER_SENDER_PER_HOUR = 1000
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": SECRET}
    folder, expected = expectations()
    people = {
        way: UserFactory(email=f"candidate-{way}@example.net", time_zone="UTC")
        for way in ("smtp", "webhook", "upload")
    }
    addresses = {way: email_address(inbox_address_replace(user=u)) for way, u in people.items()}
    upload = Client()
    upload.force_login(people["upload"])
    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=60) as client:
        for entry in expected:
            raw = (folder / entry["file"]).read_bytes()
            # The file's bytes as they are (bare LF line ends in most of them).
            assert client.sendmail("someone@example.net", [addresses["smtp"]], raw) == {}
            # Raw MIME up to the form-field limit; the parsed route for the 8.5 MB one.
            post = mailgun_post if len(raw) < 2_000_000 else mailgun_parsed_post
            assert post(raw, addresses["webhook"]).status_code == 200, entry["file"]
            response = upload.post("/inbox/", {"file": _file(entry["file"], raw)})
            assert response.status_code == 302, entry["file"]
    readings = {way: read_all(user) for way, user in people.items()}
    assert len(readings["smtp"]) == len(readings["webhook"]) == len(readings["upload"]) == 66
    assert readings["smtp"] == readings["upload"]
    assert readings["webhook"] == readings["upload"]


def _file(name: str, raw: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, raw, content_type="message/rfc822")
