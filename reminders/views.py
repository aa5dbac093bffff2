from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from reminders import tokens
from reminders.actions import reminder_mark_done, reminder_snooze, reminders_unsubscribe
from reminders.models import Reminder


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
