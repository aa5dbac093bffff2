from typing import cast

from crispy_forms.layout import Div, Fieldset
from django import forms
from django.forms.formsets import DELETION_FIELD_NAME

from common.forms import RATING_CHOICES, fragment_helper
from reviews.models import Question, Review

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
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=help_text,
        error_messages={"invalid_choice": error or RATING_ERROR},
    )


def text_area(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class ReviewForm(forms.ModelForm):
    """The review's own sections. ``completing`` asks for what a finished review needs."""

    want_to_work_there = rating_choice_field("Would I like to work there? (1–5)")
    want_this_boss = rating_choice_field("Would I like to work for this boss? (1–5)")
    rapport = rating_choice_field("Rapport with the hiring manager (1–5)")
    excitement_after = rating_choice_field("Excitement after (1–5)")

    class Meta:
        model = Review
        fields = (
            "intended",
            "what_happened",
            "went_well",
            "struggles",
            "strategy",
            "overlooked_experience",
            "want_to_work_there",
            "want_this_boss",
            "rapport",
            "excitement_after",
            "culture_notes",
            "deal_breakers",
            "takeaways",
        )
        widgets = {
            "intended": text_area(3),
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
        before = interview.excitement_before
        self.fields["excitement_after"].help_text = (
            f"Before the interview you said {before} / 5." if before else "Compared with before."
        )
        self.helper = fragment_helper(
            Fieldset(
                "1. What I meant to happen, and what happened",
                "intended",
                "what_happened",
                css_id="section-intent",
            ),
            Fieldset("2. What went well", "went_well", css_id="section-went-well"),
        )
        self.after_questions_helper = fragment_helper(
            Fieldset(
                "4. Where I struggled, and my strategy",
                "struggles",
                "strategy",
                css_id="section-struggles",
            ),
            Fieldset(
                "5. Relevant experience I overlooked",
                "overlooked_experience",
                css_id="section-overlooked",
            ),
            Fieldset(
                "6. The organisation — I was interviewing them too",
                Div(
                    Div("want_to_work_there", css_class="col-md-6 col-lg-3"),
                    Div("want_this_boss", css_class="col-md-6 col-lg-3"),
                    Div("rapport", css_class="col-md-6 col-lg-3"),
                    Div("excitement_after", css_class="col-md-6 col-lg-3"),
                    css_class="row",
                ),
                "culture_notes",
                "deal_breakers",
                css_id="section-organisation",
            ),
            Fieldset("7. Key takeaways", "takeaways", css_id="section-takeaways"),
        )

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


class QuestionForm(forms.ModelForm):
    comfort = rating_choice_field("Comfort (1–5)", choices=COMFORT_CHOICES, error=COMFORT_ERROR)

    class Meta:
        model = Question
        fields = ("text", "theme", "comfort", "next_time")
        widgets = {
            "text": forms.TextInput(attrs={"placeholder": "Tell me about a time you…"}),
            "theme": forms.TextInput(attrs={"list": "theme-suggestions", "autocomplete": "off"}),
            "next_time": forms.TextInput(),
        }
        labels = {"text": "Question asked", "next_time": "What I'll do next time"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False  # an empty row is skipped; see the formset
        self.helper = fragment_helper(
            Div(
                Div("text", css_class="col-lg-6"),
                Div("theme", css_class="col-sm-6 col-lg-3"),
                Div("comfort", css_class="col-sm-6 col-lg-3"),
                css_class="row",
            ),
            Div(Div("next_time", css_class="col-lg-9"), css_class="row"),
        )
        # A saved question's hidden ``id`` (and the ``review`` key) is not in the layout;
        # without it, the page cannot be saved again once it holds a question.
        self.helper.render_hidden_fields = True


class BaseQuestionFormSet(forms.BaseInlineFormSet):
    """The questions asked. A blank row is skipped; a half-filled one needs its question."""

    def __init__(self, *args, completing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.completing = completing

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Django checks a row's posted id against the whole Question table, so another
        # person's question id passed (and its row was quietly saved as a new question)
        # while a made-up id was refused: an oracle for which ids exist. Only this
        # review's own questions are valid ids.
        form.fields["id"].queryset = self.get_queryset()
        if "DELETE" in form.fields:  # saved questions only (can_delete_extra=False)
            form.fields["DELETE"].label = "Remove this question"
            form.helper.layout[1].append(Div("DELETE", css_class="col-lg-3 pt-lg-4"))

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
        max_num=40,
        validate_max=True,
        can_delete=True,
        can_delete_extra=False,
    ),
)
