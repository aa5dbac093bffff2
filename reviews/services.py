"""Saving, completing and reopening self-reviews."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from common.kept import kept
from common.text import squash_spaces
from interviews.models import Interview
from interviews.services import interview_set_intent, interview_set_review_done
from reviews.models import (
    PLAN_MAX_ITEMS,
    PLAN_TEXT_MAX,
    STORY_PART_MAX,
    STORY_TITLE_MAX,
    SUGGESTED_BY_KEY,
    GutRating,
    PlanItem,
    Question,
    Review,
    Story,
    StoryTheme,
    theme_clean,
    theme_key,
)


def theme_labels(*, owner) -> dict[str, str]:
    """Each theme the person can pick, by key: the suggested ones and their own.

    Their own spelling is the first one they used, so "SQL" stays "SQL" and a later
    "sql " is filed under it. Read from every question they were asked, so kept under their
    history stamp (``common.kept``; what it reads is watched by ``reviews.insights``).
    """
    return kept(owner.pk, "history", "theme_labels", lambda: _theme_labels(owner))


def _theme_labels(owner) -> dict[str, str]:
    labels = dict(SUGGESTED_BY_KEY)
    # The first question of each of their own themes, found by the database in the same
    # query (1 query). The suggested themes are left out before the rows are joined to
    # their owner: most questions have one, and the join per row is what the query costs.
    firsts = (
        Question.objects.for_user(owner)
        .exclude(theme_key="")
        .exclude(theme_key__in=list(labels))
        .values("theme_key")
        .annotate(first=Min("pk"))
        .order_by()
        .values("first")
    )
    for key, label in Question.objects.filter(pk__in=firsts).values_list("theme_key", "theme"):
        labels.setdefault(key, label)
    return labels


def _file_theme(question: Question, labels: dict[str, str]) -> None:
    key = theme_key(question.theme)
    if key and key not in labels:
        labels[key] = theme_clean(question.theme)
    question.theme_key = key
    question.theme = labels.get(key, "")


@transaction.atomic
def review_save(
    *,
    interview: Interview,
    review: Review | None = None,
    fields: dict[str, Any],
    questions: Iterable[Question] = (),
    removed: Iterable[Question] = (),
    plan_items: Iterable[PlanItem] = (),
    complete: bool = False,
) -> Review:
    """Saves the review and its questions together: all of it or none of it.

    ``questions`` are new or changed Question objects (their ``review`` is set here);
    ``removed`` are this review's questions to delete. With ``complete`` the review is
    marked completed and the interview's review recorded as done; without it the review is
    (or goes back to being) a draft and the interview's review is undone. Reminders follow
    through ``interview_set_review_done``. ``plan_items`` are this interview's plan items
    with what happened to each (outcome, how it landed).

    Sending the same form twice changes nothing the second time: a new question whose
    text this review already holds is not added again.
    """
    if review is None:
        review = Review(interview=interview)
    assert review.interview_id == interview.pk
    for name, value in fields.items():
        setattr(review, name, value)
    if complete and not review.is_completed:
        review.status = Review.Status.COMPLETED
        review.completed_at = timezone.now()
    elif not complete:
        review.status = Review.Status.DRAFT
        review.completed_at = None
    review.save()

    removed_pks = [q.pk for q in removed if q.pk]
    if removed_pks:
        review.questions.filter(pk__in=removed_pks).delete()
    labels = theme_labels(owner=interview.owner)
    held = {squash_spaces(t).casefold() for t in review.questions.values_list("text", flat=True)}
    for question in questions:
        if question.pk and question.pk in removed_pks:
            continue
        if question.pk and question.review_id != review.pk:
            raise ValueError("That question belongs to another review.")
        if not question.pk:
            key = squash_spaces(question.text).casefold()
            if key in held:
                continue
            held.add(key)
        question.review = review
        _file_theme(question, labels)
        question.full_clean(exclude=["review"])
        question.save()

    for item in plan_items:
        if item.interview_id != interview.pk:
            raise ValueError("That plan item belongs to another interview.")
        if item.outcome == PlanItem.Outcome.NOT:
            item.landed = None  # not told: nothing landed
        item.save(update_fields=["outcome", "landed"])
    if review.is_completed:
        # A strategy carried into this plan and used in the interview is practised: it
        # leaves the open strategies (and so stops being carried over).
        Question.objects.filter(
            carried_into__interview=interview,
            carried_into__outcome=PlanItem.Outcome.TOLD,
            practised_at__isnull=True,
        ).update(practised_at=timezone.now())

    interview_set_review_done(interview=interview, done=review.is_completed)
    return review


@transaction.atomic
def review_reopen(*, review: Review) -> Review:
    """Turns a completed review back into a draft; the interview's review is undone again."""
    if review.is_completed:
        review.status = Review.Status.DRAFT
        review.completed_at = None
        review.save(update_fields=["status", "completed_at", "updated_at"])
    interview_set_review_done(interview=review.interview, done=False)
    return review


@transaction.atomic
def question_set_practised(*, question: Question, practised: bool) -> Question:
    """Marks the strategy written for a question as practised (or open again)."""
    question.practised_at = timezone.now() if practised else None
    question.save(update_fields=["practised_at"])
    return question


# Plans.


class PlanError(ValueError):
    """Bad input for a plan or a story, in words the person can act on."""


def _plan_text(text: str) -> str:
    text = squash_spaces(text)
    if not text:
        raise PlanError("Write a few words for the item, or leave it out.")
    if len(text) > PLAN_TEXT_MAX:
        raise PlanError(f"Keep an item to {PLAN_TEXT_MAX} characters: a line you can glance at.")
    return text


def plan_intent_text(items: Iterable[PlanItem]) -> str:
    """The plan in words, one item a line: what the interview's "meant to convey" says."""
    return "\n".join(item.text for item in items)


def _plan_changed(interview: Interview) -> None:
    items = PlanItem.objects.filter(interview=interview).order_by("position", "pk")
    interview_set_intent(interview=interview, intent=plan_intent_text(items))


def _next_position(interview: Interview) -> int:
    last = PlanItem.objects.filter(interview=interview).order_by("-position").first()
    return last.position + 1 if last else 0


@transaction.atomic
def plan_item_add(
    *,
    interview: Interview,
    kind: str,
    text: str,
    story: Story | None = None,
    carried_from: PlanItem | None = None,
    source_question: Question | None = None,
) -> PlanItem:
    """Adds an item at the end of the plan. Raises ``PlanError`` for empty or overlong text
    or a full plan (``PLAN_MAX_ITEMS``); the story and the source must be the interview
    owner's."""
    owner_id = interview.owner_id
    if story is not None and story.owner_id != owner_id:
        raise PlanError("That story is not in your story bank.")
    if carried_from is not None and carried_from.interview.owner_id != owner_id:
        raise PlanError("That item is not one of yours.")
    if source_question is not None and source_question.review.interview.owner_id != owner_id:
        raise PlanError("That strategy is not one of yours.")
    if kind not in PlanItem.Kind.values:
        raise PlanError("Pick what kind of item it is.")
    if PlanItem.objects.filter(interview=interview).count() >= PLAN_MAX_ITEMS:
        raise PlanError(
            f"A plan holds {PLAN_MAX_ITEMS} items: remove one you can do without first."
        )
    item = PlanItem.objects.create(
        interview=interview,
        kind=kind,
        text=_plan_text(text),
        story=story,
        carried_from=carried_from,
        source_question=source_question,
        position=_next_position(interview),
    )
    _plan_changed(interview)
    return item


@transaction.atomic
def plan_item_update(*, item: PlanItem, kind: str, text: str, story: Story | None) -> PlanItem:
    if story is not None and story.owner_id != item.interview.owner_id:
        raise PlanError("That story is not in your story bank.")
    if kind not in PlanItem.Kind.values:
        raise PlanError("Pick what kind of item it is.")
    item.kind, item.text, item.story = kind, _plan_text(text), story
    item.save(update_fields=["kind", "text", "story"])
    _plan_changed(item.interview)
    return item


@transaction.atomic
def plan_item_remove(*, item: PlanItem) -> None:
    """Removes the item; what it was carried from is offered again."""
    interview = item.interview
    item.delete()
    _plan_changed(interview)


@transaction.atomic
def plan_item_move(*, item: PlanItem, up: bool) -> None:
    """Swaps the item with its neighbour above (or below)."""
    siblings = list(
        PlanItem.objects.filter(interview_id=item.interview_id).order_by("position", "pk")
    )
    at = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = at - 1 if up else at + 1
    if not 0 <= other < len(siblings):
        return
    siblings[at], siblings[other] = siblings[other], siblings[at]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    _plan_changed(item.interview)


@transaction.atomic
def plan_carry(
    *, interview: Interview, item: PlanItem | None = None, question: Question | None = None
) -> PlanItem:
    """Carries an earlier plan item that did not happen, or an open strategy, into this
    plan. Carrying the same thing twice adds it once."""
    if item is not None:
        existing = PlanItem.objects.filter(interview=interview, carried_from=item).first()
        if existing:
            return existing
        return plan_item_add(
            interview=interview,
            kind=item.kind,
            text=item.text,
            story=item.story,
            carried_from=item,
        )
    assert question is not None
    existing = PlanItem.objects.filter(interview=interview, source_question=question).first()
    if existing:
        return existing
    return plan_item_add(
        interview=interview,
        kind=PlanItem.Kind.STRATEGY,
        text=question.next_time[:PLAN_TEXT_MAX],
        source_question=question,
    )


@transaction.atomic
def plan_dismiss(*, item: PlanItem | None = None, question: Question | None = None) -> None:
    """Never carries this item (or strategy) into a plan again. Dismissing twice is a no-op."""
    target = item if item is not None else question
    assert target is not None
    if target.carry_dismissed_at is None:
        target.carry_dismissed_at = timezone.now()
        target.save(update_fields=["carry_dismissed_at"])


# Stories.


def _story_fields(fields: dict[str, Any]) -> dict[str, str]:
    title = squash_spaces(fields.get("title"))
    if not title:
        raise PlanError("Give the story a short title you will recognise.")
    if len(title) > STORY_TITLE_MAX:
        raise PlanError(f"Keep the title to {STORY_TITLE_MAX} characters.")
    out = {"title": title}
    for part in ("situation", "task", "action", "result"):
        value = (fields.get(part) or "").strip()
        if len(value) > STORY_PART_MAX:
            raise PlanError(f"Keep each part of the story to {STORY_PART_MAX} characters.")
        out[part] = value
    return out


def _story_set_themes(story: Story, themes: Iterable[str]) -> None:
    labels = theme_labels(owner=story.owner)
    wanted: dict[str, str] = {}
    for raw in themes:
        key = theme_key(raw)
        if key:
            wanted.setdefault(key, labels.get(key) or theme_clean(raw)[:80])
    story.themes.exclude(theme_key__in=list(wanted)).delete()
    have = set(story.themes.values_list("theme_key", flat=True))
    StoryTheme.objects.bulk_create(
        [
            StoryTheme(story=story, theme=label, theme_key=key)
            for key, label in wanted.items()
            if key not in have
        ]
    )


@transaction.atomic
def story_save(
    *, owner, story: Story | None = None, fields: dict[str, Any], themes: Iterable[str] = ()
) -> Story:
    """Creates or changes a story and its themes together. Raises ``PlanError`` for a
    missing title or an overlong part."""
    clean = _story_fields(fields)
    if story is None:
        story = Story(owner=owner)
    assert story.owner_id == owner.pk
    for name, value in clean.items():
        setattr(story, name, value)
    story.save()
    _story_set_themes(story, themes)
    return story


@transaction.atomic
def story_from_review(*, review: Review) -> tuple[Story, bool]:
    """Turns the review's "relevant experience I overlooked" into a story, whole, in its
    situation. One story per review: asking again returns the same story (and False)."""
    existing = Story.objects.filter(source_review=review).first()
    if existing:
        return existing, False
    text = review.overlooked_experience.strip()
    if not text:
        raise PlanError("The review has no overlooked experience to turn into a story.")
    first_line = text.splitlines()[0].strip()
    title = first_line if len(first_line) <= 80 else first_line[:79].rstrip() + "…"
    owner = review.interview.owner
    story = Story.objects.create(owner=owner, title=title, situation=text, source_review=review)
    return story, True


@transaction.atomic
def story_delete(*, story: Story) -> None:
    """Deletes the story; plan items and questions that used it keep their text."""
    story.delete()


# Gut rating.


class GutRatingRefused(ValueError):
    pass


@transaction.atomic
def gut_rating_record(*, interview: Interview, rating: int, now=None) -> GutRating:
    """Records "how did it go?" (1–5). Only after the interview has started and while its
    outcome is still awaited: a rating made knowing the outcome would be hindsight, so
    calibration would mean nothing."""
    now = now or timezone.now()
    if rating not in range(1, 6):
        raise GutRatingRefused("Pick a rating from 1 to 5.")
    if interview.starts_at > now:
        raise GutRatingRefused("Rate how it went once the interview has taken place.")
    if not interview.awaiting_decision:
        raise GutRatingRefused(
            "The outcome is already recorded; a gut rating now would be hindsight, so it is "
            "kept as it was."
        )
    gut, _ = GutRating.objects.update_or_create(
        interview=interview, defaults={"rating": rating, "rated_at": now}
    )
    return gut
