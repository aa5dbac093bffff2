from django.core.validators import MaxLengthValidator
from django.db import models

from accounts.models import SIGNATURE_MAX_CHARS
from common.limits import ONE_LINE, MaxLinesValidator, length_constraints
from common.urls import reverse_for_pk
from interviews.models import (
    DATE_VALIDATORS,
    EARLIEST_DATE,
    LATEST_DATE,
    OUT_OF_RANGE,
    Contact,
    Interview,
    OwnedQuerySet,
)

# A thank-you note is a few short paragraphs; even a full A4 letter holds about 3,500
# characters. The cap keeps every render small and fast (the PDF renderer has its own
# bound too), and says so in the form instead of failing later.
BODY_MAX_CHARS = 5_000
BODY_MAX_LINES = 80
# The database's backstop, looser than the form's and the model's: a row written around them
# still cannot stall a render, and the renderer's own bound names the problem to the person.
BODY_DB_MAX_CHARS = 2 * BODY_MAX_CHARS
SALUTATION_MAX_CHARS = 120
CLOSING_MAX_CHARS = 60


class CardFormat(models.TextChoices):
    """Card formats, smallest first: the composer suggests the next one when text overflows."""

    FOLDED_A2 = "folded_a2", "Folded A2 card (4¼ × 5½ in)"
    A6 = "a6", "Flat A6 card (105 × 148 mm)"
    LETTER = "letter", "US Letter sheet"
    A4 = "a4", "A4 sheet"


# Where the US card sizes are what the shops sell; everywhere else the ISO A6 card.
US_CARD_COUNTRIES = {"US", "CA", "MX"}


def default_card_format(user) -> str:
    """The card a new note starts on: the folded A2 card in the United States, Canada and
    Mexico, the flat A6 card (and C6 envelope) in the rest of the world."""
    return CardFormat.FOLDED_A2 if user.country in US_CARD_COUNTRIES else CardFormat.A6


def larger_formats(user, card_format: str) -> list[str]:
    """What a note too long for ``card_format`` may move to, smallest first: the larger
    card, then the sheet sold where the person lives (US Letter in the United States,
    Canada and Mexico, A4 elsewhere), never the other region's sheet."""
    not_sold = CardFormat.A4 if user.country in US_CARD_COUNTRIES else CardFormat.LETTER
    order = list(CardFormat.values)
    return [fmt for fmt in order[order.index(card_format) + 1 :] if fmt != not_sold]


class Typeface(models.TextChoices):
    SERIF = "serif", "Typeset serif (EB Garamond)"
    HANDWRITING = "handwriting", "Handwriting style (Caveat)"


class NoteQuerySet(OwnedQuerySet):
    owner_path = "interview__owner"

    def with_related(self):
        return self.select_related(
            "interview__company", "interview__owner", "interview__application", "recipient"
        )

    def thank_you(self):
        return self.filter(kind=ThankYouNote.Kind.THANK_YOU)

    def keep_in_touch(self):
        return self.filter(kind=ThankYouNote.Kind.KEEP_IN_TOUCH)


class ThankYouNote(models.Model):
    """One note to one interviewer of one interview: draft → ready → sent.

    Most are thank-you notes, one per interviewer. A keep-in-touch note is the long game
    after a "no": the first or second (``sequence``) a few months on, written to someone
    the person met in that round; it goes through the same composer, PDF and email paths.
    """

    class Kind(models.TextChoices):
        THANK_YOU = "thank_you", "Thank-you note"
        KEEP_IN_TOUCH = "keep_in_touch", "Keep-in-touch note"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        READY = "ready", "Ready to send"
        SENT = "sent", "Sent"

    class SentHow(models.TextChoices):
        HANDWRITTEN = "handwritten", "Handwritten and handed over"
        MAILED = "mailed", "Printed and mailed"
        EMAIL = "email", "Emailed"

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="thank_you_notes"
    )
    recipient = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="thank_you_notes"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.THANK_YOU)
    # Which keep-in-touch note to this person it is (1: about three months on, 2: about
    # six); 0 for a thank-you note.
    sequence = models.PositiveSmallIntegerField(default=0)
    salutation = models.CharField(
        max_length=SALUTATION_MAX_CHARS, blank=True, validators=[ONE_LINE]
    )
    body = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(BODY_MAX_CHARS), MaxLinesValidator(BODY_MAX_LINES)],
    )
    closing = models.CharField(
        max_length=CLOSING_MAX_CHARS,
        blank=True,
        default="With thanks,",
        validators=[ONE_LINE],
    )
    signature = models.CharField(max_length=SIGNATURE_MAX_CHARS, blank=True, validators=[ONE_LINE])
    card_format = models.CharField(
        "card", max_length=16, choices=CardFormat.choices, default=CardFormat.FOLDED_A2
    )
    typeface = models.CharField(max_length=16, choices=Typeface.choices, default=Typeface.SERIF)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    # Some of its wording came from the writing assistant (accepted by the person).
    assisted = models.BooleanField(default=False)
    sent_on = models.DateField(null=True, blank=True, validators=DATE_VALIDATORS)
    sent_how = models.CharField(max_length=16, choices=SentHow.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "recipient__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "interview",
                "recipient",
                "kind",
                "sequence",
                name="note_one_per_recipient_per_interview",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="thank_you", sequence=0)
                | models.Q(kind="keep_in_touch", sequence__gte=1),
                name="note_sequence_follows_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_on__isnull=False),
                name="note_sent_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(sent_on__isnull=True)
                | models.Q(sent_on__range=(EARLIEST_DATE, LATEST_DATE)),
                name="note_sent_on_in_range",
                violation_error_message=OUT_OF_RANGE,
            ),
            *length_constraints(
                "note",
                salutation=SALUTATION_MAX_CHARS,
                body=BODY_DB_MAX_CHARS,
                closing=CLOSING_MAX_CHARS,
                signature=SIGNATURE_MAX_CHARS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient.name}"

    def get_absolute_url(self) -> str:
        return reverse_for_pk("notes:compose", "note_pk", self.pk)

    @property
    def is_keep_in_touch(self) -> bool:
        return self.kind == self.Kind.KEEP_IN_TOUCH

    @property
    def plain_text(self) -> str:
        """The note as plain text, for an email or a copy to the clipboard."""
        head = "\n\n".join(p for p in (self.salutation.strip(), self.body.strip()) if p)
        tail = "\n".join(p for p in (self.closing.strip(), self.signature.strip()) if p)
        return "\n\n".join(p for p in (head, tail) if p)

    @property
    def word_count(self) -> int:
        return len(self.plain_text.split())
