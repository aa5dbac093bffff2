"""Writing a self-review through the API: the page's own three forms (the review, its
questions, how each plan item went), filled from the JSON body, then ``review_save``."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from api.auth import ApiRequest
from api.endpoints.follow_ups import ReviewOut, _reviews
from api.enums import PlanItemOutcome
from api.problems import Problem
from api.writes import IF_MATCH, check_if_match
from interviews.models import Interview
from reviews.forms import PlanOutcomeFormSet, QuestionFormSet, ReviewForm
from reviews.models import PlanItem, Review
from reviews.services import review_save

router = Router(tags=["Reviews"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class QuestionIn(Strict):
    id: int | None = Field(None, description="A question of this review to change; none for new.")
    text: str
    theme: str = ""
    comfort: int | None = None
    next_time: str = ""
    story_id: int | None = None


class PlanOutcomeIn(Strict):
    plan_item_id: int
    outcome: PlanItemOutcome
    landed: int | None = None


class ReviewIn(Strict):
    what_happened: str | None = None
    went_well: str | None = None
    struggles: str | None = None
    strategy: str | None = None
    overlooked_experience: str | None = None
    want_to_work_there: int | None = None
    want_this_boss: int | None = None
    rapport: int | None = None
    excitement_after: int | None = None
    culture_notes: str | None = None
    deal_breakers: str | None = None
    takeaways: str | None = None
    questions: list[QuestionIn] | None = Field(
        None, description="The whole list: a saved question left out is removed."
    )
    plan_outcomes: list[PlanOutcomeIn] = []
    complete: bool = Field(False, description="Complete the review (else it is a draft).")


def _text(value) -> str:
    return "" if value is None else str(value)


def _problem(errors: list[dict]) -> Problem:
    return Problem(
        422,
        "Some answers need another look; nothing was changed.",
        kind="invalid",
        title="Invalid request",
        errors=errors,
    )


@router.put(
    "/interviews/{int:interview_id}/review",
    response=ReviewOut,
    summary="Write the self-review",
    openapi_extra=IF_MATCH,
)
def review_put(request: ApiRequest, interview_id: int, payload: ReviewIn):
    """Saves the review's sections, its questions and how each plan item went, as the
    review page does; ``complete`` asks for what a finished review needs (what happened,
    excitement after, at least one question with its theme and comfort, an outcome for
    each plan item) and settles the review reminder."""
    user = request.auth
    sent = payload.model_dump(exclude_unset=True)
    with transaction.atomic():
        interview = get_object_or_404(
            Interview.objects.for_user(user).select_for_update().select_related("company"),
            pk=interview_id,
        )
        review = _reviews(user).filter(interview=interview).first()
        if review is not None:  # the ETag of GET /reviews/{id}
            check_if_match(request, review, ReviewOut)
        instance = review or Review(interview=interview)
        data: dict = {}
        for name in ReviewForm.Meta.fields:
            data[name] = _text(sent[name] if name in sent else getattr(instance, name))
        existing = list(
            QuestionFormSet(instance=instance, prefix="questions", owner=user).get_queryset()
        )
        asked = payload.questions
        by_id = {q.id: q for q in asked or [] if q.id is not None}
        unknown = set(by_id) - {q.pk for q in existing}
        if unknown:
            raise _problem(
                [
                    {"pointer": "/body/questions", "detail": f"No question {i} in this review."}
                    for i in sorted(unknown)
                ]
            )
        new = [q for q in asked or [] if q.id is None]
        data["questions-TOTAL_FORMS"] = str(len(existing) + len(new))
        data["questions-INITIAL_FORMS"] = str(len(existing))
        rows = []
        for index, question in enumerate(existing):
            given = by_id.get(question.pk)
            prefix = f"questions-{index}-"
            data[prefix + "id"] = str(question.pk)
            values = (
                given.model_dump()
                if given
                else {
                    "text": question.text,
                    "theme": question.theme,
                    "comfort": question.comfort,
                    "next_time": question.next_time,
                    "story_id": question.story_id,
                }
            )
            if asked is not None and given is None:
                data[prefix + "DELETE"] = "on"
            rows.append((prefix, values))
        for index, question in enumerate(new, start=len(existing)):
            rows.append((f"questions-{index}-", question.model_dump()))
        for prefix, values in rows:
            data[prefix + "text"] = _text(values["text"])
            data[prefix + "theme"] = _text(values["theme"])
            data[prefix + "comfort"] = _text(values["comfort"])
            data[prefix + "next_time"] = _text(values["next_time"])
            data[prefix + "story"] = _text(values["story_id"])
        items = list(PlanItem.objects.filter(interview=interview).order_by("position", "pk"))
        outcomes = {o.plan_item_id: o for o in payload.plan_outcomes}
        data["plan-TOTAL_FORMS"] = data["plan-INITIAL_FORMS"] = str(len(items))
        for index, item in enumerate(items):
            given_outcome = outcomes.get(item.pk)
            data[f"plan-{index}-id"] = str(item.pk)
            data[f"plan-{index}-outcome"] = (
                given_outcome.outcome if given_outcome else item.outcome
            )
            data[f"plan-{index}-landed"] = _text(
                given_outcome.landed if given_outcome else item.landed
            )
        completing = payload.complete
        form = ReviewForm(data, instance=instance, interview=interview, completing=completing)
        formset = QuestionFormSet(
            data, instance=instance, prefix="questions", completing=completing, owner=user
        )
        plan = PlanOutcomeFormSet(
            data,
            queryset=PlanItem.objects.filter(interview=interview).order_by("position", "pk"),
            prefix="plan",
            completing=completing,
        )
        valid = [form.is_valid(), formset.is_valid(), plan.is_valid()]
        if not all(valid):
            errors = [
                {"pointer": "/body" + ("" if f == "__all__" else f"/{f}"), "detail": m}
                for f, ms in form.errors.items()
                for m in ms
            ]
            for name, fs in (("questions", formset), ("plan_outcomes", plan)):
                errors += [{"pointer": f"/body/{name}", "detail": m} for m in fs.non_form_errors()]
                row_errors: list[dict] = fs.errors  # type: ignore[assignment]
                for index, errs in enumerate(row_errors):
                    errors += [
                        {"pointer": f"/body/{name}/{index}/{f}", "detail": m}
                        for f, ms in errs.items()
                        for m in ms
                    ]
            raise _problem(errors)
        saved = review_save(
            interview=interview,
            review=review,
            fields={name: form.cleaned_data[name] for name in form.Meta.fields},
            questions=formset.changed_questions(),
            removed=formset.removed_questions(),
            plan_items=plan.changed_items(),
            complete=completing,
        )
    return _reviews(user).get(pk=saved.pk)
