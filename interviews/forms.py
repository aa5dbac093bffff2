import uuid
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import cast

from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout, Submit
from django import forms
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.forms.fields import BaseTemporalField
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from common.forms import RATING_CHOICES, PlainSelect, fragment_helper
from common.limits import ONE_LINE
from common.text import squash_spaces
from interviews import names
from interviews.models import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    OUT_OF_RANGE,
    Application,
    Company,
    Contact,
    Interview,
    ListeningHook,
    Outcome,
    outcome_q,
)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _minutes(delta) -> str:
    minutes = abs(int(delta.total_seconds())) // 60
    return "an hour" if minutes == 60 else f"{minutes} minutes"


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time in the person's own zone, read the same way on every night of the year.

    The night clocks go back, a time such as 01:30 happens twice. The rule: we take the first
    of the two (the one before the change, ``fold=0``) unless the form asks for the second
    (``fold = 1``, set by ``InterviewForm`` from its "which one" choice). A stored interview
    reads back as its own occurrence, so saving it unchanged never moves it and never fails.
    A time the clocks skip (they go forward) gets a message saying so.
    """

    fold = 0

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value
        naive = value if isinstance(value, datetime) else self._parse(value)
        if not EARLIEST_YEAR <= naive.year <= LATEST_YEAR:
            raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")
        zone = timezone.get_current_timezone()
        kind = wall_time_kind(naive, zone)
        if kind == "missing":
            first = naive.replace(tzinfo=zone, fold=0)
            second = naive.replace(tzinfo=zone, fold=1)
            raise forms.ValidationError(
                "%(time)s on %(day)s does not exist in %(zone)s: the clocks go forward "
                "%(by)s that night. Pick a time before or after the change.",
                code="missing_time",
                params={
                    "time": naive.strftime("%H:%M"),
                    "day": date_format(naive.date(), "j F Y"),
                    "zone": str(zone),
                    "by": _minutes(
                        cast(timedelta, second.utcoffset()) - cast(timedelta, first.utcoffset())
                    ),
                },
            )
        return naive.replace(tzinfo=zone, fold=self.fold if kind == "twice" else 0)

    def prepare_value(self, value):
        try:
            return super().prepare_value(value)
        except OverflowError:  # stored before dates were bounded; shown as stored (UTC)
            return value.astimezone(UTC).replace(tzinfo=None)

    def _parse(self, value: str) -> datetime:
        # Parsed without Django's make-aware step, which refuses ambiguous times outright.
        return cast(datetime, BaseTemporalField.to_python(self, value))


def wall_time_kind(naive: datetime, zone) -> str:
    """ "once", "twice" (clocks go back: it happens twice) or "missing" (clocks go forward)."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)

    def exists(aware: datetime) -> bool:
        return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive

    if not exists(first) and not exists(second):
        return "missing"
    return "twice" if first.utcoffset() != second.utcoffset() else "once"


OCCURRENCE_FIRST, OCCURRENCE_SECOND = "first", "second"


class InterviewForm(forms.ModelForm):
    """The interview itself. New interviewers come from ``NewInterviewerFormSet`` beside it.

    On the night the clocks go back, a start time that happens twice is taken as the first
    occurrence unless the person picks the second: the form then shows which one it means
    (``starts_at_occurrence``), with the stored interview's own occurrence preselected.
    """

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
            "learned",
            "excitement_before",
        )
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "interviewers": forms.CheckboxSelectMultiple,
            "learned": forms.Textarea(attrs={"rows": 4}),
            "excitement_before": forms.Select(choices=RATING_CHOICES),
        }
        field_classes = {"starts_at": LocalDateTimeField}
        help_texts = {"starts_at": "In your time zone."}

    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    starts_at_occurrence = forms.ChoiceField(
        label="This time happens twice that night (the clocks go back). Which one?",
        choices=[(OCCURRENCE_FIRST, "The first"), (OCCURRENCE_SECOND, "The second")],
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        starts_at = cast(LocalDateTimeField, self.fields["starts_at"])
        starts_at.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self._setup_occurrence()
        if self.instance.pk:
            del self.fields["submission_key"]
            # Each field carries the value it had when the form was loaded, so "changed"
            # means changed by this person, not by another tab since (outcome, time…).
            for name in (*InterviewForm.Meta.fields, "company_name"):
                self.fields[name].show_hidden_initial = True
        else:
            self.fields["submission_key"].initial = uuid.uuid4
        interviewers = cast(forms.ModelMultipleChoiceField, self.fields["interviewers"])
        interviewers.queryset = Contact.objects.for_user(owner).select_related("company")
        interviewers.label = "Interviewers you have met before"
        interviewers.required = False
        if not interviewers.queryset.exists():
            interviewers.widget = forms.MultipleHiddenInput()
        if self.instance.pk:
            self.fields["company_name"].initial = self.instance.company.name
        self.company_names = list(
            Company.objects.for_user(owner).order_by("name").values_list("name", flat=True)
        )
        # What a phone can give right after the interview; the rest opens on demand.
        self.helper = fragment_helper(
            Div(
                Div("company_name", css_class="col-sm-6"),
                Div("role", css_class="col-sm-6"),
                Div("starts_at", css_class="col-sm-6"),
                Div("format", css_class="col-sm-6"),
                css_class="row",
            ),
            *(["starts_at_occurrence"] if self.starts_at_twice else []),
            *(["submission_key"] if "submission_key" in self.fields else []),
        )
        self.details_helper = fragment_helper(
            Div(
                Div("location", css_class="col-md-8"),
                Div("round", css_class="col-md-4"),
                Div("posting_url", css_class="col-md-8"),
                Div("duration_minutes", css_class="col-md-4"),
                css_class="row",
            ),
        )
        self.people_helper = fragment_helper("interviewers")
        self.reflection_helper = fragment_helper(
            "learned",
            Div(Div("excitement_before", css_class="col-md-4"), css_class="row"),
        )

    DETAILS = ("location", "round", "posting_url", "duration_minutes")
    REFLECTION = ("learned", "excitement_before")

    def _opens(self, names) -> bool:
        """A section that starts closed opens when a field in it has an error or a value
        that is not the default, so nothing typed or wrong is hidden."""
        for name in names:
            if self[name].errors:
                return True
            value = self[name].value()
            default = self.instance._meta.get_field(name).get_default()
            if value not in (None, "", []) and str(value) != str(default):
                return True
        return False

    @property
    def details_open(self) -> bool:
        return self._opens(self.DETAILS)

    @property
    def reflection_open(self) -> bool:
        return self._opens(self.REFLECTION)

    def _setup_occurrence(self) -> None:
        """Works out whether the start time (typed, or stored) is one that happens twice."""
        field = cast(LocalDateTimeField, self.fields["starts_at"])
        zone = timezone.get_current_timezone()
        naive = None
        if self.is_bound:
            choice = self.data.get(self.add_prefix("starts_at_occurrence"))
            field.fold = 1 if choice == OCCURRENCE_SECOND else 0
            typed = self.data.get(self.add_prefix("starts_at"))
            try:
                naive = BaseTemporalField.to_python(field, typed) if typed else None
            except forms.ValidationError:
                naive = None
        elif self.instance.pk and self.instance.starts_at:
            try:
                local = self.instance.starts_at.astimezone(zone)
            except OverflowError:
                local = None
            if local is not None:
                naive = local.replace(tzinfo=None)
                self.initial["starts_at_occurrence"] = (
                    OCCURRENCE_SECOND if local.fold else OCCURRENCE_FIRST
                )
        self.starts_at_twice = bool(
            naive
            and EARLIEST_YEAR <= naive.year <= LATEST_YEAR
            and wall_time_kind(naive, zone) == "twice"
        )
        if self.starts_at_twice and naive is not None:
            first = naive.replace(tzinfo=zone, fold=0)
            second = naive.replace(tzinfo=zone, fold=1)
            clock = naive.strftime("%H:%M")
            occurrence = cast(forms.ChoiceField, self.fields["starts_at_occurrence"])
            occurrence.choices = [
                (OCCURRENCE_FIRST, f"The first {clock} ({first.tzname()}, before the change)"),
                (OCCURRENCE_SECOND, f"The second {clock} ({second.tzname()}, after the change)"),
            ]
            occurrence.initial = OCCURRENCE_FIRST

    @property
    def occurrence_note(self) -> str:
        """What to tell the person after saving a time that happens twice without choosing."""
        if not self.starts_at_twice or self.data.get(self.add_prefix("starts_at_occurrence")):
            return ""
        local = self.cleaned_data["starts_at"]
        return (
            f"{local:%H:%M} happens twice that night; we saved the first one "
            f"({local.tzname()}). Edit the interview to pick the second."
        )

    def clean_company_name(self):
        name = squash_spaces(self.cleaned_data["company_name"])
        if not name:
            raise forms.ValidationError("Which company was the interview with?")
        return name

    def changed_service_fields(self) -> dict:
        """Only what the person changed, as ``interview_update`` takes it."""
        data = self.service_fields()
        return {name: data[name] for name in self.changed_data if name in data}

    def service_fields(self) -> dict:
        """The cleaned values as the keyword arguments ``interview_create/update`` take."""
        data = dict(self.cleaned_data)
        data.pop("starts_at_occurrence", None)
        data.pop("submission_key", None)
        interviewers = data.pop("interviewers", [])
        company_name = data.pop("company_name")
        return {"company_name": company_name, "interviewers": interviewers, **data}


class NewInterviewerForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ("name", "greet_as", "title", "email", "postal_address")
        widgets = {"postal_address": forms.Textarea(attrs={"rows": 4})}
        labels = {"postal_address": "Postal address (for a mailed note)"}
        help_texts = {"greet_as": "After “Dear”. Left blank, it follows the name."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "greet_as", "title"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["greet_as"].widget.attrs["placeholder"] = "From the name"
        # A blank row is skipped, so the name is not marked required; a row with anything
        # typed in it needs one (see the formset), with one clear message.
        self.fields["name"].required = False
        # Shown again (a mistake elsewhere on the page): prefilled with what a note would
        # say, as on the contact form, so the person sees it and can change it.
        if self.is_bound and not (self.data.get(self.add_prefix("greet_as")) or "").strip():
            typed = squash_spaces(self.data.get(self.add_prefix("name")) or "")
            if typed:
                # This row's own copy: it reads only its own (single-valued) fields.
                self.data = {
                    **dict(self.data.items()),
                    self.add_prefix("greet_as"): names.suggested_greeting(typed),
                }
        self.helper = fragment_helper()

    def clean_greet_as(self):
        """Left as suggested (or blank) is stored as blank: it then follows the name."""
        greet_as = squash_spaces(self.cleaned_data.get("greet_as") or "")
        name = squash_spaces(self.cleaned_data.get("name") or "")
        return "" if greet_as == names.suggested_greeting(name) else greet_as

    @property
    def more_open(self) -> bool:
        """Email and postal address start folded; open if either has a value or an error."""
        return any(self[name].errors or self[name].value() for name in ("email", "postal_address"))


# The most interviewers one save adds: a large panel. Django would build up to 1,000 forms
# past it before refusing.
MAX_NEW_INTERVIEWERS = 12


class BaseNewInterviewerFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": "Add at most %(num)d interviewers at a time. Nothing was saved: "
        "save these, then add the rest."
    }

    def clean(self):
        super().clean()
        for form in self.forms:
            named = (form.cleaned_data or {}).get("name", "").strip()
            if form.has_changed() and not named and "name" not in form.errors:
                form.add_error("name", "Give the interviewer's name, or clear this row.")

    def new_interviewers(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.has_changed()]


# formset_factory makes a subclass of ours; its stub only promises the base class.
NewInterviewerFormSet = cast(
    type[BaseNewInterviewerFormSet],
    forms.formset_factory(
        NewInterviewerForm,
        formset=BaseNewInterviewerFormSet,
        extra=1,
        max_num=MAX_NEW_INTERVIEWERS,
        absolute_max=MAX_NEW_INTERVIEWERS,
        validate_max=True,
    ),
)


class OutcomeForm(forms.ModelForm):
    """The application's outcome, recorded once for all its rounds. On a round's page it
    also offers "Cancelled", which is said of that round alone."""

    class Meta:
        model = Application
        fields = ("outcome", "decision_date")
        widgets = {"decision_date": DateInput()}

    def __init__(self, *args, for_round: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_round = for_round
        if for_round:
            outcome = cast(forms.ChoiceField, self.fields["outcome"])
            outcome.choices = Outcome.choices

    def _get_validation_exclusions(self):
        # ModelForm's hook, which the stubs do not declare.
        excluded = super()._get_validation_exclusions()  # type: ignore[misc]
        if self.for_round:
            excluded.add("outcome")  # "cancelled" goes to the round, never the application
        return excluded

    def outcome_options(self) -> list[tuple[str, str, bool]]:
        """(value, label, selected) per choice, for ``interviews/_outcome_fields.html``."""
        chosen = str(self["outcome"].value() or "")
        field = cast(forms.ChoiceField, self.fields["outcome"])
        choices = cast(list[tuple[str, str]], field.choices)
        return [(str(value), str(label), str(value) == chosen) for value, label in choices]

    def decision_date_text(self) -> str:
        """The date as the date input shows it (what was typed, if it was refused)."""
        bound = self["decision_date"]
        return str(bound.field.widget.format_value(bound.value()) or "")


class MergeForm(forms.Form):
    """Which other application of the same person to merge into this one."""

    other = forms.ModelChoiceField(
        label="Merge with",
        queryset=Application.objects.none(),
        empty_label="Pick an application",
        error_messages={"invalid_choice": "Pick one of your applications."},
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        other = cast(forms.ModelChoiceField, self.fields["other"])
        # Every other application of the person: one at another company is refused with a
        # message saying why, rather than hidden without explanation.
        other.queryset = (
            Application.objects.for_user(application.owner)
            .exclude(pk=application.pk)
            .select_related("company")
            .by_recency()
        )
        other.label_from_instance = lambda app: (  # type: ignore[method-assign,assignment]
            f"{app.role} at {app.company.name}"
            + (f" ({app.latest_round_at:%b %Y})" if app.latest_round_at else "")
        )


class SplitForm(forms.Form):
    """Which rounds of an application belong to another one."""

    rounds = forms.ModelMultipleChoiceField(
        label="Rounds that belong to another application",
        queryset=Interview.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pick the rounds that belong to another application."},
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = cast(forms.ModelMultipleChoiceField, self.fields["rounds"])
        rounds.queryset = application.rounds.order_by("starts_at")
        zone = application.owner.zone
        rounds.label_from_instance = lambda r: (  # type: ignore[method-assign,assignment]
            f"{r.round or r.role} — {timezone.localtime(r.starts_at, zone):%d %b %Y}"
        )


class CompanyFilterForm(forms.Form):
    """A list page's filter by one of the person's companies ("Any company" by default),
    its value the company's id."""

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what an option shows, as (id, name) pairs: a long company list is the cost
        # of these pages, and a model instance per option cost more than drawing it.
        company = company_filter_field(
            owner,
            # The words ModelChoiceField used, which the page showed before.
            error_messages={
                "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
            },
        )
        self.fields = {"company": company, **self.fields}


class InterviewFilterForm(CompanyFilterForm):
    q = forms.CharField(label="Search", required=False, max_length=100)
    outcome = forms.ChoiceField(
        choices=[("", "Any outcome"), *Interview.Outcome.choices],
        required=False,
        widget=PlainSelect(attrs={"class": "form-select"}),
    )

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
            queryset = queryset.filter(outcome_q(data["outcome"]))
        if data.get("company"):
            queryset = queryset.filter(company=data["company"])
        return queryset


class CompanyIdField(forms.ChoiceField):
    """One of the person's companies, as its id, from (id, name) pairs read once: the same
    options, the same "not one of yours" error as a ``ModelChoiceField`` on their
    companies, without a model instance per option or a second query to check the one
    chosen (the options' query already says whether it is theirs)."""

    def __init__(self, *, companies, empty_label: str, **kwargs):
        """``companies``: a query of (id, name) pairs, read once, when the options are drawn
        or a company is checked (a download that only filters by it reads none)."""
        super().__init__(**kwargs)
        self.companies = companies
        # Only drawn (validate() asks ``ids``), so handed to the widget: the field's own
        # choices would normalise every pair twice.
        self.widget.choices = lambda: [("", empty_label), *self.pairs]

    @cached_property
    def pairs(self) -> list[tuple[int, str]]:
        return list(self.companies)

    @cached_property
    def ids(self) -> set[int]:
        return {pk for pk, _ in self.pairs}

    def to_python(self, value) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return int(value)  # as the primary key's own lookup reads it
        except (TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None

    def validate(self, value) -> None:
        # Not ChoiceField's: it lets a falsy value (id 0) through unchecked.
        if value is not None and value not in self.ids:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


def company_filter_field(owner, **kwargs) -> CompanyIdField:
    """A list page's filter by one of the person's companies, "Any company" by default."""
    return CompanyIdField(
        companies=Company.objects.for_user(owner).values_list("pk", "name"),
        empty_label="Any company",
        required=False,
        widget=PlainSelect(attrs={"class": "form-select"}),
        **kwargs,
    )


class PeopleFilterForm(forms.Form):
    """The people page's company filter and order. Bad values (another person's company id,
    an unknown order) are ignored with a message rather than an error page."""

    SORTS = [("last_contact", "Last contact, latest first"), ("name", "Name")]

    sort = forms.ChoiceField(
        label="Sort by",
        choices=SORTS,
        required=False,
        widget=PlainSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"company": company_filter_field(owner), **self.fields}

    def chosen(self) -> tuple[int | None, bool]:
        """(the company id to keep to or None, by name?): whatever is valid is applied."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data  # the fields that were valid
        return data.get("company"), data.get("sort") == "name"

    def filter(self, queryset):
        """The people shown, in the order asked for; whatever is valid is applied."""
        company_id, by_name = self.chosen()
        if company_id:
            queryset = queryset.filter(company_id=company_id)
        if by_name:
            return queryset.order_by(Lower("name"), "pk")
        return queryset.order_by(F("last_contact").desc(nulls_last=True), Lower("name"), "pk")


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
        cast(forms.ModelChoiceField, self.fields["company"]).queryset = Company.objects.for_user(
            owner
        )
        self.helper = FormHelper()
        # A postal address and notes are long: leaving unsaved asks first (static/js/app.js).
        self.helper.attrs = {"data-keep-edits": ""}
        self.helper.layout = Layout(
            *self.Meta.fields,
            FormActions(
                Submit("submit", "Save contact"),
                HTML(
                    format_html(
                        '<a class="btn btn-link" href="{}">Cancel</a>',
                        # A person not saved yet (added through the API) has no page.
                        self.instance.get_absolute_url()
                        if self.instance.pk
                        else reverse("interviews:people"),
                    )
                ),
            ),
        )

    def clean_greet_as(self):
        """Blank, or left as suggested, is stored as blank: it then follows the name."""
        if "greet_as" not in self.changed_data:
            return self.instance.greet_as
        greet_as = squash_spaces(self.cleaned_data["greet_as"])
        name = self.cleaned_data.get("name") or self.instance.name
        return "" if greet_as == names.suggested_greeting(name) else greet_as


# Examples of hooks written the way one would say them to that interviewer: such a hook
# goes into their note as it is.
HOOK_PLACEHOLDERS = (
    "e.g. you're moving from nightly batches to streaming",
    "e.g. your question about how I handle on-call",
    "e.g. your Kafka walkthrough",
)


class ListeningHooksForm(forms.Form):
    """Up to three short things one interviewer said, asked or cared about, each for the
    note or just for the person."""

    def __init__(self, *args, contact: Contact, **kwargs):
        kwargs.setdefault("prefix", f"hooks-{contact.pk}")
        super().__init__(*args, **kwargs)
        self.contact = contact
        for number, placeholder in enumerate(HOOK_PLACEHOLDERS, start=1):
            self.fields[f"hook_{number}"] = forms.CharField(
                label=f"{contact.name}: {number}",
                required=False,
                max_length=ListeningHook.MAX_CHARS,
                validators=[ONE_LINE],
                widget=forms.TextInput(attrs={"placeholder": placeholder}),
            )
            self.fields[f"placement_{number}"] = forms.ChoiceField(
                label=f"Where line {number} about {contact.name} goes",
                required=False,
                choices=ListeningHook.Placement.choices,
            )

    @classmethod
    def for_people(cls, people, hooks, data=None) -> list["ListeningHooksForm"]:
        """One form per interviewer, filled from their saved hooks."""
        said: dict[int, list[ListeningHook]] = {}
        for hook in hooks:
            said.setdefault(hook.contact_id, []).append(hook)
        forms_ = []
        for person in people:
            initial = {}
            for n, hook in enumerate(said.get(person.pk, []), 1):
                initial[f"hook_{n}"] = hook.text
                initial[f"placement_{n}"] = hook.placement
            forms_.append(cls(data, contact=person, initial=initial))
        return forms_

    @classmethod
    def for_interview(cls, interview, data=None) -> list["ListeningHooksForm"]:
        """One form per interviewer of ``interview`` (none without interviewers)."""
        people = interview.interviewers.all()
        if not people:  # nobody to ask about (prefetched, so this costs no query)
            return []
        hooks = ListeningHook.objects.filter(interview=interview).order_by("contact", "position")
        return cls.for_people(people, hooks, data)

    def lines(self):
        """(text field, placement field) for each line, for the template."""
        return [
            (self[f"hook_{n}"], self[f"placement_{n}"])
            for n in range(1, len(HOOK_PLACEHOLDERS) + 1)
        ]

    def placements(self) -> list[str]:
        return [
            self.cleaned_data[f"placement_{n}"] or ListeningHook.Placement.AUTO
            for n in range(1, len(HOOK_PLACEHOLDERS) + 1)
        ]

    def texts(self) -> list[str]:
        return [self.cleaned_data[f"hook_{n}"] for n in range(1, len(HOOK_PLACEHOLDERS) + 1)]
