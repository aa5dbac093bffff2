"""Reads the reviews panels need, as plain functions their template tags call (the pages
that show them belong to ``interviews``, which cannot import us: docs/architecture.md).

Each costs a fixed number of queries whatever the number of reviews; nothing is kept
between requests.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connection

from common.sql import read_as_the_orm
from common.urls import reverse_for_pks
from interviews.models import Interview
from reviews import insights
from reviews.models import GutRating, PlanItem, Question, Review

PREP_EARLIER = 3
DASHBOARD_THEMES = 3


# The review panel's and the plan panel's columns, read together (interview_panels).
_REVIEW_COLUMNS = ("id", "status", "completed_at", "updated_at", "excitement_after")
_GUT_COLUMNS = ("id", "rating", "rated_at")
_PLAN_COLUMNS = ("id", "kind", "text", "position", "outcome")


@lru_cache
def _field_order(model):
    """A sort key putting column names in the model's order, as ``from_db`` takes them."""
    order = {field.attname: n for n, field in enumerate(model._meta.concrete_fields)}
    return lambda item: order[item[0]]


class InterviewPanels(NamedTuple):
    """What the review panel and the plan panel of an interview's page show."""

    review: Review | None
    gut: GutRating | None
    items: list[PlanItem]


def _panels_columns() -> list[tuple[Any, str]]:
    """(model field, table alias) of each column ``interview_panels`` reads, in order."""
    return [
        *((Review._meta.get_field(name), "r") for name in _REVIEW_COLUMNS),
        *((GutRating._meta.get_field(name), "g") for name in _GUT_COLUMNS),
        *((PlanItem._meta.get_field(name), "p") for name in _PLAN_COLUMNS),
    ]


@lru_cache
def _interview_panels_sql(vendor: str) -> str:
    """``interview_panels``'s statement: one row per plan item of the round (or one row),
    with its review, the review's number of questions and its gut rating."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"{alias}.{quote(field.column)}" for field, alias in _panels_columns())
    return (
        f"SELECT {columns},"
        f" (SELECT COUNT(*) FROM {quote(Question._meta.db_table)} q WHERE q.review_id = r.id)"
        f" FROM {quote(Interview._meta.db_table)} i"
        f" LEFT OUTER JOIN {quote(Review._meta.db_table)} r ON r.interview_id = i.id"
        f" LEFT OUTER JOIN {quote(GutRating._meta.db_table)} g ON g.interview_id = i.id"
        f" LEFT OUTER JOIN {quote(PlanItem._meta.db_table)} p ON p.interview_id = i.id"
        " WHERE i.id = %s ORDER BY p.position ASC, p.id ASC"
    )


def interview_panels(interview) -> InterviewPanels:
    """The interview's review with its number of questions, its gut rating once it has
    started, and its plan items in order, in one query for both panels. Only the columns
    the panels show, as the instances ``only()`` would make. Read once per interview
    instance, so the second panel costs nothing.

    Written as SQL: the ORM spent several times as long building the statement (three
    joins and a subquery) as the database spent answering it."""
    if (kept := interview.__dict__.get("_reviews_panels")) is not None:
        return kept
    # What the ORM would make of each column.
    readers = [read_as_the_orm(field.model, field.name) for field, _ in _panels_columns()]
    with connection.cursor() as cursor:
        cursor.execute(_interview_panels_sql(connection.vendor), [interview.pk])
        rows = cursor.fetchall()
    db = connection.alias

    def instance(model, values):  # what the ORM makes of a row read with only() these
        return model.from_db(
            db, *zip(*sorted(values.items(), key=_field_order(model)), strict=True)
        )

    review = gut = None
    items = []
    cut_gut, cut_plan = len(_REVIEW_COLUMNS), len(_REVIEW_COLUMNS) + len(_GUT_COLUMNS)
    for fetched in rows:
        row = [read(value) for read, value in zip(readers, fetched, strict=False)]
        row += fetched[len(readers) :]  # the number of questions
        if review is None and row[0] is not None:
            review = instance(
                Review,
                dict(zip(_REVIEW_COLUMNS, row[:cut_gut], strict=True), interview_id=interview.pk),
            )
            review.question_count = row[-1]
        if gut is None and row[cut_gut] is not None and not interview.is_upcoming:
            gut = instance(
                GutRating,
                dict(
                    zip(_GUT_COLUMNS, row[cut_gut:cut_plan], strict=True),
                    interview_id=interview.pk,
                ),
            )
        if row[cut_plan] is not None:
            items.append(
                instance(
                    PlanItem,
                    dict(
                        zip(_PLAN_COLUMNS, row[cut_plan:-1], strict=True),
                        interview_id=interview.pk,
                    ),
                )
            )
    panels = InterviewPanels(review, gut, items)
    interview.__dict__["_reviews_panels"] = panels
    return panels


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


@lru_cache
def _earlier_rounds_sql(vendor: str) -> str:
    """The prep card's earlier rounds at the company: the latest first, with what their
    reviews said."""
    quote = connection.ops.quote_name
    interviews, reviews = quote(Interview._meta.db_table), quote(Review._meta.db_table)
    return (
        "SELECT i.id, i.role, i.starts_at, i.learned,"
        " r.takeaways, r.culture_notes, r.deal_breakers"
        f" FROM {interviews} i LEFT OUTER JOIN {reviews} r ON r.interview_id = i.id"
        " WHERE i.owner_id = %s AND i.company_id = %s AND i.starts_at < %s AND i.id <> %s"
        " ORDER BY i.starts_at DESC LIMIT %s"
    )


def interview_prep(interview, owner) -> dict:
    """For an upcoming interview: the weakest themes with the strategies written for them,
    and the earlier interviews at this company with what their reviews said (3 queries).
    The earlier rounds are read as the seven values the card shows, not as interviews and
    reviews, by one plain SQL statement: the ORM spent longer building it (an owner
    filter, an exclusion, a join and a limit) than the database spent answering it."""
    read_starts_at = read_as_the_orm(Interview, "starts_at")
    params = [
        owner.pk,
        interview.company_id,
        connection.ops.adapt_datetimefield_value(interview.starts_at),
        interview.pk,
        PREP_EARLIER,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_earlier_rounds_sql(connection.vendor), params)
        earlier = [list(row) for row in cursor.fetchall()]
    for row in earlier:
        row[2] = read_starts_at(row[2])
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
