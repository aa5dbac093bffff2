import contextlib

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from common.components import (
    format_local,
    local_time,
    localtime_or_utc,
    outcome_badge_for,
    status_badge,
)
from common.urls import reverse_for_pks

register = template.Library()


@register.filter
def local(value, arg=None):
    """Like ``|date``, in the person's zone — and still shown (in UTC) for an instant that falls
    outside the calendar there (see ``common.components.localtime_or_utc``)."""
    if value in (None, ""):
        return ""
    if arg is None:  # the DATE_FORMAT setting, in the active locale
        return date_format(localtime_or_utc(value), arg)
    return format_local(localtime_or_utc(value), arg)


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


_NO_PANEL = mark_safe('<span class="text-muted">No interviewers recorded</span>')
_NOTES_BADGES = {
    False: status_badge("due", "Notes to write"),
    True: status_badge("done", "Notes sent"),
}
_REVIEW_BADGES = {
    False: status_badge("due", "Review to do"),
    True: status_badge("done", "Reviewed"),
}


@register.simple_tag
def timeline_rows(rows, role, now) -> SafeString:
    """An application's rounds as timeline items, one ``format_html`` each (as
    ``interview_rows``); ``rows`` from ``interviews.selectors.application_timeline``,
    ``role`` the application's (a round's own role shows where it differs)."""
    items = []
    for number, row in enumerate(rows, start=1):
        upcoming = row["starts_at"] >= now
        badge: str
        if row["cancelled"]:
            tone, badge, follow_up = "", status_badge("muted", "Cancelled"), ""
        else:
            done = row["notes_done_at"] and row["review_done_at"]
            tone = "" if upcoming else (' data-tone="done"' if done else ' data-tone="due"')
            badge = status_badge("accent", "Coming up") if upcoming else ""
            follow_up = (
                ""
                if upcoming
                else format_html(
                    '<div class="d-flex flex-wrap gap-1 mt-1"><a href="{}#notes-heading">{}</a> '
                    '<a href="{}#review-heading">{}</a></div>',
                    row["url"],
                    _NOTES_BADGES[bool(row["notes_done_at"])],
                    row["url"],
                    _REVIEW_BADGES[bool(row["review_done_at"])],
                )
            )
        items.append(
            format_html(
                '<li class="timeline__item"{}><div class="timeline__head">'
                '<a class="timeline__title fw-semibold" href="{}">{}</a> {}</div>'
                '<div class="timeline__meta">{} · {}{}</div>'
                '<div class="small">{}</div>{}</li>',
                mark_safe(tone),
                row["url"],
                row["round"] or f"Round {number}",
                badge,
                local_time(row["starts_at"], "D j M Y, H:i"),
                row["format_label"].lower(),
                f" · {row['role']}" if row["role"] != role else "",
                ", ".join(row["panel"]) or _NO_PANEL,
                follow_up,
            )
        )
    return mark_safe("\n".join(items))


_NOT_MET = mark_safe('<span class="text-muted">Not met yet</span>')


def _day_writer():
    """``local_time(value, "j M Y")`` for every row of one list, with the person's zone and
    the month names in their language looked up once for the list instead of per row."""
    zone = timezone.get_current_timezone()
    months = [""] + [MONTHS_3[month].title() for month in range(1, 13)]

    def day(value) -> SafeString:
        # As localtime_or_utc: an instant outside the calendar there is shown in UTC.
        with contextlib.suppress(OverflowError):
            value = value.astimezone(zone)
        return format_html(
            '<time datetime="{}">{}</time>',
            value.isoformat(),
            f"{value.day} {months[value.month]} {value.year:04d}",
        )

    return day


@register.simple_tag
def people_rows(rows, rapport) -> SafeString:
    """The rows of People, one ``format_html`` each (as ``interview_rows``): ``rows`` are
    ``interviews.selectors.PersonRow``, ``rapport`` what ``{% people_rapport %}`` found
    ({contact id: 1–5}), drawn as its ``stars`` filter draws a whole rating."""
    url = reverse_for_pks("interviews:person", "contact_pk")
    day = _day_writer()
    return format_html_join(
        "",
        '\n    <tr><td class="stack-plain"><a class="fw-semibold" href="{}"><bdi>{}</bdi></a>'
        '{}</td>\n      <td data-label="Company">{}</td>\n      '
        '<td data-label="Last contact" class="text-nowrap">{}</td>\n      '
        '<td data-label="Rapport">{}</td>\n      '
        '<td data-label="Interviews">{}</td></tr>\n  ',
        (
            (
                url(row.pk),
                row.name,
                format_html('<div class="small text-muted">{}</div>', row.title)
                if row.title
                else "",
                row.company_name or "—",
                day(row.last_contact) if row.last_contact else _NOT_MET,
                "—" if (stars := rapport.get(row.pk)) is None else f"{stars} / 5",
                row.interview_count,
            )
            for row in rows
        ),
    )
