"""Reads the reminder panels need, as plain functions their template tags call (the pages
that show them belong to lower apps, which cannot import us: docs/architecture.md).

Each is one query whatever the number of rows; nothing is kept between requests.
"""

from functools import lru_cache

from django.db import connection

from common.sql import read_as_the_orm
from interviews.models import Company, Contact, Interview
from notes.models import ThankYouNote
from reminders.models import Reminder

# The dashboard shows the oldest few; "Show all" leads to the whole list (DUE_PAGE_LIMIT).
DASHBOARD_LIMIT = 5
DUE_PAGE_LIMIT = 200


def interview_timeline(interview) -> list[Reminder]:
    """This interview's follow-ups but the cancelled ones, in due order (1 query)."""
    return list(
        Reminder.objects.filter(interview=interview)
        .exclude(status=Reminder.Status.CANCELLED)
        .select_related("contact")
        .order_by("due_at", "pk")
    )


@lru_cache(maxsize=4)
def _keep_in_touch_planned_sql(vendor: str) -> str:
    """``application_keep_in_touch``'s look for planned notes: their ids."""
    quote = connection.ops.quote_name
    reminders = quote(Reminder._meta.db_table)
    interviews = quote(Interview._meta.db_table)
    return (
        f"SELECT r.id FROM {reminders} r INNER JOIN {interviews} i ON i.id = r.interview_id"
        " WHERE i.application_id = %s AND r.contact_id IS NOT NULL"
    )


def application_keep_in_touch(application) -> list[tuple[Reminder, ThankYouNote | None]]:
    """The keep-in-touch notes planned after an application's "no", each with its note if
    one was started (1 query when none is planned, as for most applications; 3 when some
    are).

    Whether any is planned is asked in plain SQL: the ORM took longer to build that
    question than the database to answer it, and the answer is nearly always no."""
    with connection.cursor() as cursor:
        cursor.execute(_keep_in_touch_planned_sql(connection.vendor), [application.pk])
        ids = [pk for (pk,) in cursor.fetchall()]
    if not ids:  # nothing planned (most applications): no note to look for
        return []
    planned = list(
        Reminder.objects.filter(pk__in=ids)
        .select_related("contact")
        .order_by("planned_for", "contact__name", "pk")
    )
    notes = {
        (n.interview_id, n.recipient_id, n.sequence): n
        for n in ThankYouNote.objects.keep_in_touch().filter(interview__application=application)
    }
    return [(r, notes.get((r.interview_id, r.contact_id, r.sequence))) for r in planned]


# What a row of a person's planned next shows (``reminders_tags.person_planned_rows``).
PERSON_PLANNED_FIELDS = (
    "pk",
    "kind",
    "status",
    "due_at",
    "overdue_at",
    "planned_for",
    "contact_id",
    "interview_id",
    "interview__role",
    "interview__company__name",
    "interview__application_id",
)


def person_planned(contact, interviews) -> list[dict]:
    """A person's page, planned next: the open follow-ups of ``interviews`` (the page's,
    those with them) and the keep-in-touch notes planned to them (not those to others on
    the same panel), soonest first, each a dict of ``PERSON_PLANNED_FIELDS`` (1 query:
    the page's interview ids, not a subquery of them, so the database looks up those
    interviews' follow-ups instead of reading every follow-up the person has).

    Written as SQL: the ORM took longer to build the statement (the either-or filter and
    the interview's and company's columns) than the database took to answer it."""
    ids = [interview.pk for interview in interviews]
    statuses = list(Reminder.OPEN_STATUSES)
    sql = _person_planned_sql(connection.vendor).format(
        statuses=", ".join(["%s"] * len(statuses)),
        theirs=(
            f"(r.contact_id IS NULL AND r.interview_id IN ({', '.join(['%s'] * len(ids))})) OR "
            if ids
            else ""
        ),
    )
    # What the ORM would make of the dated columns.
    readers = {
        name: read_as_the_orm(Reminder, name) for name in ("due_at", "overdue_at", "planned_for")
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, [contact.owner_id, *statuses, *ids, contact.pk])
        rows = [dict(zip(PERSON_PLANNED_FIELDS, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        for name, read in readers.items():
            row[name] = read(row[name])
    return rows


@lru_cache(maxsize=4)
def _person_planned_sql(vendor: str) -> str:
    """``person_planned``'s statement, its lists left as ``{statuses}`` and ``{theirs}``
    (the page's interviews, or nothing when there are none), in the order of
    ``PERSON_PLANNED_FIELDS``."""
    quote = connection.ops.quote_name
    reminders = quote(Reminder._meta.db_table)
    interviews = quote(Interview._meta.db_table)
    companies = quote(Company._meta.db_table)
    return (
        "SELECT r.id, r.kind, r.status, r.due_at, r.overdue_at, r.planned_for, r.contact_id,"
        " r.interview_id, i.role, co.name, i.application_id"
        f" FROM {reminders} r INNER JOIN {interviews} i ON i.id = r.interview_id"
        f" INNER JOIN {companies} co ON co.id = i.company_id"
        " WHERE r.owner_id = %s AND r.status IN ({statuses})"
        " AND ({theirs}r.contact_id = %s)"
        " ORDER BY r.due_at ASC, r.id ASC"
    )


# What a due follow-up's row shows (``reminders_tags.due_rows``), read as values: model
# instances of the reminder, its interview, company and contact cost more than the row.
DUE_ROW_FIELDS = (
    "pk",
    "kind",
    "status",
    "due_at",
    "overdue_at",
    "interview_id",
    "interview__role",
    "interview__company__name",
    "contact_id",
    "contact__name",
)


@lru_cache(maxsize=4)
def _due_follow_ups_sql(vendor: str) -> str:
    """``due_follow_ups``'s statement, its columns in the order of ``DUE_ROW_FIELDS`` and
    then the number due in all."""
    quote = connection.ops.quote_name
    reminders = quote(Reminder._meta.db_table)
    interviews = quote(Interview._meta.db_table)
    companies = quote(Company._meta.db_table)
    contacts = quote(Contact._meta.db_table)
    statuses = ", ".join(f"'{status}'" for status in Reminder.OPEN_STATUSES)
    return (
        "SELECT r.id, r.kind, r.status, r.due_at, r.overdue_at, r.interview_id, i.role,"
        " co.name, r.contact_id, c.name, COUNT(r.id) OVER ()"
        f" FROM {reminders} r INNER JOIN {interviews} i ON i.id = r.interview_id"
        f" INNER JOIN {companies} co ON co.id = i.company_id"
        f" LEFT OUTER JOIN {contacts} c ON c.id = r.contact_id"
        f" WHERE r.owner_id = %s AND r.status IN ({statuses}) AND r.due_at <= %s"
        " ORDER BY r.due_at ASC, r.id ASC LIMIT %s"
    )


def due_follow_ups(user, now, limit: int = DASHBOARD_LIMIT) -> tuple[list[dict], int]:
    """The person's due and overdue follow-ups, oldest first, at most ``limit``, each a dict
    of ``DUE_ROW_FIELDS``, and how many are due in all (1 query: the total rides along as
    a window count).

    Written as SQL, as ``person_planned`` is: the ORM spent longer building the statement
    (four tables and a window) than the database spent answering it."""
    read_due, read_overdue = (
        read_as_the_orm(Reminder, "due_at"),
        read_as_the_orm(Reminder, "overdue_at"),
    )
    at = connection.ops.adapt_datetimefield_value(now)
    rows = []
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(_due_follow_ups_sql(connection.vendor), [user.pk, at, limit])
        for *row, due_total in cursor.fetchall():
            total = due_total
            row[3], row[4] = read_due(row[3]), read_overdue(row[4])
            rows.append(dict(zip(DUE_ROW_FIELDS, row, strict=True)))
    return rows, total
