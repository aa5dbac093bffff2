from functools import lru_cache
from typing import cast

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import connection
from django.forms.formsets import DELETION_FIELD_NAME

from common.forms import (
    RATING_CHOICES,
    FixedChoiceField,
    FixedTypedChoiceField,
    PlainCheckboxInput,
    PlainHiddenInput,
    PlainSelect,
    PlainTextarea,
    PlainTextInput,
)
from common.text import squash_spaces
from reviews.models import (
    PLAN_MAX_ITEMS,
    PLAN_TEXT_MAX,
    STORY_PART_MAX,
    STORY_TITLE_MAX,
    PlanItem,
    Question,
    Review,
    Story,
)

COMFORT_CHOICES = [
    ("", "—"),
    (1, "1 · shaky"),
    (2, "2 · unsure"),
    (3, "3 · all right"),
    (4, "4 · good"),
    (5, "5 · at ease"),
]
COMFORT_ERROR = "Comfort goes from 1 (shaky) to 5 (at ease): pick one of those."
RATING_ERROR = "Pick a rating from 1 to 5."


def rating_choice_field(label: str, help_text: str = "", *, choices=RATING_CHOICES, error=""):
    return FixedTypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=help_text,
        error_messages={"invalid_choice": error or RATING_ERROR},
        widget=PlainSelect,
    )


def text_area(rows: int = 3):
    return PlainTextarea(attrs={"rows": rows})


class ReviewForm(forms.ModelForm):
    """The review's own sections. ``completing`` asks for what a finished review needs."""

    want_to_work_there = rating_choice_field("Would I like to work there? (1–5)")
    want_this_boss = rating_choice_field("Would I like to work for this boss? (1–5)")
    rapport = rating_choice_field("Rapport with the hiring manager (1–5)")
    rapport_recruiter = rating_choice_field("Rapport with the recruiter (1–5)")
    excitement_after = rating_choice_field("Excitement after (1–5)")

    class Meta:
        model = Review
        fields = (
            "what_happened",
            "went_well",
            "struggles",
            "strategy",
            "overlooked_experience",
            "want_to_work_there",
            "want_this_boss",
            "rapport",
            "rapport_recruiter",
            "excitement_after",
            "culture_notes",
            "deal_breakers",
            "takeaways",
        )
        widgets = {
            "what_happened": text_area(4),
            "went_well": text_area(3),
            "struggles": text_area(3),
            "strategy": text_area(3),
            "overlooked_experience": text_area(3),
            "culture_notes": text_area(2),
            "deal_breakers": text_area(2),
            "takeaways": text_area(3),
        }

    def __init__(self, *args, interview, completing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.completing = completing
        # Asked apart: rapport with a recruiter is not rapport with the boss. Either is
        # left blank when that person was not in the room.
        self.fields["want_this_boss"].help_text = "Blank if you did not meet them."
        self.fields["rapport"].help_text = "Blank if you did not meet them."
        self.fields["rapport_recruiter"].help_text = "Blank if no recruiter was there."
        before = interview.excitement_before
        self.fields["excitement_after"].help_text = (
            f"Before the interview you said {before} / 5." if before else "Compared with before."
        )
        # Sections fold (review_form.html): each opens when it holds an answer or an
        # error, so a new review is a short page of headings, not 27 fields at once. The
        # fields are drawn with ``{% form_field %}`` (common.components), not crispy's
        # templates, which drew each field and each option for most of a millisecond.

    SECTIONS = {
        "went_well": ("went_well",),
        "struggles": ("struggles", "strategy"),
        "overlooked": ("overlooked_experience",),
        "organisation": (
            "want_to_work_there",
            "excitement_after",
            "want_this_boss",
            "rapport",
            "rapport_recruiter",
            "culture_notes",
            "deal_breakers",
        ),
        "takeaways": ("takeaways",),
    }

    def _answered(self, *names: str) -> bool:
        """Whether any of these fields holds an answer or an error (its fold opens)."""
        for name in names:
            value = self[name].value()
            if self[name].errors or (value not in (None, "") and str(value).strip()):
                return True
        return False

    @property
    def culture_open(self) -> bool:
        """Whether the culture and deal-breakers fold shows open."""
        return self._answered("culture_notes", "deal_breakers")

    @property
    def open_sections(self) -> set[str]:
        """The folded sections that show open: those with an answer or an error (and the
        organisation's when completing asks for the excitement after)."""
        return {section for section, names in self.SECTIONS.items() if self._answered(*names)}

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if self.completing:
            if not (data.get("what_happened") or "").strip():
                self.add_error(
                    "what_happened", "Before completing, write a few words on what happened."
                )
            if data.get("excitement_after") is None and "excitement_after" not in self.errors:
                self.add_error(
                    "excitement_after", "Before completing, say how excited you are now."
                )
        return data


def story_field(label: str = "Story") -> forms.ModelChoiceField:
    # A story bank holds hundreds: drawn in Python, not one template per option.
    return forms.ModelChoiceField(
        label=label,
        queryset=Story.objects.none(),
        required=False,
        empty_label="—",
        widget=PlainSelect,
    )


def limit_to_stories(field: forms.ModelChoiceField, owner, choices=None, stories=None) -> None:
    """Only the owner's stories are valid. ``choices`` and the queryset ``stories``, built
    once, spare each row of a formset its own query and queryset for the same list."""
    field.queryset = stories if stories is not None else Story.objects.for_user(owner)
    if choices is not None:
        field.choices = choices


@lru_cache
def _story_choices_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    return (
        f"SELECT id, title FROM {quote(Story._meta.db_table)}"
        " WHERE owner_id = %s ORDER BY title ASC, id ASC"
    )


def story_choices(owner) -> list[tuple]:
    """The owner's stories as (id, title) choices, in the model's order, after "—": one
    plain SQL statement (the ORM took longer to build the query than to run it)."""
    with connection.cursor() as cursor:
        cursor.execute(_story_choices_sql(connection.vendor), [owner.pk])
        return [("", "—"), *cursor.fetchall()]


class QuestionForm(forms.ModelForm):
    comfort = rating_choice_field("Comfort (1–5)", choices=COMFORT_CHOICES, error=COMFORT_ERROR)
    story = story_field("Story I used")

    class Meta:
        model = Question
        fields = ("text", "theme", "comfort", "next_time", "story")
        widgets = {
            "text": PlainTextInput(attrs={"placeholder": "Tell me about a time you…"}),
            "theme": PlainTextInput(attrs={"list": "theme-suggestions", "autocomplete": "off"}),
            "next_time": PlainTextInput(),
        }
        labels = {"text": "Question asked", "next_time": "What I'll do next time"}

    # How a row is laid out, drawn by ``{% form_rows %}`` (common.components): a review
    # holds a dozen rows, and crispy's templates drew each field for a millisecond.
    rows: tuple[tuple[tuple[str, str], ...], ...] = (
        (("text", "col-lg-6"), ("theme", "col-sm-6 col-lg-3"), ("comfort", "col-sm-6 col-lg-3")),
        (("next_time", "col-lg-6"), ("story", "col-lg-3")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False  # an empty row is skipped; see the formset


# The most questions one review holds: more than any interview asks. Django would build
# up to 1,000 forms past it before refusing (a 138-byte POST held a worker for seconds).
MAX_QUESTIONS = 40


class BaseQuestionFormSet(forms.BaseInlineFormSet):
    """The questions asked. A blank row is skipped; a half-filled one needs its question."""

    default_error_messages = {
        "too_many_forms": "A review holds at most %(num)d questions. Nothing was saved: "
        "remove some rows and save again."
    }

    def __init__(self, *args, completing: bool = False, owner=None, **kwargs):
        self.completing = completing
        self.owner = owner
        self.stories = story_choices(owner) if owner is not None else [("", "—")]
        self.story_queryset = Story.objects.for_user(owner) if owner is not None else None
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.owner is not None:
            limit_to_stories(form.fields["story"], self.owner, self.stories, self.story_queryset)
        # Django checks a row's posted id against the whole Question table, so another
        # person's question id passed (and its row was quietly saved as a new question)
        # while a made-up id was refused: an oracle for which ids exist. Only this
        # review's own questions are valid ids.
        form.fields["id"].queryset = self.get_queryset()
        for name in ("id", self.fk.name):
            form.fields[name].widget = PlainHiddenInput()
        if "DELETE" in form.fields:  # saved questions only (can_delete_extra=False)
            form.fields["DELETE"].label = "Remove this question"
            form.fields["DELETE"].widget = PlainCheckboxInput()
            first, second = form.rows
            form.rows = (first, (*second, ("DELETE", "col-lg-3 pt-lg-4")))

    def _removing(self, form) -> bool:
        """Is the row's "Remove this question" box ticked? (What Django's own private
        ``_should_delete_form`` checks.)"""
        return bool(form.cleaned_data.get(DELETION_FIELD_NAME, False))

    def clean(self):
        super().clean()
        kept = 0
        for form in self.forms:
            if self._removing(form) or not hasattr(form, "cleaned_data"):
                continue
            is_new_and_blank = form.instance.pk is None and not form.has_changed()
            if is_new_and_blank:
                continue
            data = form.cleaned_data
            if not (data.get("text") or "").strip():
                form.add_error("text", "Write the question you were asked, or clear this row.")
                continue
            kept += 1
            if not self.completing:
                continue
            if not (data.get("theme") or "").strip():
                form.add_error("theme", "Give this question a theme, e.g. Leadership.")
            if data.get("comfort") is None and "comfort" not in form.errors:
                form.add_error("comfort", "How comfortable were you answering it?")
            comfort = data.get("comfort")
            if comfort is not None and comfort <= 2 and not (data.get("next_time") or "").strip():
                form.add_error("next_time", "This one was hard: write what you will do next time.")
        if self.completing and kept == 0:
            raise forms.ValidationError(
                "Add at least one question you were asked before completing the review."
            )

    def changed_questions(self) -> list[Question]:
        """New and changed questions, unsaved, in the order they were typed."""
        return [
            form.instance
            for form in self.forms
            if form.has_changed()
            and not self._removing(form)
            and (form.cleaned_data.get("text") or "").strip()
        ]

    def removed_questions(self) -> list[Question]:
        return [
            form.instance
            for form in self.initial_forms
            if self._removing(form) and form.instance.pk
        ]


# inlineformset_factory makes a subclass of ours; its stub only promises the base class.
QuestionFormSet = cast(
    type[BaseQuestionFormSet],
    forms.inlineformset_factory(
        Review,
        Question,
        form=QuestionForm,
        formset=BaseQuestionFormSet,
        extra=3,
        max_num=MAX_QUESTIONS,
        absolute_max=MAX_QUESTIONS,
        validate_max=True,
        can_delete=True,
        can_delete_extra=False,
    ),
)


OUTCOME_CHOICES = [("", "—"), *PlanItem.Outcome.choices]
LANDED_CHOICES = [
    ("", "—"),
    (1, "1 · fell flat"),
    (2, "2"),
    (3, "3 · all right"),
    (4, "4"),
    (5, "5 · landed well"),
]


class PlanOutcomeForm(forms.ModelForm):
    """Did this plan item happen, and how did it land?"""

    outcome = FixedChoiceField(
        label="Did it happen?", choices=OUTCOME_CHOICES, required=False, widget=PlainSelect
    )
    landed = rating_choice_field("How it landed (1–5)", choices=LANDED_CHOICES)

    class Meta:
        model = PlanItem
        fields = ("outcome", "landed")

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        # What was not told cannot have landed: a rating left on it is dropped, not kept
        # to count as "landed 3/5" in the story's record.
        if cleaned.get("outcome") == PlanItem.Outcome.NOT:
            cleaned["landed"] = None
        return cleaned


class BasePlanOutcomeFormSet(forms.BaseModelFormSet):
    """One row per plan item of this interview; completing needs an answer for each."""

    default_error_messages = {
        "too_many_forms": "A plan holds at most %(num)d items. Nothing was saved: "
        "reload the page and try again."
    }

    def __init__(self, *args, completing: bool = False, **kwargs):
        self.completing = completing
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Only this interview's items are valid ids: another person's id (or a made-up
        # one) is refused alike, instead of being read as a new item.
        form.fields["id"].queryset = self.get_queryset()
        form.fields["id"].required = True

    def clean(self):
        super().clean()
        if not self.completing:
            return
        for form in self.forms:
            if hasattr(form, "cleaned_data") and not form.cleaned_data.get("outcome"):
                form.add_error("outcome", "Did this happen? Pick told, partly or not.")

    def changed_items(self) -> list[PlanItem]:
        items = []
        for form in self.forms:
            if form.instance.pk and form.has_changed():
                form.instance.outcome = form.cleaned_data.get("outcome") or ""
                form.instance.landed = form.cleaned_data.get("landed")
                items.append(form.instance)
        return items


# modelformset_factory makes a subclass of ours; its stub only promises the base class.
PlanOutcomeFormSet = cast(
    type[BasePlanOutcomeFormSet],
    forms.modelformset_factory(
        PlanItem,
        form=PlanOutcomeForm,
        formset=BasePlanOutcomeFormSet,
        extra=0,
        max_num=PLAN_MAX_ITEMS,
        absolute_max=PLAN_MAX_ITEMS,
        validate_max=True,
        can_delete=False,
        edit_only=True,
    ),
)


class PlanItemForm(forms.Form):
    # Drawn with ``{% form_field %}``: Python-built widgets, not a template per option.
    kind = FixedChoiceField(label="Kind", choices=PlanItem.Kind.choices, widget=PlainSelect)
    text = forms.CharField(
        label="Item",
        max_length=PLAN_TEXT_MAX,
        error_messages={
            "required": "Write a few words for the item, or leave it out.",
            "max_length": f"Keep an item to {PLAN_TEXT_MAX} characters: a line you can glance at.",
        },
        widget=PlainTextInput(attrs={"placeholder": "e.g. The billing migration: cut costs 30%"}),
    )
    story = story_field("From my story bank")

    def __init__(self, *args, owner, stories=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_stories(cast(forms.ModelChoiceField, self.fields["story"]), owner, stories)

    def clean_text(self):
        text = squash_spaces(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError("Write a few words for the item, or leave it out.")
        return text


class StoryForm(forms.Form):
    title = forms.CharField(max_length=STORY_TITLE_MAX)
    themes = forms.CharField(
        required=False,
        max_length=400,
        help_text="Separate themes with commas, e.g. Leadership, Conflict.",
        widget=forms.TextInput(attrs={"list": "theme-suggestions", "autocomplete": "off"}),
    )
    situation = forms.CharField(
        required=False,
        validators=[MaxLengthValidator(STORY_PART_MAX)],
        widget=text_area(3),
        help_text="Where and when; what was at stake.",
    )
    task = forms.CharField(
        required=False,
        validators=[MaxLengthValidator(STORY_PART_MAX)],
        widget=text_area(2),
        help_text="What you had to do.",
    )
    action = forms.CharField(
        required=False,
        validators=[MaxLengthValidator(STORY_PART_MAX)],
        widget=text_area(3),
        help_text="What you did — you, not the team.",
    )
    result = forms.CharField(
        required=False,
        validators=[MaxLengthValidator(STORY_PART_MAX)],
        widget=text_area(2),
        help_text="What came of it, in numbers if you have them.",
    )

    def theme_list(self) -> list[str]:
        return [t for t in (self.cleaned_data.get("themes") or "").split(",") if t.strip()]


class GutForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        error_messages={"invalid_choice": RATING_ERROR, "required": RATING_ERROR},
    )
