from django import forms

from common.forms import PlainSelect

CHOICES = [
    ("", "Any company"),
    ("1", "Smith & Sons"),
    ("2", "<script>alert(1)</script>"),
    ("Group", [("3", "A"), ("4", "B")]),
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
