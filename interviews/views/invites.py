"""Importing an interview from a calendar invite: upload → preview → save.

A later version of an invite already imported (same UID, higher SEQUENCE) moves the
interview; an older or the same version changes nothing; a cancellation asks first.
Nothing is saved until the person confirms, and a refused invite saves nothing.
"""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from common.uploads import upload_limits
from interviews.invite_forms import (
    InvitePeopleFormSet,
    InvitePreviewForm,
    InviteUploadForm,
    pack_invite,
    unpack_invite,
)
from interviews.invites import (
    INVITE_MAX_BYTES,
    Invite,
    InviteError,
    contacts_by_email,
    decode_invite,
    read_invite,
    suggest_company,
)
from interviews.models import Company, Interview
from interviews.services import (
    interview_cancel_from_invite,
    interview_import_invite,
    interview_update_from_invite,
)


def _read(user, data) -> tuple[Invite, str]:
    text = decode_invite(data)
    return read_invite(text, own_emails=(user.email,), zone=user.zone), text


def _imported(user, invite: Invite) -> Interview | None:
    return (
        Interview.objects.for_user(user)
        .filter(invite_uid=invite.uid)
        .select_related("company")
        .first()
    )


def _refuse(request, message: str):
    """The upload page again, saying why the invite cannot be imported; nothing saved."""
    return render(
        request,
        "interviews/invite_import.html",
        {"form": InviteUploadForm(), "refusal": message},
        status=400,
    )


# The upload form holds a file of at most INVITE_MAX_BYTES and a pasted text of as many
# characters (up to 4 bytes each in UTF-8), and little else.
INVITE_UPLOAD_BODY_BYTES = 5 * INVITE_MAX_BYTES + 64 * 1024


@login_required
@require_http_methods(["GET", "POST"])
@upload_limits(
    body_bytes=INVITE_UPLOAD_BODY_BYTES,
    file_bytes=INVITE_MAX_BYTES,
    message=f"This file is larger than {INVITE_MAX_BYTES // 1024} KB; an invite is much smaller.",
    refuse=_refuse,
)
def invite_import(request):
    if request.method == "POST":
        form = InviteUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "interviews/invite_import.html", {"form": form}, status=400)
        try:
            invite, text = _read(request.user, form.cleaned_data["invite"])
        except InviteError as error:
            return _refuse(request, str(error))
        existing = _imported(request.user, invite)
        if existing is not None:
            return _known_invite(request, existing, invite, text)
        if invite.cancelled:
            return _refuse(
                request,
                "This invite cancels a meeting that is not in Afterview, so there is nothing "
                "to import.",
            )
        return _preview(request, invite, text)
    return render(request, "interviews/invite_import.html", {"form": InviteUploadForm()})


def _known_invite(request, interview: Interview, invite: Invite, text: str):
    """An invite whose UID was imported before: move, ask to cancel, or change nothing."""
    imported = interview.invite_sequence or 0
    if invite.cancelled:
        if interview.is_cancelled:
            messages.info(request, "This interview is already marked cancelled.")
        elif invite.sequence < imported:
            messages.info(
                request,
                "This cancellation is older than the invite you imported; nothing changed.",
            )
        else:
            return render(
                request,
                "interviews/invite_cancel_confirm.html",
                {"interview": interview, "invite": invite, "packed": pack_invite(text)},
            )
        return redirect(interview)
    if invite.sequence < imported:
        messages.info(
            request, "This is an older version of an invite you imported; nothing changed."
        )
        return redirect(interview)
    before = interview.starts_at
    # A higher SEQUENCE, or the same one saying something else (a new place): an update.
    if interview_update_from_invite(interview=interview, invite=invite):
        when = date_format(timezone.localtime(interview.starts_at), "D j M Y, H:i")
        if interview.starts_at != before:
            messages.success(request, f"Updated from the newer invite: now {when}.")
        else:
            messages.success(request, "Updated from the newer invite.")
    else:
        messages.info(request, "You imported this invite already; nothing changed.")
    return redirect(interview)


def _preview(request, invite: Invite, text: str, *, form=None, formset=None, status=200):
    user = request.user
    if form is None:
        company, _ = suggest_company(owner=user, invite=invite)
        zone_name = invite.time_zone or user.time_zone
        local = invite.starts_at.astimezone(ZoneInfo(zone_name))
        form = InvitePreviewForm(
            initial={
                "invite": pack_invite(text),
                "company_name": company,
                "role": invite.role,
                "starts_at": local.replace(tzinfo=None),
                "time_zone": zone_name,
                "duration_minutes": invite.duration_minutes,
                "format": invite.format,
                "location": invite.location,
                "round": invite.round,
            }
        )
    if formset is None:
        formset = InvitePeopleFormSet(
            prefix="people",
            initial=[
                {"include": not person.absent, "name": person.name, "email": person.email}
                for person in invite.people[:12]
            ],
        )
    known = contacts_by_email(owner=user, emails=[f["email"].value() or "" for f in formset.forms])
    rows = [(f, known.get((f["email"].value() or "").lower())) for f in formset.forms]
    return render(
        request,
        "interviews/invite_preview.html",
        {
            "form": form,
            "formset": formset,
            "rows": rows,
            "invite": invite,
            "company_names": Company.objects.for_user(user).values_list("name", flat=True),
        },
        status=status,
    )


@login_required
@require_POST
def invite_save(request):
    form = InvitePreviewForm(request.POST)
    formset = InvitePeopleFormSet(request.POST, prefix="people")
    try:
        invite, text = _read(request.user, unpack_invite(request.POST.get("invite", "")))
    except InviteError as error:
        return _refuse(request, str(error))
    existing = _imported(request.user, invite)
    if existing is not None:  # saved already (a second click, or another tab)
        return _known_invite(request, existing, invite, text)
    if invite.cancelled:
        return _refuse(request, "This invite is a cancellation.")
    if not (form.is_valid() and formset.is_valid()):
        messages.error(request, "Some fields need another look; nothing you typed was lost.")
        return _preview(request, invite, text, form=form, formset=formset, status=400)
    interview = interview_import_invite(
        owner=request.user,
        invite_uid=invite.uid,
        invite_sequence=invite.sequence,
        invite_digest=invite.content_digest,
        people=formset.people(),
        **form.service_fields(),
    )
    messages.success(request, f"Imported {interview} from the invite.")
    return redirect(interview)


@login_required
@require_POST
def invite_cancel(request):
    """The second step of a cancellation: the person said yes."""
    try:
        invite, _ = _read(request.user, unpack_invite(request.POST.get("invite", "")))
    except InviteError as error:
        return _refuse(request, str(error))
    interview = _imported(request.user, invite)
    if interview is None or not invite.cancelled:
        return _refuse(request, "This is not a cancellation of an interview.")
    if interview_cancel_from_invite(interview=interview, invite=invite):
        messages.success(request, f"Marked {interview} cancelled; its reminders are off.")
    else:
        messages.info(request, "Nothing changed.")
    return redirect(interview)
