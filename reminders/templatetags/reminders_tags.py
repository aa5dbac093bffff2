"""Panels the interview page, an application's page, a person's page and the dashboard
include. Each draws what ``reminders.selectors`` reads (one query each, whatever the size).

Django hands an inclusion tag's template the page's CSRF token by itself, so the forms in
these panels need nothing passed for it."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from common.components import format_local, localtime_or_utc, status_badge
from common.urls import reverse_for_pk, reverse_for_pks
from reminders import selectors
from reminders.feed import feed_urls
from reminders.models import CalendarFeed, Reminder

register = template.Library()


@register.inclusion_tag("reminders/panels/interview_panel.html")
def interview_reminders_panel(interview):
    """This interview's follow-up timeline: scheduled, sent, done, failed."""
    return {"interview": interview, "reminders": selectors.interview_timeline(interview)}


@register.inclusion_tag("reminders/panels/keep_in_touch_panel.html")
def application_keep_in_touch_panel(application):
    """The keep-in-touch notes planned after an application's "no", and their notes."""
    return {"application": application, "rows": selectors.application_keep_in_touch(application)}


@register.inclusion_tag("reminders/panels/person_panel.html")
def person_reminders_panel(contact, interviews, upcoming=()):
    """A person's page, planned next: follow-ups of the interviews with them (the page's
    ``interviews``) and keep-in-touch notes to them."""
    return {
        "contact": contact,
        "reminders": selectors.person_planned(contact, interviews),
        "upcoming": upcoming,
    }


def _planned_status(row, now) -> tuple[str, SafeString]:
    """A planned row's tone and status badge (``reminders/_status.html`` off the due list)."""
    status = row["status"]
    overdue = status in Reminder.OPEN_STATUSES and row["overdue_at"] <= now
    tone = "overdue" if status == "failed" or overdue else ""
    if status == "failed":
        return tone, status_badge("overdue", "Failed")
    if status == "done":
        return tone, status_badge("done", "Done")
    if status == "sent":
        return tone, status_badge("accent", "Sent")
    if status == "sending":
        return tone, status_badge("", "Sending")
    if overdue:
        return tone, status_badge("overdue", "Overdue")
    return tone, status_badge("", "Scheduled")


@register.simple_tag
def person_planned_rows(reminders) -> SafeString:
    """The items of a person's planned next (rows of ``selectors.person_planned``), one
    ``format_html`` each, with the markup the panel's loop and status include wrote."""
    now = timezone.now()
    items = []
    for row in reminders:
        tone, badge = _planned_status(row, now)
        what = f"{row['interview__role']} at {row['interview__company__name']}"
        if row["contact_id"]:
            url = reverse_for_pk(
                "interviews:application", "application_pk", row["interview__application_id"]
            )
            planned_for = row["planned_for"]
            head = format_html(
                '<a class="timeline__title" href="{}#keep-in-touch-heading">Keep-in-touch note'
                '<span class="visually-hidden">: {}</span></a>{}',
                url,
                what,
                badge,
            )
            meta = format_html(
                'Planned for <time datetime="{}">{}</time> · after {}',
                planned_for.isoformat() if planned_for else "",
                format_local(planned_for, "D j M Y") if planned_for else "",
                what,
            )
        else:
            url = reverse_for_pk("interviews:detail", "interview_pk", row["interview_id"])
            due_at = localtime_or_utc(row["due_at"])
            head = format_html(
                '<a class="timeline__title" href="{}#reminders-heading">{}'
                '<span class="visually-hidden">: {}</span></a>{}',
                url,
                KIND_LABELS.get(row["kind"], row["kind"]),
                what,
                badge,
            )
            meta = format_html(
                '{} · due <time datetime="{}">{}</time>',
                what,
                due_at.isoformat(),
                format_local(due_at, "D j M Y, H:i"),
            )
        items.append(
            format_html(
                '\n  <li class="timeline__item" data-tone="{}">\n    \n    '
                '<div class="timeline__head">{}\n</div>\n    '
                '<div class="timeline__meta">{}</div>\n    \n  </li>\n  ',
                tone,
                head,
                meta,
            )
        )
    return mark_safe("".join(items))


@register.inclusion_tag("reminders/panels/dashboard_panel.html", takes_context=True)
def dashboard_reminders_panel(context):
    """The person's due and overdue follow-ups, oldest first."""
    reminders, total = selectors.due_follow_ups(context["request"].user, timezone.now())
    return {
        "reminders": reminders,
        "more": total > len(reminders),
        "total": total,
        "compact": True,
    }


@register.inclusion_tag("reminders/panels/calendar_feed_panel.html", takes_context=True)
def calendar_feed_panel(context):
    """Settings' calendar section: the private feed's URLs and its switches."""
    user = context["request"].user
    feed = CalendarFeed.objects.filter(owner=user).first()
    return {"feed": feed, "urls": feed_urls(feed) if feed else None}


KIND_LABELS = dict(Reminder.Kind.choices)


def _status(row, now) -> SafeString:
    """The status badge of a due follow-up (``reminders/_status.html`` on the due list)."""
    status = row["status"]
    if status == "failed":
        return status_badge("overdue", "Failed")
    if status == "done":
        return status_badge("done", "Done")
    if status == "sent":
        return status_badge("accent", "Sent")
    if status == "sending":
        return status_badge("", "Sending")
    if status in Reminder.OPEN_STATUSES and row["overdue_at"] <= now:
        return status_badge("overdue", "Overdue")
    return status_badge("due", "Due")


def _post_button(url, csrf, css, label, hidden) -> SafeString:
    return format_html(
        '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" '
        'value="{}"><button class="btn {} btn-sm" type="submit">{}'
        '<span class="visually-hidden">: {}</span></button></form>',
        url,
        csrf,
        css,
        label,
        hidden,
    )


def _first_action(row, interview_url, urls, csrf) -> SafeString | str:
    company = row["interview__company__name"]
    kind = row["kind"]
    link = (
        '<a class="btn btn-primary btn-sm" href="{}">{}'
        '<span class="visually-hidden">: {}</span></a>'
    )
    if kind == "thank_you":
        return format_html(link, f"{interview_url}#notes-heading", "Write notes", company)
    if kind == "review":
        url = urls["review"](row["interview_id"])
        return format_html(link, url, "Review it", company)
    if kind == "keep_in_touch" and row["contact_id"]:
        url = urls["write"](row["pk"])
        hidden = f"{row['contact__name']}, {company}"
        return _post_button(url, csrf, "btn-primary", "Write the note", hidden)
    if kind == "decision":
        return format_html(link, f"{interview_url}#outcome-heading", "Record the outcome", company)
    return ""


def _more_actions(row, kind, urls, csrf) -> SafeString:
    """Snooze and mark done, where the reminder allows them (``reminders/_actions.html``)."""
    status = row["status"]
    actions = []
    if status in Reminder.SNOOZABLE_STATUSES:
        url = urls["snooze"](row["pk"])
        actions.append(_post_button(url, csrf, "btn-outline-secondary", "Snooze a day", kind))
    if status in Reminder.OPEN_STATUSES and status != Reminder.Status.SENDING:
        url = urls["done"](row["pk"])
        actions.append(_post_button(url, csrf, "btn-outline-success", "Mark done", kind))
    return mark_safe("\n".join(actions))


@register.simple_tag(takes_context=True)
def due_rows(context, reminders, compact=False) -> SafeString:
    """The due follow-ups (rows of ``reminders.selectors.due_follow_ups``) as a to-do list,
    one ``format_html`` per item: the dashboard's few (``compact``: snooze and done under
    "More") or all of them on the due list. Drawn in Python as the interview tables are
    (``interviews_tags.interview_rows``): two includes and a dozen tags per item were most
    of the dashboard panel's cost."""
    csrf = context.get("csrf_token", "")
    now = timezone.now()
    urls = {
        "interview": reverse_for_pks("interviews:detail", "interview_pk"),
        "review": reverse_for_pks("reviews:edit", "interview_pk"),
        "write": reverse_for_pks("reminders:keep_in_touch_write", "reminder_pk"),
        "snooze": reverse_for_pks("reminders:snooze", "reminder_pk"),
        "done": reverse_for_pks("reminders:done", "reminder_pk"),
    }
    items = []
    for row in reminders:
        company = row["interview__company__name"]
        kind = KIND_LABELS.get(row["kind"], row["kind"])
        interview_url = urls["interview"](row["interview_id"])
        due_at = localtime_or_utc(row["due_at"])
        more = _more_actions(row, kind, urls, csrf)
        if compact:
            more = format_html(
                '<details class="todo__more"><summary class="btn btn-link btn-sm">More'
                '<span class="visually-hidden"> for {}, {}</span></summary>'
                '<div class="todo__more-actions">{}</div></details>',
                kind.lower(),
                company,
                more,
            )
        items.append(
            format_html(
                '<li class="list-group-item todo" data-status="{}"><div class="todo__text">'
                '<a class="fw-semibold" href="{}">{}{}: {} at {}</a>'
                '<div class="small text-muted">{} Due <time datetime="{}">{}</time>{}</div>'
                '</div><div class="todo__actions">{}\n{}</div></li>',
                row["status"],
                interview_url,
                kind,
                f" with {row['contact__name']}" if row["contact_id"] else "",
                row["interview__role"],
                company,
                _status(row, now),
                due_at.isoformat(),
                format_local(due_at, "D j M, H:i"),
                " — the email could not be sent" if row["status"] == "failed" else "",
                _first_action(row, interview_url, urls, csrf),
                more,
            )
        )
    return mark_safe("\n".join(items))
