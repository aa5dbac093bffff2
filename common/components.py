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
from django.utils import timezone, translation
from django.utils.dateformat import re_formatchars
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from common.forms import escaped, input_html
from common.urls import reverse_for_pk, reverse_plain

register = template.Library()


@register.simple_tag
def page_url(viewname) -> str:
    """``{% url viewname %}`` for a page without arguments, reversed once (the navigation)."""
    return reverse_plain(viewname)


@register.simple_tag
def pk_url(viewname, kwarg, pk) -> str:
    """``{% url viewname kwarg=pk %}`` for a pattern whose one argument is an ``<int:…>``
    id, at the cost of a string format (``common.urls.reverse_for_pk``): an interview's
    page links its edit form, outcome, notes, plan and review, each once."""
    return reverse_for_pk(viewname, kwarg, pk)


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


@lru_cache(maxsize=16)
def _date_names(language: str | None) -> tuple[list[str], list[str], list[str], list[str]]:
    """The day and month names in ``language``, as Django's formatter writes them (each of
    its lazy names costs a catalogue look-up every time it is written): fixed text, not
    anyone's data."""
    return (
        [str(WEEKDAYS_ABBR[day]) for day in range(7)],
        [str(WEEKDAYS[day]) for day in range(7)],
        ["", *(MONTHS_3[month].title() for month in range(1, 13))],
        ["", *(str(MONTHS[month]) for month in range(1, 13))],
    )


# The date format characters ``format_local`` writes itself, as Django's formatter writes
# them (``django.utils.dateformat``), given the names in the active language.
_FORMAT_PARTS = {
    "D": lambda v, names: names[0][v.weekday()],
    "l": lambda v, names: names[1][v.weekday()],
    "j": lambda v, names: str(v.day),
    "M": lambda v, names: names[2][v.month],
    "F": lambda v, names: names[3][v.month],
    "Y": lambda v, names: f"{v.year:04d}",
    "H": lambda v, names: f"{v.hour:02d}",
    "i": lambda v, names: f"{v.minute:02d}",
}


@lru_cache(maxsize=64)
def _format_parts(fmt: str) -> tuple | None:
    """``fmt`` split once into literal text and writers, or None if it uses a character
    (or an escape) ``format_local`` leaves to Django."""
    parts: list = []
    for i, piece in enumerate(re_formatchars.split(fmt)):
        if i % 2:
            if piece not in _FORMAT_PARTS:
                return None
            parts.append(_FORMAT_PARTS[piece])
        elif piece:
            if "\\" in piece:
                return None
            parts.append(piece)
    return tuple(parts)


def format_local(value, fmt: str) -> str:
    """``date_format(value, fmt)`` for a datetime already in the person's zone, without the
    formatter's parsing of ``fmt`` on every call: a page writes one per row (the same text;
    formats with other characters go to Django's)."""
    parts = _format_parts(fmt)
    if parts is None:
        return date_format(value, fmt)
    names = _date_names(translation.get_language())
    return "".join(part if isinstance(part, str) else part(value, names) for part in parts)


@lru_cache(maxsize=64)
def _writes_time_of_day(fmt: str) -> bool:
    return bool(_TIME_OF_DAY & set(fmt))


@register.simple_tag
def local_time(value, fmt) -> SafeString | str:
    """``<time datetime="…">…</time>`` for an instant, in the person's zone, written with
    the date format ``fmt`` (as ``|local:fmt`` would). A time of day the clocks show twice
    that night (01:30 when they go back at 02:00) says which one it is: "01:30 (EDT,
    UTC−04:00)"."""
    if value in (None, ""):
        return ""
    value = localtime_or_utc(value)
    text = format_local(value, fmt)
    if _writes_time_of_day(fmt) and (which := _which_of_two(value)):
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


@lru_cache(maxsize=64)
def _widget_kind(widget_class: type[forms.Widget]) -> str:
    if issubclass(widget_class, forms.CheckboxInput):
        return _CHECKBOX
    if issubclass(widget_class, forms.Select):
        return _SELECT
    # crispy names it after Django's widget class, whatever subclass draws it
    django_widget = next(
        cls for cls in widget_class.__mro__ if cls.__module__ == "django.forms.widgets"
    )
    return f"{django_widget.__name__.lower()} form-control"


def _widget_html(field, attrs: dict, errors) -> str:
    """``field.as_widget(attrs=attrs)``, with the errors already looked up (a bound field
    builds a new empty error list each time it is asked, and ``as_widget`` asks twice)."""
    widget, form_field_ = field.field.widget, field.field
    if isinstance(widget, forms.MultiWidget):
        return field.as_widget(attrs=attrs)
    if form_field_.localize:
        widget.is_localized = True
    if (
        form_field_.required
        and field.form.use_required_attribute
        and widget.use_required_attribute(field.initial)
    ):
        attrs["required"] = True
    if form_field_.disabled:
        attrs["disabled"] = True
    auto_id = field.auto_id
    if not widget.is_hidden:
        if errors:
            attrs["aria-invalid"] = "true"
        if (
            not attrs.get("aria-describedby")
            and not widget.use_fieldset
            and not widget.attrs.get("aria-describedby")
            and auto_id
        ):
            described = []
            if field.help_text:
                described.append(f"{auto_id}_helptext")
            if errors:
                described.append(f"{auto_id}_error")
            if described:
                attrs["aria-describedby"] = " ".join(described)
    if auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", auto_id)
    if type(widget) is forms.HiddenInput:  # its template, written in Python
        value = widget.format_value(field.value())
        return input_html("hidden", field.html_name, value, {**widget.attrs, **attrs})
    return widget.render(
        name=field.html_name, value=field.value(), attrs=attrs, renderer=field.form.renderer
    )


def _hidden_html(field) -> str:
    """``str(field)`` for a hidden field."""
    if field.field.show_hidden_initial:
        return str(field)
    return _widget_html(field, {}, None)


@register.simple_tag
def form_field(field, wrapper_class="") -> SafeString:
    """One field with its label, errors and help, in the markup ``{{ field|as_crispy_field }}``
    writes with the Bootstrap 5 pack, built in one pass: a formset row draws half a dozen,
    and crispy's templates cost about a millisecond each. Text inputs, selects (use
    ``common.forms.PlainSelect`` for long ones) and checkboxes; hidden fields as they are.
    Written as one string with ``html.escape`` (``common.forms.escaped``), not
    ``format_html``: a review form draws a hundred fields."""
    if field.is_hidden:
        return mark_safe(_hidden_html(field))
    errors = field.errors
    widget_class: type[forms.Widget] = type(field.field.widget)
    kind = _widget_kind(widget_class)
    widget = _widget_html(field, {"class": f"{kind} is-invalid" if errors else kind}, errors)
    auto_id = field.auto_id
    required = field.field.required
    label = escaped(field.label) + ('<span class="asteriskField">*</span>' if required else "")
    required_class = " requiredField" if required else ""
    escaped_id = escaped(auto_id)
    if errors:
        messages = "".join(
            f'<p id="error_{n}_{escaped_id}"><strong>{escaped(error)}</strong></p>'
            for n, error in enumerate(errors, 1)
        )
        errors_html = f'<div id="{escaped_id}_error" class="invalid-feedback">{messages}</div>'
    else:
        errors_html = ""
    # As crispy does: help text is the form's own words, written as markup.
    help_text = field.help_text
    help_html = (
        f'<div id="{escaped_id}_helptext" class="form-text">{help_text}</div>' if help_text else ""
    )
    label_for = escaped(field.id_for_label)
    if kind == _CHECKBOX:
        inner = (
            f'<div class="mb-3"><div id="div_{escaped_id}" class="form-check">{widget} '
            f'<label for="{label_for}" class="form-check-label{required_class}">{label}</label>'
            f"{errors_html}{help_html}</div></div>"
        )
    else:
        inner = (
            f'<div id="div_{escaped_id}" class="mb-3"><label for="{label_for}" '
            f'class="form-label{required_class}">{label}</label> '
            f"{widget}{errors_html}{help_html}</div>"
        )
    if wrapper_class:
        return mark_safe(f'<div class="{escaped(wrapper_class)}">{inner}</div>')
    return mark_safe(inner)


@register.simple_tag
def form_rows(form) -> SafeString:
    """A form laid out by its ``rows`` (each a tuple of ``(field name, column classes)``),
    drawn with ``form_field``, then its hidden fields."""
    rows = "".join(
        '<div class="row">' + "".join(form_field(form[name], css) for name, css in row) + "</div>"
        for row in form.rows
    )
    hidden = "".join(_hidden_html(field) for field in form.hidden_fields())
    return mark_safe(rows + hidden)


@register.simple_tag
def management_form(formset) -> SafeString:
    """``{{ formset.management_form }}``: its four hidden inputs, written in Python instead
    of through the form renderer's templates (a page with two formsets drew ten)."""
    form = formset.management_form
    if form.errors:  # as Django draws it, with the errors
        return mark_safe(str(form))
    return mark_safe("".join(_hidden_html(field) for field in form.hidden_fields()))
