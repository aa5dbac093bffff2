"""What a person's completed reviews add up to. Reads only; every figure is aggregated in
the database, so each function costs the same few queries at 5 reviews or 500.

The rules, in words (the tests check them against figures worked out by hand):

- A theme counts the questions of *completed* reviews that have a theme and a comfort.
  "Leadership" and "leadership " are one theme (``reviews.models.theme_key``).
- Themes are ranked by how often they were asked, then by average comfort (higher first),
  then by name.
- A **go-to theme** averages at least 3.5 comfort; **work on these** averages below 3.0;
  in between is "holding steady". Go-to themes are listed most asked first, then most
  comfortable; work-on themes most asked first, then least comfortable.
- A theme's **trend** is the average comfort of the latest month it was asked minus that of
  the first month (months in the person's time zone); none when asked in one month only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import (
    Avg,
    CharField,
    Count,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone

from common.kept import kept, watch
from interviews.models import Application, Company, Interview
from reviews.models import GutRating, PlanItem, Question, Review, Story

GO_TO_AT_LEAST = 3.5
WORK_ON_BELOW = 3.0
STRATEGIES_PER_THEME = 3
EXCITEMENT_ROWS = 20
OPEN_STRATEGIES_SHOWN = 20

# What Insights (with its calibration and story records), the prep card's weakest themes and
# the dashboard's themes read: a change to any of it moves the person's change stamp, under
# which they are kept (``common.kept``; a test checks the SQL they run names nothing else).
watch(Question, Review, GutRating, Story, PlanItem, Company, topic="history")
watch(
    Interview,
    topic="history",
    fields=[
        "owner",
        "company",
        "application",
        "role",
        "starts_at",
        "cancelled",
        "excitement_before",
    ],
)
watch(Application, topic="history", fields=["owner", "outcome", "latest_round_at"])


@dataclass
class MonthPoint:
    month: datetime
    asked: int
    avg_comfort: float


@dataclass
class Strategy:
    question_pk: int
    review_pk: int
    question: str
    next_time: str
    comfort: int | None
    company: str
    asked_on: datetime
    practised: bool
    theme: str = ""


@dataclass
class ThemeStat:
    key: str
    label: str
    asked: int
    avg_comfort: float
    months: list[MonthPoint] = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)

    @property
    def category(self) -> str:
        if self.avg_comfort >= GO_TO_AT_LEAST:
            return "go-to"
        if self.avg_comfort < WORK_ON_BELOW:
            return "work-on"
        return "steady"

    @property
    def trend(self) -> float | None:
        if len(self.months) < 2:
            return None
        return self.months[-1].avg_comfort - self.months[0].avg_comfort


def _avg(name: str, **kwargs):
    return Avg(name, output_field=FloatField(), **kwargs)


def theme_stats(user) -> list[ThemeStat]:
    """Every theme asked in a completed review, ranked (kept; 1 query to build)."""
    return kept(user.pk, "history", "theme_stats", lambda: _theme_stats(user))


def _theme_stats(user) -> list[ThemeStat]:
    """Every theme the person was asked about, ranked (1 query)."""
    rows = (
        Question.objects.for_user(user)
        .counted()
        .values("theme_key")
        .annotate(label=Min("theme"), asked=Count("pk"), avg=_avg("comfort"))
        .order_by("-asked", "-avg", "label")
    )
    return [
        ThemeStat(key=r["theme_key"], label=r["label"], asked=r["asked"], avg_comfort=r["avg"])
        for r in rows
    ]


def _add_months(user, themes: list[ThemeStat]) -> None:
    """Fills each theme's month-by-month comfort (1 query).

    The database sums each theme's questions per interview start; the months, in the
    person's time zone, are found here, once per start. Truncating to local months in the
    query would call a Python function per question on SQLite (Django's TruncMonth with a
    zone), which was most of Insights' time at 4,000 questions.
    """
    by_key = {t.key: t for t in themes}
    # The start as the database writes it: thousands of rows share a few hundred starts,
    # and each is read into a datetime once below, not once per row by Django's converter.
    rows = (
        Question.objects.for_user(user)
        .counted()
        .annotate(start=Cast("review__interview__starts_at", CharField()))
        .values("theme_key", "start")
        .annotate(asked=Count("pk"), comfort=Sum("comfort"))
        .order_by()
        .values_list("theme_key", "start", "asked", "comfort")
    )
    zone = timezone.get_current_timezone()
    month_of: dict[str, datetime] = {}
    totals: dict[tuple[str, datetime], list[int]] = defaultdict(lambda: [0, 0])
    for theme_key, start, asked, comfort in rows:
        month = month_of.get(start)
        if month is None:
            month = month_of[start] = _local_month(start, zone)
        total = totals[(theme_key, month)]
        total[0] += asked
        total[1] += comfort
    for (key, month), (asked, comfort) in sorted(totals.items()):
        if key in by_key:
            by_key[key].months.append(MonthPoint(month, asked, comfort / asked))


def _local_month(start: str, zone) -> datetime:
    """The first instant of the local month of ``start``, a UTC time as the database
    writes it as text (SQLite: naive ``2026-03-01 09:00:00``; PostgreSQL: ``…+00``)."""
    moment = datetime.fromisoformat(start)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = timezone.localtime(moment, zone)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _strategy(row: dict) -> Strategy:
    return Strategy(
        question_pk=row["pk"],
        review_pk=row["review_id"],
        question=row["text"],
        next_time=row["next_time"],
        comfort=row["comfort"],
        company=row["review__interview__company__name"],
        asked_on=row["review__interview__starts_at"],
        practised=row["practised_at"] is not None,
        theme=row["theme"],
    )


STRATEGY_FIELDS = (
    "pk",
    "review_id",
    "text",
    "theme",
    "theme_key",
    "next_time",
    "comfort",
    "practised_at",
    "review__interview__company__name",
    "review__interview__starts_at",
)


def _add_strategies(user, themes: list[ThemeStat], per_theme: int = STRATEGIES_PER_THEME):
    """Fills each theme's latest strategies, at most ``per_theme`` each (1 query)."""
    by_key = {t.key: t for t in themes}
    if not by_key:
        return
    rows = (
        Question.objects.for_user(user)
        .counted()
        .filter(theme_key__in=list(by_key))
        .exclude(next_time="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("theme_key")],
                order_by=[F("review__interview__starts_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=per_theme)
        .order_by("theme_key", "rank")
        .values(*STRATEGY_FIELDS)
    )
    for r in rows:
        by_key[r["theme_key"]].strategies.append(_strategy(r))


def themes_with_history(user) -> list[ThemeStat]:
    """Ranked themes with their monthly trend and strategies (3 queries)."""
    themes = _theme_stats(user)
    _add_months(user, themes)
    _add_strategies(user, themes)
    return themes


def go_to_themes(themes: list[ThemeStat]) -> list[ThemeStat]:
    return sorted(
        (t for t in themes if t.category == "go-to"),
        key=lambda t: (-t.asked, -t.avg_comfort, t.label.casefold()),
    )


def work_on_themes(themes: list[ThemeStat]) -> list[ThemeStat]:
    return sorted(
        (t for t in themes if t.category == "work-on"),
        key=lambda t: (-t.asked, t.avg_comfort, t.label.casefold()),
    )


def weak_themes_of(themes: list[ThemeStat], limit: int | None = None) -> list[ThemeStat]:
    """The themes that are weak, least comfortable first: the one rule every page uses
    (Insights' "work on these", the plan's "your weak themes", the prep card), so a theme
    Insights calls "holding steady" is never called weak elsewhere."""
    weak = [t for t in themes if t.category == "work-on"]
    weak.sort(key=lambda t: (t.avg_comfort, -t.asked, t.label.casefold()))
    return weak if limit is None else weak[:limit]


def weakest_themes(user, limit: int = 3) -> list[ThemeStat]:
    """The weak themes (``weak_themes_of``), with their strategies (kept; 2 queries to build)."""

    def build() -> list[ThemeStat]:
        themes = weak_themes_of(_theme_stats(user), limit)
        _add_strategies(user, themes, per_theme=2)
        return themes

    return kept(user.pk, "history", "weakest_themes", build, vary=(limit,))


def review_counts(user) -> dict:
    """Completed and draft reviews, and how excitement moved across them (1 query)."""
    both = Q(
        status=Review.Status.COMPLETED,
        excitement_after__isnull=False,
        interview__excitement_before__isnull=False,
    )
    return Review.objects.for_user(user).aggregate(
        completed=Count("pk", filter=Q(status=Review.Status.COMPLETED)),
        drafts=Count("pk", filter=Q(status=Review.Status.DRAFT)),
        compared=Count("pk", filter=both),
        more=Count("pk", filter=both & Q(excitement_after__gt=F("interview__excitement_before"))),
        less=Count("pk", filter=both & Q(excitement_after__lt=F("interview__excitement_before"))),
        same=Count("pk", filter=both & Q(excitement_after=F("interview__excitement_before"))),
        avg_change=Avg(
            F("excitement_after") - F("interview__excitement_before"),
            filter=both,
            output_field=FloatField(),
        ),
    )


def excitement_rows(user, limit: int = EXCITEMENT_ROWS) -> list[dict]:
    """Before and after, for the latest ``limit`` completed reviews that have both (1 query)."""
    rows = (
        Review.objects.for_user(user)
        .completed()
        .filter(excitement_after__isnull=False, interview__excitement_before__isnull=False)
        .order_by("-interview__starts_at", "-pk")
        .values(
            "pk",
            "excitement_after",
            "interview__excitement_before",
            "interview__starts_at",
            "interview__role",
            "interview__company__name",
        )[:limit]
    )
    return [
        {
            "review_pk": r["pk"],
            "company": r["interview__company__name"],
            "role": r["interview__role"],
            "starts_at": r["interview__starts_at"],
            "before": r["interview__excitement_before"],
            "after": r["excitement_after"],
            "change": r["excitement_after"] - r["interview__excitement_before"],
        }
        for r in rows
    ]


def employer_scorecard(user) -> list[dict]:
    """Each employer with a completed review, side by side, most wanted first (1 query).

    Ratings are averages over that employer's completed reviews; culture and deal-breakers
    are the latest written.
    """
    done = Q(interviews__review__status=Review.Status.COMPLETED)
    latest = (
        Review.objects.completed()
        .filter(interview__company=OuterRef("pk"))
        .order_by("-interview__starts_at", "-pk")
    )
    rows = (
        Company.objects.for_user(user)
        .annotate(
            reviewed=Count("interviews__review", filter=done),
            want=_avg("interviews__review__want_to_work_there", filter=done),
            boss=_avg("interviews__review__want_this_boss", filter=done),
            rapport=_avg("interviews__review__rapport", filter=done),
            excitement=_avg("interviews__review__excitement_after", filter=done),
            deal_breaker_count=Count(
                "interviews__review", filter=done & ~Q(interviews__review__deal_breakers="")
            ),
            last_interview=Max("interviews__starts_at", filter=done),
        )
        .filter(reviewed__gt=0)
        .annotate(
            culture=Subquery(latest.exclude(culture_notes="").values("culture_notes")[:1]),
            deal_breaker=Subquery(latest.exclude(deal_breakers="").values("deal_breakers")[:1]),
        )
        .order_by(
            F("want").desc(nulls_last=True),
            F("boss").desc(nulls_last=True),
            F("rapport").desc(nulls_last=True),
            "name",
        )
        .values(
            "pk",
            "name",
            "reviewed",
            "want",
            "boss",
            "rapport",
            "excitement",
            "deal_breaker_count",
            "last_interview",
            "culture",
            "deal_breaker",
        )
    )
    return list(rows)


def open_strategies(user, limit: int = OPEN_STRATEGIES_SHOWN) -> tuple[list[Strategy], int]:
    """Strategies not yet marked practised, shakiest answers first, and how many (2 queries)."""
    open_ = (
        Question.objects.for_user(user)
        .filter(review__status=Review.Status.COMPLETED, practised_at__isnull=True)
        .exclude(next_time="")
    )
    rows = open_.order_by(
        F("comfort").asc(nulls_last=True), "-review__interview__starts_at", "-pk"
    ).values(*STRATEGY_FIELDS)[:limit]
    shown = [_strategy(r) for r in rows]
    total = open_.count()
    return shown, total


def insights_for(user) -> dict:
    """Everything the Insights page shows (at most 8 queries, whatever the data)."""
    themes = themes_with_history(user)
    counts = review_counts(user)
    strategies, open_total = open_strategies(user)
    return {
        "themes": themes,
        "go_to": go_to_themes(themes),
        "work_on": work_on_themes(themes),
        "counts": counts,
        "excitement": excitement_rows(user) if counts["compared"] else [],
        "employers": employer_scorecard(user) if counts["completed"] else [],
        "open_strategies": strategies,
        "open_total": open_total,
        # The page states the rules in words; these keep the words and the rules together.
        "go_to_at_least": GO_TO_AT_LEAST,
        "work_on_below": WORK_ON_BELOW,
    }
