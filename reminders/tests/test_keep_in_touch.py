"""Keep in touch after a "no": notes planned only for the chosen people, due at the
person's hour in their zone (across odd DST rules), sent once, settled by the note."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from interviews.services import application_set_outcome, interview_create
from notes.models import ThankYouNote
from notes.services import keep_in_touch_note_start, note_set_status
from reminders import tokens
from reminders.actions import reminders_unsubscribe
from reminders.keep_in_touch import keep_in_touch_candidates, keep_in_touch_plan
from reminders.models import Reminder
from reminders.planning import add_months
from reminders.sweep import reminders_send_due
from reminders.tests.utils import local, log_interview, utc
from reviews.models import Review
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

Status = Reminder.Status


def keep_in_touch_mails():
    return [m for m in mail.outbox if m.subject.startswith("Keep in touch")]


def rejected_after_two_rounds(owner, *, zone="Europe/Berlin", day=date(2025, 1, 10)):
    """Two rounds at Acme (Grace and Alan, then Grace and Ada), then a "no" today."""
    owner.time_zone = zone
    owner.save()
    start = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    first = log_interview(owner, start - timedelta(days=9))
    grace, alan = sorted(first.interviewers.all(), key=lambda p: p.name, reverse=True)
    second = interview_create(
        owner=owner,
        company_name="Acme Robotics",
        role="Platform Engineer",
        starts_at=start - timedelta(days=2),
        interviewers=[grace],
        new_interviewers=[{"name": "Ada Lovelace", "title": "CTO", "email": ""}],
    )
    assert second.application_id == first.application_id
    Review.objects.create(interview=first, rapport=5)
    Review.objects.create(interview=second, rapport=2)
    application_set_outcome(application=first.application, outcome="rejected")
    ada = second.interviewers.get(name="Ada Lovelace")
    return first.application, first, second, {"grace": grace, "alan": alan, "ada": ada}


@time_machine.travel(utc(2025, 1, 10, 12, 0), tick=False)
def test_the_people_rated_well_on_rapport_are_suggested(alice):
    application, _first, second, _people = rejected_after_two_rounds(alice)

    candidates = {c.contact.name: c for c in keep_in_touch_candidates(application)}

    assert candidates["Grace Hopper"].suggested and candidates["Alan Turing"].suggested
    assert not candidates["Ada Lovelace"].suggested  # rapport 2 in her only round
    # Grace's note is written from the latest round she was in.
    assert candidates["Grace Hopper"].interview == second


@time_machine.travel(utc(2025, 1, 10, 12, 0), tick=False)
def test_notes_are_planned_only_for_the_chosen_people_about_3_and_6_months_on(alice):
    application, _first, second, people = rejected_after_two_rounds(alice)

    rows = keep_in_touch_plan(application=application, contacts=[people["grace"]])

    assert [(r.contact, r.sequence, r.planned_for) for r in rows] == [
        (people["grace"], 1, date(2025, 4, 10)),
        (people["grace"], 2, date(2025, 7, 10)),
    ]
    assert {r.interview_id for r in rows} == {second.pk}
    assert all(r.status == Status.SCHEDULED for r in rows)
    assert rows[0].due_at == local("Europe/Berlin", 2025, 4, 10, 9)  # summer time by then
    assert rows[1].due_at == local("Europe/Berlin", 2025, 7, 10, 9)
    alice.refresh_from_db()
    assert alice.remind_keep_in_touch  # planning them asked for them

    # Planned again for Alan instead: Grace's unsent notes go, Alan's come; nothing twice.
    keep_in_touch_plan(application=application, contacts=[people["alan"]])
    keep_in_touch_plan(application=application, contacts=[people["alan"]])
    planned = Reminder.objects.filter(contact__isnull=False)
    assert sorted(planned.values_list("contact__name", "sequence")) == [
        ("Alan Turing", 1),
        ("Alan Turing", 2),
    ]


@pytest.mark.parametrize(
    ("closed_utc", "first_due_utc", "second_due_utc"),
    [
        # Lord Howe Island moves its clocks by half an hour: +11 in summer (to the first
        # Sunday of April), +10:30 in winter (from the first Sunday of October).
        # Closed in summer: both notes fall in winter, 9:00 at +10:30.
        (utc(2025, 1, 14, 13, 0), utc(2025, 4, 14, 22, 30), utc(2025, 7, 14, 22, 30)),
        # Closed in winter: the first in winter, the second in summer, 9:00 at +11.
        (utc(2025, 7, 20, 2, 0), utc(2025, 10, 19, 22, 0), utc(2026, 1, 19, 22, 0)),
    ],
)
def test_notes_are_due_at_the_persons_hour_in_their_zone_across_dst(
    alice, closed_utc, first_due_utc, second_due_utc
):
    with time_machine.travel(closed_utc, tick=False):
        application, _first, _second, people = rejected_after_two_rounds(
            alice, zone="Australia/Lord_Howe", day=closed_utc.date()
        )
        rows = keep_in_touch_plan(application=application, contacts=[people["grace"]])

    assert [r.due_at for r in rows] == [first_due_utc, second_due_utc]
    # Sent when due, not a minute before, and once.
    with time_machine.travel(first_due_utc - timedelta(minutes=1), tick=False):
        reminders_send_due()
    assert keep_in_touch_mails() == []
    with time_machine.travel(first_due_utc, tick=False):
        reminders_send_due()
        reminders_send_due()
    (message,) = keep_in_touch_mails()
    assert message.to == [alice.email]
    assert "Grace Hopper" in message.subject


def test_add_months_keeps_the_day_or_the_months_last():
    assert add_months(date(2025, 8, 31), 3) == date(2025, 11, 30)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2024, 11, 29), 3) == date(2025, 2, 28)
    assert add_months(date(2023, 11, 29), 3) == date(2024, 2, 29)


@pytest.mark.slow
@time_machine.travel(utc(2025, 1, 10, 12, 0), tick=False)
def test_the_email_the_note_and_its_sending_settle_the_reminder(alice, client):
    application, _first, second, people = rejected_after_two_rounds(alice)
    rows = keep_in_touch_plan(application=application, contacts=[people["ada"]])

    with time_machine.travel(rows[0].due_at, tick=False):
        reminders_send_due()
    (message,) = keep_in_touch_mails()
    html = message.alternatives[0][0]
    assert "Ada Lovelace" in message.body and "no email address" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{application.get_absolute_url()}#keep-in-touch-heading" in message.body
    assert "Write the note" in html

    # Written from the panel: a long-game draft, spoken to her, never naming her.
    client.force_login(alice)
    response = client.post(reverse("reminders:keep_in_touch_write", args=[rows[0].pk]))
    note = ThankYouNote.objects.get(kind="keep_in_touch", recipient=people["ada"])
    assert response["Location"] == note.get_absolute_url()
    assert note.sequence == 1 and note.interview == second
    assert "Ada" not in note.body and "Lovelace" not in note.body
    # The wording varies with the record; the long game and the congratulations are there.
    assert re.search(r"future openings|a role opens up", note.body)
    assert "congratulations" in note.body.lower()
    assert note.salutation == "Dear Ada,"
    # No address: it is still printable.
    assert client.get(reverse("notes:card_pdf", args=[note.pk])).status_code == 200
    again = client.post(reverse("reminders:keep_in_touch_write", args=[rows[0].pk]))
    assert again["Location"] == note.get_absolute_url()  # the same note, not a second

    note_set_status(note=note, status="sent", sent_on=date(2025, 4, 11), sent_how="mailed")

    assert Reminder.objects.get(pk=rows[0].pk).status == Status.DONE
    assert Reminder.objects.get(pk=rows[1].pk).status == Status.SCHEDULED
    # A thank-you note to her is still a thing of its own.
    assert not second.thank_you_notes.thank_you().filter(recipient=people["ada"]).exists()


@time_machine.travel(utc(2025, 1, 10, 12, 0), tick=False)
def test_snooze_done_and_unsubscribe_work_for_planned_notes(alice, client):
    application, _first, _second, people = rejected_after_two_rounds(alice)
    rows = keep_in_touch_plan(application=application, contacts=[people["grace"]])
    token = tokens.make_action_token(reminder_id=rows[0].pk, action="done", due_at=rows[0].due_at)

    client.post(reverse("reminders:email_action", args=[token]))

    assert Reminder.objects.get(pk=rows[0].pk).status == Status.DONE
    reminders_unsubscribe(user=alice, kind="keep_in_touch")
    assert Reminder.objects.get(pk=rows[1].pk).status == Status.CANCELLED
    with time_machine.travel(rows[1].due_at + timedelta(hours=1), tick=False):
        reminders_send_due()
    assert keep_in_touch_mails() == []


@time_machine.travel(utc(2025, 1, 10, 12, 0), tick=False)
def test_reopening_the_application_cancels_the_plan(alice):
    application, _first, _second, people = rejected_after_two_rounds(alice)
    rows = keep_in_touch_plan(application=application, contacts=[people["grace"]])

    application_set_outcome(application=application, outcome="offer")

    assert set(
        Reminder.objects.filter(pk__in=[r.pk for r in rows]).values_list("status", flat=True)
    ) == {Status.CANCELLED}


@time_machine.travel(utc(2025, 1, 10, 12, 0), tick=False)
def test_bad_input_gets_a_clear_message_and_plans_nothing(alice, bob, client):
    application, _first, _second, people = rejected_after_two_rounds(alice)
    bobs_contact = ContactFactory(owner=bob)
    client.force_login(alice)
    url = reverse("reminders:keep_in_touch_plan", args=[application.pk])

    response = client.post(url, {"people": [bobs_contact.pk], "first_months": 3})

    assert response.status_code == 400
    assert "Pick among the people you met for this application." in response.content.decode()
    assert not Reminder.objects.filter(contact__isnull=False).exists()
    with pytest.raises(ValueError, match="people you met"):
        keep_in_touch_plan(application=application, contacts=[bobs_contact])
    response = client.post(
        url, {"people": [people["grace"].pk], "first_months": 6, "second_months": 3}
    )
    assert response.status_code == 400
    assert "The second note comes after the first." in response.content.decode()
    # Still awaiting: no keep-in-touch yet.
    application_set_outcome(application=application, outcome="awaiting")
    with pytest.raises(ValueError, match="rejection or a withdrawal"):
        keep_in_touch_plan(application=application, contacts=[people["grace"]])
    # Bob cannot plan on alice's application.
    client.force_login(bob)
    assert client.get(url).status_code == 404


@time_machine.travel(utc(2025, 1, 10, 12, 0), tick=False)
def test_the_page_plans_and_the_timeline_shows_the_plan(alice, client):
    application, _first, _second, people = rejected_after_two_rounds(alice)
    client.force_login(alice)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Plan keep-in-touch notes" in page
    form = client.get(reverse("reminders:keep_in_touch_plan", args=[application.pk]))
    html = form.content.decode()
    assert "no email: a note to print and post" in html  # Ada

    response = client.post(
        reverse("reminders:keep_in_touch_plan", args=[application.pk]),
        {"people": [people["grace"].pk], "first_months": 3, "second_months": 6},
    )

    assert response.status_code == 302
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Note to Grace Hopper" in page and "10 April 2025" in page


@time_machine.travel(utc(2025, 1, 10, 12, 0), tick=False)
def test_the_keep_in_touch_note_goes_to_someone_met_in_that_round(alice):
    _application, first, _second, people = rejected_after_two_rounds(alice)
    with pytest.raises(ValueError, match="someone you met"):
        keep_in_touch_note_start(interview=first, recipient=people["ada"], sequence=1)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 5, 1, hour, tzinfo=UTC) + timedelta(days=day)


def log(owner, company, role, when, **fields):
    return interview_create(owner=owner, company_name=company, role=role, starts_at=when, **fields)


@time_machine.travel(at(0, 8), tick=False)
def test_one_decision_check_in_per_application_on_its_latest_round(alice):
    first = log(alice, "Acme", "Backend Engineer", at(1))
    application_set_outcome(
        application=first.application, outcome="awaiting", decision_date=date(2025, 5, 20)
    )
    assert Reminder.objects.get(interview=first, kind="decision").status == "scheduled"

    second = log(alice, "Acme", "Backend Engineer", at(5))

    decision = dict(Reminder.objects.filter(kind="decision").values_list("interview_id", "status"))
    assert decision == {first.pk: "cancelled", second.pk: "scheduled"}
    with time_machine.travel(datetime(2025, 5, 21, tzinfo=UTC)):
        reminders_send_due()
    decision_mails = [m for m in mail.outbox if "hear" in m.body]
    assert len(decision_mails) == 1


def test_a_planned_note_is_retried_after_a_temporary_smtp_error(alice, smtp_sink):
    with time_machine.travel(utc(2025, 1, 10, 12, 0), tick=False):
        application, _first, _second, people = rejected_after_two_rounds(alice)
        row = keep_in_touch_plan(application=application, contacts=[people["grace"]])[0]
    Reminder.objects.exclude(pk=row.pk).update(status=Status.DONE)  # only this one is due
    due = row.due_at

    smtp_sink.mode = "tempfail"
    with time_machine.travel(due, tick=False):
        report = reminders_send_due()
    assert (report.sent, report.retrying) == (0, 1)
    row.refresh_from_db()
    assert row.status == Status.SCHEDULED and "451" in row.last_error

    smtp_sink.mode = "accept"
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        assert reminders_send_due().sent == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)
    assert len(smtp_sink.messages) == 1


@time_machine.travel(utc(2025, 1, 10, 12, 0), tick=False)
def test_the_interviews_ics_gives_each_keep_in_touch_note_its_own_uid_and_names_the_person(
    alice, client
):
    from icalendar import Calendar

    application, first, second, people = rejected_after_two_rounds(alice)
    keep_in_touch_plan(application=application, contacts=[people["alan"], people["ada"]])
    client.force_login(alice)

    def events(interview):
        url = reverse("reminders:interview_calendar", kwargs={"interview_pk": interview.pk})
        calendar = Calendar.from_ical(client.get(url).content)
        return {
            str(e["UID"]): str(e["SUMMARY"])
            for e in calendar.walk("VEVENT")
            if str(e["UID"]).startswith("keep-in-touch-")
        }

    planned = events(first) | events(second)
    # Alan and Ada, two notes each (about 3 and 6 months on): four events, four UIDs.
    assert len(planned) == 4
    titles = sorted(planned.values())
    assert sum("Keep in touch with Alan Turing" in t for t in titles) == 2
    assert sum("Keep in touch with Ada Lovelace" in t for t in titles) == 2
    # Stable: the same file again has the same UIDs.
    assert events(first) | events(second) == planned
