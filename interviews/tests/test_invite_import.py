"""Importing an interview from an invite through the pages: preview, save, updates by
SEQUENCE, cancellations, the same file twice, and bad files that save nothing."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.invites import INVITE_MAX_BYTES
from interviews.models import Company, Contact, Interview
from tests.factories import CompanyFactory, ContactFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "invites"
IMPORT = reverse("interviews:invite_import")


@pytest.fixture(autouse=True)
def _a_week_before_the_invites():
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False):
        yield


def upload(client, name: str, *, content: bytes | None = None):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return client.post(
        IMPORT, {"file": SimpleUploadedFile(name, data, content_type="text/calendar")}
    )


def save(client, preview, **changes):
    """Posts the preview form as the page renders it, with ``changes`` typed over it."""
    data = form_data(preview.content.decode())
    data.update(changes)
    return client.post(reverse("interviews:invite_save"), data)


def counts():
    return (Interview.objects.count(), Contact.objects.count(), Company.objects.count())


def test_upload_shows_a_preview_and_saves_nothing(alice_client):
    response = upload(alice_client, "google.ics")
    assert response.status_code == 200
    data = form_data(response.content.decode())
    assert data["company_name"] == "Acme Robotics"
    assert data["role"] == "Acme Robotics – Technical interview (Senior Backend Engineer)"
    assert data["starts_at"] == "2026-12-03T15:00"
    assert data["time_zone"] == "UTC"
    assert data["duration_minutes"] == "45"
    assert data["format"] == "video"
    assert data["location"] == "https://meet.google.com/abc-defg-hij"
    assert data["round"] == "Technical"
    assert [data["people-0-name"], data["people-1-name"]] == ["Jordan Lee", "Priya Natarajan"]
    assert data["people-0-include"] == data["people-1-include"] == "on"
    assert data["people-2-name"] == ""  # a blank row to add someone
    assert counts() == (0, 0, 0)


def test_save_after_correcting_the_preview(alice_client, alice):
    preview = upload(alice_client, "outlook.ics")
    response = save(
        alice_client,
        preview,
        company_name="Contoso Ltd",
        role="Senior Backend Engineer",
        **{"people-2-include": "", "people-1-title": "Engineering Manager"},
    )
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == interview.get_absolute_url()
    assert interview.owner == alice
    assert interview.company.name == "Contoso Ltd"
    assert interview.role == "Senior Backend Engineer"
    assert interview.starts_at == datetime(2026, 12, 8, 17, 30, tzinfo=UTC)
    assert interview.duration_minutes == 60
    assert interview.format == Interview.Format.IN_PERSON
    assert interview.location == "Building 92, 15010 NE 36th St, Redmond, WA 98052"
    assert interview.round == "Onsite"
    assert interview.invite_uid.startswith("040000008200E00074C5B7101A82E008")
    assert interview.invite_sequence == 0
    people = {(c.name, c.email, c.title, c.company_id) for c in interview.interviewers.all()}
    assert people == {
        ("Sam Rivera", "sam.rivera@contoso.com", "", interview.company_id),
        (
            "Dana Whitfield",
            "dana.whitfield@contoso.com",
            "Engineering Manager",
            interview.company_id,
        ),
    }
    # Reminders are planned as for any interview (reached through the interview: this app
    # does not import reminders).
    kinds = set(interview.reminders.values_list("kind", flat=True))
    assert {"thank_you", "review"} <= kinds


def test_time_zone_chosen_in_the_preview_places_the_start(alice_client):
    preview = upload(alice_client, "outlook_custom_zone.ics")
    data = form_data(preview.content.decode())
    # A custom Outlook zone has no name: the preview shows the time in the person's zone.
    assert data["time_zone"] == "Europe/Berlin"
    assert data["starts_at"] == "2026-12-11T10:30"
    save(alice_client, preview, starts_at="2026-12-11T15:00", time_zone="Asia/Kolkata")
    assert Interview.objects.get().starts_at == datetime(2026, 12, 11, 9, 30, tzinfo=UTC)


@pytest.mark.slow
def test_interviewers_and_company_are_matched_to_what_the_person_has(alice_client, alice):
    globex = CompanyFactory(owner=alice, name="Globex Corporation", website="https://globex.co.uk")
    tom = ContactFactory(
        owner=alice, company=globex, name="Thomas Baker", email="Tom.Baker@Globex.co.uk"
    )
    preview = upload(alice_client, "apple.ics")
    html = preview.content.decode()
    assert form_data(html)["company_name"] == "Globex Corporation"
    assert "Your contact Thomas Baker" in html
    save(alice_client, preview)
    interview = Interview.objects.get()
    assert interview.company == globex
    assert set(interview.interviewers.all()) == {tom, Contact.objects.get(name="Ruth Okafor")}
    assert Contact.objects.count() == 2  # Tom linked, not added twice
    assert Company.objects.count() == 1


@pytest.mark.slow
def test_the_same_file_twice_creates_nothing_new(alice_client):
    preview = upload(alice_client, "zoom.ics")
    save(alice_client, preview)
    before = counts()
    again = upload(alice_client, "zoom.ics")
    assert again.status_code == 302
    assert again["Location"] == Interview.objects.get().get_absolute_url()
    assert counts() == before
    # Saving the old preview again (a second click, another tab) adds nothing either.
    save(alice_client, preview)
    assert counts() == before
    page = alice_client.get(again["Location"])
    assert "imported this invite already" in page.content.decode()


@pytest.mark.slow
def test_a_higher_sequence_moves_the_interview_and_its_reminders(alice_client):
    save(alice_client, upload(alice_client, "outlook.ics"))
    interview = Interview.objects.get()
    thank_you = interview.reminders.get(kind="thank_you")
    assert thank_you.due_at == datetime(2026, 12, 9, 8, 0, tzinfo=UTC)  # 9:00 Berlin

    response = upload(alice_client, "outlook_update.ics")
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_at == datetime(2026, 12, 9, 22, 0, tzinfo=UTC)
    assert interview.duration_minutes == 75
    assert interview.invite_sequence == 1
    thank_you.refresh_from_db()
    # It now ends at 00:15 on the 10th in Berlin: notes are due the morning after that.
    assert thank_you.due_at == datetime(2026, 12, 11, 8, 0, tzinfo=UTC)
    assert Interview.objects.count() == 1


@pytest.mark.slow
def test_an_older_sequence_changes_nothing(alice_client):
    save(alice_client, upload(alice_client, "outlook.ics"))
    upload(alice_client, "outlook_update.ics")
    interview = Interview.objects.get()
    stamp = interview.updated_at
    with time_machine.travel(timedelta(minutes=5)):
        response = upload(alice_client, "outlook.ics")
    interview.refresh_from_db()
    assert interview.starts_at == datetime(2026, 12, 9, 22, 0, tzinfo=UTC)
    assert interview.invite_sequence == 1
    assert interview.updated_at == stamp
    assert "older version" in alice_client.get(response["Location"]).content.decode()


@pytest.mark.slow
def test_a_cancellation_asks_first_then_marks_it_cancelled(alice_client):
    save(alice_client, upload(alice_client, "outlook.ics"))
    interview = Interview.objects.get()
    asking = upload(alice_client, "outlook_cancel.ics")
    assert asking.status_code == 200
    assert "Mark it cancelled" in asking.content.decode()
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.AWAITING  # nothing yet

    response = alice_client.post(
        reverse("interviews:invite_cancel"), form_data(asking.content.decode())
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.CANCELLED
    assert interview.invite_sequence == 2
    open_reminders = interview.reminders.open()
    assert not open_reminders.exists()
    # The same cancellation again changes nothing and does not ask again.
    again = upload(alice_client, "outlook_cancel.ics")
    assert again.status_code == 302


def test_a_cancellation_of_an_unknown_invite_saves_nothing(alice_client):
    response = upload(alice_client, "outlook_cancel.ics")
    assert response.status_code == 400
    assert "nothing to import" in response.content.decode()
    assert counts() == (0, 0, 0)


@pytest.mark.slow
def test_one_persons_invite_is_not_another_persons(alice_client, client, bob):
    save(alice_client, upload(alice_client, "zoom.ics"))
    client.force_login(bob)
    preview = upload(client, "zoom.ics")
    assert preview.status_code == 200  # a preview for bob, not alice's interview
    save(client, preview)
    assert Interview.objects.filter(owner=bob).count() == 1
    assert Interview.objects.count() == 2


def test_pasted_text_works_like_a_file(alice_client):
    text = (FIXTURES / "teams.ics").read_text()
    response = alice_client.post(IMPORT, {"text": text})
    assert response.status_code == 200
    assert form_data(response.content.decode())["company_name"] == "Umbrella Corp"


HOSTILE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x1\r\n"
    "DTSTART:20261203T150000Z\r\n"
    'SUMMARY:<script>alert("summary")</script>\r\n'
    "LOCATION:<img src=x onerror=alert(1)> https://zoom.us/j/1?<b>\r\n"
    'ORGANIZER;CN="<b onmouseover=alert(2)>Eve</b>":mailto:eve@evil.example\r\n'
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_invite_text_is_escaped_in_the_preview_and_after_saving(alice_client):
    preview = alice_client.post(IMPORT, {"text": HOSTILE})
    html = preview.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;" in html
    save(alice_client, preview)
    page = alice_client.get(Interview.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<b onmouseover" not in page


@pytest.mark.slow
@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"BEGIN:VCALENDAR\r\n" + b"X:" + b"a" * INVITE_MAX_BYTES, "larger than"),
        (b"%PDF-1.7\n\xe2\xe3\xcf\xd3", "not readable"),
        (b"Lunch on Thursday?", "not a calendar invite"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no event"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n",
            "no readable start",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:21260101T100000Z\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            "years",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261203T150000Z\r\n"
            b"RRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "repeats with no end",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261203T150000Z\r\n"
            + b"BEGIN:X\r\n" * 30
            + b"END:X\r\n" * 30
            + b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            "nested too deeply",
        ),
        (b"BEGIN:VCALENDAR\r\nSUMMARY:caf\xe9\r\nEND:VCALENDAR\r\n", "not readable"),
    ],
    ids=[
        "too-big",
        "pdf",
        "text",
        "no-event",
        "no-start",
        "year-2126",
        "forever",
        "nested",
        "latin-1",
    ],
)
def test_bad_files_get_a_clear_message_and_save_nothing(alice_client, content, says):
    response = upload(alice_client, "invite.ics", content=content)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert counts() == (0, 0, 0)


def test_an_empty_form_asks_for_a_file(alice_client):
    response = alice_client.post(IMPORT, {})
    assert response.status_code == 400
    assert "Choose an .ics file" in response.content.decode()


def test_a_tampered_preview_saves_nothing(alice_client):
    preview = upload(alice_client, "zoom.ics")
    response = save(alice_client, preview, invite="not base64 at all!")
    assert response.status_code == 400
    assert counts() == (0, 0, 0)


def test_the_import_page_needs_a_login(client):
    assert client.get(IMPORT).status_code == 302


@pytest.mark.slow
@pytest.mark.parametrize(
    ("starts_at", "zone", "saved"),
    [
        ("1900-01-01T00:30", "Etc/GMT-14", True),  # 1899-12-31 10:30 in UTC
        ("1899-12-31T23:30", "UTC", False),
        ("2199-12-31T23:30", "Pacific/Pago_Pago", True),  # 2200-01-01 10:30 in UTC
    ],
)
def test_the_previews_dates_are_bounded_in_the_zone_beside_them(
    alice_client, starts_at, zone, saved
):
    preview = upload(alice_client, "google.ics")

    response = save(alice_client, preview, starts_at=starts_at, time_zone=zone)

    assert Interview.objects.exists() is saved
    if not saved:
        assert "Pick a date between 1900 and 2199." in response.content.decode()


def upload_real(client, name: str, when: datetime):
    """Uploads an invite of the shared corpus, on a day before its meeting."""
    from tests.corpora import corpus

    with time_machine.travel(when, tick=False):
        return upload(client, name, content=(corpus("calendar-invites") / name).read_bytes())


def test_an_icloud_invite_suggests_no_company_me_and_makes_one_contact_per_person(alice_client):
    when = datetime(2015, 3, 1, tzinfo=UTC)
    preview = upload_real(alice_client, "n09_icloud_oneday_event.ics", when)
    data = form_data(preview.content.decode())
    assert data["company_name"] != "Me"
    assert "imip.me.com" not in preview.content.decode()
    with time_machine.travel(when, tick=False):
        save(alice_client, preview, company_name="Nilas")
    # Ben Bitdiddle (organizer through the relay, and attendee) and Karim: two people.
    assert sorted(Contact.objects.values_list("email", flat=True)) == [
        "benbitdiddle@icloud.com",
        "karim@nilas.com",
    ]


def test_declined_and_delegated_attendees_are_listed_but_not_ticked(alice_client):
    preview = upload_real(
        alice_client, "k28_khal_attendees_partstat.ics", datetime(2014, 4, 1, tzinfo=UTC)
    )
    data = form_data(preview.content.decode())
    ticked = {data[f"people-{i}-email"]: data.get(f"people-{i}-include") == "on" for i in range(6)}
    assert ticked == {
        "hcabot@example.com": True,
        "iamboss@example.com": False,  # delegated
        "jdoe@example.com": True,
        "jqpublic@example.com": True,
        "another@example.com": False,  # declined
        "tent@example.com": True,
    }


def test_a_reply_is_refused_with_a_clear_message(alice_client):
    response = upload_real(
        alice_client, "n13_google_reply_rsvps2.ics", datetime(2015, 3, 1, tzinfo=UTC)
    )
    assert response.status_code == 400
    assert "not the invitation itself" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_a_posix_zone_name_is_kept_as_its_iana_zone_in_the_preview(alice_client):
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VEVENT\r\nUID:posix-1\r\n"
        "SUMMARY:Interview\r\nDTSTART;TZID=posix/America/New_York:20261203T100000\r\n"
        "ORGANIZER;CN=Jordan Lee:mailto:jordan@acme.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    preview = upload(alice_client, "posix.ics", content=text.encode())
    data = form_data(preview.content.decode())
    assert (data["starts_at"], data["time_zone"]) == ("2026-12-03T10:00", "America/New_York")
    save(alice_client, preview)
    assert Interview.objects.get().starts_at == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def outlook_with(location: str) -> bytes:
    """outlook.ics as its organiser sends it again: the same SEQUENCE, another place."""
    data = (FIXTURES / "outlook.ics").read_bytes()
    old = b"LOCATION;LANGUAGE=en-US:Building 92\\, 15010 NE 36th St\\, Redmond\\, WA 98052"
    assert old in data
    return data.replace(old, b"LOCATION;LANGUAGE=en-US:" + location.encode())


@pytest.mark.slow
def test_the_same_sequence_with_another_place_updates_the_interview(alice_client):
    save(alice_client, upload(alice_client, "outlook.ics"))
    interview = Interview.objects.get()
    assert interview.invite_sequence == 0

    response = upload(alice_client, "outlook.ics", content=outlook_with("Building 40, Room 2"))

    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.location == "Building 40, Room 2"
    assert interview.starts_at == datetime(2026, 12, 8, 17, 30, tzinfo=UTC)
    assert (
        "Updated from the newer invite" in alice_client.get(response["Location"]).content.decode()
    )
    # That version again changes nothing.
    again = upload(alice_client, "outlook.ics", content=outlook_with("Building 40, Room 2"))
    assert "imported this invite already" in alice_client.get(again["Location"]).content.decode()
    assert Interview.objects.count() == 1


@pytest.mark.slow
def test_the_same_file_again_keeps_what_the_person_corrected_in_the_preview(alice_client):
    save(alice_client, upload(alice_client, "outlook.ics"), location="Reception, 2nd floor")
    interview = Interview.objects.get()

    response = upload(alice_client, "outlook.ics")

    interview.refresh_from_db()
    assert interview.location == "Reception, 2nd floor"
    assert (
        "imported this invite already" in alice_client.get(response["Location"]).content.decode()
    )


def test_a_database_refusal_is_not_taken_for_a_second_click(alice):
    from django.db import IntegrityError

    from interviews.services import interview_import_invite

    with pytest.raises(IntegrityError):
        interview_import_invite(
            owner=alice,
            invite_uid="uid-out-of-range",
            invite_sequence=0,
            company_name="Acme",
            role="Engineer",
            starts_at=datetime(1800, 1, 1, tzinfo=UTC),  # outside what the database keeps
            duration_minutes=30,
        )
    assert counts() == (0, 0, 0)


@pytest.mark.slow
def test_an_old_invite_sends_no_late_reminders_at_once(
    alice_client, alice, django_capture_on_commit_callbacks
):
    from django.core import mail

    from reminders.sweep import reminders_send_due

    # The interview was on 8 December; the person imports its invite a month later.
    with time_machine.travel(datetime(2027, 1, 10, 9, 0, tzinfo=UTC), tick=False):
        alice_client.force_login(alice)  # a month on, a fresh session
        preview = upload(alice_client, "outlook.ics")
        with django_capture_on_commit_callbacks(execute=True):
            saved = save(alice_client, preview)
        assert saved.status_code == 302
        interview = Interview.objects.get()
        assert not interview.reminders.filter(due_at__lte=datetime(2027, 1, 10, 9, 0, tzinfo=UTC))
        reminders_send_due()
    assert mail.outbox == []


@pytest.mark.slow
def test_an_invite_imported_just_after_the_interview_still_plans_what_is_ahead(alice_client):
    # An hour after the interview ended (8 Dec, 18:30 UTC): the note is due the next morning.
    with time_machine.travel(datetime(2026, 12, 8, 19, 30, tzinfo=UTC), tick=False):
        save(alice_client, upload(alice_client, "outlook.ics"))
    interview = Interview.objects.get()
    kinds = set(interview.reminders.values_list("kind", flat=True))
    assert "thank_you" in kinds


@pytest.mark.slow
def test_the_earliest_start_in_the_easternmost_zone_saves_and_shows(alice_client):
    preview = upload(alice_client, "google.ics")

    response = save(alice_client, preview, starts_at="1900-01-01T00:30", time_zone="Etc/GMT-14")

    assert response.status_code == 302
    assert Interview.objects.get().starts_at == datetime(1899, 12, 31, 10, 30, tzinfo=UTC)
    assert alice_client.get(response["Location"]).status_code == 200
