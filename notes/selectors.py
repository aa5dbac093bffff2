"""Reads the notes panels need, as plain functions their template tags call (the pages
that show them belong to ``interviews``, which cannot import us: docs/architecture.md).

Each is one query whatever the number of notes; nothing is kept between requests.
"""

from functools import lru_cache

from django.db import connection

from common.sql import read_as_the_orm
from interviews.models import Contact
from notes.models import ThankYouNote

# What the interview page's panel shows of a note, in the model's column order.
_PANEL_COLUMNS = (
    "id",
    "interview_id",
    "recipient_id",
    "kind",
    "sequence",
    "status",
    "sent_on",
    "sent_how",
)
_PANEL_FIELDS = [
    field for field in ThankYouNote._meta.concrete_fields if field.attname in _PANEL_COLUMNS
]
_PANEL_ATTNAMES = [field.attname for field in _PANEL_FIELDS]


@lru_cache
def _interview_notes_sql(vendor: str) -> str:
    """``interview_notes``'s statement, in the model's order (by the recipient's name)."""
    quote = connection.ops.quote_name
    notes = quote(ThankYouNote._meta.db_table)
    contacts = quote(Contact._meta.db_table)
    columns = ", ".join(f"n.{quote(field.column)}" for field in _PANEL_FIELDS)
    return (
        f"SELECT {columns} FROM {notes} n INNER JOIN {contacts} c ON c.id = n.recipient_id"
        " WHERE n.interview_id = %s ORDER BY n.interview_id ASC, c.name ASC, n.id ASC"
    )


def interview_notes(interview) -> list[ThankYouNote]:
    """The interview's notes, thank-you and keep-in-touch, with only what its panel shows
    (1 query), as the instances ``only()`` would make.

    Written as SQL: the ORM spent longer building the query (the recipient joined for the
    order) and its instances than the database spent answering it."""
    read_sent_on = read_as_the_orm(ThankYouNote, "sent_on")
    position = _PANEL_ATTNAMES.index("sent_on")
    with connection.cursor() as cursor:
        cursor.execute(_interview_notes_sql(connection.vendor), [interview.pk])
        rows = cursor.fetchall()
    notes = []
    for fetched in rows:
        row = list(fetched)
        row[position] = read_sent_on(row[position])
        notes.append(ThankYouNote.from_db(connection.alias, _PANEL_ATTNAMES, row))
    return notes


def person_notes(contact) -> list[ThankYouNote]:
    """Every note to a person — sent (when, how), ready or a draft — latest interview first
    (1 query)."""
    return list(
        ThankYouNote.objects.filter(recipient=contact, interview__owner_id=contact.owner_id)
        .select_related("interview__company")
        .only(
            "pk",
            "kind",
            "status",
            "sent_on",
            "sent_how",
            "interview__id",
            "interview__role",
            "interview__starts_at",
            "interview__company__name",
        )
        .order_by("-interview__starts_at", "-pk")
    )
