from django import forms

from common.forms import fragment_helper
from imports.sheets import FIELDS

# An export of a long search, a tracker's CSV of 50,000 rows: well under this.
IMPORT_MAX_BYTES = 20 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Your file",
        help_text=(
            "An Afterview export (.json), a spreadsheet (.csv, .xlsx, .txt), or a tracker's "
            "export: LinkedIn (the .zip or Job Applications.csv), Huntr, Teal, JobSync, "
            "Simplify. At most 20 MB."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fragment_helper()  # the page's own <form> has the enctype

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                "This file is larger than 20 MB; split it into smaller files."
            )
        return upload


class RowFixForm(forms.Form):
    company = forms.CharField(required=False, max_length=200)
    role = forms.CharField(required=False, max_length=200)
    applied_on = forms.CharField(required=False, max_length=40, label="Date applied")
    status = forms.CharField(required=False, max_length=80)
    posting_url = forms.CharField(required=False, max_length=500, label="Posting link")


def mapping_form(headers: list[str], mapping: dict[str, str]) -> forms.Form:
    choices = [(key, label) for key, label in FIELDS.items()]
    form = forms.Form()
    for index, header in enumerate(headers[:60]):
        form.fields[f"col_{index}"] = forms.ChoiceField(
            label=header or f"Column {index + 1}",
            choices=choices,
            required=False,
            initial=mapping.get(str(index), ""),
        )
    return form
