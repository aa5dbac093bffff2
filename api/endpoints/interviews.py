"""Applications, interviews (rounds), contacts and listening hooks.

Writes go through the pages' own forms and services (``InterviewForm`` then
``interview_create`` / ``interview_update``; ``ListeningHooksForm`` then
``listening_hooks_set``), so validation, field limits and reminder re-planning are the
same whichever way a change comes in.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from api.auth import ApiRequest
from api.core import api, form_problem
from api.enums import HookPlacement, InterviewFormat, InterviewOutcome
from api.paging import paginate
from api.problems import Problem
from api.writes import IDEMPOTENCY_KEY, IF_MATCH, check_if_match, idempotent, locked_for_write
from interviews.forms import ContactForm, InterviewForm, ListeningHooksForm, OutcomeForm
from interviews.models import (
    Application,
    Contact,
    Interview,
    ListeningHook,
    outcome_q,
    round_outcome,
)
from interviews.services import (
    application_set_outcome,
    contact_create,
    contact_delete,
    interview_create,
    interview_delete,
    interview_update,
    listening_hooks_set,
)

router = Router(tags=["Interviews"])


class Strict(Schema):
    """A request body: an unknown field is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


# --- What is read -------------------------------------------------------------------------


class CompanyOut(Schema):
    id: int
    name: str


class ApplicationOut(Schema):
    id: int
    company: CompanyOut
    role: str
    posting_url: str
    outcome: str
    decision_date: date | None
    closed_at: datetime | None
    latest_round_at: datetime | None
    round_ids: list[int]
    created_at: datetime
    updated_at: datetime


class InterviewOut(Schema):
    id: int
    application_id: int
    company: CompanyOut
    role: str
    posting_url: str
    starts_at: datetime
    duration_minutes: int
    format: str
    location: str
    round: str
    interviewer_ids: list[int]
    learned: str
    intent: str
    excitement_before: int | None
    outcome: str
    decision_date: date | None
    cancelled: bool
    notes_done_at: datetime | None
    review_done_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ContactOut(Schema):
    id: int
    name: str
    greet_as: str
    greeting_name: str
    title: str
    company_id: int | None
    email: str
    postal_address: str
    notes: str
    created_at: datetime


class HookOut(Schema):
    id: int
    interview_id: int
    contact_id: int
    position: int
    text: str
    placement: str


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    next_cursor: str | None


class InterviewPage(Schema):
    items: list[InterviewOut]
    next_cursor: str | None


class ContactPage(Schema):
    items: list[ContactOut]
    next_cursor: str | None


# Applications and interviews are read as values (the columns their schema shows, and what
# a round's outcome is worked out from), their ids of rounds or interviewers with one more
# query, and answered in their schema's shape as they are (``_answer``), not validated
# again: the values come from our own columns and already have the schema's types, and the
# tests hold the answers to the schema. Model instances, a related manager per row and
# ninja's attribute-by-attribute validation were most of what a list cost (bench_api).

APPLICATION_COLUMNS = (
    "id",
    "role",
    "posting_url",
    "outcome",
    "decision_date",
    "closed_at",
    "latest_round_at",
    "created_at",
    "updated_at",
)
INTERVIEW_COLUMNS = (
    "id",
    "application_id",
    "role",
    "posting_url",
    "starts_at",
    "duration_minutes",
    "format",
    "location",
    "round",
    "learned",
    "intent",
    "excitement_before",
    "cancelled",
    "notes_done_at",
    "review_done_at",
    "created_at",
    "updated_at",
)
APPLICATION_FIELDS = tuple(ApplicationOut.model_fields)
INTERVIEW_FIELDS = tuple(InterviewOut.model_fields)


def _answer(request, data) -> HttpResponse:
    """A read's answer: ``data``, already in its schema's shape, rendered as ninja would."""
    return api.create_response(request, data, status=200)


def _grouped(pairs: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _application_rows(user):
    return Application.objects.for_user(user).values(
        *APPLICATION_COLUMNS, "company_id", company_name=F("company__name")
    )


def _applications_out(rows: list[dict]) -> list[dict]:
    """``rows`` (of ``_application_rows``) as ``ApplicationOut`` answers them."""
    rounds = _grouped(
        Interview.objects.filter(application_id__in=[row["id"] for row in rows])
        .order_by("-starts_at", "-pk")
        .values_list("application_id", "pk")
    )
    out = []
    for row in rows:
        row["company"] = {"id": row["company_id"], "name": row["company_name"]}
        row["round_ids"] = rounds.get(row["id"], [])
        out.append({name: row[name] for name in APPLICATION_FIELDS})
    return out


def _interview_rows(user):
    return Interview.objects.for_user(user).values(
        *INTERVIEW_COLUMNS,
        "company_id",
        company_name=F("company__name"),
        application_outcome=F("application__outcome"),
        latest_round_at=F("application__latest_round_at"),
        decision_date=F("application__decision_date"),
    )


def _interviews_out(rows: list[dict]) -> list[dict]:
    """``rows`` (of ``_interview_rows``) as ``InterviewOut`` answers them."""
    # The panel in the order the pages show it (``Contact``'s own: by name).
    panels = _grouped(
        Interview.interviewers.through.objects.filter(interview_id__in=[row["id"] for row in rows])
        .order_by(Lower("contact__name"), "contact_id")
        .values_list("interview_id", "contact_id")
    )
    out = []
    for row in rows:
        row["company"] = {"id": row["company_id"], "name": row["company_name"]}
        row["interviewer_ids"] = panels.get(row["id"], [])
        row["outcome"] = round_outcome(
            cancelled=row["cancelled"],
            starts_at=row["starts_at"],
            latest_round_at=row["latest_round_at"],
            application_outcome=row["application_outcome"],
        )
        out.append({name: row[name] for name in INTERVIEW_FIELDS})
    return out


def _only(rows) -> dict:
    """The one row of ``rows``, or a 404."""
    found = list(rows)
    if not found:
        raise Http404
    return found[0]


def _page(rows, next_cursor):
    return {"items": rows, "next_cursor": next_cursor}


@router.get("/applications", response=ApplicationPage, summary="List applications")
def application_list(
    request: ApiRequest,
    company: int | None = None,
    outcome: InterviewOutcome | None = None,
    state: Literal["open", "closed"] | None = None,
    cursor: str | None = None,
    limit: int = 50,
):
    """Newest first. ``state`` is ``open`` or ``closed``."""
    qs = _application_rows(request.auth)
    if company is not None:
        qs = qs.filter(company_id=company)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if state == "open":
        qs = qs.open()
    elif state == "closed":
        qs = qs.closed()
    rows, nxt = paginate(qs, cursor=cursor, limit=limit)
    return _answer(request, {"items": _applications_out(rows), "next_cursor": nxt})


@router.get("/applications/{int:application_id}", response=ApplicationOut)
def application_detail(request: ApiRequest, application_id: int):
    return _answer(request, _application_read(request.auth, application_id))


def _application_read(user, application_id: int) -> dict:
    """One application as a read answers it (a write answers and checks ``If-Match`` with it)."""
    return _applications_out([_only(_application_rows(user).filter(pk=application_id))])[0]


class ApplicationOutcomeIn(Strict):
    outcome: InterviewOutcome = Field(
        description="The decision for the whole application; a round is cancelled on its own."
    )
    decision_date: date | None = None


@router.put(
    "/applications/{int:application_id}/outcome",
    response=ApplicationOut,
    summary="Record an application's outcome",
    openapi_extra=IF_MATCH,
)
def application_outcome(request: ApiRequest, application_id: int, payload: ApplicationOutcomeIn):
    """As on the application's page: closing it (accepted, rejected, withdrawn, no response)
    ends its rounds still to come, and the reminders of every round re-plan."""
    with transaction.atomic():
        application = get_object_or_404(
            Application.objects.for_user(request.auth).select_for_update(), pk=application_id
        )
        check_if_match(request, _application_read(request.auth, application_id))
        form = OutcomeForm(
            {"outcome": payload.outcome, "decision_date": payload.decision_date or ""},
            instance=Application(owner_id=application.owner_id),
        )
        if not form.is_valid():
            raise form_problem(form)
        application_set_outcome(application=application, **form.cleaned_data)
    return _application_read(request.auth, application_id)


def _interviews(user):
    """The rows a write changes, with what its form reads."""
    return (
        Interview.objects.for_user(user)
        .select_related("company", "application")
        .prefetch_related("interviewers")
    )


@router.get("/interviews", response=InterviewPage, summary="List interviews (rounds)")
def interview_list(
    request: ApiRequest,
    company: int | None = None,
    outcome: InterviewOutcome | None = None,
    application: int | None = None,
    starts_after: datetime | None = None,
    starts_before: datetime | None = None,
    cursor: str | None = None,
    limit: int = 50,
):
    """Latest start first; ``starts_after`` / ``starts_before`` bound the start time."""
    qs = _interview_rows(request.auth)
    if company is not None:
        qs = qs.filter(company_id=company)
    if application is not None:
        qs = qs.filter(application_id=application)
    if outcome:
        qs = qs.filter(outcome_q(outcome))
    if starts_after is not None:
        qs = qs.filter(starts_at__gte=starts_after)
    if starts_before is not None:
        qs = qs.filter(starts_at__lt=starts_before)
    rows, nxt = paginate(qs, cursor=cursor, limit=limit, order="starts_at")
    return _answer(request, {"items": _interviews_out(rows), "next_cursor": nxt})


@router.get("/interviews/{int:interview_id}", response=InterviewOut)
def interview_detail(request: ApiRequest, interview_id: int):
    return _answer(request, _interview_read(request.auth, interview_id))


def _interview_read(user, interview_id: int) -> dict:
    """One interview as a read answers it (a write answers and checks ``If-Match`` with it)."""
    return _interviews_out([_only(_interview_rows(user).filter(pk=interview_id))])[0]


@router.get("/contacts", response=ContactPage, summary="List the people you met")
def contact_list(
    request: ApiRequest, company: int | None = None, cursor: str | None = None, limit: int = 50
):
    qs = Contact.objects.for_user(request.auth)
    if company is not None:
        qs = qs.filter(company_id=company)
    rows, nxt = paginate(qs, cursor=cursor, limit=limit)
    return _page(rows, nxt)


@router.get("/contacts/{int:contact_id}", response=ContactOut)
def contact_detail(request: ApiRequest, contact_id: int):
    return get_object_or_404(Contact.objects.for_user(request.auth), pk=contact_id)


@router.get("/interviews/{int:interview_id}/hooks", response=list[HookOut])
def hook_list(request: ApiRequest, interview_id: int):
    """What each interviewer said, asked or cared about (one to three each)."""
    interview = get_object_or_404(Interview.objects.for_user(request.auth), pk=interview_id)
    return _hooks_read(interview)


def _hooks_read(interview) -> list[dict]:
    """An interview's hooks as a read answers them (a write answers and checks ``If-Match``
    with them)."""
    rows = ListeningHook.objects.filter(interview=interview).order_by("contact_id", "position")
    return [HookOut.from_orm(row).model_dump() for row in rows]


# --- Writes ------------------------------------------------------------------------------


class NewInterviewer(Strict):
    name: str
    greet_as: str = ""
    title: str = ""
    email: str = ""
    postal_address: str = ""


class InterviewIn(Strict):
    company_name: str
    role: str
    starts_at: datetime = Field(
        description="With an offset (UTC or local); a time without one is read in your zone."
    )
    format: InterviewFormat = InterviewFormat.VIDEO
    duration_minutes: int = 60
    location: str = ""
    round: str = ""
    posting_url: str = ""
    interviewer_ids: list[int] = []
    new_interviewers: list[NewInterviewer] = Field(default=[], max_length=20)
    learned: str = ""
    excitement_before: int | None = None


class InterviewPatch(Strict):
    company_name: str | None = None
    role: str | None = None
    starts_at: datetime | None = None
    format: InterviewFormat | None = None
    duration_minutes: int | None = None
    location: str | None = None
    round: str | None = None
    posting_url: str | None = None
    interviewer_ids: list[int] | None = None
    new_interviewers: list[NewInterviewer] = Field(default=[], max_length=20)
    learned: str | None = None
    excitement_before: int | None = None


def _form_data(values: dict, instance: Interview | None) -> dict:
    """The body as the page's form would have posted it."""
    from django.utils import timezone

    data: dict = {}
    if instance is not None:
        local = instance.starts_at.astimezone(timezone.get_current_timezone())
        data = {
            "company_name": instance.company.name,
            "role": instance.role,
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "format": instance.format,
            "duration_minutes": instance.duration_minutes,
            "location": instance.location,
            "round": instance.round,
            "posting_url": instance.posting_url,
            "interviewers": [c.pk for c in instance.interviewers.all()],
            "learned": instance.learned,
            "excitement_before": instance.excitement_before or "",
        }
    for name, value in values.items():
        if name == "interviewer_ids":
            data["interviewers"] = value
        elif name == "starts_at" and isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(timezone.get_current_timezone())
                if value.fold:
                    data["starts_at_occurrence"] = "second"
            data["starts_at"] = value.strftime("%Y-%m-%dT%H:%M")
        elif value is None:
            data[name] = ""
        elif name != "new_interviewers":
            data[name] = value
    return data


def _new_interviewers(people: list[NewInterviewer]) -> list[dict]:
    from interviews.forms import NewInterviewerForm

    out = []
    for number, person in enumerate(people):
        form = NewInterviewerForm(person.model_dump())
        if not form.is_valid():
            raise Problem(
                422,
                "Some fields need another look; nothing was changed.",
                kind="invalid",
                title="Invalid request",
                errors=[
                    {"pointer": f"/body/new_interviewers/{number}/{field}", "detail": message}
                    for field, messages in form.errors.items()
                    for message in messages
                ],
            )
        fields = NewInterviewer.model_fields
        out.append({k: v for k, v in form.cleaned_data.items() if k in fields})
    return out


@router.post(
    "/interviews",
    response={201: InterviewOut},
    summary="Log an interview",
    openapi_extra=IDEMPOTENCY_KEY,
)
@idempotent(InterviewOut)
def interview_create_endpoint(request: ApiRequest, payload: InterviewIn):
    """Finds or creates the company and its application, adds new interviewers as contacts
    and plans the reminders, as logging one on the page does. Send ``Idempotency-Key`` to
    make a retry safe."""
    values = payload.model_dump(exclude={"new_interviewers"})
    form = InterviewForm(_form_data(values, None), owner=request.auth)
    if not form.is_valid():
        raise form_problem(form)
    people = _new_interviewers(payload.new_interviewers)
    interview = interview_create(
        owner=request.auth, new_interviewers=people, **form.service_fields()
    )
    return Status(201, _interview_read(request.auth, interview.pk))


@router.patch(
    "/interviews/{int:interview_id}",
    response=InterviewOut,
    summary="Change an interview",
    openapi_extra=IF_MATCH,
)
def interview_update_endpoint(request: ApiRequest, interview_id: int, payload: InterviewPatch):
    """Only the fields sent are changed. Send the ``ETag`` you read as ``If-Match`` to be
    told (412) if it changed since."""
    sent = payload.model_dump(exclude_unset=True, exclude={"new_interviewers"})
    with transaction.atomic():
        interview = get_object_or_404(
            _interviews(request.auth).select_for_update(of=("self",)), pk=interview_id
        )
        check_if_match(request, _interview_read(request.auth, interview_id))
        form = InterviewForm(_form_data(sent, interview), instance=interview, owner=request.auth)
        if not form.is_valid():
            raise form_problem(form)
        fields = form.service_fields()
        changes = {
            ("interviewers" if name == "interviewer_ids" else name): fields[
                "interviewers" if name == "interviewer_ids" else name
            ]
            for name in sent
        }
        people = _new_interviewers(payload.new_interviewers)
        interview_update(interview=interview, new_interviewers=people, **changes)
    return _interview_read(request.auth, interview_id)


@router.delete("/interviews/{int:interview_id}", response={204: None}, openapi_extra=IF_MATCH)
def interview_delete_endpoint(request: ApiRequest, interview_id: int):
    with transaction.atomic():
        interview = get_object_or_404(
            _interviews(request.auth).select_for_update(of=("self",)), pk=interview_id
        )
        check_if_match(request, _interview_read(request.auth, interview_id))
        interview_delete(interview=interview)
    return Status(204, None)


class HookLine(Strict):
    text: str
    placement: HookPlacement = HookPlacement.AUTO


class HooksIn(Strict):
    contact_id: int
    hooks: list[HookLine] = Field(max_length=ListeningHook.MAX_PER_PERSON)


@router.put(
    "/interviews/{int:interview_id}/hooks",
    response=list[HookOut],
    summary="Set what one interviewer said",
    openapi_extra=IF_MATCH,
)
def hooks_set_endpoint(request: ApiRequest, interview_id: int, payload: HooksIn):
    """Replaces what one interviewer said, asked or cared about (up to three lines). Send
    the ``ETag`` of the hooks you read as ``If-Match`` to be told (412) if they changed since."""
    with transaction.atomic():
        interview = get_object_or_404(
            Interview.objects.for_user(request.auth)
            .select_for_update(of=("self",))
            .prefetch_related("interviewers"),
            pk=interview_id,
        )
        check_if_match(request, _hooks_read(interview))
        _hooks_set(interview, payload)
    return _hooks_read(interview)


def _hooks_set(interview, payload: HooksIn) -> None:
    """Through the page's own form, so the limits and placements are the page's."""
    contact = next((c for c in interview.interviewers.all() if c.pk == payload.contact_id), None)
    if contact is None:
        raise Problem(
            422,
            "This person was not one of the interview's interviewers.",
            kind="invalid",
            title="Invalid request",
            errors=[
                {"pointer": "/body/contact_id", "detail": "Not an interviewer of this round."}
            ],
        )
    data = {}
    form = ListeningHooksForm(contact=contact)
    for number, line in enumerate(payload.hooks, start=1):
        data[form.add_prefix(f"hook_{number}")] = line.text
        data[form.add_prefix(f"placement_{number}")] = line.placement
    form = ListeningHooksForm(data, contact=contact)
    if not form.is_valid():
        raise form_problem(form)
    listening_hooks_set(
        interview=interview, contact=contact, texts=form.texts(), placements=form.placements()
    )


class ContactIn(Strict):
    name: str
    greet_as: str = ""
    title: str = ""
    company_id: int | None = None
    email: str = ""
    postal_address: str = ""
    notes: str = ""


def _contact_form(user, values: dict, instance: Contact | None = None) -> ContactForm:
    """The person's page's own form, as it would have been posted."""
    data = {("company" if k == "company_id" else k): v for k, v in values.items()}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    form = ContactForm(data, instance=instance or Contact(owner=user), owner=user)
    if not form.is_valid():
        raise form_problem(form)
    return form


@router.post(
    "/contacts",
    response={201: ContactOut},
    summary="Add a person you met",
    openapi_extra=IDEMPOTENCY_KEY,
)
@idempotent(ContactOut)
def contact_create_endpoint(request: ApiRequest, payload: ContactIn):
    """Send ``Idempotency-Key`` to make a retry safe."""
    form = _contact_form(request.auth, payload.model_dump())
    fields = {k: v for k, v in form.cleaned_data.items() if k != "company"}
    contact = contact_create(owner=request.auth, company=form.cleaned_data["company"], **fields)
    return Status(201, contact)


@router.delete(
    "/contacts/{int:contact_id}",
    response={204: None},
    summary="Delete a contact",
    openapi_extra=IF_MATCH,
)
def contact_delete_endpoint(request: ApiRequest, contact_id: int):
    """Deletes the person with what they said, the notes to them and their reminders; the
    interviews they sat on stay, without them on the panel."""
    with transaction.atomic():
        contact = locked_for_write(
            request, Contact.objects.for_user(request.auth), contact_id, ContactOut
        )
        contact_delete(contact=contact)
    return Status(204, None)


class ContactPatch(Strict):
    name: str | None = None
    greet_as: str | None = None
    title: str | None = None
    company_id: int | None = None
    email: str | None = None
    postal_address: str | None = None
    notes: str | None = None


@router.patch(
    "/contacts/{int:contact_id}",
    response=ContactOut,
    summary="Change a contact",
    openapi_extra=IF_MATCH,
)
def contact_update_endpoint(request: ApiRequest, contact_id: int, payload: ContactPatch):
    sent = payload.model_dump(exclude_unset=True)
    with transaction.atomic():
        contact = locked_for_write(
            request, Contact.objects.for_user(request.auth), contact_id, ContactOut
        )
        data = {
            "name": contact.name,
            "greet_as": contact.greeting_name,
            "title": contact.title,
            "company": contact.company_id or "",
            "email": contact.email,
            "postal_address": contact.postal_address,
            "notes": contact.notes,
        }
        for name, value in sent.items():
            data["company" if name == "company_id" else name] = "" if value is None else value
        form = ContactForm(data, instance=contact, owner=request.auth)
        if not form.is_valid():
            raise form_problem(form)
        form.save()
    return Contact.objects.for_user(request.auth).get(pk=contact_id)
