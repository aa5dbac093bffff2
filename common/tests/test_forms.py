import pytest
from django import forms
from django.forms.utils import flatatt
from django.template import Context, Template
from django.test.html import parse_html
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.components import form_field, management_form
from common.forms import (
    FixedTypedChoiceField,
    PlainCheckboxInput,
    PlainSelect,
    PlainTextarea,
    PlainTextInput,
)

CHOICES = [
    ("", "Any company"),
    ("1", "Smith & Sons"),
    ("2", "<script>alert(1)</script>"),
    ("Group", [("3", "A"), ("4", "B")]),
    ("5", mark_safe("<b>Safe</b> as written")),
]


def test_plain_select_draws_what_djangos_select_draws():
    for value in ("", "1", "4", "missing"):
        attrs = {"id": "id_company"}
        ours = PlainSelect(attrs={"class": "form-select"}, choices=CHOICES)
        django = forms.Select(attrs={"class": "form-select"}, choices=CHOICES)
        assert ours.render("company", value, attrs) == django.render("company", value, attrs)


def test_plain_select_escapes_labels():
    html = PlainSelect(choices=CHOICES).render("company", "")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_plain_textarea_draws_what_djangos_textarea_draws():
    for value in (None, "", "Two\nlines & <b>tags</b>", 'A "quote"'):
        attrs = {"id": "id_notes", "aria-describedby": "id_notes_helptext"}
        ours = PlainTextarea(attrs={"rows": 3}).render("notes", value, attrs)
        django = forms.Textarea(attrs={"rows": 3}).render("notes", value, attrs)
        # The same element, attributes and text (flatatt writes attributes in another order).
        assert parse_html(ours) == parse_html(django)
        assert ours.split(">", 1)[1] == django.split(">", 1)[1]


def test_plain_checkbox_draws_what_djangos_checkbox_draws():
    for value in (None, False, True, "on", 'a "quote" & <b>'):
        attrs = {"class": "checkboxinput form-check-input", "aria-invalid": "true", "id": "x"}
        ours = PlainCheckboxInput(attrs={"data-x": "<y>"}).render("remove", value, attrs)
        django = forms.CheckboxInput(attrs={"data-x": "<y>"}).render("remove", value, attrs)
        assert ours == django


def test_plain_inputs_draw_what_flatatt_writes():
    for value in (None, "", "Smith & Sons", '<script>"x"</script>', 7):
        attrs = {"class": "textinput form-control", "required": True, "disabled": False}
        ours = PlainTextInput(attrs={"placeholder": "A <b>"}).render("q", value, attrs)
        flat = flatatt({"placeholder": "A <b>", **attrs})
        shown = "" if value in (None, "") else format_html(' value="{}"', value)
        assert ours == f'<input type="text" name="q"{shown}{flat}>'


class Rows(forms.Form):
    """Django's own widgets, which crispy names as form_field does the Plain ones."""

    text = forms.CharField(label="Question <asked>", help_text="Say <b>it</b>.", max_length=9)
    comfort = forms.ChoiceField(choices=[("", "—"), ("1", "1 & 2")])
    done = forms.BooleanField(required=False)
    key = forms.CharField(required=False, widget=forms.HiddenInput)


@pytest.mark.parametrize("data", [None, {"text": "far too long <here>", "comfort": "9"}])
def test_form_field_writes_what_crispy_writes(data):
    form = Rows(data, initial={"key": 'k"1'})
    crispy = Template("{% load crispy_forms_filters %}{{ field|as_crispy_field }}")
    for name in ("text", "comfort", "done", "key"):
        ours = form_field(form[name])
        assert parse_html(ours) == parse_html(crispy.render(Context({"field": form[name]})))


def test_management_form_is_djangos():
    formset = forms.formset_factory(Rows, extra=2)(prefix="rows")
    assert management_form(formset) == str(formset.management_form)
    bound = forms.formset_factory(Rows)({"rows-TOTAL_FORMS": "x"}, prefix="rows")
    assert management_form(bound) == str(bound.management_form)


def test_fixed_choices_are_shared_by_copies_until_one_replaces_them():
    class Rating(forms.Form):
        rating = FixedTypedChoiceField(
            choices=[("", "—"), (1, "1")], coerce=int, widget=PlainSelect
        )

    first, second = Rating(), Rating()
    first.fields["rating"].choices = [("", "none")]

    assert second.fields["rating"].choices == [("", "—"), (1, "1")]
    assert "none" in str(first["rating"]) and "none" not in str(second["rating"])
    assert Rating({"rating": "1"}).is_valid() and not Rating({"rating": "7"}).is_valid()
