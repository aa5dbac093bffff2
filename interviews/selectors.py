"""Reads the pages of ``interviews`` need, as plain functions the views call.

Each costs a fixed number of queries whatever the size of the person's data; the tests pin
them (``interviews/tests/test_query_counts.py``). Nothing here is kept between requests: a
page shows the rows as they are when it is drawn.
"""

from collections.abc import Generator
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple, cast

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower

from common.sql import read_as_the_orm
from common.urls import reverse_for_pks
from interviews.models import (
    CLOSED_OUTCOMES,
    Application,
    Company,
    Contact,
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
    (4 queries, 5 with a sample)."""
    counts = dashboard_counts(user, now)
    sample_pk = counts.pop("sample_pk")
    app_counts = {
        "open": counts.pop("open_applications"),
        "closed": counts.pop("closed_applications"),
    }
    if not counts["total"]:
        return {"counts": counts, "sample": None}
    return {
        "counts": counts,
        "sample": Interview.objects.for_user(user).select_related("company").get(pk=sample_pk)
        if sample_pk is not None
        else None,
        "app_counts": app_counts,
        "open_applications": dashboard_applications(user),
        **dashboard_rounds(user, now),
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


@lru_cache(maxsize=4)
def _dashboard_rounds_sql(vendor: str) -> str:
    """The dashboard's coming-up and recent rounds with their panels, as one statement (for
    ``dashboard_rounds``)."""
    quote = connection.ops.quote_name
    interviews = quote(Interview._meta.db_table)
    applications = quote(Application._meta.db_table)
    companies = quote(Company._meta.db_table)
    panels = quote(Interview.interviewers.through._meta.db_table)
    contacts = quote(Contact._meta.db_table)
    closed = ", ".join(f"'{outcome}'" for outcome in sorted(CLOSED_OUTCOMES))
    rounds = (
        "SELECT * FROM (SELECT {section} AS section, i.id, co.name AS company_name, i.role,"
        " i.starts_at, i.round, i.is_sample, i.notes_done_at, i.review_done_at, i.cancelled,"
        " a.outcome, a.latest_round_at"
        f" FROM {interviews} i INNER JOIN {applications} a ON a.id = i.application_id"
        f" INNER JOIN {companies} co ON co.id = i.company_id"
        " WHERE i.owner_id = %s AND {where} ORDER BY {order} LIMIT %s) {alias}"
    )
    upcoming = rounds.format(
        section=0,
        where="NOT i.cancelled AND i.starts_at >= %s",
        order="i.starts_at ASC, i.id ASC",
        alias="u",
    )
    # Closed applications fold out of the way: their rounds leave the follow-up list.
    recent = rounds.format(
        section=1,
        where=f"i.starts_at < %s AND i.starts_at >= %s AND NOT (a.outcome IN ({closed}))",
        order="i.starts_at DESC, i.id DESC",
        alias="r",
    )
    # The recent rounds' interviewers come as one row each (coming up shows none).
    return (
        f"SELECT s.*, c.name FROM ({upcoming} UNION ALL {recent}) s"
        f" LEFT OUTER JOIN {panels} p ON p.interview_id = s.id AND s.section = 1"
        f" LEFT OUTER JOIN {contacts} c ON c.id = p.contact_id"
        " ORDER BY LOWER(c.name) ASC"
    )


def dashboard_rounds(user, now: datetime) -> dict:
    """The dashboard's ``upcoming`` rounds (the next ``DASHBOARD_UPCOMING``: ``pk``,
    ``company__name``, ``role``, ``starts_at``, ``round`` and ``url``) and its ``recent``
    ones (the latest ``DASHBOARD_RECENT`` of the ``FOLLOW_UP_WINDOW`` whose application is
    not closed, as ``interview_rows`` draws them), in 1 query; rounds starting together
    come by id.

    Written as SQL: the ORM spent longer building the three statements this replaces
    (coming up, recent, their interviewers) than the database spent answering them."""
    at = connection.ops.adapt_datetimefield_value(now)
    since = connection.ops.adapt_datetimefield_value(now - FOLLOW_UP_WINDOW)
    params = [user.pk, at, DASHBOARD_UPCOMING, user.pk, at, since, DASHBOARD_RECENT]
    # What the ORM would make of each converted column, by position in the row.
    readers = [
        (4, read_as_the_orm(Interview, "starts_at")),
        (6, read_as_the_orm(Interview, "is_sample")),
        (7, read_as_the_orm(Interview, "notes_done_at")),
        (8, read_as_the_orm(Interview, "review_done_at")),
        (9, read_as_the_orm(Interview, "cancelled")),
        (11, read_as_the_orm(Application, "latest_round_at")),
    ]
    found: dict[int, list] = {}
    panels: dict[int, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_dashboard_rounds_sql(connection.vendor), params)
        for *row, name in cursor.fetchall():
            pk = row[1]
            if pk not in found:
                for position, read in readers:
                    row[position] = read(row[position])
                found[pk] = row
                panels[pk] = []
            if name is not None:
                panels[pk].append(name)
    url = reverse_for_pks("interviews:detail", "interview_pk")
    upcoming = sorted((row for row in found.values() if not row[0]), key=lambda r: (r[4], r[1]))
    recent = sorted((row for row in found.values() if row[0]), key=lambda r: (r[4], r[1]))
    recent.reverse()
    rows = []
    for (
        _,
        pk,
        company,
        role,
        starts_at,
        _,
        is_sample,
        notes,
        review,
        cancelled,
        decision,
        latest,
    ) in recent:
        outcome = round_outcome(
            cancelled=cancelled,
            starts_at=starts_at,
            latest_round_at=latest,
            application_outcome=decision,
        )
        rows.append(
            {
                "pk": pk,
                "company__name": company,
                "role": role,
                "starts_at": starts_at,
                "is_sample": is_sample,
                "notes_done_at": notes,
                "review_done_at": review,
                "cancelled": cancelled,
                "application__outcome": decision,
                "application__latest_round_at": latest,
                "url": url(pk),
                "outcome": outcome,
                "outcome_label": Outcome(outcome).label,
                "panel": panels[pk],
            }
        )
    return {
        "upcoming": [
            {
                "pk": row[1],
                "company__name": row[2],
                "role": row[3],
                "starts_at": row[4],
                "round": row[5],
                "url": url(row[1]),
            }
            for row in upcoming
        ],
        "recent": rows,
    }


@lru_cache(maxsize=4)
def _dashboard_applications_sql(vendor: str) -> str:
    """The dashboard's open applications, as ``application_rows`` reads
    ``open().by_recency()``, in one statement (for ``dashboard_applications``)."""
    quote = connection.ops.quote_name
    interviews = quote(Interview._meta.db_table)
    applications = quote(Application._meta.db_table)
    companies = quote(Company._meta.db_table)
    closed = ", ".join(f"'{outcome}'" for outcome in sorted(CLOSED_OUTCOMES))
    return (
        "SELECT a.id, a.role, co.name, a.latest_round_at, a.outcome,"
        f" (SELECT COUNT(*) FROM {interviews} r WHERE r.application_id = a.id)"
        f" FROM {applications} a INNER JOIN {companies} co ON co.id = a.company_id"
        f" WHERE a.owner_id = %s AND NOT (a.outcome IN ({closed}))"
        " ORDER BY a.latest_round_at DESC NULLS LAST, a.id DESC LIMIT %s"
    )


def dashboard_applications(user) -> list[dict]:
    """The dashboard's applications in progress (1 query): the ``DASHBOARD_APPLICATIONS``
    open ones with the latest rounds, as ``application_rows`` gives them.

    Written as SQL: the ORM took longer to build the grouped statement than the database
    took to answer it."""
    read_latest = read_as_the_orm(Application, "latest_round_at")
    url = reverse_for_pks("interviews:application", "application_pk")
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(
            _dashboard_applications_sql(connection.vendor), [user.pk, DASHBOARD_APPLICATIONS]
        )
        for pk, role, company, latest, outcome, round_count in cursor.fetchall():
            latest = read_latest(latest)
            rows.append(
                {
                    "pk": pk,
                    "role": role,
                    "company__name": company,
                    "latest_round_at": latest,
                    "outcome": outcome,
                    "round_count": round_count,
                    "url": url(pk),
                    "outcome_label": Outcome(outcome).label,
                }
            )
    return rows


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
    url = reverse_for_pks("interviews:detail", "interview_pk")
    for row in rows:
        outcome = round_outcome(
            cancelled=row["cancelled"],
            starts_at=row["starts_at"],
            latest_round_at=row["application__latest_round_at"],
            application_outcome=row["application__outcome"],
        )
        row.update(
            url=url(row["pk"]),
            outcome=outcome,
            outcome_label=Outcome(outcome).label,
            panel=panels[row["pk"]],
        )
    return rows


@lru_cache(maxsize=4)
def _panel_names_sql(vendor: str) -> str:
    """``panel_names``'s statement, its list of interviews left as ``{ids}``."""
    quote = connection.ops.quote_name
    panels = quote(Interview.interviewers.through._meta.db_table)
    contacts = quote(Contact._meta.db_table)
    return (
        f"SELECT p.interview_id, c.name FROM {panels} p"
        f" INNER JOIN {contacts} c ON c.id = p.contact_id"
        " WHERE p.interview_id IN ({ids}) ORDER BY LOWER(c.name) ASC"
    )


def panel_names(interview_ids: list[int]) -> dict[int, list[str]]:
    """Each interview's interviewers' names, by name as ``Interview.panel`` has them (1 query,
    none for no ids): the names, without a prefetch of whole rows.

    Written as SQL: the ORM took longer to build the statement than to run it."""
    panels: dict[int, list[str]] = {pk: [] for pk in interview_ids}
    if panels:
        sql = _panel_names_sql(connection.vendor).format(ids=", ".join(["%s"] * len(panels)))
        with connection.cursor() as cursor:
            cursor.execute(sql, list(panels))
            for interview_id, name in cursor.fetchall():
                panels[interview_id].append(name)
    return panels


# What a round of the timeline shows of itself (``application_timeline``).
TIMELINE_FIELDS = (
    "pk",
    "round",
    "role",
    "starts_at",
    "format",
    "cancelled",
    "notes_done_at",
    "review_done_at",
)


@lru_cache(maxsize=4)
def _application_timeline_sql(vendor: str) -> str:
    """``application_timeline``'s statement: the rounds' ``TIMELINE_FIELDS``, a row for each
    interviewer (with their name last; none for a round without), first round first."""
    quote = connection.ops.quote_name
    interviews = quote(Interview._meta.db_table)
    panels = quote(Interview.interviewers.through._meta.db_table)
    contacts = quote(Contact._meta.db_table)
    return (
        "SELECT i.id, i.round, i.role, i.starts_at, i.format, i.cancelled, i.notes_done_at,"
        f" i.review_done_at, c.name FROM {interviews} i"
        f" LEFT OUTER JOIN {panels} p ON p.interview_id = i.id"
        f" LEFT OUTER JOIN {contacts} c ON c.id = p.contact_id"
        " WHERE i.application_id = %s"
        " ORDER BY i.starts_at ASC, i.id ASC, LOWER(c.name) ASC"
    )


def application_timeline(application) -> list[dict]:
    """An application's rounds as its timeline draws them, first to last (1 query): the
    round's own values (``TIMELINE_FIELDS``), its page's ``url``, ``format_label`` and
    ``panel`` (names, as ``panel_names`` orders them).

    Written as SQL: the ORM took longer to build the rounds' and their interviewers'
    statements than the database took to answer them."""
    # What the ORM would make of each converted column, by position in the row.
    readers = [
        (position, read_as_the_orm(Interview, TIMELINE_FIELDS[position]))
        for position in (3, 5, 6, 7)
    ]
    formats = dict(Interview.Format.choices)
    url = reverse_for_pks("interviews:detail", "interview_pk")
    rows: dict[int, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(_application_timeline_sql(connection.vendor), [application.pk])
        for *values, name in cursor.fetchall():
            pk = values[0]
            if pk not in rows:
                for position, read in readers:
                    values[position] = read(values[position])
                row = dict(zip(TIMELINE_FIELDS, values, strict=True))
                row.update(
                    url=url(pk),
                    format_label=formats.get(row["format"], row["format"]),
                    panel=[],
                )
                rows[pk] = row
            if name is not None:
                rows[pk]["panel"].append(name)
    return list(rows.values())


def application_rows(applications) -> list[dict]:
    """The rows of an application table for ``applications`` (a queryset, sliced or not; 1
    query): its page's ``url``, role, company name, latest round, number of rounds and
    outcome with its label."""
    rows = list(
        applications.values("pk", "role", "company__name", "latest_round_at", "outcome").annotate(
            round_count=Count("rounds")
        )
    )
    url = reverse_for_pks("interviews:application", "application_pk")
    for row in rows:
        row.update(
            url=url(row["pk"]),
            outcome_label=Outcome(row["outcome"]).label,
        )
    return rows


class PersonRow(NamedTuple):
    """What a row of People shows of a person."""

    pk: int
    name: str
    title: str
    company_name: str | None
    last_contact: datetime | None
    interview_count: int


def _interview_count(contact_ref: str):
    """How many interviews the person was on (any time, any state), for each row."""
    through = Interview.interviewers.through
    per_contact = (
        through.objects.filter(contact=OuterRef(contact_ref))
        .values("contact")
        .annotate(n=Count("pk"))
    )
    # Any: django-stubs cannot see a name annotated on an auto-created through model.
    return Coalesce(Subquery(cast(Any, per_contact).values("n")), 0)


def people_page(
    user, *, company_id: int | None, by_name: bool, now: datetime, number, per_page: int
) -> Page:
    """Page ``number`` of People (as ``Paginator.get_page`` finds it: page 1 for a number
    that is not one, the last page past the end), its rows ``PersonRow``. The page's rows
    and the number of people come in one query (two when the page reaches people not met
    yet); a page number out of range costs one more."""
    try:
        asked = max(int(number), 1)
    except (TypeError, ValueError):
        asked = 1
    people = People(user, company_id=company_id, by_name=by_name, now=now)
    people.expect((asked - 1) * per_page, asked * per_page)
    # Any: a Paginator needs only count() and slices, which People has; the stubs ask for
    # a whole sequence.
    return Paginator(cast(Any, people), per_page).get_page(number)


@lru_cache(maxsize=8)
def _people_walk_sql(vendor: str, one_company: bool) -> str:
    """``People._walk``'s statement: ``People._met()`` with each person's row, the number
    of interviews with them and the number of people (both as the ORM's version wrote
    them), latest first."""
    quote = connection.ops.quote_name
    interviews = quote(Interview._meta.db_table)
    panels = quote(Interview.interviewers.through._meta.db_table)
    contacts = quote(Contact._meta.db_table)
    companies = quote(Company._meta.db_table)
    at_company = " AND {}.company_id = %s" if one_company else ""
    return (
        "SELECT p.contact_id, c.name, c.title, co.name, i.starts_at,"
        f" (SELECT COUNT(*) FROM {panels} n WHERE n.contact_id = p.contact_id),"
        f" (SELECT COUNT(*) FROM {contacts} t WHERE t.owner_id = %s{at_company.format('t')})"
        f" FROM {interviews} i"
        f" INNER JOIN {panels} p ON p.interview_id = i.id"
        f" INNER JOIN {contacts} c ON c.id = p.contact_id"
        f" LEFT OUTER JOIN {companies} co ON co.id = c.company_id"
        " WHERE i.owner_id = %s AND i.starts_at <= %s AND NOT i.cancelled"
        f" AND c.owner_id = %s{at_company.format('c')}"
        " ORDER BY i.starts_at DESC, LOWER(c.name) ASC, c.id ASC"
    )


@lru_cache(maxsize=8)
def _people_by_name_sql(vendor: str, one_company: bool) -> str:
    """``People._by_name``'s statement: a page of the person's people by name, each with
    their last contact and the number of interviews with them (as ``with_history`` writes
    them), and the number of people."""
    quote = connection.ops.quote_name
    interviews = quote(Interview._meta.db_table)
    panels = quote(Interview.interviewers.through._meta.db_table)
    contacts = quote(Contact._meta.db_table)
    companies = quote(Company._meta.db_table)
    at_company = " AND {}.company_id = %s" if one_company else ""
    return (
        "SELECT c.id, c.name, c.title, co.name,"
        f" (SELECT i.starts_at FROM {interviews} i"
        f" INNER JOIN {panels} m ON m.interview_id = i.id"
        " WHERE m.contact_id = c.id AND i.starts_at <= %s AND NOT i.cancelled"
        " ORDER BY i.starts_at DESC LIMIT 1),"
        f" (SELECT COUNT(*) FROM {panels} n WHERE n.contact_id = c.id),"
        f" (SELECT COUNT(*) FROM {contacts} t WHERE t.owner_id = %s{at_company.format('t')})"
        f" FROM {contacts} c LEFT OUTER JOIN {companies} co ON co.id = c.company_id"
        f" WHERE c.owner_id = %s{at_company.format('c')}"
        " ORDER BY LOWER(c.name) ASC, c.id ASC LIMIT %s OFFSET %s"
    )


class People:
    """Everyone the person has met, as People lists them, for a ``Paginator``: ``count()``
    and one page (``[start:stop]``) of ``PersonRow``.

    By last contact (the start of the latest interview with them that has begun and was
    not called off, latest first, then by name), the page is not found by working out
    everyone's last contact and sorting them all — on SQLite that is most of the page for
    2,000 people — but by walking the person's past interviews from the latest down (the
    index on owner and start) and taking each panelist the first time they come: that is
    their last contact, and within one start the database gives them by name. Page 1
    reads the few dozen latest interviews. Who has not been met yet comes after everyone
    met, by name: a page that reaches them walks every interview, then reads them (one
    more query, only on such a page). By name, the page is the database's.

    The number of people is a column of the page's query (the database works it out
    once), so the page ``expect()``-ed is read when the paginator first asks for the
    count; a page read empty (none, or past the end) counts them on its own."""

    def __init__(self, user, *, company_id: int | None, by_name: bool, now: datetime):
        self.user, self.company_id, self.by_name, self.now = user, company_id, by_name, now
        self._total: int | None = None
        self._expected = (0, 0)
        self._read: tuple[int, list[PersonRow]] | None = None

    def expect(self, start: int, stop: int) -> None:
        """The rows the paginator will most likely ask for."""
        self._expected = (start, stop)

    def _contacts(self):
        contacts = Contact.objects.for_user(self.user)
        return contacts.filter(company_id=self.company_id) if self.company_id else contacts

    def _with_total(self, rows):
        """``rows`` with the number of people as their last column (the same on each)."""
        total = self._contacts().order_by().values(n=Func("pk", function="COUNT"))
        return rows.annotate(total=Subquery(total))

    def count(self) -> int:
        if self._total is None and self._read is None:
            start, stop = self._expected
            self._read = (start, self._rows(start, stop))
        if self._total is None:
            self._total = self._contacts().count()
        return self._total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[PersonRow]:
        start, stop = page.start or 0, page.stop
        if self._read is not None and self._read[0] == start and stop <= self._expected[1]:
            return self._read[1][: stop - start]
        return self._rows(start, stop)

    def _rows(self, start: int, stop: int) -> list[PersonRow]:
        if stop <= start:
            return []
        if self.by_name:
            return self._by_name(start, stop)
        return self._by_last_contact(start, stop)

    def _by_name(self, start: int, stop: int) -> list[PersonRow]:
        """One page by name, with each person's last contact as ``with_history`` finds it
        (written as SQL, as ``_walk`` is: the ORM took longer to build it than the
        database to answer it for a page)."""
        sql = _people_by_name_sql(connection.vendor, bool(self.company_id))
        company = [self.company_id] if self.company_id else []
        now = connection.ops.adapt_datetimefield_value(self.now)
        params = [now, self.user.pk, *company, self.user.pk, *company, stop - start, start]
        read_starts_at = read_as_the_orm(Interview, "starts_at")
        rows = []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for pk, name, title, company_name, last_contact, count, total in cursor.fetchall():
                last_contact = read_starts_at(last_contact)
                self._total = total
                rows.append(PersonRow(pk, name, title, company_name, last_contact, count))
        return rows

    def _met(self):
        """The panel places of the person's interviews that have begun and were not
        called off (a person met), with the person's row."""
        through = Interview.interviewers.through
        met = through.objects.filter(
            interview__owner=self.user,
            interview__starts_at__lte=self.now,
            contact__owner=self.user,
        ).exclude(interview__cancelled=True)
        return met.filter(contact__company_id=self.company_id) if self.company_id else met

    def _walk(self, chunk: int) -> Generator[tuple]:
        """The panel places of ``_met()``, latest interview first and by name within one,
        as (contact id, name, title, company name, start, interviews with them, number of
        people), read ``chunk`` rows at a time: as many as the page needs, not all of them.

        Written as SQL: the ORM spent longer building this statement (five tables, two
        subqueries) than SQLite spends on the page's rows."""
        sql = _people_walk_sql(connection.vendor, bool(self.company_id))
        company = [self.company_id] if self.company_id else []
        now = connection.ops.adapt_datetimefield_value(self.now)
        params = [self.user.pk, *company, self.user.pk, now, self.user.pk, *company]
        read_starts_at = read_as_the_orm(Interview, "starts_at")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(chunk):
                for pk, name, title, company_name, starts_at, count, total in rows:
                    yield pk, name, title, company_name, read_starts_at(starts_at), count, total

    def _by_last_contact(self, start: int, stop: int) -> list[PersonRow]:
        rows: list[PersonRow] = []
        seen: set[int] = set()
        # A panel has a few people: twice the rows wanted is nearly always one fetch.
        walk = self._walk(chunk=2 * stop)
        for *row, total in walk:
            self._total = total
            if row[0] in seen:
                continue
            seen.add(row[0])
            if len(seen) > start:
                rows.append(PersonRow(*row))
                if len(seen) == stop:
                    walk.close()
                    return rows
        met = len(seen)
        if self._total is not None and met >= self._total:
            return rows
        not_met = self._with_total(
            self._contacts()
            .exclude(Exists(self._met().filter(contact=OuterRef("pk"))))
            .annotate(interview_count=_interview_count("pk"))
            .order_by(Lower("name"), "pk")
        ).values_list("pk", "name", "title", "company__name", "interview_count", "total")[
            max(start - met, 0) : stop - met
        ]
        for pk, name, title, company, count, total in not_met:
            self._total = total
            rows.append(PersonRow(pk, name, title, company, None, count))
        return rows
