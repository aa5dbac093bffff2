"""Bounds on text a person types: every text field has a length limit, checked by the form
(with Django's own "at most N characters" message, what was typed shown again), by the model
and by the database (a CHECK on its length, the same on SQLite and PostgreSQL). Fields that
reach a PDF also have a line limit.

A card has room for a few short lines of address and a few paragraphs of note; text beyond
that cannot print well anyway, and unbounded text makes every page and render that shows it
slow for everyone (a 2 MB paste made a 2 MB interview page and a 17 s composer).

``tests/test_field_limits.py`` walks every model: a new text field without a limit in the
model and the database fails it.
"""

from django.core.validators import BaseValidator, MaxLengthValidator
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


# A long answer (what you learned, a section of a review, notes on a person): about four
# pages, more than anyone writes about one part of one interview, small enough that a page
# showing a dozen of them stays quick.
LONG_TEXT_MAX_CHARS = 10_000


def long_text_field(verbose_name: str | None = None, **kwargs) -> models.TextField:
    """An optional long answer, bounded at ``LONG_TEXT_MAX_CHARS``. Pair it with
    ``length_constraints`` in the model's ``Meta`` (the database's bound).

    The limit is a validator, not ``max_length``: the form then has no ``maxlength``
    attribute, so a browser never cuts a paste short without a word; the page says what the
    limit is and shows the text again."""
    kwargs.setdefault("blank", True)
    return models.TextField(
        verbose_name, validators=[MaxLengthValidator(LONG_TEXT_MAX_CHARS)], **kwargs
    )


def max_length_constraint(field: str, limit: int, name: str) -> models.CheckConstraint:
    """The database's own bound on a text column (a TextField has none otherwise, and
    SQLite does not enforce a CharField's ``max_length``)."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


def length_constraints(prefix: str, **limits: int) -> list[models.BaseConstraint]:
    """``max_length_constraint`` for each field, named ``<prefix>_<field>_bounded``:
    ``length_constraints("contact", name=150, notes=LONG_TEXT_MAX_CHARS)``."""
    return [
        max_length_constraint(field, limit, f"{prefix}_{field}_bounded")
        for field, limit in limits.items()
    ]


def cut_to_limit(text: str, limit: int, *, one_line: bool = False) -> str:
    """``text`` shortened to ``limit`` characters with a visible mark where it was cut, for
    rows stored before a limit existed (see ``cut_overlong_rows``)."""
    if len(text) <= limit:
        return text
    if one_line:
        return text[: limit - 1] + "…"
    mark = f"\n\n[Cut to {limit:,} characters when a limit came in; the text had {len(text):,}.]"
    return text[: limit - len(mark)].rstrip() + mark


def cut_overlong_rows(model, limits: dict[str, int]) -> list[str]:
    """Shortens, with ``cut_to_limit``, every value of ``model`` (a migration's historical
    model) longer than its field's limit, so the database's new bound can be added. Returns
    one line per value cut, for the migration to print.

    Why cut rather than refuse: the migration runs unattended on every deployment, and
    refusing would keep the whole app from starting over one row nobody can fix through
    the app. Text over these limits is almost always a paste gone wrong (a long answer may
    be four pages), and the mark tells the person what happened when they next open it."""
    report = []
    manager = model._base_manager
    for name, limit in limits.items():
        # A short field (a name, a plan item) gets an ellipsis; a long answer a sentence.
        one_line = limit < 1_000 or not isinstance(model._meta.get_field(name), models.TextField)
        too_long = manager.annotate(_length=Length(name)).filter(_length__gt=limit)
        for pk, text in list(too_long.values_list("pk", name)):
            manager.filter(pk=pk).update(**{name: cut_to_limit(text, limit, one_line=one_line)})
            report.append(
                f"{model._meta.label} {pk}: {name} cut from {len(text):,} to {limit:,} characters"
            )
    return report


def one_line_constraint(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=~models.Q(**{f"{field}__contains": "\n"}), name=name)
