from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from common.components import local_time, localtime_or_utc, outcome_badge_for, status_badge

register = template.Library()


@register.filter
def local(value, arg=None):
    """Like ``|date``, in the person's zone — and still shown (in UTC) for an instant that falls
    outside the calendar there (see ``common.components.localtime_or_utc``)."""
    if value in (None, ""):
        return ""
    return date_format(localtime_or_utc(value), arg)


# The follow-up column's two badges, drawn once: they are the same on every row.
_FOLLOW_UP_BADGES = {
    (notes, review): format_html(
        '<td class="stack-plain"><span class="d-inline-flex flex-wrap gap-1">{}{}</span></td>',
        status_badge("done", "Notes sent") if notes else status_badge("due", "Notes to write"),
        status_badge("done", "Reviewed") if review else status_badge("due", "Review to do"),
    )
    for notes in (False, True)
    for review in (False, True)
}
_NOBODY = mark_safe('<span class="text-muted">—</span>')
_SAMPLE = format_html(" {}", status_badge("sample", "Sample"))


@register.simple_tag
def interview_rows(rows, followups=False) -> SafeString:
    """The rows of ``interviews/_interview_table.html``, one ``format_html`` each: the table
    is drawn on the dashboard and on every page of the list, and the template engine's
    per-row nodes were most of its cost. ``rows`` from ``interviews.selectors.interview_rows``."""
    return format_html_join(
        "\n",
        '<tr><td class="stack-plain"><a href="{}" class="fw-semibold">{}</a>{}'
        '<div class="small text-muted">{}</div></td>'
        '<td data-label="When" class="text-nowrap">{}</td>'
        '<td class="d-none d-xl-table-cell">{}</td>{}'
        '<td class="stack-plain">{}</td></tr>',
        (
            (
                row["url"],
                row["company__name"],
                _SAMPLE if row["is_sample"] else "",
                row["role"],
                local_time(row["starts_at"], "D j M Y, H:i"),
                ", ".join(row["panel"]) or _NOBODY,
                _FOLLOW_UP_BADGES[bool(row["notes_done_at"]), bool(row["review_done_at"])]
                if followups
                else "",
                outcome_badge_for(row["outcome"], row["outcome_label"]),
            )
            for row in rows
        ),
    )


@register.simple_tag
def application_rows(rows) -> SafeString:
    """The rows of ``interviews/_application_table.html``, one ``format_html`` each (as
    ``interview_rows``); ``rows`` from ``interviews.selectors.application_rows``."""
    return format_html_join(
        "\n",
        '<tr><td class="stack-plain"><a href="{}" class="fw-semibold">{}</a>'
        '<div class="small text-muted">{}</div></td>'
        '<td data-label="Latest round" class="text-nowrap">{}</td>'
        '<td data-label="Rounds">{}</td><td class="stack-plain">{}</td></tr>',
        (
            (
                row["url"],
                row["role"],
                row["company__name"],
                local_time(row["latest_round_at"], "D j M Y") if row["latest_round_at"] else "—",
                row["round_count"],
                outcome_badge_for(row["outcome"], row["outcome_label"]),
            )
            for row in rows
        ),
    )
