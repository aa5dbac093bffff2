"""The dashboard's interviews are never out of date: a change to the person's interviews
shows on the next page, and so does time, when an interview starts or leaves the two weeks
of follow-up."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.services import (
    interview_create,
    interview_set_notes_done,
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
