"""The migration that groups existing interviews into applications, on a data set with two
applications at one company and the same role again after a "no"."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("without_change_stamps")]

BEFORE = [("interviews", "0011_dates_in_range_everywhere")]
AFTER = [("interviews", "0012_applications")]


def at(day: int) -> datetime:
    return datetime(2025, 1, 1, 10, tzinfo=UTC) + timedelta(days=day)


def applied_state(executor):
    """The models as the applied migrations leave them (every other app at its latest)."""
    executor.loader.build_graph()
    return executor._create_project_state(with_applied_migrations=True).apps


@pytest.mark.django_db(transaction=True)
def test_interviews_are_grouped_into_applications_and_nothing_is_lost():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = applied_state(executor)
    User = old.get_model("accounts", "User")
    Company = old.get_model("interviews", "Company")
    Contact = old.get_model("interviews", "Contact")
    Interview = old.get_model("interviews", "Interview")
    alice = User.objects.create(email="alice@example.com", time_zone="Europe/Berlin")
    bob = User.objects.create(email="bob@example.com", time_zone="Europe/Berlin")
    acme = Company.objects.create(owner=alice, name="Acme")
    globex = Company.objects.create(owner=alice, name="Globex")
    grace = Contact.objects.create(owner=alice, company=acme, name="Grace Hopper")

    def interview(company, role, day, outcome="awaiting", owner=alice, **fields):
        row = Interview.objects.create(
            owner=owner, company=company, role=role, starts_at=at(day), outcome=outcome, **fields
        )
        row.interviewers.add(grace) if company == acme else None
        return row.pk

    # Acme, backend: two rounds, then a "no". Acme, data: another application at the same
    # company, alongside. Acme, backend again half a year later: a new application.
    backend_1 = interview(acme, "Backend Engineer", 0, "next_round")
    data_1 = interview(acme, "Data Engineer", 3, "awaiting", decision_date=at(40).date())
    backend_2 = interview(acme, "backend  engineer", 10, "rejected")
    backend_again = interview(acme, "Backend Engineer", 200, "awaiting")
    cancelled = interview(acme, "Data Engineer", 20, "cancelled")
    other_company = interview(globex, "Backend Engineer", 5, "offer")
    bobs_company = Company.objects.create(owner=bob, name="Acme")
    bobs = interview(bobs_company, "Backend Engineer", 1, "awaiting", owner=bob)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = applied_state(executor)
    Application = new.get_model("interviews", "Application")
    Interview = new.get_model("interviews", "Interview")

    def application_of(pk):
        return Interview.objects.get(pk=pk).application

    assert Interview.objects.count() == 7  # nothing lost
    first = application_of(backend_1)
    assert application_of(backend_2) == first
    assert (first.outcome, first.role, first.latest_round_at) == (
        "rejected",
        "Backend Engineer",
        at(10),
    )
    assert first.closed_at is not None
    again = application_of(backend_again)
    assert again != first and again.outcome == "awaiting" and again.closed_at is None
    data = application_of(data_1)
    assert data not in (first, again)
    assert application_of(cancelled) == data
    # The cancelled round keeps its word; the application keeps the decision it awaits.
    assert Interview.objects.get(pk=cancelled).cancelled
    assert (data.outcome, data.decision_date) == ("awaiting", at(40).date())
    assert application_of(other_company).company_id == globex.pk
    assert application_of(other_company).outcome == "offer"
    assert application_of(bobs).owner_id == bob.pk
    assert Application.objects.filter(owner_id=alice.pk).count() == 4
    assert Interview.objects.get(pk=backend_2).interviewers.count() == 1

    # And back: each round has its outcome again.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = applied_state(executor)
    Interview = old.get_model("interviews", "Interview")
    outcomes = dict(Interview.objects.values_list("pk", "outcome"))
    assert outcomes[backend_1] == "rejected"  # the application's, not lost
    assert outcomes[cancelled] == "cancelled"
    assert outcomes[other_company] == "offer"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
