"""In a real browser: import an interview from its invite, correct the preview, save it,
see its interviewers as contacts, turn on the calendar feed, and find it all in the feed."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from conftest import PASSWORD
from interviews.models import Contact, Interview
from reminders.models import Reminder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def google_invite(start: datetime) -> bytes:
    """An invite as Google Calendar sends it, a week from now."""
    stamp = start.strftime("%Y%m%dT%H%M%SZ")
    end = (start + timedelta(minutes=45)).strftime("%Y%m%dT%H%M%SZ")
    return (
        "BEGIN:VCALENDAR\r\n"
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        "VERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\n"
        f"DTSTART:{stamp}\r\nDTEND:{end}\r\nDTSTAMP:{stamp}\r\n"
        "ORGANIZER;CN=Jordan Lee:mailto:jordan.lee@acme-robotics.com\r\n"
        "UID:journey-0001@google.com\r\n"
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=\r\n"
        " TRUE;CN=alice@example.com;X-NUM-GUESTS=0:mailto:alice@example.com\r\n"
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=\r\n"
        " TRUE;CN=Priya Natarajan;X-NUM-GUESTS=0:mailto:priya.natarajan@acme-robotics.com\r\n"
        "ATTENDEE;CUTYPE=RESOURCE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=HQ-3-Boardroom\r\n"
        " :mailto:c_1889abcdef@resource.calendar.google.com\r\n"
        "X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij\r\n"
        "SEQUENCE:0\r\nSTATUS:CONFIRMED\r\n"
        "SUMMARY:Acme Robotics – Technical interview\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def test_import_an_invite_then_see_it_in_the_calendar_feed(page, alice, live_server):
    start = (datetime.now(UTC) + timedelta(days=7)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Log an interview").first.click()
    page.get_by_role("link", name="Import it from a calendar invite (.ics)").click()
    page.get_by_label("Invite file (.ics)").set_input_files(
        files=[{"name": "invite.ics", "mimeType": "text/calendar", "buffer": google_invite(start)}]
    )
    page.get_by_role("button", name="Read the invite").click()

    # The preview, as the invite says it; then the person corrects it.
    expect(page.get_by_label("Company")).to_have_value("Acme Robotics")
    expect(page.get_by_label("Location")).to_have_value("https://meet.google.com/abc-defg-hij")
    expect(page.get_by_label("Time zone")).to_have_value("UTC")
    expect(page.locator('[name="people-0-name"]')).to_have_value("Jordan Lee")
    expect(page.locator('[name="people-1-name"]')).to_have_value("Priya Natarajan")
    expect(page.locator('[name="people-2-name"]')).to_have_value("")  # no room, not alice
    page.get_by_label("Role").fill("Senior Backend Engineer")
    page.locator('[name="people-1-title"]').fill("Staff Engineer")
    page.get_by_role("button", name="Save interview").click()

    expect(
        page.get_by_role("heading", name="Senior Backend Engineer at Acme Robotics")
    ).to_be_visible()
    people = page.locator("section[aria-labelledby=people-heading]")
    expect(people).to_contain_text("Jordan Lee")
    expect(people).to_contain_text("Priya Natarajan")
    expect(people).to_contain_text("Staff Engineer")
    interview = Interview.objects.get(owner=alice)
    assert interview.starts_at == start
    assert interview.invite_uid == "journey-0001@google.com"

    page.get_by_role("link", name="People").first.click()
    expect(page.locator("main")).to_contain_text("Jordan Lee")
    expect(page.locator("main")).to_contain_text("Priya Natarajan")
    assert set(Contact.objects.filter(owner=alice).values_list("company__name", flat=True)) == {
        "Acme Robotics"
    }

    page.get_by_role("link", name="Settings").click()
    expect(page.locator("#calendar-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text("reminder emails remain the real reminder")
    page.get_by_role("button", name="Turn on the calendar feed").click()
    url = page.locator("#calendar-feed-url").input_value()
    assert url.startswith("http") and "/reminders/calendar/" in url
    assert page.locator("#calendar-feed-webcal").get_attribute("href").startswith("webcal://")

    # The feed is fetched by its URL alone, as a calendar app does: no session.
    response = page.context.request.get(
        live_server.url + urlsplit(url).path, headers={"Cookie": ""}
    )
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.body())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    meeting = events[f"interview-{interview.pk}@127.0.0.1"]
    assert meeting.start == start
    assert str(meeting["SUMMARY"]) == "Interview: Acme Robotics"
    follow_ups = Reminder.objects.filter(interview=interview).open()
    assert follow_ups.count() >= 2
    for reminder in follow_ups:
        event = events[f"follow-up-{interview.pk}-{reminder.kind}@127.0.0.1"]
        assert event.start == reminder.due_at
        assert str(event["TRANSP"]) == "TRANSPARENT"
