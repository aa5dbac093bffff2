"""Applications: rounds of one opening grouped as they are logged, one outcome for all,
split and merge when the grouping is wrong, and closed ones folded out of the way."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from interviews.models import Application, Interview
from interviews.selectors import TIMELINE_FIELDS, application_timeline, panel_names
from interviews.services import (
    application_merge,
    application_set_outcome,
    application_split,
    interview_create,
    interview_delete,
    interview_update,
)

pytestmark = pytest.mark.django_db


def log(owner, company, role, when, **fields):
    return interview_create(owner=owner, company_name=company, role=role, starts_at=when, **fields)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 5, 1, hour, tzinfo=UTC) + timedelta(days=day)


def test_rounds_of_one_opening_join_one_application(alice):
    first = log(alice, "Acme", "Backend Engineer", at(0))
    second = log(alice, "ACME", " backend   engineer ", at(7))
    other_role = log(alice, "Acme", "Data Engineer", at(8))

    assert second.application == first.application
    assert other_role.application != first.application
    first.application.refresh_from_db()
    assert first.application.latest_round_at == at(7)
    assert first.application.rounds.count() == 2


def test_the_same_role_after_a_no_or_long_after_is_a_new_application(alice):
    first = log(alice, "Acme", "Backend Engineer", at(0))
    application_set_outcome(application=first.application, outcome="rejected")
    again = log(alice, "Acme", "Backend Engineer", at(60))
    much_later = log(alice, "Acme", "Backend Engineer", at(60 + 200))

    assert len({first.application_id, again.application_id, much_later.application_id}) == 3


def test_the_outcome_is_recorded_once_for_every_round(alice):
    first = log(alice, "Acme", "Backend Engineer", at(0))
    second = log(alice, "Acme", "Backend Engineer", at(7))

    application_set_outcome(application=first.application, outcome="rejected")

    # The latest round carries the outcome; the earlier one went forward.
    outcomes = [Interview.objects.get(pk=i.pk).outcome for i in (first, second)]
    assert outcomes == ["next_round", "rejected"]
    assert Interview.objects.get(pk=second.pk).ended_with_a_no
    application = Application.objects.get(pk=first.application_id)
    assert application.is_closed and application.closed_at is not None
    application_set_outcome(application=application, outcome="awaiting")
    application.refresh_from_db()
    assert application.closed_at is None


def test_a_cancelled_round_is_said_of_that_round_alone(alice_client, alice):
    first = log(alice, "Acme", "Backend Engineer", at(0))
    second = log(alice, "Acme", "Backend Engineer", at(7))

    response = alice_client.post(
        reverse("interviews:outcome", args=[second.pk]), {"outcome": "cancelled"}
    )

    assert response.status_code == 302
    assert Interview.objects.get(pk=second.pk).outcome == "cancelled"
    assert Interview.objects.get(pk=first.pk).application.outcome == "awaiting"
    # The application's own form offers no "cancelled".
    response = alice_client.post(
        reverse("interviews:application_outcome", args=[first.application_id]),
        {"outcome": "cancelled"},
    )
    assert response.status_code == 400
    assert Application.objects.get(pk=first.application_id).outcome == "awaiting"


def test_editing_the_role_moves_the_round(alice):
    first = log(alice, "Acme", "Backend Engineer", at(0))
    second = log(alice, "Acme", "Backend Engineer", at(7))
    data = log(alice, "Acme", "Data Engineer", at(9))

    moved = interview_update(interview=second, role="Data Engineer")

    assert moved.application_id == data.application_id
    assert Application.objects.get(pk=first.application_id).latest_round_at == at(0)
    # Alone in its application, a round takes the application along to the new company.
    alone = interview_update(interview=data, company_name="Globex")
    assert Application.objects.get(pk=alone.application_id).company.name == "Globex"
    assert alone.application.rounds.count() == 1
    assert Application.objects.get(pk=moved.application_id).company.name == "Acme"


def test_split_and_merge(alice):
    first = log(alice, "Acme", "Backend Engineer", at(0))
    second = log(alice, "Acme", "Backend Engineer", at(7))
    application = first.application

    new = application_split(application=application, rounds=[second])

    assert Interview.objects.get(pk=second.pk).application == new
    assert list(application.rounds.all()) == [first]
    with pytest.raises(ValueError, match="at least one round"):
        application_split(application=application, rounds=[first])

    application_set_outcome(application=new, outcome="rejected")
    application_merge(application=application, other=new)

    assert not Application.objects.filter(pk=new.pk).exists()
    application.refresh_from_db()
    assert application.rounds.count() == 2 and application.outcome == "rejected"


def test_merging_across_companies_is_refused_with_a_message(alice_client, alice):
    acme = log(alice, "Acme", "Backend Engineer", at(0))
    globex = log(alice, "Globex", "Backend Engineer", at(3))
    url = reverse("interviews:application_merge", args=[acme.application_id])

    response = alice_client.post(url, {"other": globex.application_id})

    assert response.status_code == 400
    assert "only applications at one company can be merged" in response.content.decode()
    assert Application.objects.filter(owner=alice).count() == 2
    assert Interview.objects.get(pk=globex.pk).application_id == globex.application_id


@pytest.mark.slow
def test_another_persons_application_cannot_be_merged_in(alice_client, alice, bob):
    mine = log(alice, "Acme", "Backend Engineer", at(0))
    bobs = log(bob, "Acme", "Backend Engineer", at(0))
    url = reverse("interviews:application_merge", args=[mine.application_id])

    response = alice_client.post(url, {"other": bobs.application_id})

    assert response.status_code == 400
    assert "Pick one of your applications." in response.content.decode()
    assert Application.objects.filter(pk=bobs.application_id, owner=bob).exists()


def test_split_from_the_page(alice_client, alice):
    first = log(alice, "Acme", "Backend Engineer", at(0))
    second = log(alice, "Acme", "Backend Engineer", at(7))
    url = reverse("interviews:application_split", args=[first.application_id])

    nothing = alice_client.post(url, {})
    everything = alice_client.post(url, {"rounds": [first.pk, second.pk]})
    response = alice_client.post(url, {"rounds": [second.pk]})

    assert nothing.status_code == everything.status_code == 400
    assert "Leave at least one round here" in everything.content.decode()
    new = Interview.objects.get(pk=second.pk).application
    assert new.pk != first.application_id
    assert response["Location"] == new.get_absolute_url()


def test_the_timeline_shows_rounds_notes_reviews_and_the_outcome(alice_client, alice):
    first = log(alice, "Acme", "Backend Engineer", at(0), round="Phone screen")
    log(alice, "Acme", "Backend Engineer", at(7), round="Final panel")
    application_set_outcome(application=first.application, outcome="rejected")

    html = alice_client.get(first.application.get_absolute_url()).content.decode()

    assert html.index("Phone screen") < html.index("Final panel")
    assert "Notes to write" in html and "Review to do" in html
    assert "Rejected" in html


def test_deleting_the_last_round_removes_the_application(alice):
    only = log(alice, "Acme", "Backend Engineer", at(0))

    interview_delete(interview=only)

    assert not Application.objects.filter(owner=alice).exists()


@time_machine.travel(at(10), tick=False)
def test_closed_applications_fold_away_on_the_dashboard(alice_client, alice):
    open_ = log(alice, "Acme", "Backend Engineer", at(8))
    closed = log(alice, "Globex", "Data Engineer", at(9))
    application_set_outcome(application=closed.application, outcome="rejected")

    html = alice_client.get(reverse("interviews:dashboard")).content.decode()

    assert open_.application.get_absolute_url() in html
    assert closed.application.get_absolute_url() not in html
    assert "1 closed, folded away" in html
    closed_page = alice_client.get(reverse("interviews:applications") + "?show=closed")
    assert closed.application.get_absolute_url() in closed_page.content.decode()
    # Its lessons stay: the round is still among the interviews and in its review.
    assert alice_client.get(closed.get_absolute_url()).status_code == 200


def test_accepting_an_offer_offers_to_withdraw_the_others(alice_client, alice):
    accepted = log(alice, "Acme", "Backend Engineer", at(0))
    other = log(alice, "Globex", "Data Engineer", at(2))
    application_set_outcome(application=accepted.application, outcome="accepted")

    html = alice_client.get(accepted.application.get_absolute_url()).content.decode()
    assert "Your other applications" in html and "Data Engineer at Globex" in html

    response = alice_client.post(
        reverse("interviews:application_outcome", args=[other.application_id]),
        {"outcome": "withdrawn"},
    )
    assert response["Location"] == other.application.get_absolute_url()
    withdrawn = Application.objects.get(pk=other.application_id)
    assert withdrawn.ended_with_a_no and withdrawn.closed_at is not None
    # It now offers the long game.
    page = alice_client.get(withdrawn.get_absolute_url()).content.decode()
    assert "Plan keep-in-touch notes" in page


def test_the_grouping_page_lists_the_rounds_to_split(alice_client, alice):
    first = log(alice, "Acme", "Backend Engineer", at(0), round="Phone screen")
    log(alice, "Acme", "Backend Engineer", at(7), round="Final panel")

    html = alice_client.get(
        reverse("interviews:application_grouping", args=[first.application_id])
    ).content.decode()

    assert "Phone screen" in html and "Final panel" in html and "Merge with" in html


def test_the_timeline_is_the_rounds_and_their_panels(alice):
    """The timeline (written as SQL) gives each round's values and its interviewers by
    name, a round with none too, first round first."""
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    rounds = [
        interview_create(
            owner=alice,
            company_name="Initech",
            role="Engineer",
            starts_at=start + timedelta(days=days),
            duration_minutes=45,
            new_interviewers=[{"name": name} for name in names],
        )
        for days, names in ((3, ["zoe Quinn", "Ada Lovelace", "bob Stone"]), (0, []), (3, ["Cy"]))
    ]
    application = rounds[0].application

    timeline = application_timeline(application)

    expected = list(application.rounds.order_by("starts_at", "pk").values(*TIMELINE_FIELDS))
    panels = panel_names([row["pk"] for row in expected])
    assert [{k: row[k] for k in TIMELINE_FIELDS} for row in timeline] == expected
    assert [row["panel"] for row in timeline] == [panels[row["pk"]] for row in expected]
    assert [row["panel"] for row in timeline] == [
        [],
        ["Ada Lovelace", "bob Stone", "zoe Quinn"],
        ["Cy"],
    ]
