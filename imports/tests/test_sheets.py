"""Spreadsheets and trackers' exports: each real file of the corpus gives the applications
and outcomes its ``expected.json`` says; preview → fix / skip → commit → undo."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports import sheets
from imports.models import ImportRun
from interviews.models import Application, Company, Interview
from tests.corpora import corpus

pytestmark = pytest.mark.django_db


def expectations():
    try:
        folder = corpus("tracker-exports")
    except pytest.skip.Exception:
        return []
    return json.loads((folder / "expected.json").read_text())


def _id(entry):
    return entry["file"]


@pytest.mark.parametrize("entry", expectations(), ids=_id)
def test_each_corpus_file_gives_what_it_should(alice, entry):
    folder = corpus("tracker-exports")
    table = sheets.read_table(entry["file"], (folder / entry["file"]).read_bytes())

    preview = sheets.table_preview(table, owner=alice)

    created = [row for row in preview if row["action"] == "create"]
    assert len(created) == entry["applications"]
    outcomes: dict[str, int] = {}
    for row in created:
        outcome = row["values"]["outcome"].replace("_", " ")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert outcomes == {k: v for k, v in entry["outcomes"].items() if v}


def upload(client, name: str, data: bytes):
    return client.post(reverse("imports:start"), {"file": SimpleUploadedFile(name, data)})


def latest(user) -> ImportRun:
    run = ImportRun.objects.for_user(user).order_by("-pk").first()
    assert run is not None
    return run


SHEET = (
    b"Company,Role,Date applied,Status,Notes\n"
    b"Acme Robotics,Backend Engineer,2024-01-08,Applied,\n"
    b"Globex,Data Engineer,1899-05-01,Rejected,\n"
    b"Initech,Platform Engineer,2024-01-10,Offer,accepted!\n"
    b"Hooli,SRE,sometime,Interviewing,\n"
)


@pytest.mark.slow
def test_preview_fix_skip_commit_undo(alice_client, alice):
    response = upload(alice_client, "applications.csv", SHEET)
    assert response.status_code == 302
    run = latest(alice)
    assert Application.objects.count() == 0  # nothing saved before the commit
    page = alice_client.get(run.get_absolute_url()).content.decode()
    assert "1899" in page and "out of range" in page
    assert "cannot be read" in page
    # The commit waits while rows have problems.
    alice_client.post(reverse("imports:commit", kwargs={"importrun_pk": run.pk}))
    assert Application.objects.count() == 0

    # Fix a cell: row 3 gets a date in range.
    alice_client.post(
        reverse("imports:row", kwargs={"importrun_pk": run.pk}),
        {"number": 3, "applied_on": "2024-01-09"},
    )
    # Skip row 5, then continue without any other bad row.
    alice_client.post(
        reverse("imports:row", kwargs={"importrun_pk": run.pk}), {"number": 5, "skip": "1"}
    )
    alice_client.post(reverse("imports:skip_problems", kwargs={"importrun_pk": run.pk}))
    alice_client.post(reverse("imports:commit", kwargs={"importrun_pk": run.pk}))

    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE, run.error
    got = dict(Application.objects.for_user(alice).values_list("company__name", "outcome"))
    assert got == {"Acme Robotics": "awaiting", "Globex": "rejected", "Initech": "accepted"}
    globex = Application.objects.get(company__name="Globex")
    assert globex.created_at.date().isoformat() == "2024-01-09"

    # The same file again merges: nothing added.
    upload(alice_client, "applications.csv", SHEET)
    again = latest(alice)
    assert again.summary["actions"].get("create", 0) == 0
    assert again.summary["actions"]["merge"] == 2  # Globex's date was fixed, row 3 differs

    # Undo: what was changed since stays.
    acme = Application.objects.get(company__name="Acme Robotics")
    acme.role = "Senior Backend Engineer"
    acme.save()
    alice_client.post(reverse("imports:undo", kwargs={"importrun_pk": run.pk}))
    assert list(Application.objects.values_list("company__name", flat=True)) == ["Acme Robotics"]
    assert set(Company.objects.values_list("name", flat=True)) == {"Acme Robotics"}


def test_a_corpus_file_through_the_pages(alice_client, alice):
    folder = corpus("tracker-exports")
    name = "huntr_export_multiple_boards.csv"
    upload(alice_client, name, (folder / name).read_bytes())
    run = latest(alice)
    alice_client.post(reverse("imports:commit", kwargs={"importrun_pk": run.pk}))
    assert Application.objects.for_user(alice).count() == 6


def test_columns_mapped_by_hand(alice_client, alice):
    data = b"Employer name,What,When\nAcme,Engineer,2024-02-01\n"
    response = upload(alice_client, "mine.csv", data)
    assert response.status_code == 400  # nothing recognised: it says how to name columns
    data = b"Company,What,When\nAcme,Engineer,2024-02-01\n"
    upload(alice_client, "mine.csv", data)
    run = latest(alice)
    alice_client.post(
        reverse("imports:columns", kwargs={"importrun_pk": run.pk}),
        {"col_0": "company", "col_1": "role", "col_2": "applied_on"},
    )
    row = run.rows.get()
    assert (row.values["role"], row.values["applied_iso"]) == ("Engineer", "2024-02-01")


def test_our_published_template_reads_back_as_its_example_rows(alice_client, alice):
    response = alice_client.get(reverse("imports:template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    upload(alice_client, "afterview-applications.csv", response.content)
    run = latest(alice)
    alice_client.post(reverse("imports:commit", kwargs={"importrun_pk": run.pk}))
    got = dict(Application.objects.for_user(alice).values_list("company__name", "outcome"))
    assert got == {"Acme Robotics": "next_round", "Globex": "rejected"}
    screen = Interview.objects.get(owner=alice)
    assert (screen.round, screen.format) == ("Phone screen", Interview.Format.PHONE)
    assert [p.name for p in screen.interviewers.all()] == ["Sam Lee"]
    assert screen.interviewers.get().email == "sam.lee@acme.example"
    assert screen.application.notes == "Referred by Sam"
