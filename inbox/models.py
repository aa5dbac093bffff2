"""Forwarded mail: each person's private address, and the messages that arrived there.

A message is stored as it came (bounded in size), then read by a Celery task into one
suggestion: a new interview, a move, a cancellation, a rejection, an offer, a next round…
Nothing about the person's interviews changes until they confirm it on the inbox page,
except an update to an invite they imported already, which they may let apply by itself.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from common.limits import length_constraints
from interviews.models import Application, Interview, OwnedQuerySet

# What is kept of a message's text (inbox.mime.MAX_TEXT_CHARS) and of a reason.
TEXT_MAX_CHARS = 60_000
REASON_MAX_CHARS = 1_000


class InboxAddress(models.Model):
    """A person's private forwarding address (one at most), and their inbox choices.

    The address's local part is a token that is never stored: an HMAC of ``seed`` under
    SECRET_KEY (so Settings can show it again), found through its SHA-256 digest and compared
    in constant time. Replacing the address draws a new seed: the old one stops at once.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_address"
    )
    seed = models.CharField(max_length=64, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    auto_apply_invite_updates = models.BooleanField(
        "apply updates to imported invites by themselves",
        default=True,
        help_text="A newer version of an invite you already imported (it moved, or its "
        "place changed) updates the interview without a click.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Inbox address of {self.owner_id}"


class InboxMessage(models.Model):
    class Via(models.TextChoices):
        SMTP = "smtp", "Forwarded by email"
        WEBHOOK = "webhook", "Forwarded by email (provider)"
        UPLOAD = "upload", "Uploaded file"
        PASTE = "paste", "Pasted source"

    class Status(models.TextChoices):
        QUEUED = "queued", "Being read"
        SUGGESTED = "suggested", "Waiting for you"
        NOT_UNDERSTOOD = "not_understood", "Not understood"
        APPLIED = "applied", "Done"
        DISMISSED = "dismissed", "Dismissed"
        DUPLICATE = "duplicate", "Already in your inbox"

    class Kind(models.TextChoices):
        INVITE = "invite", "New interview"
        RESCHEDULE = "reschedule", "Moved"
        CANCEL = "cancel", "Cancelled"
        REJECTION = "rejection", "Rejection"
        OFFER = "offer", "Offer"
        NEXT_ROUND = "next_round", "Next round"
        SCHEDULING_REQUEST = "scheduling_request", "Asks for your availability"
        THANK_YOU_REPLY = "thank_you_reply", "A reply"
        OTHER = "other", "Not about an application"

    class Verdict(models.TextChoices):
        NONE = "", "Not checked"
        PASS = "pass", "Passed"
        FAIL = "fail", "Failed"
        SOFTFAIL = "softfail", "Soft fail"
        NEUTRAL = "neutral", "Neutral"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_messages"
    )
    via = models.CharField(max_length=16, choices=Via.choices)
    provider = models.CharField(max_length=40, blank=True)
    # The message as it arrived, at most INBOX_MAX_MESSAGE_BYTES; once read, an attachment
    # that is neither text nor a calendar is left out of what is kept (``raw_trimmed``).
    raw = models.BinaryField(editable=False)
    raw_size = models.PositiveIntegerField(default=0)
    raw_trimmed = models.BooleanField(default=False)
    # SHA-256 of the Message-ID (or of the bytes, without one): the same message twice is
    # one row. ``original_key`` names the message inside a forward, so forwarding the same
    # email twice changes nothing either.
    message_key = models.CharField(max_length=64, editable=False)
    message_id = models.CharField(max_length=255, blank=True)
    original_key = models.CharField(max_length=64, blank=True, db_index=True)
    envelope_sender = models.CharField(max_length=254, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    parse_attempts = models.PositiveSmallIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)
    # What was read: shown as text, never as HTML.
    subject = models.CharField(max_length=300, blank=True)
    sender = models.CharField(max_length=300, blank=True)
    sender_domain = models.CharField(max_length=253, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX_CHARS)])
    kind = models.CharField(max_length=20, choices=Kind.choices, blank=True)
    # The suggestion's fields (company, role, starts_at, time_zone, people, meeting_url,
    # invite uid/sequence…), as JSON-ready values; ``reason`` says why it was not understood
    # or what the person should check.
    suggestion = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True, validators=[MaxLengthValidator(REASON_MAX_CHARS)])
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbox_messages",
    )
    interview = models.ForeignKey(
        Interview, on_delete=models.SET_NULL, null=True, blank=True, related_name="inbox_messages"
    )
    # The provider's verdicts on the sender (webhooks only: our own receiver checks none).
    spf = models.CharField(max_length=10, choices=Verdict.choices, blank=True)
    dkim = models.CharField(max_length=10, choices=Verdict.choices, blank=True)
    dmarc = models.CharField(max_length=10, choices=Verdict.choices, blank=True)

    applied_at = models.DateTimeField(null=True, blank=True)
    applied_automatically = models.BooleanField(default=False)
    # One line saying what the confirmation changed ("Logged …", "Closed …").
    result = models.CharField(max_length=300, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-received_at"], name="inbox_owner_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "message_key"], name="inbox_one_row_per_message"
            ),
            *length_constraints(
                "inboxmessage",
                subject=300,
                sender=300,
                text=TEXT_MAX_CHARS,
                reason=REASON_MAX_CHARS,
                result=300,
            ),
        ]

    def __str__(self) -> str:
        return self.subject or f"Message {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("inbox:message", kwargs={"message_pk": self.pk})

    @property
    def sender_failed_checks(self) -> bool:
        """The provider says the sender's domain did not vouch for this message."""
        return self.Verdict.FAIL in (self.spf, self.dkim, self.dmarc)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.SUGGESTED, self.Status.NOT_UNDERSTOOD)
