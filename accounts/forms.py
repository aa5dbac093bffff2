from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms

from accounts.models import (
    DEFAULT_LOCALE,
    PERSONAL_FIELDS,
    REMINDER_PREFERENCE_FIELDS,
    User,
    locale_choices,
    time_zone_names,
)


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in time_zone_names()]


class LocaleDefaultMixin(forms.ModelForm):
    """A form sent without a locale (an old page, a script) keeps the one the person has,
    or the default: never an error about a field they were not shown."""

    def clean_locale(self):
        chosen = self.cleaned_data.get("locale")
        return chosen or (self.instance.locale if self.instance.pk else DEFAULT_LOCALE)


class SignUpForm(forms.Form):
    """What allauth's sign-up page asks beside the email and password
    (``ACCOUNT_SIGNUP_FORM_CLASS``): the name, and the zone and locale the browser fills in.

    The account is made at once, but nobody can log in to it until the address is proved
    by the code emailed to it, typed in the browser that signed up."""

    full_name = forms.CharField(
        max_length=User._meta.get_field("full_name").max_length,
        required=False,
        validators=User._meta.get_field("full_name").validators,
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="UTC",
        help_text="We set this from your browser; change it if it is wrong.",
    )
    locale = forms.ChoiceField(
        label="Language and country",
        choices=locale_choices,
        initial=DEFAULT_LOCALE,
        required=False,
        help_text="Dates on your cards follow it. We set it from your browser.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].label = "Full name"
        self.fields["time_zone"].widget.attrs["data-browser-time-zone"] = "1"
        self.fields["locale"].widget.attrs["data-browser-locale"] = "1"

    def clean_locale(self):
        return self.cleaned_data.get("locale") or DEFAULT_LOCALE

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data.get("full_name", "")
        user.time_zone = self.cleaned_data["time_zone"]
        user.locale = self.cleaned_data["locale"]
        user.save(update_fields=["full_name", "time_zone", "locale"])


class ProfileForm(LocaleDefaultMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(choices=time_zone_choices)
    locale = forms.ChoiceField(
        label="Language and country", choices=locale_choices, required=False
    )

    class Meta:
        model = User
        fields = PERSONAL_FIELDS + REMINDER_PREFERENCE_FIELDS
        widgets = {"return_address": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "remind_keep_in_touch": (
                "The notes you plan on an application after a “no” come due as emails."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("You", *PERSONAL_FIELDS),
            Fieldset("Reminders", *REMINDER_PREFERENCE_FIELDS),
        )
        # The signature and return address are long texts: leaving unsaved asks first.
        self.helper.attrs = {"data-keep-edits": ""}
        self.helper.add_input(Submit("submit", "Save settings"))
