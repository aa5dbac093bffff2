from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.db.models import Q

from interviews import names
from interviews.models import Company, Contact, Interview, ListeningHook


def fragment_helper(*layout) -> FormHelper:
    """Crispy settings for a form drawn inside the page's own ``<form>``: the template
    writes the one form tag and CSRF token that its forms and formsets share."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


EXCITEMENT_CHOICES = [
    ("", "—"),
    (1, "1 · not at all"),
    (2, "2"),
    (3, "3 · somewhat"),
    (4, "4"),
    (5, "5 · very"),
]


class InterviewForm(forms.ModelForm):
    """The interview itself. New interviewers come from ``NewInterviewerFormSet`` beside it."""

    company_name = forms.CharField(
        label="Company",
        max_length=200,
        widget=forms.TextInput(attrs={"list": "company-names", "autocomplete": "off"}),
        error_messages={"required": "Which company was the interview with?"},
    )
    posting_url = forms.URLField(
        label="Job posting", max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Interview
        fields = (
            "role",
            "posting_url",
            "starts_at",
            "duration_minutes",
            "format",
            "location",
            "round",
            "interviewers",
            "intent",
            "learned",
            "excitement_before",
            "outcome",
            "decision_date",
        )
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "decision_date": DateInput(),
            "interviewers": forms.CheckboxSelectMultiple,
            "intent": forms.Textarea(attrs={"rows": 4}),
            "learned": forms.Textarea(attrs={"rows": 4}),
            "excitement_before": forms.Select(choices=EXCITEMENT_CHOICES),
        }
        help_texts = {"starts_at": "In your time zone."}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["interviewers"].queryset = Contact.objects.for_user(owner).select_related(
            "company"
        )
        self.fields["interviewers"].label = "Interviewers you have met before"
        self.fields["interviewers"].required = False
        if not self.fields["interviewers"].queryset.exists():
            self.fields["interviewers"].widget = forms.MultipleHiddenInput()
        if self.instance.pk:
            self.fields["company_name"].initial = self.instance.company.name
        self.company_names = list(
            Company.objects.for_user(owner).order_by("name").values_list("name", flat=True)
        )
        self.helper = fragment_helper(
            Fieldset(
                "The interview",
                Div(
                    Div("company_name", css_class="col-md-6"),
                    Div("role", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("starts_at", css_class="col-md-4"),
                    Div("duration_minutes", css_class="col-md-4"),
                    Div("format", css_class="col-md-4"),
                    css_class="row",
                ),
                Div(
                    Div("location", css_class="col-md-8"),
                    Div("round", css_class="col-md-4"),
                    css_class="row",
                ),
                "posting_url",
            ),
            Fieldset("Interviewers", "interviewers"),
        )
        self.reflection_helper = fragment_helper(
            Fieldset(
                "Before and after",
                "intent",
                "learned",
                Div(
                    Div("excitement_before", css_class="col-md-4"),
                    Div("outcome", css_class="col-md-4"),
                    Div("decision_date", css_class="col-md-4"),
                    css_class="row",
                ),
            )
        )

    def clean_company_name(self):
        name = " ".join(self.cleaned_data["company_name"].split())
        if not name:
            raise forms.ValidationError("Which company was the interview with?")
        return name

    def service_fields(self) -> dict:
        """The cleaned values as the keyword arguments ``interview_create/update`` take."""
        data = dict(self.cleaned_data)
        interviewers = data.pop("interviewers", [])
        company_name = data.pop("company_name")
        return {"company_name": company_name, "interviewers": interviewers, **data}


class NewInterviewerForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ("name", "title", "email", "postal_address")
        widgets = {"postal_address": forms.Textarea(attrs={"rows": 4})}
        labels = {"postal_address": "Postal address (for a mailed note)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank row is skipped, so the name is not marked required; a row with anything
        # typed in it needs one (see the formset), with one clear message.
        self.fields["name"].required = False
        self.helper = fragment_helper()


class BaseNewInterviewerFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            named = (form.cleaned_data or {}).get("name", "").strip()
            if form.has_changed() and not named and "name" not in form.errors:
                form.add_error("name", "Give the interviewer's name, or clear this row.")

    def new_interviewers(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.has_changed()]


NewInterviewerFormSet = forms.formset_factory(
    NewInterviewerForm, formset=BaseNewInterviewerFormSet, extra=2, max_num=12, validate_max=True
)


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ("outcome", "decision_date")
        widgets = {"decision_date": DateInput()}


class InterviewFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    outcome = forms.ChoiceField(
        choices=[("", "Any outcome"), *Interview.Outcome.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    company = forms.ModelChoiceField(
        queryset=Company.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.for_user(owner)
        self.fields["company"].empty_label = "Any company"

    def filter(self, queryset):
        if not self.is_bound:
            return queryset
        self.is_valid()
        # Apply every filter that is valid: a stale company id in a bookmark should not
        # silently drop the search typed beside it.
        data = self.cleaned_data
        for word in data.get("q", "").split():
            queryset = queryset.filter(Q(company__name__icontains=word) | Q(role__icontains=word))
        if data.get("outcome"):
            queryset = queryset.filter(outcome=data["outcome"])
        if data.get("company"):
            queryset = queryset.filter(company=data["company"])
        return queryset


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ("name", "greet_as", "title", "company", "email", "postal_address", "notes")
        widgets = {
            "postal_address": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Prefilled with what a note would say today, so the person sees it and can change it.
        self.initial["greet_as"] = self.instance.greeting_name
        self.fields["company"].queryset = Company.objects.for_user(owner)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *self.Meta.fields,
            FormActions(
                Submit("submit", "Save contact"),
                HTML(
                    '<a class="btn btn-link" href="{% url \'interviews:contacts\' %}">Cancel</a>'
                ),
            ),
        )

    def clean_greet_as(self):
        """Blank, or left as suggested, is stored as blank: it then follows the name."""
        if "greet_as" not in self.changed_data:
            return self.instance.greet_as
        greet_as = " ".join(self.cleaned_data["greet_as"].split())
        name = self.cleaned_data.get("name") or self.instance.name
        return "" if greet_as == names.suggested_greeting(name) else greet_as


HOOK_PLACEHOLDERS = (
    "e.g. the move from nightly batches to streaming",
    "e.g. asked how I handle on-call",
    "e.g. cares about written design docs",
)


class ListeningHooksForm(forms.Form):
    """Up to three short things one interviewer said, asked or cared about."""

    def __init__(self, *args, contact: Contact, **kwargs):
        kwargs.setdefault("prefix", f"hooks-{contact.pk}")
        super().__init__(*args, **kwargs)
        self.contact = contact
        for number, placeholder in enumerate(HOOK_PLACEHOLDERS, start=1):
            self.fields[f"hook_{number}"] = forms.CharField(
                label=f"{contact.name}: {number}",
                required=False,
                max_length=ListeningHook.MAX_CHARS,
                widget=forms.TextInput(attrs={"placeholder": placeholder}),
            )

    @classmethod
    def for_people(cls, people, hooks, data=None) -> list["ListeningHooksForm"]:
        """One form per interviewer, filled from their saved hooks."""
        said: dict[int, list[str]] = {}
        for hook in hooks:
            said.setdefault(hook.contact_id, []).append(hook.text)
        forms_ = []
        for person in people:
            initial = {f"hook_{n}": text for n, text in enumerate(said.get(person.pk, []), 1)}
            forms_.append(cls(data, contact=person, initial=initial))
        return forms_

    def texts(self) -> list[str]:
        return [self.cleaned_data[f"hook_{n}"] for n in range(1, len(HOOK_PLACEHOLDERS) + 1)]
