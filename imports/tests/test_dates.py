"""Each date column settles its own order (day or month first) from its values that can be
read only one way; the workbook's display of a column's real dates settles it next; the
person's locale or time zone only when nothing in the file says."""

import pytest

from imports import sheets
from tests.corpora import corpus

pytestmark = pytest.mark.django_db


def read(owner, data: bytes, name: str = "mine.csv") -> dict[str, dict]:
    table = sheets.read_table(name, data)
    preview = sheets.table_preview(table, owner=owner)
    return {row["values"]["company"]: row["values"] for row in preview}


def test_one_unambiguous_value_settles_its_column_day_first(bob):
    # Bob lives in UTC with the default (US) locale: left alone he reads month first.
    data = (
        b"Company,Role,Date applied\n"
        b"Acme,Engineer,04/03/2024\n"
        b"Globex,Engineer,25/03/2024\n"
        b"Initech,Engineer,05/03/2024\n"
    )
    got = read(bob, data)
    assert [got[c]["applied_iso"] for c in ("Acme", "Globex", "Initech")] == [
        "2024-03-04",
        "2024-03-25",
        "2024-03-05",
    ]


def test_each_column_settles_its_own_order(bob):
    data = (
        b"Company,Role,Date applied,Interview date\n"
        b"Acme,Engineer,03/25/2024,04/05/2024\n"
        b"Globex,Engineer,04/03/2024,28/04/2024\n"
    )
    got = read(bob, data)
    assert got["Globex"]["applied_iso"] == "2024-04-03"  # month first: 03/25 said so
    assert got["Acme"]["interview_iso"].startswith("2024-05-04")  # day first: 28/04 said so


def test_nothing_settles_it_then_the_persons_locale_or_zone_does(alice, bob):
    data = b"Company,Role,Date applied\nAcme,Engineer,04/03/2024\n"
    assert read(bob, data)["Acme"]["applied_iso"] == "2024-04-03"
    bob.locale = "en-GB"
    assert read(bob, data)["Acme"]["applied_iso"] == "2024-03-04"
    # Alice kept the default locale but lives in Berlin: day first.
    assert alice.locale == "en-US" and alice.time_zone == "Europe/Berlin"
    assert read(alice, data)["Acme"]["applied_iso"] == "2024-03-04"
    alice.time_zone = "America/Chicago"
    assert read(alice, data)["Acme"]["applied_iso"] == "2024-04-03"


def test_a_uk_date_typed_among_excel_dates_follows_the_columns_display(bob):
    """Skyscanner's 12/02/2024 is typed text in a column of real dates shown dd/mm/yyyy:
    12 February, even for a person whose own locale reads it as 2 December."""
    name = "variant_merged_header_cells.xlsx"
    got = read(bob, (corpus("tracker-exports") / name).read_bytes(), name)
    assert got["Skyscanner"]["applied_iso"] == "2024-02-12"
    assert got["Monzo"]["applied_iso"] == "2024-02-05"
    # The interview columns under the merged "Interview" group header are a round.
    assert got["Wise"]["round"] == "Onsite"
    assert got["Wise"]["interview_iso"].startswith("2024-02-29")
