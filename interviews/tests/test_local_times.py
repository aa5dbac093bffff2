"""Times typed in the person's zone: the night clocks go back or forward, and silly years."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from interviews.models import Interview
from interviews.tests.test_views import interview_post_data
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def in_zone(user, zone):
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    return user


def test_a_time_that_happens_twice_is_saved_as_the_first_and_the_person_is_told(
    alice_client, alice
):
    in_zone(alice, "America/New_York")

    response = alice_client.post(
        reverse("interviews:create"),
        interview_post_data(starts_at="2027-11-07T01:30"),
        follow=True,
    )

    interview = Interview.objects.get(owner=alice)
    assert interview.starts_at == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)  # 01:30 EDT
    assert "01:30 happens twice that night; we saved the first one (EDT)" in (
        response.content.decode()
    )


def test_the_person_can_pick_the_second_occurrence(alice_client, alice):
    in_zone(alice, "America/New_York")

    alice_client.post(
        reverse("interviews:create"),
        interview_post_data(starts_at="2027-11-07T01:30", starts_at_occurrence="second"),
    )

    assert Interview.objects.get(owner=alice).starts_at == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)


def test_half_hour_shift_lord_howe(alice_client, alice):
    in_zone(alice, "Australia/Lord_Howe")

    alice_client.post(
        reverse("interviews:create"),
        interview_post_data(starts_at="2027-04-04T01:45", starts_at_occurrence="second"),
    )

    # The second 01:45 is at +10:30; the first would be at +11:00.
    assert Interview.objects.get(owner=alice).starts_at == datetime(2027, 4, 3, 15, 15, tzinfo=UTC)


@pytest.mark.slow
def test_an_interview_stored_at_the_second_occurrence_stays_editable_and_does_not_move(
    alice_client, alice
):
    in_zone(alice, "America/New_York")
    stored = datetime(2027, 11, 7, 6, 30, tzinfo=UTC)  # the second 01:30 (EST)
    interview = InterviewFactory(owner=alice, starts_at=stored, interviewers=[])

    page = alice_client.get(reverse("interviews:edit", args=[interview.pk])).content.decode()
    assert 'value="2027-11-07T01:30"' in page
    assert "This time happens twice that night" in page
    assert 'value="second" class="form-check-input" id="id_starts_at_occurrence_1" checked' in (
        page.replace("\n", " ")
    ) or ('value="second"' in page and "checked" in page.split('value="second"')[1][:80])

    response = alice_client.post(
        reverse("interviews:edit", args=[interview.pk]),
        interview_post_data(
            company_name=interview.company.name,
            starts_at="2027-11-07T01:30",
            starts_at_occurrence="second",
            learned="Only this changed.",
            **{"new-0-name": "", "new-0-title": "", "new-0-email": "", "new-0-postal_address": ""},
            **{"new-1-name": "", "new-1-title": "", "new-1-email": ""},
        ),
    )

    assert response.status_code == 302, response.content.decode()
    interview.refresh_from_db()
    assert interview.learned == "Only this changed."
    assert interview.starts_at == stored


def test_a_time_the_clocks_skip_gets_a_clear_message(alice_client, alice):
    in_zone(alice, "America/New_York")

    response = alice_client.post(
        reverse("interviews:create"), interview_post_data(starts_at="2027-03-14T02:30")
    )

    assert response.status_code == 200
    assert (
        "02:30 on 14 March 2027 does not exist in America/New_York: the clocks go forward "
        "an hour that night. Pick a time before or after the change."
    ) in response.content.decode()
    assert not Interview.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("starts_at", "9999-12-31T23:30"),
        ("starts_at", "0001-01-01T00:30"),
    ],
)
def test_extreme_dates_are_refused_with_a_message(alice_client, alice, field, value):
    in_zone(alice, "Pacific/Auckland")

    response = alice_client.post(
        reverse("interviews:create"), interview_post_data(**{field: value})
    )

    assert response.status_code == 200
    assert "Pick a date between 1900 and 2199." in response.content.decode()
    assert not Interview.objects.exists()


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_an_extreme_decision_date_is_refused_with_a_message(alice_client, alice, value):
    interview = InterviewFactory(owner=alice)
    url = reverse("interviews:application_outcome", args=[interview.application_id])

    response = alice_client.post(url, {"outcome": "awaiting", "decision_date": value})

    assert response.status_code == 400
    assert "Pick a date between 1900 and 2199." in response.content.decode()
    interview.application.refresh_from_db()
    assert interview.application.decision_date is None


def test_the_model_refuses_extreme_dates_too(alice):
    interview = InterviewFactory.build(
        owner=alice, starts_at=datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    )
    interview.company.save()
    interview.company_id = interview.company.pk

    with pytest.raises(Exception, match="Pick a date between 1900 and 2199"):
        interview.full_clean(exclude=["interviewers"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("zone", "value"),
    [
        ("Asia/Kolkata", "1900-01-01T00:00"),  # 1899-12-31 18:30 in UTC
        ("Pacific/Kiritimati", "1900-01-01T00:00"),  # UTC+14
        ("UTC", "2199-12-31T23:59"),
        ("Pacific/Pago_Pago", "2199-12-31T23:59"),  # 2200-01-01 10:59 in UTC
    ],
)
def test_the_first_and_last_minutes_of_the_range_are_accepted_in_the_persons_zone(
    alice_client, alice, zone, value
):
    """The range is of dates where the person lives, as the message says, not of instants
    in UTC."""
    in_zone(alice, zone)

    response = alice_client.post(
        reverse("interviews:create"), interview_post_data(starts_at=value)
    )

    assert response.status_code == 302, "Pick a date" in response.content.decode()
    stored = Interview.objects.get().starts_at
    assert stored.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M") == value


@pytest.mark.parametrize(
    ("zone", "value"),
    [("Asia/Kolkata", "1899-12-31T23:59"), ("Pacific/Kiritimati", "2200-01-01T00:00")],
)
def test_a_minute_outside_the_range_in_the_persons_zone_is_refused(
    alice_client, alice, zone, value
):
    in_zone(alice, zone)

    response = alice_client.post(
        reverse("interviews:create"), interview_post_data(starts_at=value)
    )

    assert "Pick a date between 1900 and 2199." in response.content.decode()
    assert not Interview.objects.exists()
