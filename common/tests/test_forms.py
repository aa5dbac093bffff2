from django import forms
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from common.forms import PlainSelect, PlainTextarea

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
