from datetime import timedelta

from django import forms
from django.utils import timezone

from api.models import TOKEN_NAME_MAX_CHARS, PersonalToken

EXPIRY_CHOICES = [
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("365", "In a year"),
    ("", "Never"),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What it is for",
        max_length=TOKEN_NAME_MAX_CHARS,
        help_text="e.g. “Browser extension” or “Assistant on my laptop”.",
    )
    scope = forms.ChoiceField(
        choices=PersonalToken.Scope.choices,
        initial=PersonalToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    expires_in_days = forms.ChoiceField(
        label="Expires", choices=EXPIRY_CHOICES, initial="90", required=False
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the token a name you will recognise.")
        return name

    def expires_at(self):
        days = self.cleaned_data.get("expires_in_days")
        return timezone.now() + timedelta(days=int(days)) if days else None
