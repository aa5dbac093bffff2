"""Saving, completing and reopening self-reviews."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from interviews.models import Interview
from interviews.services import interview_set_review_done
from reviews.models import SUGGESTED_BY_KEY, Question, Review, theme_clean, theme_key


def theme_labels(*, owner) -> dict[str, str]:
    """Each theme the person can pick, by key: the suggested ones and their own.

    Their own spelling is the first one they used, so "SQL" stays "SQL" and a later
    "sql " is filed under it.
    """
    labels = dict(SUGGESTED_BY_KEY)
    own = (
        Question.objects.for_user(owner)
        .exclude(theme_key="")
        .values("theme_key")
        .annotate(first=Min("pk"))
        .order_by()
    )
    first_pks = [row["first"] for row in own if row["theme_key"] not in labels]
    for key, label in Question.objects.filter(pk__in=first_pks).values_list("theme_key", "theme"):
        labels[key] = label
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
    complete: bool = False,
) -> Review:
    """Saves the review and its questions together: all of it or none of it.

    ``questions`` are new or changed Question objects (their ``review`` is set here);
    ``removed`` are this review's questions to delete. With ``complete`` the review is
    marked completed and the interview's review recorded as done; without it the review is
    (or goes back to being) a draft and the interview's review is undone. Reminders follow
    through ``interview_set_review_done``.
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
    for question in questions:
        if question.pk and question.pk in removed_pks:
            continue
        if question.pk and question.review_id != review.pk:
            raise ValueError("That question belongs to another review.")
        question.review = review
        _file_theme(question, labels)
        question.full_clean(exclude=["review"])
        question.save()

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
