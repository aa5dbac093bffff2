"""Form pieces several apps share: the crispy helper for forms inside a page's own
``<form>``, and the labels of a 1–5 rating."""

import html

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
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


def _escaped(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper, which cost more than the
    escaping itself: a formset's story selects escape thousands of values per page. The
    same result: markup that is already safe stays as it is, anything else goes through
    ``html.escape`` as Django's ``escape`` does."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class PlainSelect(forms.Select):
    """A ``<select>`` with Django's markup, drawn in Python instead of one template include
    per option, and without building an option dictionary per choice: a filter listing
    every company a person met renders hundreds of them."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        has_selected = False

        def option(option_value, label) -> str:
            # As Django's optgroups(): the first option with a chosen value is selected.
            nonlocal has_selected
            selected = not has_selected and str(option_value) in chosen
            has_selected |= selected
            return (
                f'\n  <option value="{_escaped(option_value)}"'
                f"{' selected' if selected else ''}>{_escaped(label)}</option>\n"
            )

        groups = []
        for option_value, label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(label, list | tuple):
                rows = "".join(option(v, sub_label) for v, sub_label in label)
                group = _escaped(option_value)
                groups.append(f'\n  <optgroup label="{group}">{rows}\n  </optgroup>')
            else:
                groups.append(option(option_value, label))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(groups)),  # every value and label escaped above
        )


class PlainInputMixin:
    """An ``<input>`` with Django's markup, drawn in Python instead of through the form
    renderer's templates (three per input): a formset draws dozens of them."""

    input_type: str

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)  # type: ignore[attr-defined]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            format_html(' value="{}"', value) if value is not None else "",
            flatatt(self.build_attrs(self.attrs, attrs)),  # type: ignore[attr-defined]
        )


class PlainTextInput(PlainInputMixin, forms.TextInput):
    pass


class PlainTextarea(forms.Textarea):
    """A ``<textarea>`` with Django's markup, drawn in Python instead of through the form
    renderer's templates: a self-review holds eight of them."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            value or "",
        )


class PlainHiddenInput(PlainInputMixin, forms.HiddenInput):
    pass
