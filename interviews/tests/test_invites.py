"""Reading invites as Google Calendar, Outlook/Microsoft 365, Apple Calendar, Zoom and Teams
write them, field by field; and refusing what cannot be an interview invite."""

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from interviews.invites import (
    INVITE_MAX_BYTES,
    InviteError,
    company_domain,
    company_name_from_domain,
    read_invite,
)

FIXTURES = Path(__file__).parent / "invites"
BERLIN = ZoneInfo("Europe/Berlin")


def fixture(name: str) -> bytes:
    # Real invites travel with CRLF line ends; the files here are kept with LF.
    return (FIXTURES / name).read_bytes().replace(b"\n", b"\r\n")


def read(name: str, **kwargs):
    return read_invite(fixture(name), own_emails=("alice@example.com",), zone=BERLIN, **kwargs)


@pytest.fixture(autouse=True)
def _a_week_before_the_invites():
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False):
        yield


def people(invite):
    return [(p.name, p.email, p.organizer) for p in invite.people]


def test_google_calendar_invite():
    invite = read("google.ics")
    assert invite.uid == "7kukuqrfedcba987654321abcdef@google.com"
    assert invite.sequence == 0
    assert not invite.cancelled
    assert invite.starts_at == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    assert invite.time_zone == "UTC"
    assert invite.duration_minutes == 45
    # No LOCATION: the Meet link from X-GOOGLE-CONFERENCE stands in, and makes it a video call.
    assert invite.location == "https://meet.google.com/abc-defg-hij"
    assert invite.meeting_url == "https://meet.google.com/abc-defg-hij"
    assert invite.format == "video"
    assert invite.round == "Technical"
    # The organizer once (also listed as a guest); a guest named only by address gets a
    # name from it; the person's own address and the Google room are left out.
    assert people(invite) == [
        ("Jordan Lee", "jordan.lee@acme-robotics.com", True),
        ("Priya Natarajan", "priya.natarajan@acme-robotics.com", False),
    ]
    assert company_name_from_domain(company_domain(invite)) == "Acme Robotics"


def test_outlook_invite_with_its_windows_zone_and_vtimezone():
    invite = read("outlook.ics")
    assert invite.uid.startswith("040000008200E00074C5B7101A82E008")
    assert invite.uid.endswith("B1C9F3D27A6E2F4B9F0C1D2E3F4A5B6C")  # unfolded whole
    assert invite.sequence == 0
    # 09:30 Pacific Standard Time (Outlook's name) is 17:30 UTC in December.
    assert invite.starts_at == datetime(2026, 12, 8, 17, 30, tzinfo=UTC)
    assert invite.time_zone == "America/Los_Angeles"
    assert invite.duration_minutes == 60
    assert invite.location == "Building 92, 15010 NE 36th St, Redmond, WA 98052"
    assert invite.format == "in_person"
    assert invite.round == "Onsite"
    assert invite.role == "Onsite interview - Senior Backend Engineer"
    # "Alice@Example.com" is the person (case ignored); the ROOM and RESOURCE are left out;
    # Outlook's "Okoro, Chinedu" reads as a name.
    assert people(invite) == [
        ("Sam Rivera", "sam.rivera@contoso.com", True),
        ("Dana Whitfield", "dana.whitfield@contoso.com", False),
        ("Chinedu Okoro", "chinedu.okoro@contoso.com", False),
    ]
    assert company_name_from_domain(company_domain(invite)) == "Contoso"


def test_outlook_update_and_cancellation_carry_the_same_uid_and_a_higher_sequence():
    first, update, cancel = (
        read("outlook.ics"),
        read("outlook_update.ics"),
        read("outlook_cancel.ics"),
    )
    assert first.uid == update.uid == cancel.uid
    assert (first.sequence, update.sequence, cancel.sequence) == (0, 1, 2)
    assert update.starts_at == datetime(2026, 12, 9, 22, 0, tzinfo=UTC)
    assert update.duration_minutes == 75
    assert not update.cancelled
    assert cancel.cancelled
    assert cancel.role == "Onsite interview - Senior Backend Engineer"  # "Canceled:" dropped


def test_apple_calendar_invite_after_the_clocks_change():
    invite = read("apple.ics")
    assert invite.uid == "5F9C2E4A-7B1D-4C3E-9A8B-2D6F1E0C9B7A"
    # 10:00 in London on 30 March 2027 is British Summer Time (since the 28th): 09:00 UTC.
    assert invite.starts_at == datetime(2027, 3, 30, 9, 0, tzinfo=UTC)
    assert invite.time_zone == "Europe/London"
    assert invite.duration_minutes == 90
    assert invite.location == "Globex House 1 King Street London EC2V 8AU"
    assert invite.format == "in_person"
    assert invite.round == "Final round"
    # Apple names a guest by urn:uuid with the address in EMAIL=.
    assert people(invite) == [
        ("Tom Baker", "tom.baker@globex.co.uk", True),
        ("Ruth Okafor", "ruth.okafor@globex.co.uk", False),
    ]
    assert company_name_from_domain(company_domain(invite)) == "Globex"


def test_apple_all_day_event_starts_in_the_morning_where_the_person_lives():
    invite = read("apple_all_day.ics")
    assert invite.all_day
    assert invite.starts_at == datetime(2027, 1, 15, 9, 0, tzinfo=BERLIN)
    assert invite.time_zone == "Europe/Berlin"
    assert invite.duration_minutes == 60
    assert invite.location == "Globex Campus, Reading"
    assert invite.people == ()
    assert company_domain(invite) == ""
    assert any("date only" in note for note in invite.notes)


def test_zoom_invite():
    invite = read("zoom.ics")
    assert invite.uid == "20261120T160000Z-84512345678@fe80:0:0:0:0:0:0:1"
    assert invite.starts_at == datetime(2026, 12, 10, 18, 0, tzinfo=UTC)  # 13:00 EST
    assert invite.time_zone == "America/New_York"
    assert invite.duration_minutes == 30
    assert invite.location == "https://initech.zoom.us/j/84512345678?pwd=abcDEF123"
    assert invite.format == "video"
    assert invite.round == "Recruiter call"
    assert people(invite) == [("Maria Gomez", "maria.gomez@initech.com", True)]
    assert company_name_from_domain(company_domain(invite)) == "Initech"


def test_teams_invite_with_a_windows_zone_name_and_no_vtimezone():
    invite = read("teams.ics")
    # W. Europe Standard Time is Europe/Berlin: 11:00 is 10:00 UTC in December.
    assert invite.starts_at == datetime(2026, 12, 15, 10, 0, tzinfo=UTC)
    assert invite.time_zone == "Europe/Berlin"
    # "Microsoft Teams Meeting" is no place: the join link stands in.
    assert invite.location.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert invite.format == "video"
    assert invite.round == "Hiring manager"
    assert people(invite) == [
        ("Lena Vogel", "lena.vogel@umbrella-corp.de", True),
        ("Jonas Müller", "jonas.mueller@umbrella-corp.de", False),
    ]
    assert company_name_from_domain(company_domain(invite)) == "Umbrella Corp"


def test_two_outlook_custom_zones_of_one_name_each_keep_their_own_offset():
    # Outlook names every custom zone "Customized Time Zone"; one invite's offsets must not
    # leak into the next one's through a cache keyed by that name.
    india = read("outlook_custom_zone.ics")
    argentina = read("outlook_custom_zone_other.ics")
    assert india.starts_at == datetime(2026, 12, 11, 9, 30, tzinfo=UTC)  # 15:00 +05:30
    assert argentina.starts_at == datetime(2026, 12, 11, 18, 0, tzinfo=UTC)  # 15:00 -03:00
    assert read("outlook_custom_zone.ics").starts_at == india.starts_at
    assert india.time_zone == argentina.time_zone == ""


def test_the_same_invite_pasted_as_text_reads_the_same():
    assert read_invite(fixture("outlook.ics").decode(), zone=BERLIN).uid == read("outlook.ics").uid


# --- Bad input ------------------------------------------------------------------------------

EVENT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:bad-1\r\nDTSTAMP:20261120T100000Z\r\n{body}\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)
START = "DTSTART:20261203T150000Z"


def events(n: int) -> str:
    one = "BEGIN:VEVENT\r\nUID:e{i}\r\nDTSTART:20261203T150000Z\r\nEND:VEVENT\r\n"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        + "".join(one.format(i=i) for i in range(n))
        + "END:VCALENDAR\r\n"
    )


def refused(data) -> str:
    with pytest.raises(InviteError) as caught:
        read_invite(data, zone=BERLIN)
    return str(caught.value)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"x" * (INVITE_MAX_BYTES + 1), "larger than"),
        ("BEGIN:VCALENDAR\r\n" + "X-PAD:" + "a" * INVITE_MAX_BYTES, "larger than"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not readable"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not readable"),
        ("Hi Alice, see you Thursday at 3pm!", "not a calendar invite"),
        ("BEGIN:VCALENDAR\x00\r\nEND:VCALENDAR", "binary"),
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no event"),
        (
            "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:t\r\nSUMMARY:Prepare\r\nEND:VTODO\r\n"
            "END:VCALENDAR\r\n",
            "no event",
        ),
        (events(2), "holds 2 events"),
        (events(30), "holds 30 events"),
        (events(500), "too many parts"),
        (EVENT.format(body="SUMMARY:No start"), "no readable start"),
        (EVENT.format(body="DTSTART:tomorrow at three"), "no readable start"),
        (EVENT.format(body="DTSTART:99991231T100000Z"), "years"),
        (EVENT.format(body="DTSTART:19700101T000000Z"), "years"),
        (EVENT.format(body=START + "\r\nRRULE:FREQ=WEEKLY;BYDAY=TH"), "repeats with no end"),
        (EVENT.format(body="DTSTART;TZID=Mars/Olympus_Mons:20261203T150000"), "time zone"),
        (EVENT.format(body=START + "\r\nDTEND:20261205T150000Z"), "more than 12 hours"),
        (
            EVENT.format(body=START + "\r\n" + "BEGIN:VALARM\r\n" * 50 + "END:VALARM\r\n" * 50),
            "nested too deeply",
        ),
        ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" * 40, "damaged"),
        ("BEGIN:VCALENDAR\r\nthis line has no colon\r\nEND:VCALENDAR\r\n", "damaged"),
        (
            EVENT.format(body=START).encode("utf-8").replace(b"UID:bad-1", b"UID:caf\xe9"),
            "not readable",
        ),
    ],
    ids=[
        "too-big-file",
        "too-big-text",
        "pdf",
        "png",
        "plain-text",
        "nul-byte",
        "no-event",
        "only-a-todo",
        "two-events",
        "thirty-events",
        "five-hundred-events",
        "no-start",
        "unreadable-start",
        "year-9999",
        "year-1970",
        "repeats-forever",
        "unknown-zone",
        "two-days-long",
        "deeply-nested",
        "never-closed",
        "broken-line",
        "latin-1",
    ],
)
def test_bad_input_is_refused_with_a_clear_message(data, says):
    assert says in refused(data)


def test_a_repeating_invite_with_an_end_imports_its_first_meeting():
    invite = read_invite(EVENT.format(body=START + "\r\nRRULE:FREQ=WEEKLY;COUNT=3"), zone=BERLIN)
    assert invite.repeats
    assert invite.starts_at == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def test_a_floating_time_is_the_persons_own():
    invite = read_invite(EVENT.format(body="DTSTART:20261203T150000"), zone=BERLIN)
    assert invite.starts_at == datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN)


def test_control_characters_and_bidi_overrides_are_dropped_from_text():
    invite = read_invite(
        EVENT.format(body=START + "\r\nSUMMARY:Interview\u202e gnp.exe\\nsecond line"),
        zone=BERLIN,
    )
    assert invite.summary == "Interview gnp.exe second line"
