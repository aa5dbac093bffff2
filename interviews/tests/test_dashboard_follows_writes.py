"""The dashboard's interviews are never out of date: a change to the person's interviews
shows on the next page, and so does time, when an interview starts or leaves the two weeks
of follow-up."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.models import CLOSED_OUTCOMES, Application, Interview, Outcome
from interviews.selectors import (
    DASHBOARD_APPLICATIONS,
    DASHBOARD_RECENT,
    DASHBOARD_UPCOMING,
    FOLLOW_UP_WINDOW,
    application_rows,
    dashboard_applications,
    dashboard_counts,
    dashboard_rounds,
    interview_rows,
)
from interviews.services import (
    application_for,
    company_for_name,
    interview_create,
    interview_set_notes_done,
    interview_set_outcome,
    sample_interview_create,
    sample_interview_delete,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("interviews:dashboard")
# Near the real time: the test client's session would not last a jump of months.
NOW = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)


def get(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def section(html, heading) -> str:
    return html.split(f'id="{heading}"')[1].split("</section>")[0]


def log(owner, company, starts_at):
    return interview_create(
        owner=owner,
        company_name=company,
        role="Engineer",
        starts_at=starts_at,
        duration_minutes=60,
    )


def test_a_change_shows_on_the_next_visit(alice_client, alice):
    with time_machine.travel(NOW, tick=False):
        interview = log(alice, "Initech", NOW - timedelta(days=1))
        _, html = get(alice_client)
        assert "Notes to write" in section(html, "recent-heading")
        interview_set_notes_done(interview=interview, done=True)
        _, html = get(alice_client)
        assert "Notes sent" in section(html, "recent-heading")

        sample_interview_create(owner=alice)
        _, html = get(alice_client)
        assert "Remove the sample" in html
        sample_interview_delete(owner=alice)
        _, html = get(alice_client)
        assert "Remove the sample" not in html


def test_an_interview_that_starts_moves_from_coming_up_to_recent(alice_client, alice):
    starts = NOW + timedelta(hours=2)
    with time_machine.travel(NOW, tick=False):
        log(alice, "Globex", starts)
        _, html = get(alice_client)
    assert "Globex" in section(html, "upcoming-heading")
    assert "Globex" not in section(html, "recent-heading")
    with time_machine.travel(starts + timedelta(minutes=1), tick=False):
        _, html = get(alice_client)
    assert "Globex" not in section(html, "upcoming-heading")
    assert "Globex" in section(html, "recent-heading")


def test_an_interview_leaves_recent_after_two_weeks(alice_client, alice):
    with time_machine.travel(NOW, tick=False):
        log(alice, "Initech", NOW - timedelta(days=14) + timedelta(hours=2))
        _, html = get(alice_client)
    assert "Initech" in section(html, "recent-heading")
    with time_machine.travel(NOW + timedelta(hours=3), tick=False):
        _, html = get(alice_client)
    assert "Initech" not in section(html, "recent-heading")


def test_the_numbers_count_what_the_rows_say(alice, bob):
    """The dashboard's counts (written as SQL) agree with the rounds' own outcomes."""
    with time_machine.travel(NOW, tick=False):
        log(alice, "Initech", NOW - timedelta(days=3))  # awaiting
        log(alice, "Globex", NOW - timedelta(days=9))  # next round: Globex went on
        log(alice, "Globex", NOW - timedelta(days=2))  # awaiting
        offer = log(alice, "Hooli", NOW - timedelta(days=5))
        interview_set_outcome(interview=offer, outcome=Outcome.OFFER)
        no = log(alice, "Umbrella", NOW - timedelta(days=6))
        interview_set_outcome(interview=no, outcome=Outcome.REJECTED)
        called_off = log(alice, "Acme", NOW + timedelta(days=1))
        interview_set_outcome(interview=called_off, outcome=Outcome.CANCELLED)
        log(alice, "Stark", NOW + timedelta(days=2))  # coming up
        sample_interview_create(owner=alice)
        # An application with no round yet (as an import leaves one) is not counted.
        application_for(owner=alice, company=company_for_name(owner=alice, name="Wonka"), role="X")
        log(bob, "Initech", NOW - timedelta(days=1))

        counts = dashboard_counts(alice, NOW)

    rounds = list(Interview.objects.for_user(alice).select_related("application"))
    applications = {r.application for r in rounds}
    assert counts == {
        "total": len(rounds),
        "upcoming": sum(r.starts_at >= NOW and not r.cancelled for r in rounds),
        "awaiting": sum(r.starts_at < NOW and r.outcome == Outcome.AWAITING for r in rounds),
        "sample_pk": next(r.pk for r in rounds if r.is_sample),
        "offers": sum(a.outcome in (Outcome.OFFER, Outcome.ACCEPTED) for a in applications),
        "open_applications": sum(not a.is_closed for a in applications),
        "closed_applications": sum(a.is_closed for a in applications),
    }
    # Each kind is there to be counted (the sample waits too).
    assert counts["awaiting"] == 3 and counts["offers"] == 1 and counts["closed_applications"] == 1


def test_the_lists_are_the_querysets_rows(alice, bob):
    """The dashboard's lists (written as SQL) are the rows the querysets give, rounds that
    start together by id."""
    with time_machine.travel(NOW, tick=False):
        for days in (-20, -13, -9, -9, -9, -5, -4, -3, -2, -2, -1, 1, 2, 2, 2, 3, 5, 9):
            log(alice, f"Company {days}", NOW + timedelta(days=days))
        panel = [{"name": "zoe Quinn"}, {"name": "Ada Lovelace"}, {"name": "bob Stone"}]
        paneled = interview_create(
            owner=alice,
            company_name="Initech",
            role="Engineer",
            starts_at=NOW - timedelta(days=2),
            duration_minutes=60,
            new_interviewers=panel,
        )
        interview_set_outcome(
            interview=log(alice, "Hooli", NOW - timedelta(days=4)), outcome=Outcome.REJECTED
        )
        interview_set_outcome(
            interview=log(alice, "Acme", NOW + timedelta(days=1)), outcome=Outcome.CANCELLED
        )
        application_for(owner=alice, company=company_for_name(owner=alice, name="Wonka"), role="X")
        log(bob, "Initech", NOW - timedelta(days=1))

        lists = dashboard_rounds(alice, NOW)
        applications = dashboard_applications(alice)

    interviews = Interview.objects.for_user(alice)
    upcoming = interviews.upcoming(NOW).order_by("starts_at", "pk")[:DASHBOARD_UPCOMING]
    assert [
        (r["pk"], r["company__name"], r["role"], r["starts_at"], r["round"])
        for r in lists["upcoming"]
    ] == list(upcoming.values_list("pk", "company__name", "role", "starts_at", "round"))
    recent = (
        interviews.filter(starts_at__lt=NOW, starts_at__gte=NOW - FOLLOW_UP_WINDOW)
        .exclude(application__outcome__in=CLOSED_OUTCOMES)
        .order_by("-starts_at", "-pk")[:DASHBOARD_RECENT]
    )
    assert lists["recent"] == interview_rows(recent)
    assert [r["panel"] for r in lists["recent"] if r["pk"] == paneled.pk] == [
        ["Ada Lovelace", "bob Stone", "zoe Quinn"]
    ]
    assert applications == application_rows(
        Application.objects.for_user(alice).open().by_recency()[:DASHBOARD_APPLICATIONS]
    )
    assert len(applications) == DASHBOARD_APPLICATIONS
