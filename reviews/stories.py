"""Reads for the story bank: each story's record — where it was told and how it landed.

- **Told**: plan items that used the story and were told or partly told, in completed or
  draft reviews; **landed** is the average of their "how it landed" (1–5).
- **Answered**: questions answered with the story; their average comfort (1–5) is how it
  held up when asked.
"""

from django.db.models import Avg, Count, FloatField, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from reviews.models import PlanItem, Question, Story, StoryTheme

TOLD = (PlanItem.Outcome.TOLD, PlanItem.Outcome.PARTLY)


def _scalar(queryset, expression, output_field):
    return Subquery(
        queryset.values("story_id").annotate(v=expression).values("v")[:1],
        output_field=output_field,
    )


def stories_with_record(user):
    """The person's stories, each annotated with its record and its themes (2 queries)."""
    told = PlanItem.objects.filter(story=OuterRef("pk"), outcome__in=TOLD).order_by()
    answered = Question.objects.filter(story=OuterRef("pk")).order_by()
    return (
        Story.objects.for_user(user)
        .annotate(
            told=Coalesce(_scalar(told, Count("pk"), IntegerField()), 0),
            landed=_scalar(told, Avg("landed", output_field=FloatField()), FloatField()),
            answered=Coalesce(_scalar(answered, Count("pk"), IntegerField()), 0),
            comfort=_scalar(answered, Avg("comfort", output_field=FloatField()), FloatField()),
        )
        .prefetch_related(Prefetch("themes", queryset=StoryTheme.objects.order_by("theme")))
    )


def story_told_where(story: Story) -> list[PlanItem]:
    """The plan items that used the story, latest interview first (1 query)."""
    return list(
        story.plan_items.select_related("interview__company").order_by(
            "-interview__starts_at", "-pk"
        )
    )


def story_answered(story: Story) -> list[Question]:
    """The questions answered with the story, latest first (1 query)."""
    return list(
        story.questions.select_related("review__interview__company").order_by(
            "-review__interview__starts_at", "-pk"
        )
    )
