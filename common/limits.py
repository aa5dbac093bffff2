"""Bounds on text that is printed: every field that reaches a PDF has a length and a line
limit, checked by the form and the model alike (and by the database where it is cheap).

A card has room for a few short lines of address and a few paragraphs of note; text beyond
that cannot print well anyway, and unbounded text makes every render slow for everyone.
"""

from django.core.validators import BaseValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.deconstruct import deconstructible


def line_count(text: str) -> int:
    return len((text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"))


@deconstructible
class MaxLinesValidator(BaseValidator):
    """At most ``limit_value`` lines; 1 means the text must stay on one line."""

    code = "max_lines"

    def __init__(self, limit_value, message=None):
        if message is None:
            message = (
                "Keep this on one line."
                if limit_value == 1
                else "Keep this to %(limit_value)s lines or fewer (it has %(show_value)s)."
            )
        super().__init__(limit_value, message)

    def compare(self, a, b):
        return a > b

    def clean(self, x):
        return line_count(x)


ONE_LINE = MaxLinesValidator(1)


def max_length_constraint(field: str, limit: int, name: str) -> models.CheckConstraint:
    """The database's own bound on a text column (a TextField has none otherwise)."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


def one_line_constraint(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=~models.Q(**{f"{field}__contains": "\n"}), name=name)
