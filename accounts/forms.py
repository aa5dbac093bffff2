import logging

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from accounts.models import (
    DEFAULT_LOCALE,
    PERSONAL_FIELDS,
    REMINDER_PREFERENCE_FIELDS,
    User,
    locale_choices,
    time_zone_names,
)
from accounts.security import password_confirmed
from common.emails import make_message

log = logging.getLogger(__name__)


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in time_zone_names()]


class LocaleDefaultMixin(forms.ModelForm):
    """A form sent without a locale (an old page, a script) keeps the one the person has,
    or the default: never an error about a field they were not shown."""

    def clean_locale(self):
        chosen = self.cleaned_data.get("locale")
        return chosen or (self.instance.locale if self.instance.pk else DEFAULT_LOCALE)


class SignUpForm(LocaleDefaultMixin, UserCreationForm):
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

    class Meta:
        model = User
        fields = ("email", "full_name", "time_zone", "locale")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autofocus=True, autocomplete="email")
        self.fields["time_zone"].widget.attrs["data-browser-time-zone"] = "1"
        self.fields["locale"].widget.attrs["data-browser-locale"] = "1"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Create account"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self):
        # Whether an address already has an account is told only to its inbox
        # (accounts.services.user_sign_up), never on this page.
        pass


class SignUpConfirmForm(forms.Form):
    password = forms.CharField(
        label="The password you chose",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Finish and log in"))


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's default says both fields "may be case-sensitive"; the email is not.
        "invalid_login": (
            "That email and password do not match an account. Check the password "
            "(it is case-sensitive) or reset it below."
        ),
    }
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Log in"))


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


class ConfirmPasswordForm(forms.Form):
    """The person's password, typed again before something a stolen session must not do
    (``accounts.security.password_confirmed``: counted like a log-in)."""

    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Type your password to confirm it is you.",
    )
    submit_label = "Confirm"
    submit_class = "btn-primary"

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label, css_class=self.submit_class))

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_confirmed(self.request, password):
            raise forms.ValidationError("That is not your password.")
        return password


class DeleteAccountForm(ConfirmPasswordForm):
    submit_label = "Delete my account"
    submit_class = "btn-danger"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = "Type your password to confirm. This cannot be undone."


class ExportForm(ConfirmPasswordForm):
    submit_label = "Download my data"


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, its email built by the one helper every email of ours uses
    (``templates/emails/password_reset/``)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        message = make_message("password_reset", to=to_email, context=context)
        try:
            message.send()
        except Exception:  # as Django does: the page says "check your email" either way
            log.exception("Failed to send password reset email to %s", context["user"].pk)
