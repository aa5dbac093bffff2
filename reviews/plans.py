"""Reads for an interview's plan: what carries over into it, and which stories to suggest.
Each function costs a fixed number of queries, whatever the history.

The rules, in words (the tests check them):

- **What carries over** into the plan of interview X, from interviews *before* X whose
  review is completed:
  - plan items that did not happen ("not"), and questions to ask that were only partly
    answered; a told item never carries;
  - open improvement strategies: a question's "what I'll do next time", not yet marked
    practised.
  Once carried into a plan it is not offered again (unless removed from that plan); what
  the person dismisses is never offered again. Same company (the next round) first, then
  any other; within each, the latest interview first, then in plan order.
- **Stories suggested** for X: stories tagged with the role's likely themes (what the
  person was asked before at this company or for this role, and what the role's title
  suggests) or with their weak themes ("work on these" in Insights); stories matching a weak
  theme first, then those matching more themes; not the ones already in the plan.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, Count, Exists, IntegerField, Min, OuterRef, Q, Value, When

from common.kept import watch
from interviews.models import Interview
from reviews import insights
from reviews.models import PlanItem, Question, Review, StoryTheme

CARRY_SHOWN = 12
STORIES_SUGGESTED = 5
LIKELY_FROM_HISTORY = 3
WEAK_THEMES = 3

# Words in a role's title and the themes such roles are usually asked about.
ROLE_THEMES = (
    (("manager", "lead", "head", "director", "chief", "principal"), ("Leadership", "Conflict")),
    (
        ("engineer", "developer", "programmer", "architect", "scientist", "analyst"),
        ("Technical", "Problem solving"),
    ),
    (("designer", "researcher", "writer"), ("Communication", "Problem solving")),
    (("sales", "account", "customer", "success", "support"), ("Communication", "Conflict")),
)
ALWAYS_LIKELY = ("Behavioural", "Why this company")

# Besides what Insights reads (reviews.insights), the plan's history (what carries over, the
# stories to suggest) reads the stories' themes; the plan page keeps it under the person's
# change stamp like Insights (reviews.views.plan).
watch(StoryTheme, topic="history")


@dataclass
class CarryCandidate:
    kind: str
    text: str
    company: str
    starts_at: datetime
    same_company: bool
    why: str
    item_pk: int | None = None
    question_pk: int | None = None
    story_pk: int | None = None

    @property
    def kind_label(self) -> str:
        return PlanItem.Kind(self.kind).label


def carry_candidates(*, interview: Interview, limit: int = CARRY_SHOWN) -> list[CarryCandidate]:
    """What carries over into this interview's plan, in order (2 queries)."""
    owner = interview.owner
    done = Review.Status.COMPLETED
    same = Case(
        When(interview__company_id=interview.company_id, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    items = (
        PlanItem.objects.for_user(owner)
        .filter(
            interview__starts_at__lt=interview.starts_at,
            interview__review__status=done,
            carry_dismissed_at__isnull=True,
        )
        .filter(
            Q(outcome=PlanItem.Outcome.NOT)
            | Q(kind=PlanItem.Kind.QUESTION, outcome=PlanItem.Outcome.PARTLY)
        )
        .exclude(interview=interview)
        .filter(~Exists(PlanItem.objects.filter(carried_from=OuterRef("pk"))))
        .annotate(same=same)
        .order_by("-same", "-interview__starts_at", "position", "pk")
        .values(
            "pk",
            "kind",
            "text",
            "outcome",
            "story_id",
            "same",
            "interview__starts_at",
            "interview__company__name",
        )[:limit]
    )
    same_q = Case(
        When(review__interview__company_id=interview.company_id, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    strategies = (
        Question.objects.for_user(owner)
        .filter(
            review__status=done,
            review__interview__starts_at__lt=interview.starts_at,
            practised_at__isnull=True,
            carry_dismissed_at__isnull=True,
        )
        .exclude(next_time="")
        .filter(~Exists(PlanItem.objects.filter(source_question=OuterRef("pk"))))
        .annotate(same=same_q)
        .order_by("-same", "-review__interview__starts_at", "pk")
        .values(
            "pk",
            "text",
            "theme",
            "comfort",
            "next_time",
            "same",
            "review__interview__starts_at",
            "review__interview__company__name",
        )[:limit]
    )
    found = [
        CarryCandidate(
            kind=row["kind"],
            text=row["text"],
            company=row["interview__company__name"],
            starts_at=row["interview__starts_at"],
            same_company=bool(row["same"]),
            why="asked, not yet answered"
            if row["outcome"] == PlanItem.Outcome.PARTLY
            else "planned, did not happen",
            item_pk=row["pk"],
            story_pk=row["story_id"],
        )
        for row in items
    ]
    found += [
        CarryCandidate(
            kind=PlanItem.Kind.STRATEGY,
            text=row["next_time"],
            company=row["review__interview__company__name"],
            starts_at=row["review__interview__starts_at"],
            same_company=bool(row["same"]),
            why=f"strategy for “{row['text'][:80]}”"
            + (f" ({row['theme']}, comfort {row['comfort']} / 5)" if row["theme"] else ""),
            question_pk=row["pk"],
        )
        for row in strategies
    ]
    # Stable: within one interview, its plan items stay before its strategies.
    found.sort(key=lambda c: (not c.same_company, -c.starts_at.timestamp()))
    return found[:limit]


@dataclass
class StorySuggestion:
    story_pk: int
    title: str
    themes: list[str] = field(default_factory=list)
    weak: list[str] = field(default_factory=list)


def likely_themes(*, interview: Interview) -> dict[str, str]:
    """The role's likely themes, by key: what the person was asked at this company or for
    a role of this title before (most asked first), then what the title suggests (1 query)."""
    asked = (
        Question.objects.for_user(interview.owner)
        .counted()
        .filter(
            Q(review__interview__company_id=interview.company_id)
            | Q(review__interview__role__iexact=interview.role)
        )
        .exclude(review__interview=interview)
        .values("theme_key")
        .annotate(label=Min("theme"), asked=Count("pk"))
        .order_by("-asked", "label")[:LIKELY_FROM_HISTORY]
    )
    themes = {row["theme_key"]: row["label"] for row in asked}
    words = set(interview.role.casefold().replace("-", " ").replace("/", " ").split())
    for keywords, suggested in ROLE_THEMES:
        if words & set(keywords):
            for label in suggested:
                themes.setdefault(label.casefold(), label)
    for label in ALWAYS_LIKELY:
        themes.setdefault(label.casefold(), label)
    return themes


def weak_themes(owner) -> dict[str, str]:
    """The person's weak themes, by key, as Insights decides them (1 query)."""
    themes = insights.weak_themes_of(insights.theme_stats(owner), WEAK_THEMES)
    return {t.key: t.label for t in themes}


def story_suggestions(
    *, interview: Interview, exclude_story_pks=(), limit: int = STORIES_SUGGESTED
) -> tuple[list[StorySuggestion], dict[str, str], dict[str, str]]:
    """Stories for the role's likely themes and the person's weak themes (3 queries).

    Returns the suggestions, the likely themes and the weak themes (each by key).
    """
    likely = likely_themes(interview=interview)
    weak = weak_themes(interview.owner)
    wanted = {**likely, **weak}
    rows = (
        StoryTheme.objects.for_user(interview.owner)
        .filter(theme_key__in=list(wanted))
        .exclude(story_id__in=list(exclude_story_pks))
        .order_by("story__title", "story_id", "theme")
        .values("story_id", "story__title", "theme_key")
    )
    by_story: dict[int, StorySuggestion] = {}
    for row in rows:
        suggestion = by_story.get(row["story_id"])
        if suggestion is None:
            suggestion = by_story[row["story_id"]] = StorySuggestion(
                row["story_id"], row["story__title"]
            )
        label = wanted[row["theme_key"]]
        suggestion.themes.append(label)
        if row["theme_key"] in weak:
            suggestion.weak.append(label)
    ranked = sorted(by_story.values(), key=lambda s: (-len(s.weak), -len(s.themes), s.title))
    return ranked[:limit], likely, weak
