"""The small components that pages repeat on every row (``{% load components %}``).

They were ``{% include %}``s; an include costs a template lookup and a new context each
time, and a list page draws hundreds of them. Here each is one ``format_html`` call, with
the same markup and the same escaping (see docs/design.md for how they look).
"""

import contextlib
from functools import lru_cache

from django import forms, template
from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from common.urls import reverse_plain

register = template.Library()


@register.simple_tag
def page_url(viewname) -> str:
    """``{% url viewname %}`` for a page without arguments, reversed once (the navigation)."""
    return reverse_plain(viewname)


@register.simple_tag
def asset(path) -> str:
    """``{% static path %}``, looked up once per file and settings: the base layout's
    stylesheets and scripts, on every page."""
    return _asset(path, settings.STATIC_URL, settings.DEBUG)


@lru_cache(maxsize=64)
def _asset(path: str, static_url: str, debug: bool) -> str:
    # The stored name (hashed in production) is fixed for the life of the process: the
    # manifest is read at start-up and collectstatic runs before the server starts.
    return static(path)


@register.simple_tag
def status_badge(tone, label) -> SafeString:
    """A status in words, with a colour and a mark for it. ``tone``: due, overdue, done,
    accent, muted, sample, count or "" (neutral)."""
    if tone:
        return format_html('<span class="status-badge status-badge--{}">{}</span>', tone, label)
    return format_html('<span class="status-badge">{}</span>', label)


# An interview's outcome as a badge tone; anything not named here is muted.
OUTCOME_TONES = {"offer": "done", "accepted": "done", "next_round": "accent", "awaiting": ""}


@register.simple_tag
def outcome_badge(interview) -> SafeString:
    """An interview's outcome as a status badge."""
    return outcome_badge_for(interview.outcome, interview.get_outcome_display())


def outcome_badge_for(outcome: str, label: str) -> SafeString:
    """An outcome (its value and its label) as a status badge, for rows read as values."""
    return status_badge(OUTCOME_TONES.get(outcome, "muted"), label)


@register.simple_tag
def stat(value, label, url="") -> SafeString:
    """One number and what it counts; ``url`` makes the whole stat a link."""
    if url:
        return format_html(
            '<div class="card stat h-100"><a class="stretched-link text-decoration-none" '
            'href="{}"><span class="stat__value d-block">{}</span>'
            '<span class="stat__label d-block">{}</span></a></div>',
            url,
            value,
            label,
        )
    return format_html(
        '<div class="card stat h-100"><span class="stat__value">{}</span>'
        '<span class="stat__label">{}</span></div>',
        value,
        label,
    )


def localtime_or_utc(value):
    """``value`` in the person's zone — or as it is (UTC) for an instant that falls outside
    the calendar there, such as year 1 seen from west of Greenwich. Rows stored before
    dates were bounded must never make a page fail."""
    with contextlib.suppress(OverflowError):
        return timezone.localtime(value)
    return value


# Date format characters that write a time of day.
_TIME_OF_DAY = set("aAfgGhHiPsu")


def _which_of_two(value) -> str:
    """For a wall time the clocks show twice (the hour repeated when they go back): which
    of the two it is, as its zone's abbreviation and UTC offset ("EDT, UTC−04:00"); else ""."""
    offset = value.utcoffset()
    if offset is None or value.replace(fold=1 - value.fold).utcoffset() == offset:
        return ""
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    utc = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    name = value.tzname() or ""
    return utc if not name or name[0] in "+-" else f"{name}, {utc}"


@register.simple_tag
def local_time(value, fmt) -> SafeString | str:
    """``<time datetime="…">…</time>`` for an instant, in the person's zone, written with
    the date format ``fmt`` (as ``|local:fmt`` would). A time of day the clocks show twice
    that night (01:30 when they go back at 02:00) says which one it is: "01:30 (EDT,
    UTC−04:00)"."""
    if value in (None, ""):
        return ""
    value = localtime_or_utc(value)
    text = date_format(value, fmt)
    if _TIME_OF_DAY & set(fmt) and (which := _which_of_two(value)):
        text = f"{text} ({which})"
    # Django's "c" format is isoformat(); called directly, without the formatter.
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


def _form_errors(form) -> list[tuple[str, str]]:
    """(field id, "Label: message") for each error of a bound form, in field order; errors
    of the whole form link to the form's first field."""
    found = []
    for message in form.non_field_errors():
        found.append(("", str(message)))
    for field in form:
        for message in field.errors:
            found.append((field.auto_id or "", f"{field.label}: {message}"))
    return found


@register.inclusion_tag("components/error_summary.html")
def error_summary(*forms):
    """After a failed submit: one box at the top of the form that lists every error with a
    link to its field, and takes the focus (static/js/app.js) so the person hears it
    first. ``forms``: forms and formsets, in page order; nothing shows when all are valid."""
    errors: list[tuple[str, str]] = []
    for item in forms:
        if item is None or not getattr(item, "is_bound", False):
            continue
        if hasattr(item, "forms"):  # a formset: its own errors, then each row's
            for message in item.non_form_errors():
                errors.append(("", str(message)))
            for number, row in enumerate(item.forms, start=1):
                errors.extend(
                    (anchor, f"Row {number}, {text}") for anchor, text in _form_errors(row)
                )
        else:
            errors.extend(_form_errors(item))
    return {"errors": errors}


# The class crispy-forms' Bootstrap 5 pack gives a widget: its own name, then Bootstrap's.
_CHECKBOX, _SELECT = "checkboxinput form-check-input", "select form-select"


def _widget_class(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        kind = _CHECKBOX
    elif isinstance(widget, forms.Select):
        kind = _SELECT
    else:  # crispy names it after Django's widget class, whatever subclass draws it
        django_widget = next(
            cls for cls in type(widget).__mro__ if cls.__module__ == "django.forms.widgets"
        )
        kind = f"{django_widget.__name__.lower()} form-control"
    return f"{kind} is-invalid" if field.errors else kind


@register.simple_tag
def form_field(field, wrapper_class="") -> SafeString:
    """One field with its label, errors and help, in the markup ``{{ field|as_crispy_field }}``
    writes with the Bootstrap 5 pack, built in one pass: a formset row draws half a dozen,
    and crispy's templates cost about a millisecond each. Text inputs, selects (use
    ``common.forms.PlainSelect`` for long ones) and checkboxes; hidden fields as they are."""
    if field.is_hidden:
        return format_html("{}", field)
    widget = field.as_widget(attrs={"class": _widget_class(field)})
    label = format_html(
        "{}{}",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if field.field.required else "",
    )
    required = " requiredField" if field.field.required else ""
    errors = (
        format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, error) for n, error in enumerate(field.errors, 1)),
            ),
        )
        if field.errors
        else ""
    )
    help_text = (
        # As crispy does: help text is the form's own words, written as markup.
        format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),
        )
        if field.help_text
        else ""
    )
    if isinstance(field.field.widget, forms.CheckboxInput):
        inner = format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check">{} '
            '<label for="{}" class="form-check-label{}">{}</label>{}{}</div></div>',
            field.auto_id,
            widget,
            field.id_for_label,
            required,
            label,
            errors,
            help_text,
        )
    else:
        inner = format_html(
            '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}</label> '
            "{}{}{}</div>",
            field.auto_id,
            field.id_for_label,
            required,
            label,
            widget,
            errors,
            help_text,
        )
    if wrapper_class:
        return format_html('<div class="{}">{}</div>', wrapper_class, inner)
    return inner


@register.simple_tag
def form_rows(form) -> SafeString:
    """A form laid out by its ``rows`` (each a tuple of ``(field name, column classes)``),
    drawn with ``form_field``, then its hidden fields."""
    rows = format_html_join(
        "",
        '<div class="row">{}</div>',
        (
            (mark_safe("".join(form_field(form[name], css) for name, css in row)),)
            for row in form.rows
        ),
    )
    hidden = mark_safe("".join(str(field) for field in form.hidden_fields()))
    return format_html("{}{}", rows, hidden)
