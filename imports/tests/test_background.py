"""A big file (10,000 rows) is committed by a real Celery worker; the page follows its
progress, and the person may leave and come back."""

import gzip
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRun
from imports.services import BACKGROUND_ROWS
from imports.tests.conftest import wait_for
from interviews.models import Application
from reminders.models import Reminder
from tests.corpora import corpus

ROWS = 10_000


def first_rows(count: int) -> bytes:
    """The first ``count`` rows of the 50,000-row LinkedIn export of the corpus."""
    path = corpus("tracker-exports") / "variant_linkedin_job_applications_50000.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as packed:
        out = io.StringIO()
        for number, line in enumerate(packed):
            out.write(line)
            if number >= count:
                break
    return out.getvalue().encode()


def follow(client, run, *, until, worker) -> list[int]:
    """Follows the run's progress as the page does, until its status is one of ``until``;
    returns the percentages seen."""
    seen = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        progress = client.get(reverse("imports:progress", kwargs={"importrun_pk": run.pk})).json()
        seen.append(progress["percent"])
        if progress["status"] in until:
            break
        time.sleep(0.2)
    assert progress["status"] == until[0], (progress, worker.log())
    return seen


@pytest.mark.celery
def test_a_10000_row_file_is_imported_by_the_worker_and_the_page_follows_it(
    client, alice, start_worker, smtp_sink, purged_broker
):
    data = first_rows(ROWS)
    assert data.count(b"\n") > BACKGROUND_ROWS
    worker = start_worker(sink=smtp_sink)
    client.force_login(alice)
    response = client.post(
        reverse("imports:start"),
        {"file": SimpleUploadedFile("Job Applications.csv", data, "text/csv")},
    )
    assert response.status_code == 302
    run = ImportRun.objects.get(owner=alice)
    # The preview of a file this big is read by the worker too; the page follows it.
    assert run.status in ("uploaded", "reading", "preview")
    follow(client, run, until=("preview", "failed"), worker=worker)
    run.refresh_from_db()
    assert run.status == "preview", run.error
    assert run.summary["actions"]["create"] == ROWS
    # The file's pieces are gone once read: the task deletes them after it shows the preview.
    wait_for(lambda: worker.succeeded("imports.read") == 1, what=worker.log)
    assert not run.chunks.exists()

    response = client.post(reverse("imports:commit", kwargs={"importrun_pk": run.pk}))
    assert response.status_code == 302
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page and "import-progress" in page

    seen = follow(client, run, until=("done", "failed"), worker=worker)
    assert seen == sorted(seen) and seen[-1] == 100
    assert Application.objects.for_user(alice).count() == ROWS
    wait_for(lambda: worker.succeeded("imports.commit") == 1, what=worker.log)
    assert not Reminder.objects.filter(owner=alice).exists()  # applications, no rounds
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Imported: 10000 new row(s)" in page
