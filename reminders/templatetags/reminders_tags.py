"""Panels the interview page, an application's page, a person's page and the dashboard
include. Each draws what ``reminders.selectors`` reads (one query each, whatever the size).

Django hands an inclusion tag's template the page's CSRF token by itself, so the forms in
these panels need nothing passed for it."""

from django import template
from django.utils import timezone

from reminders import selectors
from reminders.feed import feed_urls
from reminders.models import CalendarFeed

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
def person_reminders_panel(contact, upcoming=()):
    """A person's page, planned next: follow-ups and keep-in-touch notes to them."""
    return {
        "contact": contact,
        "reminders": selectors.person_planned(contact),
        "upcoming": upcoming,
    }


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
