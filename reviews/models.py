"""The after-action self-review of one interview, and the questions asked in it."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from common.limits import LONG_TEXT_MAX_CHARS, length_constraints, long_text_field
from common.text import squash_spaces
from common.urls import reverse_for_pk
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

# What a question, or the strategy for next time, can hold: a few sentences.
QUESTION_MAX_CHARS = 1_000
THEME_MAX_CHARS = 80


# The review's long answers, each bounded at LONG_TEXT_MAX_CHARS.
REVIEW_TEXT_FIELDS = (
    "intended",
    "what_happened",
    "went_well",
    "struggles",
    "strategy",
    "overlooked_experience",
    "culture_notes",
    "deal_breakers",
    "takeaways",
)


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
    intended = long_text_field(
        "what I meant to happen",
        help_text="The points, stories and questions you went in with.",
    )
    what_happened = long_text_field(
        "what actually happened",
        help_text="How it went, and why it went that way.",
    )
    # Sustain.
    went_well = long_text_field(
        "what went well",
        help_text="The parts of your career that came across best; the answers you were proud of.",
    )
    # Improve.
    struggles = long_text_field(
        "where I struggled",
        help_text="The lines of questioning that tripped you up.",
    )
    strategy = long_text_field(
        "my strategy for next time",
        help_text="What you will prepare or do so they don't trip you again.",
    )
    overlooked_experience = long_text_field(
        "relevant experience I overlooked",
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
    # A recruiter is not the boss: a screen with them says nothing of the hiring manager.
    rapport_recruiter = rating_field("rapport with the recruiter (1–5)")
    culture_notes = long_text_field("culture")
    excitement_after = rating_field("excitement after (1–5)")
    deal_breakers = long_text_field(
        "deal-breakers", help_text="Anything that would make you say no."
    )
    takeaways = long_text_field("key takeaways")

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
            rating_constraint("rapport_recruiter", "review_rapport_recruiter_1_to_5"),
            rating_constraint("excitement_after", "review_excitement_after_1_to_5"),
            *length_constraints(
                "review", **dict.fromkeys(REVIEW_TEXT_FIELDS, LONG_TEXT_MAX_CHARS)
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.interview}"

    def get_absolute_url(self) -> str:
        return reverse_for_pk("reviews:detail", "review_pk", self.pk)

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
    text = models.TextField("question", validators=[MaxLengthValidator(QUESTION_MAX_CHARS)])
    theme = models.CharField(max_length=THEME_MAX_CHARS, blank=True)
    # The normalised theme (see ``theme_key``): what Insights groups by.
    theme_key = models.CharField(
        max_length=THEME_MAX_CHARS, blank=True, editable=False, db_index=True
    )
    comfort = models.PositiveSmallIntegerField(
        "comfort (1–5)", null=True, blank=True, validators=RATING_VALIDATORS
    )
    next_time = models.TextField(
        "what I'll do next time", blank=True, validators=[MaxLengthValidator(QUESTION_MAX_CHARS)]
    )
    # The story from the bank used to answer it: a story's record is the comfort of these.
    story = models.ForeignKey(
        "Story", on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    # When the person marked the strategy as practised; open strategies have none.
    practised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the person said "don't carry this strategy into my plans again".
    carry_dismissed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            rating_constraint("comfort", "question_comfort_1_to_5"),
            *length_constraints(
                "question",
                text=QUESTION_MAX_CHARS,
                theme=THEME_MAX_CHARS,
                theme_key=THEME_MAX_CHARS,
                next_time=QUESTION_MAX_CHARS,
            ),
        ]
        indexes = [models.Index(fields=["review", "theme_key"])]

    def __str__(self) -> str:
        return self.text[:80]


# Plans, stories and gut ratings: the loop from one interview's review into the next plan.

PLAN_TEXT_MAX = 300
# A plan you can hold in your head; its items, one a line, are the interview's "meant to
# convey" (``Interview.intent``), which must hold them all.
PLAN_MAX_ITEMS = 30
assert PLAN_MAX_ITEMS * (PLAN_TEXT_MAX + 1) <= LONG_TEXT_MAX_CHARS
STORY_TITLE_MAX = 120
# A story can start as a review's whole "relevant experience I overlooked".
STORY_PART_MAX = LONG_TEXT_MAX_CHARS


class PlanItemQuerySet(OwnedQuerySet):
    owner_path = "interview__owner"


class PlanItem(models.Model):
    """One line of an interview's plan: a story to tell, a point to make, a question to ask,
    or a strategy to use. The self-review records whether it happened and how it landed."""

    class Kind(models.TextChoices):
        STORY = "story", "Story to tell"
        POINT = "point", "Point to make"
        QUESTION = "question", "Question to ask"
        STRATEGY = "strategy", "Strategy to use"

    class Outcome(models.TextChoices):
        TOLD = "told", "Told"
        PARTLY = "partly", "Partly"
        NOT = "not", "Not"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="plan_items")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.POINT)
    # A TextField from when lines of the old free-text intent were kept whole, however
    # long; bounded like any item since (longer ones were cut by reviews migration 0004).
    text = models.TextField(validators=[MaxLengthValidator(PLAN_TEXT_MAX)])
    story = models.ForeignKey(
        "Story", on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_items"
    )
    position = models.PositiveIntegerField(default=0)
    # Where it came from when carried over: an earlier plan item, or an open strategy.
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_into"
    )
    source_question = models.ForeignKey(
        "Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_into"
    )
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    landed = rating_field("how it landed (1–5)")
    # Set when the person said "don't carry this over again".
    carry_dismissed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "position", "pk"]
        constraints = [
            rating_constraint("landed", "planitem_landed_1_to_5"),
            *length_constraints("planitem", text=PLAN_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def carries(self) -> bool:
        """Whether it is still wanted next time: not told, or a question asked but not
        answered (see ``reviews.plans``)."""
        return self.outcome == self.Outcome.NOT or (
            self.kind == self.Kind.QUESTION and self.outcome == self.Outcome.PARTLY
        )


class StoryQuerySet(OwnedQuerySet):
    pass


class Story(models.Model):
    """A story from the person's experience in STAR form, tagged with themes."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stories"
    )
    title = models.CharField(max_length=STORY_TITLE_MAX)
    situation = long_text_field()
    task = long_text_field()
    action = long_text_field()
    result = long_text_field()
    # The review whose "overlooked experience" it started from, if any.
    source_review = models.ForeignKey(
        Review, on_delete=models.SET_NULL, null=True, blank=True, related_name="stories"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["title", "pk"]
        constraints = length_constraints(
            "story",
            title=STORY_TITLE_MAX,
            **dict.fromkeys(("situation", "task", "action", "result"), STORY_PART_MAX),
        )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_for_pk("reviews:story", "story_pk", self.pk)


class StoryThemeQuerySet(OwnedQuerySet):
    owner_path = "story__owner"


class StoryTheme(models.Model):
    """A theme a story answers, filed like a question's theme (see ``theme_key``)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=THEME_MAX_CHARS)
    theme_key = models.CharField(max_length=THEME_MAX_CHARS, db_index=True)

    objects = StoryThemeQuerySet.as_manager()

    class Meta:
        ordering = ["story", "theme"]
        constraints = [
            models.UniqueConstraint("story", "theme_key", name="storytheme_unique_per_story"),
            *length_constraints("storytheme", theme=THEME_MAX_CHARS, theme_key=THEME_MAX_CHARS),
        ]

    def __str__(self) -> str:
        return self.theme


class GutRatingQuerySet(OwnedQuerySet):
    owner_path = "interview__owner"


class GutRating(models.Model):
    """ "How did it go?", 1–5, recorded right after the interview while the outcome is still
    awaited: Insights compares it with what happened (``reviews.calibration``)."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="gut")
    rating = models.PositiveSmallIntegerField(validators=RATING_VALIDATORS)
    rated_at = models.DateTimeField()

    objects = GutRatingQuerySet.as_manager()

    class Meta:
        constraints = [rating_constraint("rating", "gutrating_rating_1_to_5")]

    def __str__(self) -> str:
        return f"{self.rating} / 5 for {self.interview_id}"
