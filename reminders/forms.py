from typing import cast

from django import forms

from interviews.models import Contact
from reminders.keep_in_touch import MAX_MONTHS, Candidate
from reminders.planning import KEEP_IN_TOUCH_MONTHS


class KeepInTouchForm(forms.Form):
    """Whom to write to after a "no", and how many months later the two notes come due."""

    people = forms.ModelMultipleChoiceField(
        label="Who would you like to keep in touch with?",
        queryset=Contact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "Pick among the people you met for this application.",
            "invalid_pk_value": "Pick among the people you met for this application.",
        },
    )
    first_months = forms.IntegerField(
        label="First note, months after the “no”",
        min_value=1,
        max_value=MAX_MONTHS,
        initial=KEEP_IN_TOUCH_MONTHS[0],
    )
    second_months = forms.IntegerField(
        label="Second note, months after the “no” (leave empty for one note)",
        min_value=1,
        max_value=MAX_MONTHS,
        initial=KEEP_IN_TOUCH_MONTHS[1],
        required=False,
    )

    def __init__(self, *args, candidates: list[Candidate], chosen: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {c.contact.pk: c for c in candidates}
        people = cast(forms.ModelMultipleChoiceField, self.fields["people"])
        people.queryset = Contact.objects.filter(pk__in=self.candidates)
        people.label_from_instance = self._label  # type: ignore[method-assign,assignment]
        people.initial = sorted(chosen) or [c.contact.pk for c in candidates if c.suggested]

    def _label(self, contact: Contact) -> str:
        candidate = self.candidates[contact.pk]
        bits = [contact.name]
        if contact.title:
            bits.append(contact.title)
        if candidate.rapport:
            bits.append(f"rapport {candidate.rapport}/5")
        if not contact.email:
            bits.append("no email: a note to print and post")
        return " · ".join(bits)

    def clean(self):
        data = super().clean() or self.cleaned_data
        first, second = data.get("first_months"), data.get("second_months")
        if first and second and second <= first:
            self.add_error("second_months", "The second note comes after the first.")
        return data

    def months(self) -> list[int]:
        data = self.cleaned_data
        return [m for m in (data["first_months"], data.get("second_months")) if m]
