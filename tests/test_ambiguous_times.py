"""A time the clocks show twice (the hour repeated when they go back) says which one it is."""

from datetime import UTC, datetime

import pytest

from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("starts_at", "shown"),
    [
        # New York goes back from 02:00 EDT to 01:00 EST on 2 November 2025.
        (datetime(2025, 11, 2, 5, 30, tzinfo=UTC), "01:30 (EDT, UTC\u221204:00)"),
        (datetime(2025, 11, 2, 6, 30, tzinfo=UTC), "01:30 (EST, UTC\u221205:00)"),
    ],
)
def test_the_interview_page_says_which_0130_it_means(alice_client, alice, starts_at, shown):
    alice.time_zone = "America/New_York"
    alice.save()
    interview = InterviewFactory(owner=alice, starts_at=starts_at)

    html = alice_client.get(interview.get_absolute_url()).content.decode()

    assert f"Sunday 2 November 2025, {shown}" in html


def test_a_time_that_happens_once_is_shown_plainly(alice_client, alice):
    alice.time_zone = "America/New_York"
    alice.save()
    interview = InterviewFactory(owner=alice, starts_at=datetime(2025, 11, 2, 7, 30, tzinfo=UTC))

    html = alice_client.get(interview.get_absolute_url()).content.decode()

    assert "Sunday 2 November 2025, 02:30<" in html
    assert "UTC\u2212" not in html
