from datetime import timedelta

from django import forms
from django.utils import timezone

from interviews.models import DATE_VALIDATORS
from notes.models import ThankYouNote


class NoteForm(forms.ModelForm):
    class Meta:
        model = ThankYouNote
        fields = ["salutation", "body", "closing", "signature", "card_format", "typeface"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 14, "data-note-body": ""}),
        }
        labels = {"body": "Your note", "card_format": "Card"}
        help_texts = {
            "body": "Write freely. Separate paragraphs with a blank line.",
            "signature": "How you sign it.",
        }

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(line.rstrip() for line in body.split("\n")).strip()


class NoteSentForm(forms.Form):
    # Part of the note's form (the HTML ``form`` attribute): marking it sent saves the text.
    sent_on = forms.DateField(
        label="Sent on",
        widget=forms.DateInput(attrs={"type": "date", "form": "note-form"}),
        required=True,
        validators=DATE_VALIDATORS,
    )
    sent_how = forms.ChoiceField(
        label="How",
        choices=[("", "—"), *ThankYouNote.SentHow.choices],
        widget=forms.Select(attrs={"form": "note-form"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate(timezone=user.zone) if user else timezone.localdate()
        self.initial.setdefault("sent_on", self.today)

    def clean_sent_on(self):
        value = self.cleaned_data["sent_on"]
        if value > self.today + timedelta(days=1):
            raise forms.ValidationError("That date is in the future; pick the day you sent it.")
        return value
