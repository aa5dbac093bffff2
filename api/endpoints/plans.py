"""Plan items and the story bank. Writes go through the plan page's and the story bank's own forms
(``PlanItemForm``, ``StoryForm``), filled from the JSON body, then the services those pages
call (``plan_item_add`` / ``plan_item_update`` / ``plan_item_remove``, ``story_save`` /
``story_delete``)."""

from datetime import datetime

from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from api.auth import ApiRequest
from api.core import form_problem
from api.enums import PlanItemKind
from api.paging import paginate
from api.problems import Problem
from api.writes import IDEMPOTENCY_KEY, IF_MATCH, idempotent, locked_for_write
from interviews.models import Interview
from reviews.forms import PlanItemForm, StoryForm
from reviews.models import PlanItem, Story
from reviews.services import (
    PlanError,
    plan_item_add,
    plan_item_remove,
    plan_item_update,
    story_delete,
    story_save,
)

router = Router(tags=["Reviews"])


class PlanItemOut(Schema):
    id: int
    interview_id: int
    kind: str
    text: str
    story_id: int | None
    position: int
    outcome: str
    landed: int | None


class StoryOut(Schema):
    id: int
    title: str
    themes: list[str]
    situation: str
    task: str
    action: str
    result: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [t.theme for t in obj.themes.all()]


class StoryPage(Schema):
    items: list[StoryOut]
    next_cursor: str | None


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


def _plan_error(error: PlanError, field: str) -> Problem:
    return Problem(
        422,
        str(error),
        kind="invalid",
        title="Invalid request",
        errors=[{"pointer": f"/body/{field}", "detail": str(error)}],
    )


# --- Plan items ---------------------------------------------------------------------------


class PlanItemIn(Strict):
    kind: PlanItemKind = PlanItemKind.POINT
    text: str
    story_id: int | None = Field(None, description="A story from your story bank.")


class PlanItemPatch(Strict):
    kind: PlanItemKind | None = None
    text: str | None = None
    story_id: int | None = None


def _items(user):
    return PlanItem.objects.for_user(user).select_related("interview")


def _plan_form(user, values: dict) -> PlanItemForm:
    form = PlanItemForm(
        {"kind": values["kind"], "text": values["text"], "story": values["story_id"] or ""},
        owner=user,
    )
    if not form.is_valid():
        raise form_problem(form)
    return form


@router.get("/interviews/{int:interview_id}/plan", response=list[PlanItemOut])
def plan_list(request: ApiRequest, interview_id: int):
    """What the person meant to convey in this interview: points, stories, questions."""
    interview = get_object_or_404(Interview.objects.for_user(request.auth), pk=interview_id)
    return PlanItem.objects.filter(interview=interview).order_by("position", "pk")


@router.get("/plan-items/{int:plan_item_id}", response=PlanItemOut)
def plan_item_detail(request: ApiRequest, plan_item_id: int):
    return get_object_or_404(_items(request.auth), pk=plan_item_id)


@router.post(
    "/interviews/{int:interview_id}/plan",
    response={201: PlanItemOut},
    summary="Add to the plan",
    openapi_extra=IDEMPOTENCY_KEY,
)
@idempotent(PlanItemOut)
def plan_item_create(request: ApiRequest, interview_id: int, payload: PlanItemIn):
    """Adds an item at the end of the interview's plan, as the plan page does (at most
    twelve items; a full plan is a 422). Send ``Idempotency-Key`` to make a retry safe."""
    interview = get_object_or_404(Interview.objects.for_user(request.auth), pk=interview_id)
    form = _plan_form(request.auth, payload.model_dump())
    try:
        item = plan_item_add(interview=interview, **form.cleaned_data)
    except PlanError as error:
        raise _plan_error(error, "text") from error
    return Status(201, item)


@router.patch(
    "/plan-items/{int:plan_item_id}",
    response=PlanItemOut,
    summary="Change a plan item",
    openapi_extra=IF_MATCH,
)
def plan_item_edit(request: ApiRequest, plan_item_id: int, payload: PlanItemPatch):
    """Only the fields sent are changed (``story_id: null`` unlinks the story)."""
    sent = payload.model_dump(exclude_unset=True)
    with transaction.atomic():
        item = locked_for_write(request, _items(request.auth), plan_item_id, PlanItemOut)
        values = {"kind": item.kind, "text": item.text, "story_id": item.story_id}
        values.update({k: v for k, v in sent.items() if v is not None or k == "story_id"})
        form = _plan_form(request.auth, values)
        try:
            plan_item_update(item=item, **form.cleaned_data)
        except PlanError as error:
            raise _plan_error(error, "text") from error
    return _items(request.auth).get(pk=plan_item_id)


@router.delete(
    "/plan-items/{int:plan_item_id}",
    response={204: None},
    summary="Remove a plan item",
    openapi_extra=IF_MATCH,
)
def plan_item_delete(request: ApiRequest, plan_item_id: int):
    with transaction.atomic():
        item = locked_for_write(request, _items(request.auth), plan_item_id, PlanItemOut)
        plan_item_remove(item=item)
    return Status(204, None)


# --- Stories ------------------------------------------------------------------------------


class StoryIn(Strict):
    title: str
    themes: list[str] = Field(default=[], max_length=20)
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""


class StoryPatch(Strict):
    title: str | None = None
    themes: list[str] | None = Field(None, max_length=20)
    situation: str | None = None
    task: str | None = None
    action: str | None = None
    result: str | None = None


def _stories(user):
    return Story.objects.for_user(user).prefetch_related("themes")


def _save_story(user, story: Story | None, values: dict) -> Story:
    data = {
        **{k: values[k] for k in ("title", "situation", "task", "action", "result")},
        "themes": ", ".join(values["themes"]),
    }
    form = StoryForm(data)
    if not form.is_valid():
        raise form_problem(form)
    try:
        return story_save(
            owner=user, story=story, fields=form.cleaned_data, themes=values["themes"]
        )
    except PlanError as error:
        raise _plan_error(error, "title") from error


@router.get("/stories", response=StoryPage, summary="Your story bank")
def story_list(request: ApiRequest, cursor: str | None = None, limit: int = 50):
    rows, nxt = paginate(_stories(request.auth), cursor=cursor, limit=limit)
    return {"items": rows, "next_cursor": nxt}


@router.get("/stories/{int:story_id}", response=StoryOut)
def story_detail(request: ApiRequest, story_id: int):
    return get_object_or_404(_stories(request.auth), pk=story_id)


@router.post(
    "/stories",
    response={201: StoryOut},
    summary="Add a story to your story bank",
    openapi_extra=IDEMPOTENCY_KEY,
)
@idempotent(StoryOut)
def story_create(request: ApiRequest, payload: StoryIn):
    """A story (situation, task, action, result) and the themes it shows. Send
    ``Idempotency-Key`` to make a retry safe."""
    story = _save_story(request.auth, None, payload.model_dump())
    return Status(201, _stories(request.auth).get(pk=story.pk))


@router.patch(
    "/stories/{int:story_id}", response=StoryOut, summary="Change a story", openapi_extra=IF_MATCH
)
def story_edit(request: ApiRequest, story_id: int, payload: StoryPatch):
    """Only the fields sent are changed; ``themes`` replaces the whole list."""
    sent = payload.model_dump(exclude_unset=True)
    with transaction.atomic():
        story = locked_for_write(request, _stories(request.auth), story_id, StoryOut)
        values = {
            "title": story.title,
            "situation": story.situation,
            "task": story.task,
            "action": story.action,
            "result": story.result,
            "themes": [t.theme for t in story.themes.all()],
        }
        values.update({k: v for k, v in sent.items() if v is not None})
        _save_story(request.auth, story, values)
    return _stories(request.auth).get(pk=story_id)


@router.delete(
    "/stories/{int:story_id}",
    response={204: None},
    summary="Delete a story",
    openapi_extra=IF_MATCH,
)
def story_delete_endpoint(request: ApiRequest, story_id: int):
    """Plan items and questions that used it keep their text."""
    with transaction.atomic():
        story = locked_for_write(request, _stories(request.auth), story_id, StoryOut)
        story_delete(story=story)
    return Status(204, None)
