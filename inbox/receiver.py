"""Our own SMTP receiver (aiosmtpd): mail for the inbox domain, handed to ``inbox_receive``.

It accepts mail for ``INBOX_DOMAIN`` only and checks each recipient at RCPT time: an address
that is unknown or replaced gets the same 550 as one that never existed, so nothing about
other accounts shows; another domain gets "relay denied". The size is announced with SIZE
and enforced on DATA (552). Past the rate limits (per person, per sender) it answers 451,
"try again later", as mail servers do for a flood. It stores and queues, nothing more.

``manage.py inbox_smtpd`` runs it (docker-compose's ``smtp`` service behind the MX; ``make
run`` on 127.0.0.1:2525).
"""

import logging

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from inbox.address import inbox_address_find, is_inbox_domain, split_recipient
from inbox.models import InboxMessage
from inbox.services import inbox_receive

log = logging.getLogger(__name__)

MAX_RECIPIENTS = 10
UNKNOWN = "550 5.1.1 Mailbox unavailable"
RELAY_DENIED = "550 5.7.1 Relaying denied: this server takes mail for its own domain only"


def _owner_pk(address: str) -> int | None:
    close_old_connections()
    found = inbox_address_find(address)
    return found.owner_id if found is not None else None


def _receive(raw: bytes, owner_pks: list[int], mail_from: str) -> list[str]:
    from accounts.models import User

    close_old_connections()
    statuses = []
    for owner in User.objects.filter(pk__in=owner_pks, is_active=True):
        received = inbox_receive(
            raw=raw, via=InboxMessage.Via.SMTP, owner=owner, envelope_sender=mail_from
        )
        statuses.append(received.status)
    return statuses


class InboxHandler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        _, domain = split_recipient(address)
        if not is_inbox_domain(domain):
            return RELAY_DENIED
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        owner_pk = await sync_to_async(_owner_pk, thread_sensitive=True)(address)
        if owner_pk is None:
            return UNKNOWN
        envelope.rcpt_tos.append(address)
        owners = getattr(envelope, "afterview_owners", [])
        if owner_pk not in owners:
            owners.append(owner_pk)
        envelope.afterview_owners = owners
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or b""
        if b"\r\n" not in raw[:65_536]:
            # Bare-LF lines: the client's dot-stuffing was not undone line by line.
            raw = raw.replace(b"\n..", b"\n.")
        if len(raw) > settings.INBOX_MAX_MESSAGE_BYTES:
            return "552 5.3.4 Message too big"
        statuses = await sync_to_async(_receive, thread_sensitive=True)(
            raw, getattr(envelope, "afterview_owners", []), envelope.mail_from or ""
        )
        if "too_large" in statuses:
            return "552 5.3.4 Message too big"
        if "unavailable" in statuses:
            return "451 4.3.0 Please try again later"
        if "rate_limited" in statuses:
            return "451 4.7.1 Too many messages; please try again later"
        if not statuses:
            return UNKNOWN
        return "250 OK: queued"


class InboxSMTP(SMTP):
    def __init__(self, *args, **kwargs):
        # A message whose lines end in a bare LF (a saved .eml sent as bytes by a script)
        # arrives as one long "line": allow it up to the size limit instead of refusing it.
        # (Set before SMTP.__init__, which sizes its stream reader from it.)
        self.line_length_limit = settings.INBOX_MAX_MESSAGE_BYTES + 4096
        super().__init__(*args, **kwargs)


class InboxController(Controller):
    def factory(self):
        return InboxSMTP(
            self.handler,
            hostname=settings.INBOX_DOMAIN,
            data_size_limit=settings.INBOX_MAX_MESSAGE_BYTES,
            enable_SMTPUTF8=True,
            decode_data=False,
            ident="Afterview inbox",
            timeout=60,
            command_call_limit=100,
        )


def make_receiver(host: str, port: int) -> InboxController:
    return InboxController(InboxHandler(), hostname=host, port=port)
