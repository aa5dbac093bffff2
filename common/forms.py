"""Form pieces several apps share: the crispy helper for forms inside a page's own
``<form>``, and the labels of a 1–5 rating."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout


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
