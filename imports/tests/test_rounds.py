"""What a tracker's row carries besides the application: its interview round (a date, a
time, a type, a round), the people it names (a contact, the interviewers) and its notes.
Past rounds plan no reminder; a round still to come does; undo takes all of it back."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from imports.models import ImportRun
from interviews.models import Application, Company, Contact, Interview
from reminders.models import Reminder
from tests.corpora import corpus

pytestmark = pytest.mark.django_db


def import_file(client, user, name: str, data: bytes) -> ImportRun:
    response = client.post(reverse("imports:start"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    run = ImportRun.objects.for_user(user).order_by("-pk").first()
    assert run is not None
    client.post(reverse("imports:commit", kwargs={"importrun_pk": run.pk}))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE, run.error
    return run


def test_the_filled_template_gives_rounds_contacts_and_notes(alice_client, alice):
    name = "template_job_search_tracker_filled.csv"
    run = import_file(alice_client, alice, name, (corpus("tracker-exports") / name).read_bytes())

    assert Application.objects.for_user(alice).count() == 20
    stripe = Application.objects.get(owner=alice, company__name="Stripe")
    assert stripe.notes == "Recruiter screen went well; tech screen next"
    (screen,) = stripe.rounds.all()
    # 2024-01-16 at 10:00 AM where Alice lives (Berlin: UTC+1 in January), a Zoom call.
    assert screen.starts_at == datetime(2024, 1, 16, 9, 0, tzinfo=UTC)
    assert (screen.round, screen.format) == ("1st", Interview.Format.VIDEO)
    assert stripe.latest_round_at == screen.starts_at
    (dana,) = screen.interviewers.all()
    assert (dana.name, dana.title) == ("Dana Ruiz", "Recruiter")
    assert dana.email == "dana.ruiz@example.com"
    assert dana.company == stripe.company

    rounds = Interview.objects.for_user(alice)
    assert rounds.count() == 10  # the rows that date an interview
    assert rounds.get(company__name="Notion").cancelled  # "Interview Declined"
    # "Panel" is not a person: the round says who, no contact is made.
    assert rounds.get(company__name="GitLab").round == "Final with Panel"
    assert set(Contact.objects.for_user(alice).values_list("name", flat=True)) == {
        "Dana Ruiz",
        "Priya Nair",
        "Tom Baker",
        "Ana Costa",
    }
    # The rounds of 2024 are past: no reminder is planned, none is sent.
    assert not Reminder.objects.filter(owner=alice).exists()
    assert run.summary["result"]["rounds"] == 10
    page = alice_client.get(stripe.get_absolute_url()).content.decode()
    assert "Recruiter screen went well" in page and "Dana Ruiz" in page

    # The same file again: nothing new, not a second Dana.
    import_file(alice_client, alice, name, (corpus("tracker-exports") / name).read_bytes())
    assert Interview.objects.for_user(alice).count() == 10
    assert Contact.objects.for_user(alice).count() == 4

    alice_client.post(reverse("imports:undo", kwargs={"importrun_pk": run.pk}))
    assert not Application.objects.for_user(alice).exists()
    assert not Interview.objects.for_user(alice).exists()
    assert not Contact.objects.for_user(alice).exists()
    assert not Company.objects.for_user(alice).exists()


def test_a_round_still_to_come_plans_its_reminders_and_undo_takes_them(alice_client, alice):
    soon = (timezone.now() + timedelta(days=30)).date()
    past = (timezone.now() - timedelta(days=30)).date()
    data = (
        "Company,Role,Date applied,Status,Interview date,Interview time,Interviewer,Notes\n"
        f"Acme,Engineer,{past},Interviewing,{soon},2:30 PM,Ada Lovelace,bring the portfolio\n"
        f"Globex,Analyst,{past},Interviewing,{past},09:00,Grace Hopper,\n"
    ).encode()
    run = import_file(alice_client, alice, "mine.csv", data)

    ahead = Interview.objects.get(owner=alice, company__name="Acme")
    assert ahead.starts_at.astimezone(alice.zone).strftime("%H:%M") == "14:30"
    assert ahead.application.notes == "bring the portfolio"
    assert Reminder.objects.filter(interview=ahead).exists()
    assert not Reminder.objects.filter(interview__company__name="Globex").exists()

    alice_client.post(reverse("imports:undo", kwargs={"importrun_pk": run.pk}))
    assert not Interview.objects.for_user(alice).exists()
    assert not Reminder.objects.filter(owner=alice).exists()


def test_linkedins_contact_email_is_the_applicants_own_not_a_contact(alice_client, alice):
    name = "linkedin_job_applications.csv"
    import_file(alice_client, alice, name, (corpus("tracker-exports") / name).read_bytes())
    assert Application.objects.for_user(alice).count() == 70
    assert not Contact.objects.for_user(alice).exists()


def test_the_jobsync_backup_gives_its_jobs_rounds_contacts_and_notes(alice_client, alice):
    name = "jobsync-backup-2024-07-01.zip"
    run = import_file(alice_client, alice, name, (corpus("tracker-exports") / name).read_bytes())

    assert run.source == "JobSync backup"
    assert Application.objects.for_user(alice).count() == 12
    rejected = Application.objects.for_user(alice).filter(outcome="rejected")
    assert [a.notes for a in rejected] == ["Rejection email received."] * 3
    globex = Interview.objects.get(owner=alice, company__name="Globex")
    assert globex.starts_at == datetime(2024, 6, 11, 15, 30, tzinfo=UTC)  # the backup's UTC
    (recruiter,) = globex.interviewers.all()
    assert (recruiter.name, recruiter.email) == ("Recruiter at Globex", "recruiter@example.com")
    assert Interview.objects.for_user(alice).count() == 5
    assert Contact.objects.for_user(alice).count() == 5


def test_a_damaged_jobsync_backup_is_refused_saying_what_to_export(alice_client, alice):
    import io
    import zipfile

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("manifest.json", '{"formatVersion": 1}')
        archive.writestr("data.json", '{"Job": "not a list of jobs"')
    response = alice_client.post(
        reverse("imports:start"),
        {"file": SimpleUploadedFile("jobsync-backup.zip", packed.getvalue())},
    )
    assert response.status_code == 400
    assert "Jobs → Export" in response.content.decode()
    assert not ImportRun.objects.for_user(alice).exists()
