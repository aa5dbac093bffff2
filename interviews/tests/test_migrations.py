"""Data migrations of ``interviews``, run forwards on rows made with the models of their time."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("without_change_stamps"),
]

BEFORE_BOUNDS = ("interviews", "0009_field_limits")
BOUNDS = ("interviews", "0011_dates_in_range_everywhere")


def migrate(target):
    """Moves the schema to ``target`` and returns the models of every migration applied."""
    MigrationExecutor(connection).migrate([target])
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


@pytest.fixture
def at_migration():
    """Moves the schema to a migration for the test, and back to the latest afterwards."""
    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_dates_saved_before_the_bounds_move_to_the_nearest_bound(at_migration):
    apps = at_migration(BEFORE_BOUNDS)
    User = apps.get_model("accounts", "User")
    Company = apps.get_model("interviews", "Company")
    Interview = apps.get_model("interviews", "Interview")
    owner = User.objects.create(email="old@example.com")
    company = Company.objects.create(owner=owner, name="Acme")

    def interview(role, starts_at, decision_date=None):
        return Interview.objects.create(
            owner=owner,
            company=company,
            role=role,
            starts_at=starts_at,
            decision_date=decision_date,
        ).pk

    year_one = interview("Year one", datetime(1, 1, 1, 0, 30, tzinfo=UTC), date(1, 1, 1))
    far = interview("Year 9999", datetime(9999, 12, 31, 23, 30, tzinfo=UTC), date(9999, 1, 1))
    fine = interview("Fine", datetime(2026, 11, 27, 9, 0, tzinfo=UTC), date(2026, 12, 4))

    Interview = at_migration(BOUNDS).get_model("interviews", "Interview")

    rows = {row.pk: row for row in Interview.objects.all()}
    assert len(rows) == 3  # nothing lost
    assert rows[year_one].starts_at == datetime(1900, 1, 1, tzinfo=UTC)
    assert rows[year_one].decision_date == date(1900, 1, 1)
    assert rows[far].starts_at == datetime(2199, 12, 31, tzinfo=UTC)
    assert rows[far].decision_date == date(2199, 12, 31)
    assert rows[fine].starts_at == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert rows[fine].decision_date == date(2026, 12, 4)
