from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotModified,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.security import (
    RateLimitUnavailable,
    client_ip,
    require_reauthentication,
    within_rate,
)
from interviews.models import Application, Interview
from notes.services import keep_in_touch_note_start
from reminders import selectors, tokens
from reminders.actions import reminder_mark_done, reminder_snooze, reminders_unsubscribe
from reminders.feed import (
    calendar_feed_find,
    calendar_feed_replace,
    calendar_feed_set_details,
    calendar_feed_turn_off,
)
from reminders.forms import KeepInTouchForm
from reminders.ical import CalendarFile, feed_calendar, interview_calendar
from reminders.keep_in_touch import keep_in_touch_candidates, keep_in_touch_plan
from reminders.models import CalendarFeed, Reminder


@login_required
@require_safe
def due_list(request):
    """Every due and overdue follow-up, oldest first: where the dashboard's "Show all"
    leads when more are due than it shows."""
    reminders, total = selectors.due_follow_ups(
        request.user, timezone.now(), limit=selectors.DUE_PAGE_LIMIT
    )
    return render(
        request,
        "reminders/due_list.html",
        {"reminders": reminders, "more": total > len(reminders), "total": total},
    )


@login_required
@require_POST
def reminder_snooze_view(request, reminder_pk: int):
    reminder = get_object_or_404(
        Reminder.objects.for_user(request.user).select_related("owner", "interview"),
        pk=reminder_pk,
    )
    if reminder_snooze(reminder=reminder):
        messages.success(request, f"{reminder.get_kind_display()}: snoozed for a day.")
    else:
        messages.info(request, "That reminder cannot be snoozed any more.")
    return redirect(reminder.interview)


@login_required
@require_POST
def reminder_done_view(request, reminder_pk: int):
    reminder = get_object_or_404(
        Reminder.objects.for_user(request.user).select_related("interview"), pk=reminder_pk
    )
    if reminder_mark_done(reminder=reminder):
        messages.success(request, f"{reminder.get_kind_display()}: marked done.")
    else:
        messages.info(request, "That reminder is already settled.")
    return redirect(reminder.interview)


def _bad_link(request, what: str):
    return render(request, "reminders/bad_link.html", {"what": what}, status=400)


@require_http_methods(["GET", "POST"])
def email_action(request, token: str):
    """Snooze or done from an email. GET shows a button; only the POST changes anything,
    so a mail scanner that follows links cannot snooze or settle a reminder."""
    try:
        parsed = tokens.read_action_token(token)
    except tokens.BadToken:
        return _bad_link(request, "snooze or done")
    reminder = (
        Reminder.objects.select_related("owner", "interview__company")
        .filter(pk=parsed.reminder_id)
        .first()
    )
    if reminder is None:
        return _bad_link(request, "snooze or done")
    current = tokens.due_stamp(reminder.due_at) == parsed.due_stamp and (
        reminder.can_snooze if parsed.action == "snooze" else reminder.can_mark_done
    )
    context = {"reminder": reminder, "action": parsed.action, "current": current, "done": False}
    if request.method == "POST" and current:
        if parsed.action == "snooze":
            context["done"] = reminder_snooze(reminder=reminder)
        else:
            context["done"] = reminder_mark_done(reminder=reminder)
        context["current"] = False
    return render(request, "reminders/email_action.html", context)


@csrf_exempt  # RFC 8058: the mail client POSTs with no cookie and no CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """One-click unsubscribe from one kind of reminder. GET only asks; POST unsubscribes."""
    try:
        parsed = tokens.read_unsubscribe_token(token)
    except tokens.BadToken:
        return _bad_link(request, "unsubscribe")
    if parsed.kind not in Reminder.Kind.values:
        return _bad_link(request, "unsubscribe")
    user = get_user_model().objects.filter(pk=parsed.user_id, is_active=True).first()
    if user is None:
        return _bad_link(request, "unsubscribe")
    kind_label = Reminder.Kind(parsed.kind).label
    changed = None
    if request.method == "POST":
        changed = reminders_unsubscribe(user=user, kind=parsed.kind)
    return render(
        request,
        "reminders/unsubscribe.html",
        {
            "kind_label": kind_label,
            "email": user.email,
            "posted": request.method == "POST",
            "changed": changed,
        },
    )


# --- The private calendar feed ------------------------------------------------------------


def _too_many(retry_after: int = 3600) -> HttpResponse:
    response = HttpResponse("Too many requests.\n", status=429, content_type="text/plain")
    response["Retry-After"] = str(retry_after)
    return response


@require_safe
def calendar_feed(request, token: str):
    """The person's feed, reached by its secret URL alone (no session, no cookie).

    A wrong, replaced or turned-off token is the same plain 404 whatever the reason, and
    past ``REMINDERS_FEED_MISSES_PER_HOUR`` of them from one address, a 429. A valid token
    is never refused for those misses: calendar services fetch many people's feeds from a
    few shared addresses, so one stale URL must not lock out the rest. It has its own
    limit, ``REMINDERS_FEED_FETCHES_PER_HOUR``. With the cache down neither can be counted:
    a valid token is served (the token is what guards the feed; the count only guards
    load), a wrong one is the plain 404.
    """
    feed = calendar_feed_find(token)
    try:
        if feed is None:
            if not within_rate(
                f"feed-miss:{client_ip(request)}",
                limit=settings.REMINDERS_FEED_MISSES_PER_HOUR,
                window_seconds=3600,
            ):
                return _too_many()
            raise Http404
        fetches = settings.REMINDERS_FEED_FETCHES_PER_HOUR
        if not within_rate(f"feed:{feed.pk}", limit=fetches, window_seconds=3600):
            return _too_many()
    except RateLimitUnavailable:
        if feed is None:
            raise Http404 from None
    return _calendar_response(
        request, feed_calendar(user=feed.owner, details=feed.include_details)
    )


def _calendar_response(request, calendar: CalendarFile, *, filename: str = "") -> HttpResponse:
    """``text/calendar`` with a strong ETag; a repeat fetch of unchanged data gets a 304
    without the calendar being written at all."""
    etag = calendar.etag
    response: HttpResponse
    if etag in {e if e.startswith('"') else f'"{e}"' for e in _if_none_match(request)}:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(calendar.render(), content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _if_none_match(request) -> list[str]:
    header = request.headers.get("If-None-Match", "")
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


@login_required
@require_POST
def calendar_feed_settings(request):
    """Settings' calendar panel: turn the feed on, replace its URL, turn it off, or choose
    whether titles carry details."""
    action = request.POST.get("action")
    if action == "replace":
        had_one = CalendarFeed.objects.filter(owner=request.user).exists()
        if had_one:  # a new URL for a feed someone may be reading: prove it is you
            require_reauthentication(request)
        calendar_feed_replace(user=request.user)
        messages.success(
            request,
            "Your calendar feed has a new URL; the old one no longer works."
            if had_one
            else "Your calendar feed is on. Subscribe to its URL in your calendar app.",
        )
    elif action == "off":
        calendar_feed_turn_off(user=request.user)
        messages.success(request, "Your calendar feed is off; its URL no longer works.")
    elif action == "details":
        details = request.POST.get("include_details") == "on"
        if calendar_feed_set_details(user=request.user, include_details=details):
            messages.success(
                request,
                "Event titles now show the role, round, place and interviewers."
                if details
                else "Event titles now name only the company and the kind of event.",
            )
    else:
        return HttpResponseBadRequest("Unknown action.")
    return redirect(reverse("accounts:profile") + "#calendar-heading")


@login_required
def interview_calendar_download(request, interview_pk: int):
    """One interview and its open follow-ups as an .ics file to add to a calendar once."""
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("company", "owner"),
        pk=interview_pk,
    )
    name = slugify(interview.company.name)[:40] or "interview"
    return _calendar_response(
        request, interview_calendar(interview=interview), filename=f"interview-{name}.ics"
    )


# --- Keep in touch after a "no" -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def keep_in_touch_plan_view(request, application_pk: int):
    """Choose whom to write to after a "no", and when (about three and six months on)."""
    application = get_object_or_404(
        Application.objects.for_user(request.user).select_related("company", "owner"),
        pk=application_pk,
    )
    candidates = keep_in_touch_candidates(application)
    planned = list(
        Reminder.objects.filter(interview__application=application, contact__isnull=False)
        .select_related("contact")
        .order_by("planned_for", "pk")
    )
    form = KeepInTouchForm(
        request.POST or None,
        candidates=candidates,
        chosen={r.contact_id for r in planned if r.contact_id},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rows = keep_in_touch_plan(
                    application=application,
                    contacts=form.cleaned_data["people"],
                    months=form.months(),
                )
            except ValueError as error:
                form.add_error(None, str(error))
            else:
                people = {r.contact_id for r in rows}
                messages.success(
                    request,
                    f"Planned: {len(rows)} keep-in-touch note{'s' if len(rows) != 1 else ''} "
                    f"to {len(people)} {'person' if len(people) == 1 else 'people'}. "
                    "You will get an email when each is due."
                    if rows
                    else "No keep-in-touch notes are planned.",
                )
                return redirect(f"{application.get_absolute_url()}#keep-in-touch-heading")
        messages.error(request, "Nothing was planned; see the messages below.")
        status = 400
    return render(
        request,
        "reminders/keep_in_touch_plan.html",
        {
            "application": application,
            "form": form,
            "candidates": candidates,
            "planned": planned,
        },
        status=status,
    )


@login_required
@require_POST
def keep_in_touch_write(request, reminder_pk: int):
    """Opens the planned keep-in-touch note in the composer, starting its draft if new."""
    reminder = get_object_or_404(
        Reminder.objects.for_user(request.user).select_related(
            "interview__owner", "interview__company", "interview__application", "contact"
        ),
        pk=reminder_pk,
        contact__isnull=False,
    )
    assert reminder.contact is not None  # filtered above
    try:
        note = keep_in_touch_note_start(
            interview=reminder.interview, recipient=reminder.contact, sequence=reminder.sequence
        )
    except ValueError as error:
        messages.error(request, str(error))
        return redirect(reminder.interview.application)
    return redirect(note)
