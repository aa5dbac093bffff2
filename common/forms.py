"""Form pieces several apps share: the crispy helper for forms inside a page's own
``<form>``, and the labels of a 1–5 rating."""

import copy
import html

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils import translation
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


def escaped(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper, which cost more than the
    escaping itself: a formset's story selects escape thousands of values per page. The
    same result: markup that is already safe stays as it is, anything else goes through
    ``html.escape`` as Django's ``escape`` does."""
    if type(value) is str:  # most values: plain text, not markup
        return html.escape(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def flat_attrs(attrs) -> str:
    """``flatatt``'s text (attributes sorted by name, then the boolean ones), written with
    ``escaped`` instead of two ``format_html_join`` calls: every widget of a formset row
    writes its attributes, and the lazy-string machinery cost more than the writing."""
    pairs = []
    flags = []
    for attr, value in attrs.items():
        if isinstance(value, bool):
            if value:
                flags.append(attr)
        elif value is not None:
            pairs.append((attr, value))
    pairs.sort()
    flags.sort()
    text = "".join(f' {escaped(attr)}="{escaped(value)}"' for attr, value in pairs)
    return text + "".join(f" {escaped(attr)}" for attr in flags)


# A list of choices, escaped once: the same list (a form's fixed choices, shared by its
# copies) is drawn in every row of a formset. Keyed by the list itself (held here, so its id
# is not reused) and the language its labels are written in; lists are replaced, never
# changed in place (PlainSelect.__deepcopy__).
_ESCAPED_CHOICES: dict[tuple[int, str | None], tuple[list, list]] = {}
_ESCAPED_CHOICES_KEPT = 64


def _escaped_choices(choices) -> list[tuple]:
    """Each choice as (its value as text, its value escaped, its label escaped), or for a
    group (None, its name escaped, [its choices so]); the same list is escaped once."""
    key = (id(choices), translation.get_language())
    found = _ESCAPED_CHOICES.get(key)
    if found is not None and found[0] is choices:
        return found[1]
    rows: list[tuple] = []
    for option_value, label in choices:
        if option_value is None:
            option_value = ""
        if isinstance(label, list | tuple):
            group = [(str(v), escaped(v), escaped(sub_label)) for v, sub_label in label]
            rows.append((None, escaped(option_value), group))
        else:
            rows.append((str(option_value), escaped(option_value), escaped(label)))
    if isinstance(choices, list):
        if len(_ESCAPED_CHOICES) >= _ESCAPED_CHOICES_KEPT:
            _ESCAPED_CHOICES.clear()
        _ESCAPED_CHOICES[key] = (choices, rows)
    return rows


class PlainSelect(forms.Select):
    """A ``<select>`` with Django's markup, drawn in Python instead of one template include
    per option, and without building an option dictionary per choice: a filter listing
    every company a person met renders hundreds of them."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        has_selected = False

        def option(text, value_html, label_html) -> str:
            # As Django's optgroups(): the first option with a chosen value is selected.
            nonlocal has_selected
            selected = not has_selected and text in chosen
            has_selected |= selected
            return (
                f'\n  <option value="{value_html}"'
                f"{' selected' if selected else ''}>{label_html}</option>\n"
            )

        groups = []
        for text, value_html, label in _escaped_choices(self.choices):
            if isinstance(label, list):
                rows = "".join(option(*sub) for sub in label)
                groups.append(f'\n  <optgroup label="{value_html}">{rows}\n  </optgroup>')
            else:
                groups.append(option(text, value_html, label))
        # Every value and label is escaped above, the name and attributes here.
        return mark_safe(
            f'<select name="{escaped(name)}"{flat_attrs({**self.attrs, **(attrs or {})})}>'
            f"{''.join(groups)}\n</select>"
        )

    def __deepcopy__(self, memo):
        # Every form copies its fields and their widgets: a list of choices is shared with
        # the copy, not copied and normalised again (choices are replaced, never changed in
        # place). Anything else (a model field's iterator) is copied as Django does.
        if not isinstance(self.choices, list):
            return super().__deepcopy__(memo)
        obj = copy.copy(self)
        obj.attrs = self.attrs.copy()
        memo[id(self)] = obj
        return obj


class FixedChoicesMixin:
    """A choice field whose choices the code fixes (a 1–5 rating, an outcome): a form's copy
    of the field shares the list instead of copying each choice (a review form copies a
    dozen such fields per request)."""

    _choices: object

    def __deepcopy__(self, memo):
        if not isinstance(self._choices, list):
            return super().__deepcopy__(memo)  # type: ignore[misc]
        result = forms.Field.__deepcopy__(self, memo)  # type: ignore[attr-defined]
        result._choices = self._choices
        return result


class FixedChoiceField(FixedChoicesMixin, forms.ChoiceField):
    pass


class FixedTypedChoiceField(FixedChoicesMixin, forms.TypedChoiceField):
    pass


class PlainInputMixin:
    """An ``<input>`` with Django's markup, drawn in Python instead of through the form
    renderer's templates (three per input): a formset draws dozens of them."""

    input_type: str
    attrs: dict

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)  # type: ignore[attr-defined]
        shown = f' value="{escaped(value)}"' if value is not None else ""
        return mark_safe(
            f'<input type="{escaped(self.input_type)}" name="{escaped(name)}"{shown}'
            f"{flat_attrs({**self.attrs, **(attrs or {})})}>"
        )


class PlainTextInput(PlainInputMixin, forms.TextInput):
    pass


class PlainTextarea(forms.Textarea):
    """A ``<textarea>`` with Django's markup, drawn in Python instead of through the form
    renderer's templates: a self-review holds eight of them."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return mark_safe(
            f'<textarea name="{escaped(name)}"{flat_attrs({**self.attrs, **(attrs or {})})}>'
            f"\n{escaped(value or '')}</textarea>"
        )


class PlainHiddenInput(PlainInputMixin, forms.HiddenInput):
    pass


def input_html(input_type: str, name: str, value, attrs: dict) -> str:
    """An ``<input>`` as Django's ``input.html`` template writes it (its attributes in the
    order given, ``True`` as a bare name, ``False`` left out), in Python. ``value`` is the
    widget's formatted value (None: no value attribute)."""
    text = [f'<input type="{escaped(input_type)}" name="{escaped(name)}"']
    if value is not None:
        text.append(f' value="{escaped(value)}"')
    for attr, attr_value in attrs.items():
        if attr_value is True:
            text.append(f" {escaped(attr)}")
        elif attr_value is not False:
            text.append(f' {escaped(attr)}="{escaped(attr_value)}"')
    text.append(">")
    return "".join(text)


class PlainCheckboxInput(forms.CheckboxInput):
    """A checkbox with the markup of Django's template, drawn in Python: a review's saved
    questions each have one to remove them."""

    def render(self, name, value, attrs=None, renderer=None):
        extra = {**(attrs or {})}
        if self.check_test(value):
            extra["checked"] = True
        return mark_safe(
            input_html("checkbox", name, self.format_value(value), {**self.attrs, **extra})
        )
