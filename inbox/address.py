"""Each person's private forwarding address: making, replacing, and finding it.

The local part is 256 bits from an HMAC of a random seed under SECRET_KEY, written in
lower-case base32 (52 characters), because mail systems may change the case of an address's
local part. The database keeps the seed and the token's SHA-256, never the token; a message
is matched by the digest and then compared in constant time. An unknown, replaced or
malformed address is simply not found: the caller refuses it the same way every time.
"""

import base64
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from inbox.models import InboxAddress

TOKEN_SALT = "afterview.inbox.address"
TOKEN_SHAPE = re.compile(r"^[a-z2-7]{52}$")


def address_token(address: InboxAddress) -> str:
    digest = salted_hmac(TOKEN_SALT, address.seed, algorithm="sha256").digest()
    return base64.b32encode(digest).decode("ascii").rstrip("=").lower()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def inbox_domain() -> str:
    return settings.INBOX_DOMAIN.strip().lower().rstrip(".")


def email_address(address: InboxAddress) -> str:
    return f"{address_token(address)}@{inbox_domain()}"


@transaction.atomic
def inbox_address_replace(*, user) -> InboxAddress:
    """Gives the person a forwarding address, or a new one: the old one stops at once.

    Keeps their choices (whether invite updates apply by themselves)."""
    address = InboxAddress.objects.select_for_update().filter(owner=user).first()
    if address is None:
        address = InboxAddress(owner=user)
    address.seed = secrets.token_urlsafe(32)
    address.token_digest = token_digest(address_token(address))
    address.save()
    return address


def inbox_address_for(user) -> InboxAddress:
    """The person's address, made the first time it is asked for."""
    address = InboxAddress.objects.filter(owner=user).first()
    return address if address is not None else inbox_address_replace(user=user)


def split_recipient(recipient: str) -> tuple[str, str]:
    """(token, domain) of an envelope recipient, lower-cased; a ``+tag`` is dropped."""
    recipient = recipient.strip().strip("<>").strip().lower()
    local, _, domain = recipient.rpartition("@")
    return local.split("+", 1)[0], domain.rstrip(".")


def is_inbox_domain(domain: str) -> bool:
    return domain.strip().lower().rstrip(".") == inbox_domain()


def inbox_address_find(recipient: str) -> InboxAddress | None:
    """The address this recipient names, with its active owner, or None.

    None for another domain, a malformed token, a replaced address or a closed account.
    """
    token, domain = split_recipient(recipient)
    if not is_inbox_domain(domain) or not TOKEN_SHAPE.match(token):
        return None
    found = (
        InboxAddress.objects.select_related("owner")
        .filter(token_digest=token_digest(token), owner__is_active=True)
        .first()
    )
    if found is None or not hmac.compare_digest(address_token(found), token):
        return None
    return found
