"""Reads the pages of ``interviews`` need, as plain functions the views call.

Each costs a fixed number of queries whatever the size of the person's data; the tests pin
them (``interviews/tests/test_query_counts.py``). Nothing here is kept between requests: a
page shows the rows as they are when it is drawn.
"""

from datetime import datetime, timedelta
from functools import lru_cache

from django.db import connection
from django.db.models import Count
from django.db.models.functions import Lower

from common.urls import reverse_for_pk
from interviews.models import (
    CLOSED_OUTCOMES,
    Application,
    Interview,
    Outcome,
    round_outcome,
)

# Open applications the dashboard lists; the rest are one click away.
DASHBOARD_APPLICATIONS = 6
# Past interviews stay on the dashboard's follow-up list this long.
FOLLOW_UP_WINDOW = timedelta(days=14)
DASHBOARD_UPCOMING = 5
DASHBOARD_RECENT = 8


def dashboard_interviews(user, now: datetime) -> dict:
    """The dashboard's interviews: counts, the sample (if any), the recent ones still to
    follow up with their interviewers, the applications in progress and what is coming up
    (5 queries, 6 with a sample)."""
    interviews = Interview.objects.for_user(user)
    counts = dashboard_counts(user, now)
    sample_pk = counts.pop("sample_pk")
    app_counts = {
        "open": counts.pop("open_applications"),
        "closed": counts.pop("closed_applications"),
    }
    if not counts["total"]:
        return {"counts": counts, "sample": None}
    applications = Application.objects.for_user(user)
    return {
        "counts": counts,
        "sample": interviews.select_related("company").get(pk=sample_pk)
        if sample_pk is not None
        else None,
        "app_counts": app_counts,
        "open_applications": application_rows(
            applications.open().by_recency()[:DASHBOARD_APPLICATIONS]
        ),
        # The list shows no interviewers: none are loaded.
        "upcoming": [
            {**row, "url": reverse_for_pk("interviews:detail", "interview_pk", row["pk"])}
            for row in interviews.upcoming(now).values(
                "pk", "company__name", "role", "starts_at", "round"
            )[:DASHBOARD_UPCOMING]
        ],
        # Closed applications fold out of the way: their rounds leave the follow-up list.
        "recent": interview_rows(
            interviews.past(now)
            .filter(starts_at__gte=now - FOLLOW_UP_WINDOW)
            .exclude(application__outcome__in=CLOSED_OUTCOMES)[:DASHBOARD_RECENT]
        ),
    }


@lru_cache(maxsize=4)
def _dashboard_counts_sql(vendor: str) -> str:
    """The dashboard's counts as one statement (for ``dashboard_counts``)."""
    quote = connection.ops.quote_name
    interviews = quote(Interview._meta.db_table)
    applications = quote(Application._meta.db_table)
    closed = ", ".join(f"'{outcome}'" for outcome in sorted(CLOSED_OUTCOMES))
    offers = f"'{Outcome.OFFER}', '{Outcome.ACCEPTED}'"
    # An application is counted only with a round, as the interviews' join counted it
    # (an import can leave an application without one).
    counted = (
        f"SELECT COUNT(*) FROM {applications} o WHERE o.owner_id = %s AND {{}} AND EXISTS "
        f"(SELECT 1 FROM {interviews} r WHERE r.application_id = o.id)"
    )
    return (
        "SELECT COUNT(*),"
        " COUNT(CASE WHEN NOT i.cancelled AND i.starts_at >= %s THEN 1 END),"
        # outcome_q(Outcome.AWAITING): not called off, the latest round (or its application
        # has no date yet), and the application still waiting.
        " COUNT(CASE WHEN i.starts_at < %s AND NOT i.cancelled"
        " AND (a.latest_round_at IS NULL OR a.latest_round_at <= i.starts_at)"
        f" AND a.outcome = '{Outcome.AWAITING}' THEN 1 END),"
        " MIN(CASE WHEN i.is_sample THEN i.id END),"
        f" ({counted.format(f'o.outcome IN ({offers})')}),"
        f" ({counted.format(f'o.outcome NOT IN ({closed})')}),"
        f" ({counted.format(f'o.outcome IN ({closed})')})"
        f" FROM {interviews} i INNER JOIN {applications} a ON a.id = i.application_id"
        " WHERE i.owner_id = %s"
    )


def dashboard_counts(user, now: datetime) -> dict:
    """The dashboard's numbers (1 query): the interviews in all, coming up and awaiting a
    decision, the applications with an offer, open and closed, and the sample's id (or
    None: almost nobody has one, so it costs no query of its own).

    Written as SQL: the ORM spent three times as long building this aggregate (seven
    filtered counts, three of them distinct applications through the join) as the
    database spent answering it. Applications are counted from their own table, once
    each, instead of as distinct values of the join."""
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            _dashboard_counts_sql(connection.vendor),
            [at, at, user.pk, user.pk, user.pk, user.pk],
        )
        row = cursor.fetchone()
    names = (
        "total",
        "upcoming",
        "awaiting",
        "sample_pk",
        "offers",
        "open_applications",
        "closed_applications",
    )
    return dict(zip(names, row, strict=True))


# What a row of an interview table shows (``interview_rows``), read as values: a model
# instance, its company's and its application's cost more than drawing the row.
INTERVIEW_ROW_FIELDS = (
    "pk",
    "company__name",
    "role",
    "starts_at",
    "is_sample",
    "notes_done_at",
    "review_done_at",
    "cancelled",
    "application__outcome",
    "application__latest_round_at",
)


def interview_rows(interviews) -> list[dict]:
    """The rows of an interview table for ``interviews`` (a queryset, sliced or not; 2
    queries): each a dict of ``INTERVIEW_ROW_FIELDS`` with its page's ``url``, its
    ``outcome`` and that outcome's label, and ``panel``, its interviewers' names."""
    rows = list(interviews.values(*INTERVIEW_ROW_FIELDS))
    panels = panel_names([row["pk"] for row in rows])
    for row in rows:
        outcome = round_outcome(
            cancelled=row["cancelled"],
            starts_at=row["starts_at"],
            latest_round_at=row["application__latest_round_at"],
            application_outcome=row["application__outcome"],
        )
        row.update(
            url=reverse_for_pk("interviews:detail", "interview_pk", row["pk"]),
            outcome=outcome,
            outcome_label=Outcome(outcome).label,
            panel=panels[row["pk"]],
        )
    return rows


def panel_names(interview_ids: list[int]) -> dict[int, list[str]]:
    """Each interview's interviewers' names, by name as ``Interview.panel`` has them (1 query,
    none for no ids): the names, without a prefetch of whole rows."""
    panels: dict[int, list[str]] = {pk: [] for pk in interview_ids}
    if panels:
        panel = Interview.interviewers.through.objects.filter(interview_id__in=panels)
        for interview_id, name in panel.order_by(Lower("contact__name")).values_list(
            "interview_id", "contact__name"
        ):
            panels[interview_id].append(name)
    return panels


def application_timeline(application) -> list[dict]:
    """An application's rounds as its timeline draws them, first to last (2 queries): the
    round's own values, its page's ``url``, ``format_label`` and ``panel`` (names)."""
    rows = list(
        application.rounds.order_by("starts_at", "pk").values(
            "pk",
            "round",
            "role",
            "starts_at",
            "format",
            "cancelled",
            "notes_done_at",
            "review_done_at",
        )
    )
    panels = panel_names([row["pk"] for row in rows])
    formats = dict(Interview.Format.choices)
    for row in rows:
        row.update(
            url=reverse_for_pk("interviews:detail", "interview_pk", row["pk"]),
            format_label=formats.get(row["format"], row["format"]),
            panel=panels[row["pk"]],
        )
    return rows


def application_rows(applications) -> list[dict]:
    """The rows of an application table for ``applications`` (a queryset, sliced or not; 1
    query): its page's ``url``, role, company name, latest round, number of rounds and
    outcome with its label."""
    rows = list(
        applications.values("pk", "role", "company__name", "latest_round_at", "outcome").annotate(
            round_count=Count("rounds")
        )
    )
    for row in rows:
        row.update(
            url=reverse_for_pk("interviews:application", "application_pk", row["pk"]),
            outcome_label=Outcome(row["outcome"]).label,
        )
    return rows
