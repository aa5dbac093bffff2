"""Creating, using and revoking personal access tokens."""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from api.models import TOKEN_PREFIX, PersonalToken, token_digest

# How often last-used is written: once a minute at most, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def token_create(
    *, owner, name: str, scope: str, expires_at: datetime | None = None
) -> tuple[PersonalToken, str]:
    """Makes a token and returns it with its plaintext, which is shown once and never
    stored: only its digest is kept."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalToken(
        owner=owner,
        name=name.strip(),
        scope=scope,
        expires_at=expires_at,
        hint=plaintext[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(plaintext),
    )
    token.full_clean()
    token.save()
    return token, plaintext


def token_revoke(*, token: PersonalToken) -> PersonalToken:
    """Revokes the token from now on; revoking twice changes nothing."""
    if token.revoked_at is None:
        PersonalToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token.refresh_from_db()
    return token


def token_authenticate(plaintext: str) -> PersonalToken | None:
    """The live token (not revoked, not expired) this plaintext is, with its owner;
    marks it used (at most once a minute)."""
    if not plaintext.startswith(TOKEN_PREFIX) or len(plaintext) > 200:
        return None
    token = (
        PersonalToken.objects.select_related("owner")
        .filter(digest=token_digest(plaintext))
        .first()
    )
    now = timezone.now()
    if token is None or not token.is_live(now) or not token.owner.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
