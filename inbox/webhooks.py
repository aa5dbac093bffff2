"""The providers' inbound webhooks: django-anymail receives the post, checks its signature
or its basic-auth secret, and sends its ``inbound`` signal with the message; this module
hands the message to ``inbox_receive`` with the verdicts the provider gives on the sender.

A message for an address that is unknown or replaced is dropped, and the provider gets the
same 200 as for any other: nothing tells who has an account. One over the rate limits is
dropped too (logged), so a flood costs nothing but the request.
"""

import logging
import re

from anymail.signals import AnymailInboundEvent, inbound

from inbox import mime
from inbox.address import is_inbox_domain, split_recipient
from inbox.models import InboxMessage
from inbox.services import inbox_receive

log = logging.getLogger(__name__)
VERDICT = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", re.IGNORECASE)


def connect() -> None:
    inbound.connect(receive_inbound, dispatch_uid="inbox.receive_inbound")


def receive_inbound(sender, event: AnymailInboundEvent, esp_name: str, **kwargs) -> None:
    message = event.message
    if message is None:
        return
    raw = message.as_bytes()
    verdicts = provider_verdicts(esp_name, event.esp_event, message)
    envelope_sender = getattr(message, "envelope_sender", None) or ""
    for recipient in _recipients(message):
        received = inbox_receive(
            raw=raw,
            via=InboxMessage.Via.WEBHOOK,
            recipient=recipient,
            provider=esp_name.lower(),
            envelope_sender=envelope_sender,
            verdicts=verdicts,
        )
        if received.status != "unknown":
            if not received.ok:
                log.warning("Inbound %s message dropped: %s", esp_name, received.status)
            return


def _recipients(message) -> list[str]:
    """Our addresses this message was for: the envelope recipient if the provider gives it,
    else the addresses in the headers, of our inbox domain only."""
    found = []
    envelope = getattr(message, "envelope_recipient", None)
    if envelope:
        found.append(str(envelope))
    for header in ("Delivered-To", "X-Original-To", "To", "Cc"):
        found += [address for _, address in mime.all_addresses(message, header)]
    ours = []
    for address in found:
        _, domain = split_recipient(address)
        if is_inbox_domain(domain) and address.lower() not in ours:
            ours.append(address.lower())
    return ours[:5]


def provider_verdicts(esp_name: str, esp_event, message) -> dict[str, str]:
    """SPF, DKIM and DMARC as the provider judged them, where it says: Amazon SES in its
    receipt, SendGrid in its form fields, Mailgun in its own headers, and otherwise the
    Authentication-Results header the provider's server put on top."""
    verdicts: dict[str, str] = {}
    name = esp_name.lower()
    if name.startswith("amazon") and isinstance(esp_event, dict):
        receipt = esp_event.get("receipt") or {}
        for key in ("spf", "dkim", "dmarc"):
            status = (receipt.get(f"{key}Verdict") or {}).get("status", "")
            if status:
                verdicts[key] = status.lower()
    elif name == "sendgrid" and hasattr(esp_event, "POST"):
        spf = esp_event.POST.get("SPF", "")
        dkim = esp_event.POST.get("dkim", "")
        if spf:
            verdicts["spf"] = spf.split()[0].lower()
        if dkim:
            verdicts["dkim"] = "pass" if "pass" in dkim.lower() else "fail"
    elif name == "mailgun":
        spf = str(message.get("X-Mailgun-Spf", "") or "")
        dkim = str(message.get("X-Mailgun-Dkim-Check-Result", "") or "")
        if spf:
            verdicts["spf"] = spf.lower()
        if dkim:
            verdicts["dkim"] = dkim.lower()
    if not verdicts:
        results = mime.header_text(message, "Authentication-Results")
        for key, value in VERDICT.findall(results):
            verdicts.setdefault(key.lower(), value.lower())
    return verdicts
