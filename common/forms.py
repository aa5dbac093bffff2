"""Form pieces several apps share: the crispy helper for forms inside a page's own
``<form>``, and the labels of a 1–5 rating."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def fragment_helper(*layout) -> FormHelper:
    """Crispy settings for a form drawn inside the page's own ``<form>``: the template
    writes the one form tag and CSRF token that its forms and formsets share."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


# A 1–5 rating (excitement, wanting to work there, rapport…), with an empty first choice.
RATING_CHOICES = [
    ("", "—"),
    (1, "1 · not at all"),
    (2, "2"),
    (3, "3 · somewhat"),
    (4, "4"),
    (5, "5 · very much"),
]


class PlainSelect(forms.Select):
    """A ``<select>`` with Django's markup, drawn in Python instead of one template include
    per option: a filter listing every company a person met renders hundreds of them."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rows = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>\n',
                ((o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
            )
            if group_name:
                rows = format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rows)
            groups.append(rows)
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(groups)),  # each piece escaped by format_html above
        )
