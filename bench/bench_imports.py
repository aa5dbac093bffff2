"""Importing a 10,000-row tracker export (LinkedIn's "Job Applications.csv" shape).

- Preview: reading the upload into a run waiting for the person's check (decode, sniff,
  recognise the headers, read every row's dates and status, look for duplicates and for
  applications already in the account, store the rows for the preview). A file this big
  is kept in the database at upload and read by the worker (``import_read_rows``): both
  halves are timed here, in this process.
- Import: committing that run (companies through ``company_for_name``, applications in
  chunks, what was created recorded for undo), in this process (the Celery task calls
  the same function).
- Baseline: ``bulk_create`` of the same companies and applications with no checks.
- Memory: the peak Python allocation (tracemalloc) of the preview (upload and read) of
  5,000 and of 10,000 rows; flat in the file's size when the ratio of the two is near 1.

CPU time of this thread (``harness.clock``); on PostgreSQL the server's side is not
counted, so compare SQLite runs with SQLite runs.
"""

import csv
import io
import random
import tracemalloc
from datetime import date, timedelta

from bench.harness import Result, clock, size
from imports.models import ImportRun
from imports.services import import_commit, import_read, import_read_rows
from interviews.models import Application, Company
from tests.factories import UserFactory

ROWS = size(10_000, smoke=20)

COMPANIES = [
    "Acme Robotics", "Globex", "Initech", "Hooli", "Umbrella Labs", "Stark Industries",
    "Wayne Enterprises", "Wonka Industries", "AIE, Academic Institute of Excellence",
    "Zürich Insurance", "株式会社メルカリ", "Яндекс",
]  # fmt: skip
TITLES = ["Backend Engineer", "Data Analyst", "Full Stack Developer (Node and React)", "SRE"]


def linkedin_csv(rows: int, *, seed: int = 23) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "Application Date", "Contact Email", "Contact Phone Number", "Company Name",
            "Job Title", "Job Url", "Resume Name", "Question And Answers",
        ]
    )  # fmt: skip
    start = date(2022, 5, 31)
    for number in range(rows):
        day = start + timedelta(days=rng.randrange(440))
        hour = rng.randrange(1, 13)
        writer.writerow(
            [
                f"{day.month}/{day.day}/{day.year % 100:02d}, {hour}:{rng.randrange(60):02d} "
                + rng.choice(["AM", "PM"]),
                "candidate@example.com",
                " +910000000000",
                rng.choice(COMPANIES) + ("" if number % 3 else f" {number % 97}"),
                rng.choice(TITLES),
                f"http://www.linkedin.com/jobs/view/{3_000_000_000 + number}",
                "Resume.pdf",
                "Do you have the requisite skills?:Yes | Notice period?:30 days",
            ]
        )
    return out.getvalue().encode()


def _timed(fn):
    start = clock()
    value = fn()
    return (clock() - start) * 1000, value


def _preview(owner, data: bytes) -> ImportRun:
    """The upload, then the worker's read of the file into the preview."""
    run = import_read(owner=owner, filename="Job Applications.csv", data=data)
    if run.status == ImportRun.Status.UPLOADED:
        run = import_read_rows(run_pk=run.pk)
    return run


def _preview_peak(data: bytes) -> int:
    owner = UserFactory.create()
    tracemalloc.start()
    _preview(owner, data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def run() -> list[Result]:
    data = linkedin_csv(ROWS)
    # Warm what loads once per process (dateparser's data, openpyxl, the ORM's caches).
    import_read(owner=UserFactory.create(), filename="warm.csv", data=linkedin_csv(5))

    owner = UserFactory.create()
    preview_ms, run_ = _timed(lambda: _preview(owner, data))
    assert run_.summary["actions"].get("create") == ROWS, run_.summary
    ImportRun.objects.filter(pk=run_.pk).update(status=ImportRun.Status.QUEUED)
    commit_ms, done = _timed(lambda: import_commit(run_pk=run_.pk))
    assert done.status == ImportRun.Status.DONE, done.error
    assert Application.objects.for_user(owner).count() == ROWS

    # The baseline: the same rows, straight in, no checks.
    values = [
        (row["Company Name"], row["Job Title"], row["Job Url"])
        for row in csv.DictReader(io.StringIO(data.decode()))
    ]
    bare_owner = UserFactory.create()

    def bare():
        companies = {
            c.name: c
            for c in Company.objects.bulk_create(
                [Company(owner=bare_owner, name=n) for n in {v[0] for v in values}]
            )
        }
        Application.objects.bulk_create(
            [
                Application(owner=bare_owner, company=companies[c], role=r, posting_url=u)
                for c, r, u in values
            ],
            batch_size=500,
        )

    bare_ms, _ = _timed(bare)

    half = linkedin_csv(max(ROWS // 2, 1), seed=5)
    peak_half, peak_full = _preview_peak(half), _preview_peak(linkedin_csv(ROWS, seed=6))
    return [
        Result(f"preview of {ROWS} rows", preview_ms, bare_ms, "bulk_create of the same rows"),
        Result(f"import of {ROWS} rows", commit_ms, bare_ms, "bulk_create of the same rows"),
        Result(
            f"preview + import of {ROWS} rows",
            preview_ms + commit_ms,
            bare_ms,
            "bulk_create of the same rows",
        ),
        Result(
            "preview memory peak",
            0.0,
            extra={
                f"peak_MB_{ROWS // 2}_rows": round(peak_half / 2**20, 1),
                f"peak_MB_{ROWS}_rows": round(peak_full / 2**20, 1),
                "peak_ratio_full_to_half": round(peak_full / max(peak_half, 1), 2),
                "peak_per_file_byte": round(peak_full / len(data), 1),
                "file_MB": round(len(data) / 2**20, 2),
            },
        ),
    ]
