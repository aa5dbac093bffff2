"""Panels the interview page and the dashboard include; one query each, whatever the size.
The interview page's timeline and the dashboard's due list are kept per person between
visits (``reminders.figures`` says what replaces them).

Django hands an inclusion tag's template the page's CSRF token by itself, so the forms in
these panels need nothing passed for it."""

from django import template
from django.db.models import Q, Subquery
from django.utils import timezone

from common.cache import cached_for_page_owner, cached_for_person, holds_at
from notes.models import ThankYouNote
from reminders.feed import feed_urls
from reminders.models import CalendarFeed, Reminder

register = template.Library()

DASHBOARD_LIMIT = 10


@register.inclusion_tag("reminders/panels/interview_panel.html", takes_context=True)
def interview_reminders_panel(context, interview):
    """This interview's follow-up timeline: scheduled, sent, done, failed (1 query; none
    while the person's reminders are unchanged and none has become overdue).

    Kept per person (``reminders.figures`` says which writes replace it). The one thing
    that changes by itself is "overdue": a timeline is drawn afresh once the next open
    reminder's ``overdue_at`` has come."""
    now = timezone.now()

    def timeline() -> dict:
        reminders = list(
            Reminder.objects.filter(interview=interview)
            .exclude(status=Reminder.Status.CANCELLED)
            .select_related("contact")
            .order_by("due_at", "pk")
        )
        later = [r.overdue_at for r in reminders if r.is_open and r.overdue_at > now]
        return {"reminders": reminders, "drawn_at": now, "good_until": min(later, default=None)}

    kept = cached_for_page_owner(
        context,
        interview.owner_id,
        f"reminders:interview-timeline:{interview.pk}",
        timeline,
        usable=holds_at(now),
    )
    return {"interview": interview, "reminders": kept["reminders"]}


@register.inclusion_tag("reminders/panels/keep_in_touch_panel.html")
def application_keep_in_touch_panel(application):
    """The keep-in-touch notes planned after an application's "no", and their notes.

    Two queries, whatever the number of rows."""
    planned = list(
        Reminder.objects.filter(interview__application=application, contact__isnull=False)
        .select_related("contact")
        .order_by("planned_for", "contact__name", "pk")
    )
    notes = {
        (n.interview_id, n.recipient_id, n.sequence): n
        for n in ThankYouNote.objects.keep_in_touch().filter(interview__application=application)
    }
    rows = [(r, notes.get((r.interview_id, r.contact_id, r.sequence))) for r in planned]
    return {"application": application, "rows": rows}


@register.inclusion_tag("reminders/panels/person_panel.html")
def person_reminders_panel(contact, upcoming=()):
    """A person's page, planned next: the open follow-ups of the interviews with them and
    the keep-in-touch notes planned to them (not those to others on the same panel),
    soonest first (one query)."""
    with_them = Q(interview__in=contact.interviews.values("pk"), contact__isnull=True)
    reminders = list(
        Reminder.objects.filter(with_them | Q(contact=contact), owner_id=contact.owner_id)
        .open()
        .select_related("interview__company", "interview__application")
        .order_by("due_at", "pk")
    )
    return {"contact": contact, "reminders": reminders, "upcoming": upcoming}


@register.inclusion_tag("reminders/panels/dashboard_panel.html", takes_context=True)
def dashboard_reminders_panel(context):
    """The person's due and overdue follow-ups, oldest first (1 query; none while their
    reminders are unchanged and time has moved none along).

    Kept per person (``reminders.figures`` says which writes replace it) until the next
    open reminder comes due or one shown becomes overdue."""
    user = context["request"].user
    now = timezone.now()

    def due_now() -> dict:
        open_ = Reminder.objects.for_user(user).open()
        # With them, in the same query, the one that comes due next: it sorts after every
        # row due now, and only matters while they all fit (else "more" says so already).
        next_one = open_.filter(due_at__gt=now).order_by("due_at", "pk").values("pk")[:1]
        rows = list(
            open_.filter(Q(due_at__lte=now) | Q(pk=Subquery(next_one)))
            .select_related("interview__company", "contact")
            .order_by("due_at", "pk")[: DASHBOARD_LIMIT + 2]
        )
        due = [r for r in rows if r.due_at <= now]
        shown = due[:DASHBOARD_LIMIT]
        later = [r.overdue_at for r in shown if r.overdue_at > now]
        later += [r.due_at for r in rows if r.due_at > now]
        return {
            "reminders": shown,
            "more": len(due) > DASHBOARD_LIMIT,
            "drawn_at": now,
            "good_until": min(later, default=None),
        }

    kept = cached_for_person(user, "reminders:dashboard-due", due_now, usable=holds_at(now))
    return {"reminders": kept["reminders"], "more": kept["more"]}


@register.inclusion_tag("reminders/panels/calendar_feed_panel.html", takes_context=True)
def calendar_feed_panel(context):
    """Settings' calendar section: the private feed's URLs and its switches."""
    user = context["request"].user
    feed = CalendarFeed.objects.filter(owner=user).first()
    return {"feed": feed, "urls": feed_urls(feed) if feed else None}
