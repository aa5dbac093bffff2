"""Reading the invites that real calendars send, where a simple reading goes wrong: iCloud's
relay addresses, Microsoft tenants' domains, team addresses, declined attendees, answers to
an invitation, series with a moved meeting, zone names that point at "this computer", and
rules icalendar cannot read. The real invites are read in place from the shared corpus."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from interviews.invites import (
    InviteError,
    company_domain,
    company_name_from_domain,
    read_invite,
)
from tests.corpora import corpus

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


EARLY_2015 = datetime(2015, 1, 1, tzinfo=UTC)


def real(name: str, *, own=("karim@nilas.com",), zone=BERLIN, when=EARLY_2015):
    data = (corpus("calendar-invites") / name).read_bytes()
    with time_machine.travel(when, tick=False):
        return read_invite(data, own_emails=own, zone=zone)


def made(body: str, *, zone=BERLIN, head: str = "METHOD:REQUEST\r\n"):
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n" + head + body
    text += "END:VCALENDAR\r\n"
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False):
        return read_invite(text, own_emails=("alice@example.com",), zone=zone)


def company(invite) -> str:
    return company_name_from_domain(company_domain(invite))


def people(invite):
    return [(p.name, p.email) for p in invite.people]


# --- (b) iCloud's relay -------------------------------------------------------------------


def test_icloud_relay_organizer_is_the_person_of_the_email_param_once():
    invite = real("n09_icloud_oneday_event.ics")
    assert people(invite) == [("Ben Bitdiddle", "benbitdiddle@icloud.com")]
    assert invite.organizer is not None
    assert invite.organizer.email == "benbitdiddle@icloud.com"
    assert company(invite) == ""  # icloud.com is anyone's, and never "Me"


def test_icloud_relay_attendee_and_organizer_are_one_person():
    invite = real("n07_icloud_cancelled1_request.ics")
    assert people(invite) == [("Karim Hamidou", "invalid@example.com")]
    assert all("imip.me.com" not in p.email for p in invite.people)


def test_a_relay_address_without_an_email_param_keeps_the_name_only():
    invite = made(
        "BEGIN:VEVENT\r\nUID:r1\r\nDTSTART:20261203T150000Z\r\n"
        "ORGANIZER;CN=Dana Scully:mailto:2_ABCDEFGHIJ@imip.me.com\r\n"
        "ATTENDEE;CN=Alice:mailto:alice@example.com\r\nEND:VEVENT\r\n"
    )
    assert people(invite) == [("Dana Scully", "")]
    assert company(invite) == ""


# --- (c) Tenants' domains and team addresses ----------------------------------------------


@pytest.mark.parametrize(
    "name", ["n11_exchange2010_windows_event.ics", "n12_iphone_through_exchange.ics"]
)
def test_a_microsoft_tenant_domain_names_the_tenant_not_onmicrosoft(name):
    invite = real(name)
    assert company(invite) == "Inboxapp"


def test_team_addresses_are_not_interviewers_but_still_name_the_company():
    invite = real("n14_meetup_infinite.ics", when=datetime(2011, 1, 1, tzinfo=UTC))
    assert people(invite) == []  # info@meetup.com
    assert company(invite) == "Meetup"


@pytest.mark.parametrize(
    "address", ["info@acme.com", "calendar@acme.com", "noreply@acme.com", "jobs@acme.com"]
)
def test_no_reply_and_team_senders_are_not_kept_as_interviewers(address):
    invite = made(
        "BEGIN:VEVENT\r\nUID:r2\r\nDTSTART:20261203T150000Z\r\n"
        f"ORGANIZER;CN=Acme:mailto:{address}\r\n"
        "ATTENDEE;CN=Jordan Lee:mailto:jordan@acme.com\r\nEND:VEVENT\r\n"
    )
    assert people(invite) == [("Jordan Lee", "jordan@acme.com")]
    assert company(invite) == "Acme"


# --- (d) Who will not be there ------------------------------------------------------------


def test_declined_delegated_and_non_participants_are_listed_but_absent():
    invite = real("k28_khal_attendees_partstat.ics", own=())
    absent = [p.name for p in invite.people if p.absent]
    assert absent == ["The Big Cheese", "Another"]
    # A folded line's spaces are not part of an address.
    assert ("Henry Cabot", "hcabot@example.com") in people(invite)


# --- (e) Answers ----------------------------------------------------------------------------


def test_a_reply_is_not_an_invitation():
    with pytest.raises(InviteError, match="answer to an invitation"):
        real("n13_google_reply_rsvps2.ics")


# --- (f) A series with a moved meeting ------------------------------------------------------

SERIES = (
    "BEGIN:VEVENT\r\nUID:series-1\r\nSEQUENCE:1\r\nSUMMARY:Interview loop\r\n"
    "DTSTART:20261203T150000Z\r\nDTEND:20261203T160000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\n"
    "LOCATION:Room 1\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:series-1\r\nSEQUENCE:1\r\nSUMMARY:Interview loop\r\n"
    "RECURRENCE-ID:{moved}\r\nDTSTART:20261210T170000Z\r\nDTEND:20261210T174500Z\r\n"
    "LOCATION:Room 2\r\nEND:VEVENT\r\n"
)


def test_a_moved_first_meeting_of_a_series_is_imported_where_it_is_now():
    invite = made(SERIES.format(moved="20261203T150000Z"))
    assert invite.uid == "series-1"
    assert invite.starts_at == datetime(2026, 12, 10, 17, 0, tzinfo=UTC)
    assert invite.duration_minutes == 45
    assert invite.location == "Room 2"
    assert invite.repeats


def test_a_moved_later_meeting_leaves_the_first_where_it_was():
    invite = made(SERIES.format(moved="20261204T150000Z"))
    assert invite.starts_at == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    assert invite.location == "Room 1"
    assert any("moved" in note for note in invite.notes)


def test_two_different_events_are_still_refused():
    with pytest.raises(InviteError, match="holds 2 events"):
        real("n15_calendarserver_multiple_events.ics")


# --- (g) Zone names that point at a computer's zone -----------------------------------------

ZONED = "BEGIN:VEVENT\r\nUID:z1\r\nDTSTART;TZID={tzid}:20261203T150000\r\nEND:VEVENT\r\n"


@pytest.mark.parametrize(
    "tzid", ["posix/Europe/Berlin", "/usr/share/zoneinfo/Europe/Berlin", "right/Europe/Berlin"]
)
def test_a_zone_file_path_is_the_iana_zone_it_names(tzid):
    invite = made(ZONED.format(tzid=tzid), zone=NEW_YORK)
    assert invite.time_zone == "Europe/Berlin"  # a name the preview can show and keep
    assert invite.starts_at == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize("tzid", ["localtime", "/etc/localtime", "posixrules"])
def test_this_computers_zone_is_read_in_the_persons_zone_and_they_are_asked(tzid):
    invite = made(ZONED.format(tzid=tzid), zone=NEW_YORK)
    # Never the server's own zone (UTC here): the person's, with a word to check it.
    assert invite.starts_at == datetime(2026, 12, 3, 20, 0, tzinfo=UTC)
    assert invite.time_zone == "America/New_York"
    assert any("names no place" in note for note in invite.notes)


def test_a_local_zone_with_its_own_vtimezone_uses_the_place_it_names():
    head = (
        "METHOD:REQUEST\r\nBEGIN:VTIMEZONE\r\nTZID:/etc/localtime\r\n"
        "X-LIC-LOCATION:Asia/Tokyo\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        "TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    invite = made(ZONED.format(tzid="/etc/localtime"), zone=NEW_YORK, head=head)
    assert invite.time_zone == "Asia/Tokyo"
    assert invite.starts_at == datetime(2026, 12, 3, 6, 0, tzinfo=UTC)


# --- (i) Rules icalendar cannot read --------------------------------------------------------


def test_a_byday_list_with_spaces_is_a_rule_with_an_end():
    invite = real("i22_exchange_cdo_custom_tz_rrule.ics", when=datetime(2015, 6, 1, tzinfo=UTC))
    assert invite.repeats
    assert invite.starts_at == datetime(2015, 7, 3, 8, 0, tzinfo=UTC)
    assert "The invite repeats; the first meeting is imported." in invite.notes


def test_a_rule_that_cannot_be_read_at_all_imports_the_first_meeting_and_says_so():
    invite = made(
        "BEGIN:VEVENT\r\nUID:x1\r\nDTSTART:20261203T150000Z\r\nRRULE:FREQ=SOMETIMES;;\r\n"
        "END:VEVENT\r\n"
    )
    assert invite.starts_at == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    assert any("could not be read" in note for note in invite.notes)
