"""Personal access tokens: what a script, an extension or an assistant signs in with."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from interviews.models import OwnedQuerySet

TOKEN_NAME_MAX_CHARS = 100
# What a token starts with, so a leaked one is recognisable (secret scanners match it).
TOKEN_PREFIX = "afv_"


def token_digest(plaintext: str) -> str:
    """How a token is stored: its SHA-256. A token is 256 random bits, so a fast hash is
    enough (there is nothing to guess); the database never holds one that works."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


class PersonalTokenQuerySet(OwnedQuerySet):
    def live(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class PersonalToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=TOKEN_NAME_MAX_CHARS)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.READ)
    # The first characters, shown in settings so the person can tell their tokens apart.
    hint = models.CharField(max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonalTokenQuerySet.as_manager()
    # Keys, not data: an export leaves them out, and an import never brings one back.
    exported = False

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class IdempotentRequest(models.Model):
    """A create that was answered, kept under the key its client sent (``Idempotency-Key``),
    so the same request again gets the same answer instead of a second row."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # What was asked (method, path and body digest): the same key with another body is a 422.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="api_idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return self.key
