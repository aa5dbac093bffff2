"""Forms of the inbox page: handing a message in, and correcting a suggestion."""

from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings

from accounts.models import time_zone_names
from common.forms import fragment_helper
from common.text import squash_spaces
from interviews.forms import DateTimeLocalInput
from interviews.invite_forms import NewInterviewFieldsForm, clean_company_name, company_name_field
from interviews.models import STARTS_AT_VALIDATORS, Application, Interview


def _limit_text() -> str:
    return f"{settings.INBOX_MAX_MESSAGE_BYTES // (1024 * 1024)} MB"


# Outlook's .msg is an OLE compound file, not an email: it starts with this signature.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OUTLOOK_MSG_REFUSED = (
    "This is an Outlook .msg file, which cannot be read here. Forward the email to your "
    "inbox address instead, or save it as .eml: in Outlook on the web or the new Outlook, "
    "⋯ → Save as (or Download); in Outlook for Mac, drag the email to your desktop. Or "
    "paste its source (⋯ → View → View message source)."
)


class MessageUploadForm(forms.Form):
    """A saved email (.eml), or its source pasted. What is read is the bytes, never HTML."""

    file = forms.FileField(
        label="Saved email (.eml)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".eml,message/rfc822"}),
        help_text="In Gmail: ⋮ → Download message. In Outlook on the web: ⋯ → Save as (not "
        "Outlook's .msg: forward those instead). In Apple Mail: File → Save As… (Raw Message "
        "Source).",
    )
    source = forms.CharField(
        label="…or paste the message source",
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 5, "spellcheck": "false", "placeholder": "From: …\nSubject: …"}
        ),
        help_text="Gmail: ⋮ → Show original → Copy to clipboard. Outlook: ⋯ → View → "
        "View message source. Apple Mail: View → Message → Raw Source.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fragment_helper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        source = data.get("source") or ""
        limit = settings.INBOX_MAX_MESSAGE_BYTES
        if upload:
            if upload.size > limit:
                raise forms.ValidationError(f"This file is larger than {_limit_text()}.")
            raw = upload.read(limit + 1)
            # No library we may ship reads .msg well (extract-msg is GPL), so it is refused
            # with what to do instead, rather than read as an email full of binary.
            if raw.startswith(OLE_SIGNATURE) or (upload.name or "").lower().endswith(".msg"):
                raise forms.ValidationError(OUTLOOK_MSG_REFUSED)
            data["raw"] = raw
            data["via"] = "upload"
        elif source.strip():
            raw = source.encode("utf-8", errors="surrogatepass")
            if len(raw) > limit:
                raise forms.ValidationError(f"This text is longer than {_limit_text()}.")
            data["raw"] = raw.lstrip()
            data["via"] = "paste"
        elif not self.errors:
            raise forms.ValidationError("Choose a saved email, or paste its source.")
        return data


class InterviewFromMessageForm(NewInterviewFieldsForm):
    """A new interview, prefilled from what the message said."""

    field_order = ["company"]
    company = company_name_field()
    people = forms.CharField(
        label="Interviewers",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: a name, and their email in <angle brackets> if you know it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fragment_helper()

    def clean_company(self):
        return clean_company_name(self.cleaned_data["company"])

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        zone = ZoneInfo(data["time_zone"])
        data["starts_at"] = data["starts_at"].replace(tzinfo=zone).isoformat()
        people = []
        for line in (data.pop("people") or "").splitlines():
            name, _, rest = line.partition("<")
            email = rest.partition(">")[0].strip().lower()
            if squash_spaces(name) or email:
                people.append({"name": squash_spaces(name) or email, "email": email})
        data["people"] = people[:12]
        data["kind"] = "invite"
        return data


def _application_label(application: Application) -> str:
    return (
        f"{application.role} at {application.company.name} ({application.get_outcome_display()})"
    )


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.role} at {obj.company.name} ({obj.get_outcome_display()})"


class OutcomeFromMessageForm(forms.Form):
    """The application the message is about, and what it says happened."""

    OUTCOMES = [
        ("rejection", "Rejected"),
        ("offer", "Offer"),
        ("next_round", "Next round"),
    ]
    application = ApplicationChoiceField(queryset=Application.objects.none())
    kind = forms.ChoiceField(label="What happened", choices=OUTCOMES)
    keep_in_touch = forms.TypedMultipleChoiceField(
        label="Plan a keep-in-touch note in 3 months to",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, owner, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["application"])
        field.queryset = Application.objects.for_user(owner).select_related("company").by_recency()
        keep = cast(forms.TypedMultipleChoiceField, self.fields["keep_in_touch"])
        keep.choices = [(c["pk"], c["name"]) for c in candidates]
        self.helper = fragment_helper()

    def changes(self) -> dict:
        return {
            "kind": self.cleaned_data["kind"],
            "application_pk": self.cleaned_data["application"].pk,
            "keep_in_touch": self.cleaned_data.get("keep_in_touch") or [],
        }


class MoveFromMessageForm(forms.Form):
    """The interview the message moves or cancels."""

    interview = forms.ModelChoiceField(queryset=Interview.objects.none())
    kind = forms.ChoiceField(
        label="What happened", choices=[("reschedule", "Moved"), ("cancel", "Cancelled")]
    )
    starts_at = forms.DateTimeField(
        label="New date and time",
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
        validators=STARTS_AT_VALIDATORS,
    )
    time_zone = forms.ChoiceField(label="Time zone")

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["interview"])
        field.queryset = Interview.objects.for_user(owner).select_related("company")
        zones = cast(forms.ChoiceField, self.fields["time_zone"])
        zones.choices = [(name, name) for name in time_zone_names()]
        self.helper = fragment_helper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "reschedule" and not data.get("starts_at"):
            self.add_error("starts_at", "When is it now?")
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        changes = {"kind": data["kind"], "interview_pk": data["interview"].pk}
        if data.get("starts_at"):
            zone = ZoneInfo(data["time_zone"])
            changes["starts_at"] = data["starts_at"].replace(tzinfo=zone).isoformat()
            changes["time_zone"] = data["time_zone"]
        return changes


class InboxSettingsForm(forms.Form):
    auto_apply_invite_updates = forms.BooleanField(
        required=False,
        label="Apply updates to invites I already imported by themselves",
    )
