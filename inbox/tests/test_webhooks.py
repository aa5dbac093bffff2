"""The providers' inbound webhooks, posted as the providers post them: Mailgun's raw-MIME
route signed with the real HMAC, Postmark's JSON behind basic auth."""

import base64
import hashlib
import hmac
import json
import time

import pytest
from django.test import Client

from inbox.address import email_address, inbox_address_replace
from inbox.models import InboxMessage
from inbox.tests.helpers import email_bytes

pytestmark = pytest.mark.django_db

SIGNING_KEY = "key-0123456789abcdef0123456789abcdef"
SECRET = "afterview:Zq3pL8wN5tR2vX7yB4mK"


@pytest.fixture
def providers(settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": SECRET}


def mailgun_post(raw: bytes, recipient: str, *, key: str = SIGNING_KEY):
    timestamp = str(int(time.time()))
    token = "d1b5c7a0e7f9a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4"
    signature = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    return Client().post(
        "/inbox/webhooks/mailgun_mime/",
        {
            "recipient": recipient,
            "sender": "jordan.lee@acme-robotics.example",
            "timestamp": timestamp,
            "token": token,
            "signature": signature,
            "body-mime": raw.decode("utf-8"),
        },
        # The route's URL carries the secret as user:password (basic auth) as well.
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(SECRET.encode()).decode(),
    )


def test_a_signed_mailgun_post_is_taken_in(providers, alice, django_capture_on_commit_callbacks):
    address = email_address(inbox_address_replace(user=alice))
    raw = email_bytes(
        subject="Your interview at Qualtrics",
        body="Unfortunately we will not be moving forward.",
        to=address,
        headers={"X-Mailgun-Spf": "Fail", "X-Mailgun-Dkim-Check-Result": "Fail"},
    )
    response = mailgun_post(raw, address)
    assert response.status_code == 200
    message = InboxMessage.objects.get()
    assert (message.owner, message.via, message.provider) == (alice, "webhook", "mailgun")
    assert (message.spf, message.dkim) == ("fail", "fail")
    assert message.sender_failed_checks


def test_a_wrongly_signed_post_is_refused_and_nothing_stored(providers, alice):
    address = email_address(inbox_address_replace(user=alice))
    raw = email_bytes(subject="x", body="x", to=address)
    response = mailgun_post(raw, address, key="key-not-the-right-one-0000000000")
    assert response.status_code == 400
    assert not InboxMessage.objects.exists()


def test_mail_for_an_unknown_address_is_dropped_with_the_same_answer(providers, alice):
    address = email_address(inbox_address_replace(user=alice))
    inbox_address_replace(user=alice)  # the old one stops
    response = mailgun_post(email_bytes(subject="x", body="x", to=address), address)
    assert response.status_code == 200
    assert not InboxMessage.objects.exists()


def test_an_unconfigured_provider_is_not_there(alice, settings):
    settings.ANYMAIL = {}
    assert Client().post("/inbox/webhooks/mailgun_mime/", {}).status_code == 404
    assert Client().post("/inbox/webhooks/postmark/", {}).status_code == 404


def test_a_postmark_post_needs_its_basic_auth_secret(providers, alice):
    address = email_address(inbox_address_replace(user=alice))
    raw = email_bytes(
        subject="Offer of employment", body="We are pleased to offer you the job.", to=address
    )
    payload = json.dumps(
        {
            "RawEmail": raw.decode("utf-8"),
            "OriginalRecipient": address,
            "FromFull": {"Email": "jordan.lee@acme-robotics.example", "Name": "Jordan Lee"},
            "ToFull": [{"Email": address, "Name": ""}],
            "Headers": [],
            "MessageID": "6b1d7f6e-postmark",
        }
    )
    anonymous = Client().post(
        "/inbox/webhooks/postmark/", payload, content_type="application/json"
    )
    assert anonymous.status_code == 400
    auth = "Basic " + base64.b64encode(SECRET.encode()).decode()
    signed = Client().post(
        "/inbox/webhooks/postmark/",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert signed.status_code == 200
    assert InboxMessage.objects.get().provider == "postmark"


def mailgun_parsed_post(raw: bytes, recipient: str):
    """Mailgun's "parsed" route (the URL without "mime"): headers, text and HTML as fields,
    attachments as files, so a big attachment is not held in a form field."""
    import email
    from email import policy

    from django.core.files.uploadedfile import SimpleUploadedFile

    message = email.message_from_bytes(raw, policy=policy.default)
    timestamp = str(int(time.time()))
    token = hashlib.sha256(raw[:4096]).hexdigest()[:50]
    body = message.get_body(("plain",))
    html = message.get_body(("html",))
    fields = {
        "recipient": recipient,
        "sender": "someone@example.net",
        "timestamp": timestamp,
        "token": token,
        "signature": hmac.new(
            SIGNING_KEY.encode(), (timestamp + token).encode(), hashlib.sha256
        ).hexdigest(),
        "message-headers": json.dumps([[k, str(v)] for k, v in message.items()]),
        "body-plain": body.get_content() if body else "",
        "body-html": html.get_content() if html else "",
    }
    attachments = list(message.iter_attachments())
    fields["attachment-count"] = str(len(attachments))
    for n, part in enumerate(attachments, start=1):
        fields[f"attachment-{n}"] = SimpleUploadedFile(
            part.get_filename() or f"part{n}",
            part.get_payload(decode=True),
            content_type=part.get_content_type(),
        )
    return Client().post(
        "/inbox/webhooks/mailgun/",
        fields,
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(SECRET.encode()).decode(),
    )


@pytest.mark.slow
def test_a_big_message_comes_by_mailgun_parsed_route(providers, alice):
    address = email_address(inbox_address_replace(user=alice))
    raw = email_bytes(subject="Onsite interview confirmed", body="See the packet.", to=address)
    import email as stdlib_email
    from email import policy

    message = stdlib_email.message_from_bytes(raw, policy=policy.default)
    message.add_attachment(
        b"%PDF-1.4" + b"x" * 4_000_000,
        maintype="application",
        subtype="pdf",
        filename="packet.pdf",
    )
    big = message.as_bytes(policy=policy.SMTP)
    # Over the form-field limit as raw MIME: refused whole, nothing stored.
    assert mailgun_post(big, address).status_code == 400
    assert not InboxMessage.objects.exists()
    # The parsed route carries the attachment as a file.
    assert mailgun_parsed_post(big, address).status_code == 200
    stored = InboxMessage.objects.get()
    assert stored.subject == "Onsite interview confirmed"
