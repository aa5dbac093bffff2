"""The after-action self-review of one interview, and the questions asked in it."""

from django.db import models
from django.urls import reverse

from common.text import squash_spaces
from interviews.models import (
    RATING_VALIDATORS,
    Interview,
    OwnedQuerySet,
    rating_constraint,
    rating_field,
)

# Themes the form suggests; a person may type their own. Stored with this spelling.
SUGGESTED_THEMES = (
    "Behavioural",
    "Technical",
    "Leadership",
    "Conflict",
    "Motivation",
    "Salary",
    "Culture fit",
    "Teamwork",
    "Problem solving",
    "Strengths and weaknesses",
    "Failure and learning",
    "Career goals",
    "Why this company",
    "Communication",
)

# Other spellings that mean a suggested theme, by normalised key.
THEME_ALIASES = {
    "behavioral": "behavioural",
    "behaviour": "behavioural",
    "behavior": "behavioural",
}


def theme_clean(raw: str) -> str:
    """The theme as typed, with its spacing tidied: "  culture   fit " → "culture fit"."""
    return squash_spaces(raw)


def theme_key(raw: str) -> str:
    """What makes two themes one: case and spacing ignored, "Leadership " = "leadership"."""
    key = theme_clean(raw).casefold()
    return THEME_ALIASES.get(key, key)


SUGGESTED_BY_KEY = {theme_key(label): label for label in SUGGESTED_THEMES}


class ReviewQuerySet(OwnedQuerySet):
    owner_path = "interview__owner"

    def completed(self):
        return self.filter(status=Review.Status.COMPLETED)


class Review(models.Model):
    """One interview's after-action review: meant vs happened, sustain, improve, verdict."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)

    # What was supposed to happen, and what did.
    intended = models.TextField(
        "what I meant to happen",
        blank=True,
        help_text="The points, stories and questions you went in with.",
    )
    what_happened = models.TextField(
        "what actually happened",
        blank=True,
        help_text="How it went, and why it went that way.",
    )
    # Sustain.
    went_well = models.TextField(
        "what went well",
        blank=True,
        help_text="The parts of your career that came across best; the answers you were proud of.",
    )
    # Improve.
    struggles = models.TextField(
        "where I struggled",
        blank=True,
        help_text="The lines of questioning that tripped you up.",
    )
    strategy = models.TextField(
        "my strategy for next time",
        blank=True,
        help_text="What you will prepare or do so they don't trip you again.",
    )
    overlooked_experience = models.TextField(
        "relevant experience I overlooked",
        blank=True,
        help_text=(
            "Experience that counts but you didn't mention. Leadership needs no supervisor "
            "title: leading a project team, captaining a sports team, organising a civic "
            "group, mentoring a newcomer."
        ),
    )
    # The organisation: they were interviewing it too.
    want_to_work_there = rating_field("would I like to work there? (1–5)")
    want_this_boss = rating_field("would I like to work for this boss? (1–5)")
    rapport = rating_field("rapport with the hiring manager (1–5)")
    culture_notes = models.TextField("culture", blank=True)
    excitement_after = rating_field("excitement after (1–5)")
    deal_breakers = models.TextField(
        "deal-breakers", blank=True, help_text="Anything that would make you say no."
    )
    takeaways = models.TextField("key takeaways", blank=True)

    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-interview__starts_at"]
        constraints = [
            rating_constraint("want_to_work_there", "review_want_to_work_there_1_to_5"),
            rating_constraint("want_this_boss", "review_want_this_boss_1_to_5"),
            rating_constraint("rapport", "review_rapport_1_to_5"),
            rating_constraint("excitement_after", "review_excitement_after_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.interview}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", kwargs={"review_pk": self.pk})

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def excitement_change(self) -> int | None:
        before = self.interview.excitement_before
        if before is None or self.excitement_after is None:
            return None
        return self.excitement_after - before


class QuestionQuerySet(OwnedQuerySet):
    owner_path = "review__interview__owner"

    def counted(self):
        """The answers Insights counts: from completed reviews, with a theme and a comfort."""
        return self.filter(review__status=Review.Status.COMPLETED, comfort__isnull=False).exclude(
            theme_key=""
        )


class Question(models.Model):
    """A question asked in the interview: its theme, how comfortable the answer felt."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField("question")
    theme = models.CharField(max_length=80, blank=True)
    # The normalised theme (see ``theme_key``): what Insights groups by.
    theme_key = models.CharField(max_length=80, blank=True, editable=False, db_index=True)
    comfort = models.PositiveSmallIntegerField(
        "comfort (1–5)", null=True, blank=True, validators=RATING_VALIDATORS
    )
    next_time = models.TextField("what I'll do next time", blank=True)
    # When the person marked the strategy as practised; open strategies have none.
    practised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["review", "pk"]
        constraints = [rating_constraint("comfort", "question_comfort_1_to_5")]
        indexes = [models.Index(fields=["review", "theme_key"])]

    def __str__(self) -> str:
        return self.text[:80]
