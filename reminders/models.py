"""The Reminder ledger: one row per (interview, kind), and one per keep-in-touch note the
person planned (interview, contact, sequence). The rows are the truth; the broker only
carries hints ("look at reminder 42 now") that the every-minute sweep backs up."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from interviews.models import OwnedQuerySet


class ReminderQuerySet(OwnedQuerySet):
    owner_path = "owner"

    def open(self):
        """Follow-ups not yet settled: waiting, going out, sent but not done, or failed."""
        return self.filter(status__in=Reminder.OPEN_STATUSES)


class Reminder(models.Model):
    class Kind(models.TextChoices):
        THANK_YOU = "thank_you", "Thank-you note"
        REVIEW = "review", "Self-review"
        DECISION = "decision", "Decision check-in"
        KEEP_IN_TOUCH = "keep_in_touch", "Keep in touch"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"

    # Not yet settled (done or cancelled): the queryset's ``open()`` and ``is_open`` agree.
    OPEN_STATUSES = (Status.SCHEDULED, Status.SENDING, Status.SENT, Status.FAILED)
    # Those a snooze can still move (``can_snooze``; rows read as values ask their status).
    SNOOZABLE_STATUSES = (Status.SCHEDULED, Status.SENT, Status.FAILED)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # A keep-in-touch note the person planned: to whom (someone they met in ``interview``),
    # which one (1: about three months after the "no", 2: about six), and on which day
    # where they live. Empty for the other kinds, which are one per interview.
    contact = models.ForeignKey(
        "interviews.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="keep_in_touch_reminders",
    )
    sequence = models.PositiveSmallIntegerField(default=0)
    planned_for = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    # When the person should hear about it (shown to them), and when the sweep may next
    # try: the same, except after a temporary SMTP error (backoff) or a crashed worker.
    due_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    # When it counts as late on the dashboard.
    overdue_at = models.DateTimeField()
    # A snooze survives re-planning: the reminder never comes before it.
    snoozed_until = models.DateTimeField(null=True, blank=True)
    # When this reminder was last (re)armed; keep-in-touch counts its weeks from here.
    armed_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "interview",
                "kind",
                condition=Q(contact__isnull=True),
                name="reminder_one_per_interview_kind",
            ),
            models.UniqueConstraint(
                "interview",
                "contact",
                "sequence",
                condition=Q(contact__isnull=False),
                name="reminder_one_per_planned_note",
            ),
            models.CheckConstraint(
                condition=Q(contact__isnull=True, sequence=0, planned_for__isnull=True)
                | Q(
                    contact__isnull=False,
                    kind="keep_in_touch",
                    sequence__gte=1,
                    planned_for__isnull=False,
                ),
                name="reminder_planned_note_complete",
            ),
        ]
        indexes = [
            # The sweep's claim: only waiting rows, in due order. Partial, so its size and
            # the claim's cost follow what is waiting, not the whole ledger.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="scheduled"),
                name="reminder_sweep_due",
            ),
            # Rows a dead worker left in "sending".
            models.Index(
                fields=["claimed_at"],
                condition=Q(status="sending"),
                name="reminder_sweep_stuck",
            ),
            # The dashboard's "due and overdue" list.
            models.Index(fields=["owner", "due_at"], name="reminder_owner_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.interview_id} ({self.status})"

    @property
    def is_planned_note(self) -> bool:
        return self.contact_id is not None

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.overdue_at <= timezone.now()

    @property
    def can_snooze(self) -> bool:
        return self.status in self.SNOOZABLE_STATUSES

    @property
    def can_mark_done(self) -> bool:
        return self.is_open and self.status != self.Status.SENDING

    def move(self, **fields) -> bool:
        """Changes this row only if nobody moved it on since we read it (e.g. the sweep)."""
        # update() skips auto_now: the calendar feed dates its events by updated_at.
        fields.setdefault("updated_at", timezone.now())
        changed = type(self).objects.filter(pk=self.pk, status=self.status).update(**fields)
        if changed:
            for name, value in fields.items():
                setattr(self, name, value)
        return bool(changed)


class CalendarFeed(models.Model):
    """A person's private calendar subscription (one at most).

    The feed URL carries a token that is never stored: it is an HMAC of ``seed`` under the
    site's SECRET_KEY, so Settings can show the URL again, while a copy of the database
    alone (seeds and SHA-256 digests) yields no URL that works. Replacing the URL draws a
    new seed; turning the feed off deletes the row.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    seed = models.CharField(max_length=64, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    include_details = models.BooleanField(
        "show details in event titles",
        default=False,
        help_text="The role, round, place and interviewers, not just the company.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Calendar feed of {self.owner_id}"


class Heartbeat(models.Model):
    """When something periodic last completed (``sweep``: beat's reminder sweep), for the
    health endpoint: a dead beat is otherwise silent."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls, name: str) -> None:
        cls.objects.update_or_create(name=name, defaults={"at": timezone.now()})

    @classmethod
    def last(cls, name: str):
        return cls.objects.filter(name=name).values_list("at", flat=True).first()
