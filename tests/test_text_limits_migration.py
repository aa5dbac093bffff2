"""The migrations that bound every text field: text stored before them that is too long is
cut, with a mark saying so, so the database's bounds can be added; nothing else changes."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("without_change_stamps"),
]

BEFORE = [("interviews", "0012_applications"), ("accounts", "0005_remove_keep_in_touch_weeks")]


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


@pytest.fixture
def at_migration():
    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_text_too_long_for_the_new_bounds_is_cut_with_a_mark(at_migration, capsys):
    apps = at_migration(BEFORE)
    User = apps.get_model("accounts", "User")
    Company = apps.get_model("interviews", "Company")
    Application = apps.get_model("interviews", "Application")
    Interview = apps.get_model("interviews", "Interview")
    owner = User.objects.create(email="old@example.com", full_name="Old Timer")
    company = Company.objects.create(owner=owner, name="Acme", notes="Short notes.")
    application = Application.objects.create(owner=owner, company=company, role="Engineer")

    def interview(learned):
        return Interview.objects.create(
            owner=owner,
            company=company,
            application=application,
            role="Engineer",
            starts_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
            learned=learned,
        ).pk

    pasted = interview("They ship weekly. " + "x" * (2 * 1024 * 1024))
    fine = interview("They ship weekly.")
    at_limit = interview("y" * 10_000)
    PlanItem = apps.get_model("reviews", "PlanItem")
    item = PlanItem.objects.create(interview_id=fine, text="Tell the fair story " + "z" * 400)

    apps = at_migration(MigrationExecutor(connection).loader.graph.leaf_nodes())
    Interview = apps.get_model("interviews", "Interview")
    PlanItem = apps.get_model("reviews", "PlanItem")

    learned = dict(Interview.objects.values_list("pk", "learned"))
    assert len(learned[pasted]) == 10_000
    assert learned[pasted].startswith("They ship weekly. xxx")
    assert learned[pasted].endswith(
        "[Cut to 10,000 characters when a limit came in; the text had 2,097,170.]"
    )
    assert learned[fine] == "They ship weekly."
    assert learned[at_limit] == "y" * 10_000
    plan_text = PlanItem.objects.get(pk=item.pk).text
    assert len(plan_text) == 300 and plan_text.startswith("Tell the fair story zzz")
    assert plan_text.endswith("z…")
    assert f"interviews.Interview {pasted}: learned cut from 2,097,170 to 10,000" in (
        capsys.readouterr().out
    )
