"""The private calendar feed, read back with icalendar: a person on Lord Howe Island (its
clocks move by half an hour) with interviews and follow-ups on both sides of a DST change."""

import hashlib
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar.timezone import tzp

from interviews.models import Interview
from interviews.services import (
    interview_create,
    interview_set_outcome,
    interview_update,
    sample_interview_create,
)
from reminders.feed import calendar_feed_replace, feed_token, feed_urls
from reminders.models import CalendarFeed, Reminder
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # +11:00 in summer, +10:30 from 4 April 2027
SECRET_ROLE = "Staff Platform Engineer"


@pytest.fixture
def now():
    with time_machine.travel(datetime(2027, 3, 25, 0, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def islander(now):
    return UserFactory(email="isla@example.com", time_zone="Australia/Lord_Howe")


def log(owner, company: str, start: datetime, **fields) -> Interview:
    return interview_create(
        owner=owner,
        company_name=company,
        role=fields.pop("role", SECRET_ROLE),
        starts_at=start,
        duration_minutes=60,
        location=fields.pop("location", "12 Secret Street"),
        new_interviewers=[{"name": "Quentin Quiet", "email": "q@acme.example"}],
        **fields,
    )


@pytest.fixture
def interviews(islander):
    before = log(islander, "Acme", datetime(2027, 4, 2, 10, 0, tzinfo=LORD_HOWE))
    after = log(islander, "Globex", datetime(2027, 4, 6, 10, 0, tzinfo=LORD_HOWE))
    return before, after


def path_of(url: str) -> str:
    return urlsplit(url).path


def fetch(client, url, **headers):
    return client.get(path_of(url), headers=headers)


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_feed_holds_interviews_and_follow_ups_at_the_right_instants(client, islander, interviews):
    feed = calendar_feed_replace(user=islander)
    calendar = parse(fetch(client, feed_urls(feed)["https"]))

    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Afterview"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in calendar.to_ical()
    assert b"X-PUBLISHED-TTL:PT1H" in calendar.to_ical()

    # The feed's own VTIMEZONE places the times right on both sides of the change, whatever
    # zone database the calendar app has.
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Australia/Lord_Howe"
    own_zone = vtimezone.to_tz(tzp, lookup_tzid=False)

    events = events_by_uid(calendar)
    reminders = Reminder.objects.filter(owner=islander).open()
    assert len(events) == 2 + reminders.count()
    for interview in interviews:
        event = events[f"interview-{interview.pk}@127.0.0.1"]
        assert event.start == interview.starts_at
        assert event.end == interview.ends_at
        assert event["DTSTART"].params["TZID"] == "Australia/Lord_Howe"
        wall = event.start.replace(tzinfo=None)
        assert wall.replace(tzinfo=own_zone) == interview.starts_at
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["TRANSP"]) == "OPAQUE"
        assert str(event["URL"]).endswith(interview.get_absolute_url())
    acme, globex = interviews
    assert events[f"interview-{acme.pk}@127.0.0.1"].start.utcoffset() == timedelta(hours=11)
    assert events[f"interview-{globex.pk}@127.0.0.1"].start.utcoffset() == timedelta(
        hours=10, minutes=30
    )

    for reminder in reminders:
        event = events[f"follow-up-{reminder.interview_id}-{reminder.kind}@127.0.0.1"]
        assert event.start == reminder.due_at
        wall = event.start.replace(tzinfo=None)
        assert wall.replace(tzinfo=own_zone) == reminder.due_at
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert str(event["URL"]).startswith(
            f"http://127.0.0.1:8000/interviews/{reminder.interview_id}/#"
        )
    # The notes are due at 9:00 the morning after, local time, on either side of the change.
    notes_after = events[f"follow-up-{globex.pk}-thank_you@127.0.0.1"]
    assert notes_after.start == datetime(2027, 4, 7, 9, 0, tzinfo=LORD_HOWE)
    assert notes_after.start.astimezone(UTC) == datetime(2027, 4, 6, 22, 30, tzinfo=UTC)
    notes_before = events[f"follow-up-{acme.pk}-thank_you@127.0.0.1"]
    assert notes_before.start.astimezone(UTC) == datetime(2027, 4, 2, 22, 0, tzinfo=UTC)


def test_titles_name_company_and_kind_only_unless_the_person_opts_in(client, islander, interviews):
    feed = calendar_feed_replace(user=islander)
    url = feed_urls(feed)["https"]
    body = fetch(client, url).content.decode()
    summaries = sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT"))
    assert "Interview: Acme" in summaries
    assert "Thank-you notes due: Globex" in summaries
    assert "Self-review due: Acme" in summaries
    for private in (SECRET_ROLE, "Secret Street", "Quentin"):
        assert private not in body

    CalendarFeed.objects.filter(pk=feed.pk).update(include_details=True)
    details = Calendar.from_ical(fetch(client, url).content)
    summaries = {str(e["SUMMARY"]) for e in details.walk("VEVENT")}
    assert f"Interview: {SECRET_ROLE} at Acme" in summaries
    acme = next(e for e in details.walk("VEVENT") if str(e["SUMMARY"]).endswith("at Acme"))
    assert str(acme["LOCATION"]) == "12 Secret Street"
    assert "Quentin Quiet" in str(acme["DESCRIPTION"])


def test_uids_stay_and_an_edit_moves_sequence_and_stamps(client, islander, interviews, now):
    feed = calendar_feed_replace(user=islander)
    url = feed_urls(feed)["https"]
    first = fetch(client, url)
    again = fetch(client, url)
    assert first.content == again.content  # nothing changed: the very same bytes
    assert first["ETag"] == again["ETag"]
    before = events_by_uid(Calendar.from_ical(first.content))

    acme, _ = interviews
    now.shift(timedelta(minutes=10))
    interview_update(
        interview=acme,
        company_name="Acme",
        role=acme.role,
        starts_at=acme.starts_at + timedelta(days=1),
        duration_minutes=90,
    )
    acme.refresh_from_db()
    changed = fetch(client, url)
    assert changed["ETag"] != first["ETag"]
    after = events_by_uid(Calendar.from_ical(changed.content))
    assert after.keys() == before.keys()
    uid = f"interview-{acme.pk}@127.0.0.1"
    assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]
    assert after[uid]["LAST-MODIFIED"].dt > before[uid]["LAST-MODIFIED"].dt
    assert after[uid]["DTSTAMP"].dt > before[uid]["DTSTAMP"].dt
    assert after[uid].start == acme.starts_at
    # Its thank-you notes moved a day with it: that event changed too.
    notes = f"follow-up-{acme.pk}-thank_you@127.0.0.1"
    assert after[notes].start == before[notes].start + timedelta(days=1)
    assert after[notes]["SEQUENCE"] > before[notes]["SEQUENCE"]


def test_a_cancelled_interview_stays_as_a_cancelled_event(client, islander, interviews, now):
    feed = calendar_feed_replace(user=islander)
    acme, _ = interviews
    now.shift(timedelta(minutes=1))
    interview_set_outcome(interview=acme, outcome=Interview.Outcome.CANCELLED)
    events = events_by_uid(parse(fetch(client, feed_urls(feed)["https"])))
    assert str(events[f"interview-{acme.pk}@127.0.0.1"]["STATUS"]) == "CANCELLED"
    # Nothing is left to follow up for it.
    assert not [uid for uid in events if uid.startswith(f"follow-up-{acme.pk}-")]


def test_a_repeat_fetch_of_unchanged_data_is_a_304(client, islander, interviews):
    url = feed_urls(calendar_feed_replace(user=islander))["https"]
    first = fetch(client, url)
    assert first["Cache-Control"] == "private, no-cache"
    repeat = fetch(client, url, if_none_match=first["ETag"])
    assert repeat.status_code == 304
    assert repeat.content == b""
    assert fetch(client, url, if_none_match='"something-else"').status_code == 200


def test_the_sample_interview_stays_out_of_the_feed(client, islander, interviews):
    sample = sample_interview_create(owner=islander)
    calendar = parse(fetch(client, feed_urls(calendar_feed_replace(user=islander))["https"]))
    assert len(calendar.walk("VEVENT")) > 0
    assert sample.company.name not in calendar.to_ical().decode()


def test_the_feed_needs_no_session_and_sets_no_cookie(client, islander, interviews):
    url = feed_urls(calendar_feed_replace(user=islander))["https"]
    response = fetch(client, url)
    assert response.status_code == 200
    assert not response.cookies


def test_another_persons_token_never_yields_this_persons_events(client, islander, interviews):
    other = UserFactory(email="other@example.com", time_zone="America/Santiago")
    log(other, "Initech", datetime(2027, 4, 3, 9, 0, tzinfo=ZoneInfo("America/Santiago")))
    body = fetch(client, feed_urls(calendar_feed_replace(user=other))["https"]).content.decode()
    assert "Initech" in body
    assert "Acme" not in body and "Globex" not in body
    mine = {f"interview-{i.pk}@127.0.0.1" for i in interviews}
    assert not mine & events_by_uid(Calendar.from_ical(body)).keys()


def test_a_replaced_or_turned_off_token_is_a_404_that_reveals_nothing(
    client, alice_client, islander, interviews
):
    old = feed_urls(calendar_feed_replace(user=islander))["https"]
    new = feed_urls(calendar_feed_replace(user=islander))["https"]
    assert old != new
    gone = fetch(client, old)
    assert gone.status_code == 404
    assert fetch(client, new).status_code == 200
    wrong = fetch(client, "/reminders/calendar/" + "A" * 43 + ".ics")
    malformed = fetch(client, "/reminders/calendar/short.ics")
    assert wrong.status_code == malformed.status_code == 404
    assert gone.content == wrong.content == malformed.content

    # Turned off from Settings.
    alice_client.force_login(islander)
    alice_client.post(reverse("reminders:calendar_feed_settings"), {"action": "off"})
    assert fetch(client, new).status_code == 404
    assert not CalendarFeed.objects.filter(owner=islander).exists()


def test_the_database_holds_no_working_token(islander):
    feed = calendar_feed_replace(user=islander)
    token = feed_token(feed)
    assert len(token) == 43  # 256 bits
    row = CalendarFeed.objects.filter(pk=feed.pk).values().get()
    assert not [value for value in row.values() if token in str(value)]
    assert row["token_digest"] == hashlib.sha256(token.encode()).hexdigest()


@pytest.mark.slow
def test_fetches_are_rate_limited_per_feed(client, islander):
    url = feed_urls(calendar_feed_replace(user=islander))["https"]
    for _ in range(settings.REMINDERS_FEED_FETCHES_PER_HOUR):
        assert fetch(client, url).status_code == 200
    limited = fetch(client, url)
    assert limited.status_code == 429
    assert limited["Retry-After"]


def test_guessing_tokens_is_rate_limited_per_address(client, islander):
    for i in range(settings.REMINDERS_FEED_MISSES_PER_HOUR):
        guess = f"/reminders/calendar/{str(i).zfill(43)}.ics"
        assert client.get(guess).status_code == 404
    # Past the limit, this address gets 429 for every wrong token.
    limited = client.get("/reminders/calendar/" + "B" * 43 + ".ics")
    assert limited.status_code == 429 and limited["Retry-After"]
    assert client.get("/reminders/calendar/short.ics").status_code == 429
    assert (
        client.get("/reminders/calendar/" + "B" * 43 + ".ics", REMOTE_ADDR="10.0.0.9").status_code
        == 404
    )


@pytest.mark.slow
def test_another_feeds_misses_never_refuse_a_valid_token(client, islander, bob):
    """Calendar services fetch many people's feeds from a few shared addresses: one
    subscriber's stale URL must not lock out everyone else's."""
    urls = [feed_urls(calendar_feed_replace(user=who))["https"] for who in (islander, bob)]
    for i in range(3 * settings.REMINDERS_FEED_MISSES_PER_HOUR):
        client.get(f"/reminders/calendar/{str(i).zfill(43)}.ics")

    for url in urls:
        assert fetch(client, url).status_code == 200
    # A valid token is still limited by its own fetches, and only by them.
    for _ in range(settings.REMINDERS_FEED_FETCHES_PER_HOUR - 1):
        assert fetch(client, urls[0]).status_code == 200
    assert fetch(client, urls[0]).status_code == 429
    assert fetch(client, urls[1]).status_code == 200


@pytest.mark.slow
def test_feed_query_count_is_pinned(client, islander, django_assert_num_queries):
    for day in range(30):
        log(
            islander,
            f"Company {day % 7}",
            datetime(2027, 3, 1, 10, tzinfo=LORD_HOWE) + timedelta(days=day),
        )
    feed = calendar_feed_replace(user=islander)
    url = path_of(feed_urls(feed)["https"])
    # The feed with its owner; the fingerprint its ETag is made of; interviews with their
    # companies' names; open follow-ups.
    with django_assert_num_queries(4):
        etag = client.get(url)["ETag"]
    # A repeat fetch of unchanged data: the feed and the fingerprint, no row built.
    with django_assert_num_queries(2):
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    CalendarFeed.objects.filter(pk=feed.pk).update(include_details=True)
    with django_assert_num_queries(5):  # and the interviewers, all at once
        assert client.get(url).status_code == 200


@pytest.mark.slow
def test_settings_shows_the_feed_and_says_emails_are_the_real_reminder(alice_client, alice):
    page = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "Turn on the calendar feed" in page
    assert "reminder emails remain the real reminder" in page
    response = alice_client.post(
        reverse("reminders:calendar_feed_settings"), {"action": "replace"}
    )
    assert response.status_code == 302
    page = alice_client.get(reverse("accounts:profile")).content.decode()
    urls = feed_urls(CalendarFeed.objects.get(owner=alice))
    assert urls["https"] in page
    assert urls["webcal"] in page
    assert urls["webcal"].startswith("webcal://127.0.0.1:8000/reminders/calendar/")
    alice_client.post(
        reverse("reminders:calendar_feed_settings"), {"action": "details", "include_details": "on"}
    )
    assert CalendarFeed.objects.get(owner=alice).include_details


def test_settings_actions_are_posts_of_the_logged_in_person(client, alice):
    assert (
        client.post(reverse("reminders:calendar_feed_settings"), {"action": "replace"}).status_code
        == 302
    )
    assert not CalendarFeed.objects.exists()  # sent to log in, nothing made
    client.force_login(alice)
    assert client.get(reverse("reminders:calendar_feed_settings")).status_code == 405
    assert (
        client.post(reverse("reminders:calendar_feed_settings"), {"action": "x"}).status_code
        == 400
    )


def test_one_off_download_of_an_interview_and_its_follow_ups(client, islander, interviews, bob):
    acme, _ = interviews
    client.force_login(islander)
    url = reverse("reminders:interview_calendar", kwargs={"interview_pk": acme.pk})
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="interview-acme.ics"'
    events = events_by_uid(parse(response))
    kinds = set(Reminder.objects.filter(interview=acme).open().values_list("kind", flat=True))
    assert set(events) == {f"interview-{acme.pk}@127.0.0.1"} | {
        f"follow-up-{acme.pk}-{kind}@127.0.0.1" for kind in kinds
    }
    client.force_login(bob)
    assert client.get(url).status_code == 404


def test_text_cannot_break_out_of_its_event(client, islander):
    log(
        islander,
        "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injected\r\nSUMMARY:Injected; a,b",
        datetime(2027, 4, 2, 10, 0, tzinfo=LORD_HOWE),
        role="Role\nEND:VCALENDAR",
    )
    feed = calendar_feed_replace(user=islander)
    CalendarFeed.objects.filter(pk=feed.pk).update(include_details=True)
    calendar = parse(fetch(client, feed_urls(feed)["https"]))
    uids = set(events_by_uid(calendar))
    assert "injected" not in uids
    assert all(uid.endswith("@127.0.0.1") for uid in uids)
    interview = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("interview"))
    # The company name's line breaks are folded into one line of the title.
    assert "Injected; a,b" in str(interview["SUMMARY"])
