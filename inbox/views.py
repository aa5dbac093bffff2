"""The inbox page, a message's page, and the person's forwarding address.

Every message is reached through its owner (another person's id is a 404). Nothing changes
on GET. A message's HTML is never shown: only its text, escaped, with links as text.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.security import require_reauthentication
from common.uploads import upload_limits
from inbox.address import email_address, inbox_address_replace
from inbox.forms import (
    InboxSettingsForm,
    InterviewFromMessageForm,
    MessageUploadForm,
    MoveFromMessageForm,
    OutcomeFromMessageForm,
)
from inbox.models import InboxAddress, InboxMessage
from inbox.selectors import inbox_done, inbox_waiting
from inbox.services import (
    ConfirmError,
    inbox_confirm,
    inbox_dismiss,
    inbox_receive,
    inbox_set_auto_apply,
)
from inbox.suggestions import describe
from interviews.models import Company

Status = InboxMessage.Status


@login_required
@require_http_methods(["GET", "POST"])
@upload_limits(
    body_bytes=settings.INBOX_MAX_MESSAGE_BYTES + 256 * 1024,
    file_bytes=settings.INBOX_MAX_MESSAGE_BYTES,
    message=f"This file is larger than {settings.INBOX_MAX_MESSAGE_BYTES // (1024 * 1024)} MB.",
)
def inbox(request):
    user = request.user
    form = MessageUploadForm()
    if request.method == "POST":
        form = MessageUploadForm(request.POST, request.FILES)
        if form.is_valid():
            received = inbox_receive(
                raw=form.cleaned_data["raw"], via=form.cleaned_data["via"], owner=user
            )
            if received.status == "duplicate":
                messages.info(request, "This email is in your inbox already; nothing changed.")
            elif received.ok:
                messages.success(request, "Got it. It is being read; its suggestion appears here.")
            elif received.status == "rate_limited":
                form.add_error(None, "That is a lot of emails in one hour; try again later.")
            else:
                form.add_error(None, "This email could not be taken in; try again later.")
            if received.ok:
                return redirect("inbox:inbox")
    address = InboxAddress.objects.filter(owner=user).first()
    # What waits for the person, or (one click away) what was dealt with: one list a page.
    show_done = request.GET.get("show") == "done"
    listed = (inbox_done if show_done else inbox_waiting)(user, page=request.GET.get("page"))
    return render(
        request,
        "inbox/inbox.html",
        {
            "form": form,
            "address": email_address(address) if address else "",
            "show_done": show_done,
            "listed": listed,
            "reading": any(getattr(row, "status", "") == Status.QUEUED for row in listed.rows),
        },
        status=400 if form.errors else 200,
    )


@login_required
def message_detail(request, message_pk: int):
    message = get_object_or_404(
        InboxMessage.objects.for_user(request.user)
        .defer("raw")
        .select_related("application__company", "interview__company"),
        pk=message_pk,
    )
    if request.method not in ("GET", "HEAD"):
        # Another person's id is a 404 whatever the method; only then the method is refused.
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _detail(request, message)


def _detail(
    request, message, *, interview_form=None, outcome_form=None, move_form=None, status=200
):
    user = request.user
    s = message.suggestion or {}
    zone_name = s.get("time_zone") or user.time_zone
    if interview_form is None:
        interview_form = InterviewFromMessageForm(initial=_interview_initial(message, zone_name))
    candidates = s.get("keep_in_touch") or []
    if outcome_form is None:
        outcome_form = OutcomeFromMessageForm(
            owner=user,
            candidates=candidates,
            initial={
                "application": message.application_id,
                "kind": message.kind
                if message.kind in {"rejection", "offer", "next_round"}
                else "rejection",
                "keep_in_touch": [c["pk"] for c in candidates if c.get("suggested")],
            },
        )
    if move_form is None:
        move_form = MoveFromMessageForm(
            owner=user,
            initial={
                "interview": message.interview_id,
                "kind": "cancel" if message.kind == "cancel" else "reschedule",
                "starts_at": _local(s.get("starts_at"), zone_name),
                "time_zone": zone_name,
            },
        )
    return render(
        request,
        "inbox/message_detail.html",
        {
            "message": message,
            "line": describe(message, user.zone),
            "interview_form": interview_form,
            "outcome_form": outcome_form,
            "move_form": move_form,
            "company_names": Company.objects.for_user(user).values_list("name", flat=True),
        },
        status=status,
    )


def _local(value, zone_name: str):
    from datetime import datetime

    if not value:
        return None
    try:
        return datetime.fromisoformat(value).astimezone(ZoneInfo(zone_name)).replace(tzinfo=None)
    except ValueError:
        return None


def _interview_initial(message: InboxMessage, zone_name: str) -> dict:
    s = message.suggestion or {}
    people = "\n".join(
        f"{p.get('name', '')} <{p['email']}>" if p.get("email") else p.get("name", "")
        for p in s.get("people") or []
    )
    return {
        "company": s.get("company", ""),
        "role": s.get("role", ""),
        "starts_at": _local(s.get("starts_at"), zone_name),
        "time_zone": zone_name,
        "duration_minutes": s.get("duration_minutes") or 60,
        "format": s.get("format") or "video",
        "location": s.get("location") or s.get("meeting_url") or "",
        "round": s.get("round", ""),
        "people": people,
    }


@login_required
@require_POST
def message_confirm(request, message_pk: int):
    """One click from the list (``form=quick``: the suggestion as it is, with the
    keep-in-touch notes ticked), or a corrected form from the message's page."""
    user = request.user
    message = get_object_or_404(InboxMessage.objects.for_user(user).defer("raw"), pk=message_pk)
    which = request.POST.get("form", "quick")
    changes: dict = {}
    if which == "interview":
        form = InterviewFromMessageForm(request.POST)
        if not form.is_valid():
            return _detail(request, message, interview_form=form, status=400)
        changes = form.changes()
    elif which == "outcome":
        outcome_form = OutcomeFromMessageForm(
            request.POST, owner=user, candidates=message.suggestion.get("keep_in_touch") or []
        )
        if not outcome_form.is_valid():
            return _detail(request, message, outcome_form=outcome_form, status=400)
        changes = outcome_form.changes()
    elif which == "move":
        move_form = MoveFromMessageForm(request.POST, owner=user)
        if not move_form.is_valid():
            return _detail(request, message, move_form=move_form, status=400)
        changes = move_form.changes()
    else:
        changes = {"keep_in_touch": request.POST.getlist("keep_in_touch")}
    try:
        done = inbox_confirm(message=message, changes=changes)
    except ConfirmError as error:
        messages.error(request, str(error))
        return redirect(message)
    if done.status == Status.APPLIED and done.result:
        messages.success(request, done.result)
    else:
        messages.info(request, "This message was already dealt with; nothing changed.")
    if done.interview is not None:
        return redirect(done.interview)
    if done.application is not None:
        return redirect(done.application)
    return redirect("inbox:inbox")


@login_required
@require_POST
def message_dismiss(request, message_pk: int):
    message = get_object_or_404(
        InboxMessage.objects.for_user(request.user).defer("raw"), pk=message_pk
    )
    if inbox_dismiss(message=message):
        messages.info(request, "Put aside; nothing changed.")
    return redirect("inbox:inbox")


@login_required
@require_POST
def address_replace(request):
    """A plain POST: the old address stops at once. Replacing one that exists asks the
    person to prove it is them first (their second factor if they have one)."""
    if InboxAddress.objects.filter(owner=request.user).exists():
        require_reauthentication(request)
    inbox_address_replace(user=request.user)
    messages.success(
        request, "Your forwarding address is replaced; mail to the old one is refused now."
    )
    return redirect("inbox:inbox" if request.POST.get("next") == "inbox" else "accounts:profile")


@login_required
@require_POST
def address_settings(request):
    form = InboxSettingsForm(request.POST)
    if form.is_valid():
        inbox_set_auto_apply(
            user=request.user, enabled=form.cleaned_data["auto_apply_invite_updates"]
        )
        messages.success(request, "Your inbox choice is saved.")
    return redirect("accounts:profile")
