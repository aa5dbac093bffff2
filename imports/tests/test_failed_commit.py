"""A background commit that fails in a later chunk leaves nothing half-saved: the chunk's
own transaction takes back what it wrote, and what earlier chunks created is removed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRun
from imports.services import import_commit, import_read_rows
from imports.sheets import CHUNK
from interviews.models import Application, Company, Contact, Interview

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = CHUNK * 2 + 100


def tracker(rows: int) -> bytes:
    lines = ["Company,Role,Job link,Date applied,Status,Interview date,Interviewer,Notes"]
    for n in range(rows):
        lines.append(
            f"Company {n % 40},Engineer {n},https://jobs.example/{n},2024-01-{n % 28 + 1:02d},"
            f"Interviewing,2024-02-{n % 28 + 1:02d},Person {n % 40},note {n}"
        )
    return "\n".join(lines).encode()


def test_a_row_the_database_refuses_in_a_later_chunk_leaves_nothing(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("imports:start"), {"file": SimpleUploadedFile("big.csv", tracker(ROWS))}
    )
    assert response.status_code == 302
    run = ImportRun.objects.get(owner=alice)
    # A file this big is read in the background: here by the function the task calls.
    run = import_read_rows(run_pk=run.pk)
    assert run.summary["actions"]["create"] == ROWS
    # A row of the second chunk carries a link longer than the database allows (as a
    # row edited after it was read could): its INSERT fails on the table's constraint.
    bad = run.rows.get(number=CHUNK + 200)
    bad.values["posting_url"] = "https://jobs.example/" + "x" * 600
    bad.save(update_fields=["values"])
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED)

    done = import_commit(run_pk=run.pk)

    assert done.status == ImportRun.Status.FAILED
    assert "nothing of it was kept" in done.error
    assert done.done_rows == CHUNK  # the first chunk had been written, then taken back
    assert not Application.objects.for_user(alice).exists()
    assert not Interview.objects.for_user(alice).exists()
    assert not Contact.objects.for_user(alice).exists()
    assert not Company.objects.for_user(alice).exists()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Nothing was imported" in page
