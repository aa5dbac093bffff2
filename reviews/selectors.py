"""Reads the reviews panels need, as plain functions their template tags call (the pages
that show them belong to ``interviews``, which cannot import us: docs/architecture.md).

Each costs a fixed number of queries whatever the number of reviews; nothing is kept
between requests.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from django.db import connection
from django.db.models import Count

from common.urls import reverse_for_pks
from interviews.models import Interview
from reviews import insights
from reviews.models import GutRating, PlanItem, Review

PREP_EARLIER = 3
DASHBOARD_THEMES = 3


def interview_review(interview) -> tuple[Review | None, GutRating | None]:
    """The interview's review with its number of questions, and its gut rating once it has
    started (2 queries, 1 before the interview). Only the columns the panel shows."""
    review = (
        Review.objects.filter(interview=interview)
        .only("pk", "interview_id", "status", "completed_at", "updated_at", "excitement_after")
        .annotate(question_count=Count("questions"))
        .order_by("pk")  # one review an interview: no need to join for the default order
        .first()
    )
    gut = None if interview.is_upcoming else GutRating.objects.filter(interview=interview).first()
    return review, gut


def interview_plan(interview) -> list[PlanItem]:
    """The interview's plan items, in order, with the columns the panel shows (1 query)."""
    return list(
        PlanItem.objects.filter(interview=interview).only(
            "pk", "interview_id", "kind", "text", "outcome", "position"
        )
    )


@dataclass(frozen=True)
class EarlierRound:
    """An earlier interview at the same company, as the prep card shows it."""

    url: str
    role: str
    starts_at: datetime
    learned: str
    takeaways: str | None
    culture_notes: str | None
    deal_breakers: str | None


def interview_prep(interview, owner) -> dict:
    """For an upcoming interview: the weakest themes with the strategies written for them,
    and the earlier interviews at this company with what their reviews said (3 queries).
    The earlier rounds are read as the seven values the card shows, not as interviews and
    reviews."""
    earlier = (
        Interview.objects.for_user(owner)
        .filter(company_id=interview.company_id, starts_at__lt=interview.starts_at)
        .exclude(pk=interview.pk)
        .order_by("-starts_at")
        .values_list(
            "pk",
            "role",
            "starts_at",
            "learned",
            "review__takeaways",
            "review__culture_notes",
            "review__deal_breakers",
        )[:PREP_EARLIER]
    )
    url = reverse_for_pks("interviews:detail", "interview_pk")
    return {
        "weakest": insights.weakest_themes(owner),
        "earlier": [EarlierRound(url(pk), *rest) for pk, *rest in earlier],
    }


def dashboard_themes(user) -> dict:
    """The strongest and weakest themes in brief (1 query)."""
    themes = insights.theme_stats(user)
    return {
        "go_to": insights.go_to_themes(themes)[:DASHBOARD_THEMES],
        "work_on": insights.work_on_themes(themes)[:DASHBOARD_THEMES],
        "has_themes": bool(themes),
    }


class ReviewSaid(NamedTuple):
    """What a person's page shows of a review."""

    pk: int
    status: str
    rapport: int | None
    want_this_boss: int | None
    takeaways: str

    @property
    def is_completed(self) -> bool:
        return self.status == Review.Status.COMPLETED


def person_reviews(interviews) -> list[tuple]:
    """What the reviews of these interviews said — rapport, the boss, the gut rating —
    as (interview, review, gut rating) for those with either (1 query: the interviews'
    review and gut rating joined, one row each). The interviews come from the page,
    already limited to its owner."""
    said = {
        pk: (ReviewSaid(*review) if review[0] is not None else None, gut)
        for pk, *review, gut in Interview.objects.filter(
            pk__in=[interview.pk for interview in interviews]
        )
        .order_by()
        .values_list(
            "pk",
            "review__pk",
            "review__status",
            "review__rapport",
            "review__want_this_boss",
            "review__takeaways",
            "gut__rating",
        )
    }
    rows = []
    for interview in interviews:
        review, gut = said.get(interview.pk, (None, None))
        if review is not None or gut is not None:
            rows.append((interview, review, gut))
    return rows


@lru_cache(maxsize=4)
def _people_rapport_sql(vendor: str) -> str:
    """``people_rapport``'s statement, its ids' list left as ``{}``."""
    quote = connection.ops.quote_name
    reviews = quote(Review._meta.db_table)
    interviews = quote(Interview._meta.db_table)
    panels = quote(Interview.interviewers.through._meta.db_table)
    return (
        f"SELECT p.contact_id, r.rapport FROM {reviews} r"
        f" INNER JOIN {interviews} i ON i.id = r.interview_id"
        f" INNER JOIN {panels} p ON p.interview_id = i.id"
        " WHERE i.owner_id = %s AND r.rapport IS NOT NULL AND p.contact_id IN ({})"
        " ORDER BY i.starts_at DESC, r.id DESC"
    )


def people_rapport(user, contacts) -> dict[int, int]:
    """{contact id: rapport (1–5) in the latest review of an interview they were on} for
    these people (1 query; none for nobody).

    Written as SQL: for a page of 50 people the ORM spent several times as long building
    the query (the review, its interview and the interview's panel) as the database spent
    answering it."""
    ids = [contact.pk for contact in contacts]
    if not ids:
        return {}
    sql = _people_rapport_sql(connection.vendor).format(", ".join(["%s"] * len(ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, *ids])
        rows = cursor.fetchall()
    latest: dict[int, int] = {}
    for contact_id, rapport in rows:
        latest.setdefault(contact_id, rapport)
    return latest
