"""Forms of the invite import: the upload, and the preview the person corrects."""

import base64
import binascii
from typing import Any, cast
from zoneinfo import ZoneInfo

from crispy_forms.layout import Div, Fieldset
from django import forms

from accounts.models import time_zone_names
from common.forms import fragment_helper
from common.text import squash_spaces
from interviews.forms import DateTimeLocalInput
from interviews.invites import INVITE_MAX_BYTES, InviteError
from interviews.models import (
    OUT_OF_RANGE,
    STARTS_AT_VALIDATORS,
    Interview,
    local_date_in_range,
)


def pack_invite(text: str) -> str:
    """The invite's text for a hidden field: base64 keeps its line breaks intact."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def unpack_invite(value: str) -> bytes:
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise InviteError("The invite was lost on the way; please import it again.") from None


class InviteUploadForm(forms.Form):
    file = forms.FileField(
        label="Invite file (.ics)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )
    text = forms.CharField(
        label="…or paste the invite's text",
        required=False,
        max_length=INVITE_MAX_BYTES,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": "BEGIN:VCALENDAR …", "spellcheck": "false"}
        ),
        help_text="In Outlook or Google Calendar, open the invite and download or save the "
        ".ics file; or open that file in a text editor and copy all of it.",
        error_messages={
            "max_length": f"This text is longer than {INVITE_MAX_BYTES // 1024} KB; an invite "
            "is much smaller."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fragment_helper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        text = data.get("text") or ""
        if upload:
            if upload.size > INVITE_MAX_BYTES:
                raise forms.ValidationError(
                    f"This file is larger than {INVITE_MAX_BYTES // 1024} KB; an invite is much "
                    "smaller."
                )
            data["invite"] = upload.read(INVITE_MAX_BYTES + 1)
        elif text.strip():
            data["invite"] = text
        elif not self.errors:
            raise forms.ValidationError("Choose an .ics file, or paste the invite's text.")
        return data


COMPANY_REQUIRED = "Which company is the interview with?"


def company_name_field(**kwargs) -> forms.CharField:
    """The company box of a new interview: offers the person's companies as they type."""
    return forms.CharField(
        max_length=200,
        widget=forms.TextInput(attrs={"list": "company-names", "autocomplete": "off"}),
        error_messages={"required": COMPANY_REQUIRED},
        **kwargs,
    )


def clean_company_name(value: str) -> str:
    name = squash_spaces(value)
    if not name:
        raise forms.ValidationError(COMPANY_REQUIRED)
    return name


class NewInterviewFieldsForm(forms.Form):
    """When and how a new interview takes place, as read from an invite or an email, for the
    person to correct: shared by the invite preview and the inbox."""

    role = forms.CharField(max_length=200)
    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
        validators=STARTS_AT_VALIDATORS,
    )
    time_zone = forms.ChoiceField(label="Time zone")
    duration_minutes = forms.IntegerField(label="Duration (minutes)", min_value=5, max_value=720)
    format = forms.ChoiceField(choices=Interview.Format.choices)
    location = forms.CharField(max_length=300, required=False)
    round = forms.CharField(max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zones = cast(forms.ChoiceField, self.fields["time_zone"])
        zones.choices = [(name, name) for name in time_zone_names()]


class InvitePreviewForm(NewInterviewFieldsForm):
    """What the invite said, for the person to correct before it becomes an interview."""

    field_order = ["invite", "company_name"]
    invite = forms.CharField(widget=forms.HiddenInput, max_length=INVITE_MAX_BYTES * 2)
    company_name = company_name_field(label="Company")
    location = forms.CharField(
        max_length=300,
        required=False,
        help_text="An address, or the video link or phone number.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fragment_helper(
            "invite",
            Fieldset(
                "The interview",
                Div(
                    Div("company_name", css_class="col-md-6"),
                    Div("role", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("starts_at", css_class="col-md-4"),
                    Div("time_zone", css_class="col-md-4"),
                    Div("duration_minutes", css_class="col-md-4"),
                    css_class="row",
                ),
                Div(
                    Div("format", css_class="col-md-4"),
                    Div("location", css_class="col-md-8"),
                    css_class="row",
                ),
                "round",
            ),
        )

    def clean_company_name(self):
        return clean_company_name(self.cleaned_data["company_name"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at, zone = data.get("starts_at"), data.get("time_zone")
        if starts_at and zone:
            # The wall time the person sees, in the zone they see beside it.
            data["starts_at"] = starts_at.replace(tzinfo=ZoneInfo(zone))
            if not local_date_in_range(data["starts_at"]):
                self.add_error("starts_at", OUT_OF_RANGE)
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("invite", "time_zone"):
            data.pop(name, None)
        return data


class InvitePersonForm(forms.Form):
    include = forms.BooleanField(label="Interviewer", required=False)
    name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)
    title = forms.CharField(label="Job title", max_length=150, required=False)


class BaseInvitePeopleFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": "An invite brings at most %(num)d people. Nothing was saved: "
        "import the invite again."
    }

    def clean(self):
        super().clean()
        for form in self.forms:
            data = form.cleaned_data or {}
            if data.get("include") and not data.get("name", "").strip():
                form.add_error("name", "Give the interviewer's name, or untick them.")

    def people(self) -> list[dict]:
        """The ticked rows, as Contact fields."""
        return [
            {
                "name": squash_spaces(form.cleaned_data["name"]),
                "email": form.cleaned_data.get("email", "").lower(),
                "title": form.cleaned_data.get("title", ""),
            }
            for form in self.forms
            if form.cleaned_data.get("include") and form.cleaned_data.get("name", "").strip()
        ]


# formset_factory makes a subclass of ours; its stub only promises the base class.
InvitePeopleFormSet = cast(
    type[BaseInvitePeopleFormSet],
    forms.formset_factory(
        InvitePersonForm,
        formset=BaseInvitePeopleFormSet,
        extra=1,
        max_num=12,
        validate_max=True,
        absolute_max=12,
    ),
)
