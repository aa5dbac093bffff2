"""Notes, reviews and plan items, stories, reminders, the calendar feed's settings, the
inbox and the export: each through the function its page calls."""

import json
from datetime import date, datetime
from typing import Literal

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from accounts.security import recently_reauthenticated
from accounts.services import user_export_data
from api.auth import ApiRequest
from api.core import form_problem
from api.enums import NoteSentHow, NoteStatus, ReminderKind, ReminderStatus, ReviewStatus
from api.paging import paginate
from api.problems import Problem
from api.writes import IF_MATCH, check_if_match, locked_for_write
from inbox.forms import MessageUploadForm
from inbox.models import InboxMessage
from inbox.services import inbox_receive
from interviews.models import Interview
from notes import composer, documents
from notes.forms import NoteForm, NoteSentForm
from notes.models import ThankYouNote
from notes.pdf import PdfError
from notes.services import (
    note_delete,
    note_set_status,
    note_update,
    notes_start_for_interview,
)
from reminders.actions import reminder_mark_done, reminder_snooze
from reminders.feed import (
    calendar_feed_replace,
    calendar_feed_set_details,
    calendar_feed_turn_off,
    feed_urls,
)
from reminders.models import CalendarFeed, Reminder
from reviews.models import Question, Review

router = Router()
PDF_SCHEMA = {"type": "string", "format": "binary"}


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# --- Notes --------------------------------------------------------------------------------


class NoteOut(Schema):
    id: int
    interview_id: int
    recipient_id: int
    kind: str
    sequence: int
    salutation: str
    body: str
    closing: str
    signature: str
    card_format: str
    typeface: str
    status: str
    sent_on: date | None
    sent_how: str
    created_at: datetime
    updated_at: datetime


class NotePage(Schema):
    items: list[NoteOut]
    next_cursor: str | None


def _notes(user):
    return ThankYouNote.objects.for_user(user).with_related()


@router.get("/notes", response=NotePage, tags=["Notes"], summary="List notes")
def note_list(
    request: ApiRequest,
    interview: int | None = None,
    status: NoteStatus | None = None,
    cursor: str | None = None,
    limit: int = 50,
):
    qs = _notes(request.auth)
    if interview is not None:
        qs = qs.filter(interview_id=interview)
    if status:
        qs = qs.filter(status=status)
    rows, nxt = paginate(qs, cursor=cursor, limit=limit)
    return {"items": rows, "next_cursor": nxt}


@router.get("/notes/{int:note_id}", response=NoteOut, tags=["Notes"])
def note_detail(request: ApiRequest, note_id: int):
    return get_object_or_404(_notes(request.auth), pk=note_id)


@router.post(
    "/interviews/{int:interview_id}/notes",
    response=list[NoteOut],
    tags=["Notes"],
    summary="Draft a note for each interviewer",
)
def notes_start(request: ApiRequest, interview_id: int):
    """Drafts a thank-you note for each interviewer who has none yet, from what they said
    (their listening hooks); returns every note of the interview. Calling it again drafts
    nothing twice."""
    interview = get_object_or_404(
        Interview.objects.for_user(request.auth).with_related(), pk=interview_id
    )
    return notes_start_for_interview(interview=interview)


class NotePatch(Strict):
    salutation: str | None = None
    body: str | None = None
    closing: str | None = None
    signature: str | None = None
    card_format: str | None = None
    typeface: str | None = None


@router.patch(
    "/notes/{int:note_id}",
    response=NoteOut,
    tags=["Notes"],
    summary="Edit a note",
    openapi_extra=IF_MATCH,
)
def note_edit(request: ApiRequest, note_id: int, payload: NotePatch):
    sent = payload.model_dump(exclude_unset=True)
    with transaction.atomic():
        note = locked_for_write(request, _notes(request.auth), note_id, NoteOut)
        data = {name: getattr(note, name) for name in NoteForm.Meta.fields}
        data.update({k: ("" if v is None else v) for k, v in sent.items()})
        form = NoteForm(data, instance=note)
        if not form.is_valid():
            raise form_problem(form)
        note_update(note=note, **form.cleaned_data)
    return _notes(request.auth).get(pk=note_id)


@router.delete(
    "/notes/{int:note_id}",
    response={204: None},
    tags=["Notes"],
    summary="Delete a note",
    openapi_extra=IF_MATCH,
)
def note_delete_endpoint(request: ApiRequest, note_id: int):
    """Drafting the interview's notes again starts a new one for that interviewer."""
    with transaction.atomic():
        note = locked_for_write(request, _notes(request.auth), note_id, NoteOut)
        note_delete(note=note)
    return Status(204, None)


class NoteStatusIn(Strict):
    status: NoteStatus
    sent_on: date | None = None
    sent_how: NoteSentHow | None = None


@router.post(
    "/notes/{int:note_id}/status",
    response=NoteOut,
    tags=["Notes"],
    summary="Mark a note",
    openapi_extra=IF_MATCH,
)
def note_status(request: ApiRequest, note_id: int, payload: NoteStatusIn):
    """Draft, ready (only with nothing left to write, and fitting its card: else 409) or
    sent (with ``sent_on`` and ``sent_how``)."""
    with transaction.atomic():
        note = locked_for_write(request, _notes(request.auth), note_id, NoteOut)
        if payload.status == ThankYouNote.Status.SENT:
            form = NoteSentForm(
                {"sent_on": payload.sent_on or "", "sent_how": payload.sent_how or ""},
                user=request.auth,
            )
            if not form.is_valid():
                raise form_problem(form)
            note_set_status(note=note, status=payload.status, **form.cleaned_data)
        else:
            if payload.status == ThankYouNote.Status.READY:
                _printable(note)
            note_set_status(note=note, status=payload.status)
    return _notes(request.auth).get(pk=note_id)


def _printable(note: ThankYouNote) -> None:
    """The composer's own checks before "ready" or a card: no gap left, and it fits."""
    left = composer.left_to_write(note.body, composer.guide_for_note(note))
    if left:
        raise Problem(
            409,
            "There is still something for you to write in the note: " + "; ".join(left),
            kind="note-unfinished",
        )
    overflow = documents.card_overflow(note)
    if overflow is not None:
        raise Problem(409, overflow.message, kind="note-overflows")


@router.get(
    "/notes/{int:note_id}/card.pdf",
    tags=["Notes"],
    summary="The note's card as a PDF",
    openapi_extra={
        "responses": {
            200: {
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
            }
        }
    },
)
def note_card_pdf(request: ApiRequest, note_id: int):
    note = get_object_or_404(_notes(request.auth), pk=note_id)
    _printable(note)
    try:
        html = documents.note_html(note, "card")
        etag = documents.etag_for(html)
        data = documents.pdf_for_html(html, etag, owner_id=request.auth.pk)
    except PdfError as exc:
        raise Problem(503, str(exc), kind="pdf-unavailable", headers={"Retry-After": "5"}) from exc
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = documents.content_disposition(
        "attachment",
        documents.filename_for(note, "card"),
        documents.unicode_filename_for(note, "card"),
    )
    response["ETag"] = f'"{etag}"'
    patch_cache_control(response, private=True, no_cache=True)
    return response


# --- Reviews, plan items, stories -------------------------------------------------------


class QuestionOut(Schema):
    id: int
    text: str
    theme: str
    comfort: int | None
    next_time: str
    story_id: int | None


class ReviewOut(Schema):
    id: int
    interview_id: int
    status: str
    what_happened: str
    went_well: str
    struggles: str
    strategy: str
    overlooked_experience: str
    want_to_work_there: int | None
    want_this_boss: int | None
    rapport: int | None
    excitement_after: int | None
    culture_notes: str
    deal_breakers: str
    takeaways: str
    completed_at: datetime | None
    questions: list[QuestionOut]
    updated_at: datetime

    @staticmethod
    def resolve_questions(obj) -> list:
        return list(obj.questions.all())


class ReviewPage(Schema):
    items: list[ReviewOut]
    next_cursor: str | None


def _reviews(user):
    return Review.objects.for_user(user).prefetch_related(models_prefetch_questions())


def models_prefetch_questions():
    from django.db.models import Prefetch

    return Prefetch("questions", queryset=Question.objects.order_by("pk"))


@router.get("/reviews", response=ReviewPage, tags=["Reviews"], summary="List self-reviews")
def review_list(
    request: ApiRequest,
    status: ReviewStatus | None = None,
    interview: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
):
    qs = _reviews(request.auth)
    if status:
        qs = qs.filter(status=status)
    if interview is not None:
        qs = qs.filter(interview_id=interview)
    rows, nxt = paginate(qs, cursor=cursor, limit=limit)
    return {"items": rows, "next_cursor": nxt}


@router.get("/reviews/{int:review_id}", response=ReviewOut, tags=["Reviews"])
def review_detail(request: ApiRequest, review_id: int):
    return get_object_or_404(_reviews(request.auth), pk=review_id)


# --- Reminders --------------------------------------------------------------------------


class ReminderOut(Schema):
    id: int
    interview_id: int
    kind: str
    contact_id: int | None
    status: str
    due_at: datetime
    snoozed_until: datetime | None
    sent_at: datetime | None
    done_at: datetime | None
    can_snooze: bool
    can_mark_done: bool


class ReminderPage(Schema):
    items: list[ReminderOut]
    next_cursor: str | None


def _reminders(user):
    return Reminder.objects.for_user(user).select_related("owner", "interview")


@router.get("/reminders", response=ReminderPage, tags=["Reminders"], summary="List reminders")
def reminder_list(
    request: ApiRequest,
    status: ReminderStatus | None = None,
    kind: ReminderKind | None = None,
    interview: int | None = None,
    due_after: datetime | None = None,
    due_before: datetime | None = None,
    cursor: str | None = None,
    limit: int = 50,
):
    qs = _reminders(request.auth)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if interview is not None:
        qs = qs.filter(interview_id=interview)
    if due_after is not None:
        qs = qs.filter(due_at__gte=due_after)
    if due_before is not None:
        qs = qs.filter(due_at__lt=due_before)
    rows, nxt = paginate(qs, cursor=cursor, limit=limit, order="due_at")
    return {"items": rows, "next_cursor": nxt}


@router.get("/reminders/{int:reminder_id}", response=ReminderOut, tags=["Reminders"])
def reminder_detail(request: ApiRequest, reminder_id: int):
    return get_object_or_404(_reminders(request.auth), pk=reminder_id)


@router.post(
    "/reminders/{int:reminder_id}/done",
    response=ReminderOut,
    tags=["Reminders"],
    summary="Mark a reminder done",
)
def reminder_done(request: ApiRequest, reminder_id: int):
    reminder = get_object_or_404(_reminders(request.auth), pk=reminder_id)
    if not reminder_mark_done(reminder=reminder):
        raise Problem(409, "This reminder is already settled.", kind="reminder-settled")
    return _reminders(request.auth).get(pk=reminder_id)


@router.post(
    "/reminders/{int:reminder_id}/snooze",
    response=ReminderOut,
    tags=["Reminders"],
    summary="Snooze a reminder for a day",
)
def reminder_snooze_endpoint(request: ApiRequest, reminder_id: int):
    reminder = get_object_or_404(_reminders(request.auth), pk=reminder_id)
    if not reminder_snooze(reminder=reminder):
        raise Problem(409, "This reminder cannot be snoozed any more.", kind="reminder-settled")
    return _reminders(request.auth).get(pk=reminder_id)


# --- The calendar feed's settings --------------------------------------------------------


class FeedOut(Schema):
    on: bool
    include_details: bool
    url: str | None = Field(None, description="Shown while the feed is on; keep it private.")
    webcal_url: str | None = None


class FeedIn(Strict):
    on: bool | None = None
    include_details: bool | None = None
    replace_url: bool = False


def _feed(user) -> dict:
    feed = CalendarFeed.objects.filter(owner=user).first()
    if feed is None:
        return {"on": False, "include_details": False}
    urls = feed_urls(feed)
    return {
        "on": True,
        "include_details": feed.include_details,
        "url": urls["https"],
        "webcal_url": urls["webcal"],
    }


@router.get("/calendar-feed", response=FeedOut, tags=["Reminders"])
def feed_detail(request: ApiRequest):
    return _feed(request.auth)


@router.patch("/calendar-feed", response=FeedOut, tags=["Reminders"], openapi_extra=IF_MATCH)
def feed_update(request: ApiRequest, payload: FeedIn):
    """Turn the feed on or off, give it a new URL (the old one stops working), or choose
    whether event titles carry details."""
    user = request.auth
    replacing = payload.replace_url and CalendarFeed.objects.filter(owner=user).exists()
    # A browser session replaces a URL someone may be reading only as the page does: after
    # proving it is them (their second factor if they have one).
    session = getattr(request, "api_token", None) is None
    if replacing and session and not recently_reauthenticated(request):
        raise Problem(
            403,
            "Prove it is you first: replace the URL from Settings.",
            kind="reauthentication-required",
        )
    with transaction.atomic():
        # The feed may not exist yet, so the person's own row is what is locked.
        get_user_model().objects.select_for_update().get(pk=user.pk)
        check_if_match(request, _feed(user), FeedOut)
        if payload.on is False:
            calendar_feed_turn_off(user=user)
        elif payload.replace_url or (
            payload.on and not CalendarFeed.objects.filter(owner=user).exists()
        ):
            calendar_feed_replace(user=user)
        if payload.include_details is not None and payload.on is not False:
            calendar_feed_set_details(user=user, include_details=payload.include_details)
    return _feed(user)


# --- Inbox and export -------------------------------------------------------------------


class InboxIn(Strict):
    raw: str = Field(description="The message's source (RFC 5322), as 'Show original' gives it.")


class InboxOut(Schema):
    status: Literal["accepted", "duplicate"]
    message_id: int | None


@router.post(
    "/inbox/messages",
    response={202: InboxOut, 200: InboxOut},
    tags=["Inbox"],
    summary="Hand in an email to be read",
)
def inbox_submit(request: ApiRequest, payload: InboxIn):
    """Stored and read in the background, as a pasted message on the inbox page is; its
    suggestion then waits on that page for the person to confirm. The same message twice
    changes nothing (200, ``duplicate``)."""
    form = MessageUploadForm({"source": payload.raw})
    if not form.is_valid():
        raise form_problem(form)
    received = inbox_receive(
        raw=form.cleaned_data["raw"], via=InboxMessage.Via.PASTE, owner=request.auth
    )
    if received.status == "rate_limited":
        raise Problem(
            429,
            "That is a lot of emails in one hour; try again later.",
            kind="rate-limited",
            headers={"Retry-After": "3600"},
        )
    if not received.ok:
        raise Problem(
            503,
            "This email could not be taken in; try again later.",
            kind="unavailable",
            headers={"Retry-After": "60"},
        )
    message = received.message
    return Status(
        202 if received.status == "accepted" else 200,
        {"status": received.status, "message_id": message.pk if message else None},
    )


@router.get("/export", tags=["Export"], summary="Everything you have stored, as JSON")
def export(request: ApiRequest):
    """The same file as Settings → Export my data. From a browser session, only after the
    person proved it is them recently (their second factor if they have one), as on the
    page (a stolen session must not carry the data away); a token was made for this on
    purpose."""
    if getattr(request, "api_token", None) is None and not recently_reauthenticated(request):
        raise Problem(
            403,
            "Prove it is you on the export page first (Settings → Export my data).",
            kind="reauthentication-required",
        )
    data = user_export_data(user=request.auth)
    return HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2), content_type="application/json"
    )
