"""Imports: read a file into a preview, commit it, undo it.

``import_read`` reads an upload into an ``ImportRun`` in preview (nothing of the person's
data changes); ``import_commit`` writes it, all or nothing; ``import_undo`` removes what a
commit added, unless changed since. A run of more than ``BACKGROUND_ROWS`` rows is
committed by a Celery task (``imports.tasks.import_commit_task``) that reports progress on
the run, so the page can follow it and the person can leave and come back; such a file is
read into its preview in the same way (``imports.tasks.import_read_task``). A file is read
as it streams, in passes, never whole: memory stays flat in its size.
"""

from __future__ import annotations

import io
import logging
import tempfile
from collections.abc import Callable
from typing import Any

from celery import current_app
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from imports import afterview, sheets
from imports.models import ImportChunk, ImportRow, ImportRun
from imports.undo import created_undo

log = logging.getLogger(__name__)

# Above this many rows the commit runs in the background.
BACKGROUND_ROWS = 500
# How often (in rows) a background commit writes its progress.
PROGRESS_EVERY = 250


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, for a person."""


# A file of more rows than this is read for its preview in the background too.
BACKGROUND_READ_ROWS = BACKGROUND_ROWS
# The preview's rows are written this many at a time (memory stays flat in the file's size).
READ_BATCH = 1000
# An upload waiting for a worker is kept in the database in pieces of this size.
CHUNK_BYTES = 1024 * 1024


def _looks_like_json(filename: str, head: bytes) -> bool:
    head = head[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return filename.lower().endswith(".json") or head.startswith(b"{")


def _opener(upload: bytes | File) -> sheets.Opener:
    """Opens the upload afresh each time it is called: the file on disk Django spooled a
    big upload to, or the bytes of a small one."""
    if isinstance(upload, bytes):
        return lambda: io.BytesIO(upload)
    path = getattr(upload, "temporary_file_path", None)
    if path is not None:
        return sheets.file_opener(path())
    upload.seek(0)
    data = upload.read()
    return lambda: io.BytesIO(data)


def import_read(*, owner: User, filename: str, data: bytes | File) -> ImportRun:
    """Reads an uploaded file into a run waiting for the person's check. The file's header,
    size and dates are read first, outside any transaction: a file that cannot be read
    saves nothing and raises ``ImportRefused``. A file of more than ``BACKGROUND_READ_ROWS``
    rows is kept in the database and read into its preview by a Celery task
    (``import_read_rows``); the page follows it."""
    filename = filename[-255:]
    opener = _opener(data)
    with opener() as stream:
        head = stream.read(64)
    if _looks_like_json(filename, head):
        with opener() as stream:
            raw = stream.read()
        try:
            payload = afterview.export_read(raw)
        except afterview.ExportUnreadable as error:
            raise ImportRefused(str(error)) from None
        return ImportRun.objects.create(
            owner=owner,
            kind=ImportRun.Kind.AFTERVIEW,
            filename=filename,
            source="Afterview export",
            payload=payload,
            total_rows=afterview.rows_in(payload),
            summary={"sections": afterview.export_counts(payload)},
        )
    try:
        table = sheets.read_table(filename, opener)
    except sheets.SheetUnreadable as error:
        raise ImportRefused(str(error)) from None
    if table.total <= BACKGROUND_READ_ROWS:
        run = ImportRun.objects.create(
            owner=owner,
            kind=ImportRun.Kind.SHEET,
            status=ImportRun.Status.READING,
            filename=filename,
            source=table.source,
            headers=table.headers,
            mapping=table.mapping,
            total_rows=table.total,
        )
        try:
            _rows_write(run, table)
        except sheets.SheetUnreadable as error:
            run.delete()  # its rows go with it: nothing is kept of a file refused
            raise ImportRefused(str(error)) from None
        except BaseException:
            run.delete()
            raise
        run.refresh_from_db()
        return run
    with transaction.atomic():
        run = ImportRun.objects.create(
            owner=owner,
            kind=ImportRun.Kind.SHEET,
            status=ImportRun.Status.UPLOADED,
            filename=filename,
            source=table.source,
            headers=table.headers,
            mapping=table.mapping,
            total_rows=table.total,
        )
        with opener() as stream:
            for number, piece in enumerate(iter(lambda: stream.read(CHUNK_BYTES), b"")):
                ImportChunk.objects.create(run=run, number=number, data=piece)
        transaction.on_commit(lambda: _send_task("imports.read", run.pk, import_read_rows))
    return run


def _rows_write(run: ImportRun, table: sheets.Table) -> None:
    """Writes the preview's rows of ``table`` into ``run``, ``READ_BATCH`` at a time,
    with the progress on the run; then the run waits for the person's check."""
    batch: list[ImportRow] = []
    done = 0
    for row in sheets.table_preview(table, owner=run.owner):
        batch.append(ImportRow(run=run, **row))
        if len(batch) >= READ_BATCH:
            ImportRow.objects.bulk_create(batch)
            done += len(batch)
            batch = []
            ImportRun.objects.filter(pk=run.pk).update(done_rows=done)
    ImportRow.objects.bulk_create(batch)
    run.summary = sheets.run_summary(run)
    run.status = ImportRun.Status.PREVIEW
    run.done_rows = 0
    run.save(update_fields=["summary", "status", "done_rows"])


def import_read_rows(*, run_pk: int) -> ImportRun:
    """Reads an uploaded file kept in the database into its run's preview (the Celery task
    ``imports.read`` calls this). Runs at most once (it claims the run first). The file is
    copied to a temporary file on this machine's disk and read from there as it streams;
    its pieces are deleted once read. A file that turns out unreadable fails the run with
    the reason, and leaves no rows."""
    claimed = ImportRun.objects.filter(pk=run_pk, status=ImportRun.Status.UPLOADED).update(
        status=ImportRun.Status.READING
    )
    run = ImportRun.objects.select_related("owner").get(pk=run_pk)
    if claimed != 1:  # read already, or being read (a task delivered twice)
        return run
    with tempfile.NamedTemporaryFile(prefix="afterview-import-") as spool:
        for piece in run.chunks.order_by("number").values_list("data", flat=True).iterator():
            spool.write(piece)
        spool.flush()
        try:
            table = sheets.read_table(run.filename, sheets.file_opener(spool.name))
            _rows_write(run, table)
        except Exception as error:
            ImportRow.objects.filter(run_id=run_pk).delete()
            if isinstance(error, sheets.SheetUnreadable):
                reason = str(error)
            else:
                log.exception("Import %s could not be read", run_pk)
                reason = "This file could not be read; save it again and upload it."
            ImportRun.objects.filter(pk=run_pk).update(
                status=ImportRun.Status.FAILED, error=reason[:2000]
            )
    ImportChunk.objects.filter(run_id=run_pk).delete()
    run.refresh_from_db()
    return run


def import_remap(*, run: ImportRun, mapping: dict[str, str]) -> ImportRun:
    """Reads the run's rows again with the columns mapped by hand."""
    if run.kind != ImportRun.Kind.SHEET or run.status != ImportRun.Status.PREVIEW:
        return run
    raw = [(r.number, r.values.get("_cells", [])) for r in run.rows.all()]
    preview = sheets.rows_preview(raw, mapping=mapping, owner=run.owner)
    with transaction.atomic():
        run.rows.all().delete()
        ImportRow.objects.bulk_create(
            [ImportRow(run=run, **row) for row in preview], batch_size=READ_BATCH
        )
        run.mapping = mapping
        run.summary = sheets.run_summary(run)
        run.save(update_fields=["mapping", "summary"])
    return run


def import_row_fix(*, row: ImportRow, values: dict[str, str]) -> ImportRow:
    """The person corrected cells of one row: read it again with their values."""
    run = row.run
    fixed = sheets.row_fix(row.values, values, owner=run.owner)
    row.values, row.problems, row.action = fixed["values"], fixed["problems"], fixed["action"]
    row.save(update_fields=["values", "problems", "action"])
    run.summary = sheets.run_summary(run)
    run.save(update_fields=["summary"])
    return row


def import_row_skip(*, row: ImportRow, skip: bool) -> None:
    row.skip = skip
    row.save(update_fields=["skip"])
    row.run.summary = sheets.run_summary(row.run)
    row.run.save(update_fields=["summary"])


def import_skip_bad_rows(*, run: ImportRun) -> int:
    """Continue without the rows that have problems: they are skipped."""
    count = run.rows.filter(skip=False, action="invalid").update(skip=True)
    run.summary = sheets.run_summary(run)
    run.save(update_fields=["summary"])
    return count


def import_queue(*, run: ImportRun) -> bool:
    """Starts the commit: now for a small run, in the background for a big one. Returns
    True when it was queued. A run already started is left alone (a double click)."""
    claimed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PREVIEW).update(
        status=ImportRun.Status.QUEUED, error=""
    )
    if claimed != 1:
        return False
    if run.total_rows <= BACKGROUND_ROWS:
        import_commit(run_pk=run.pk)
        return False
    transaction.on_commit(lambda: _send_task("imports.commit", run.pk, import_commit))
    return True


def _send_task(name: str, run_pk: int, here: Callable[..., ImportRun]) -> None:
    """Hands the work to a worker; with the broker away, it runs here instead (slower
    for the person, but nothing waits on a queue nobody reads)."""
    try:
        current_app.send_task(name, args=[run_pk], retry=False)
    except Exception as error:  # the broker's connection errors, whichever transport
        log.warning("Import %s not queued for %s (%s); done in the request", run_pk, name, error)
        here(run_pk=run_pk)


def import_commit(*, run_pk: int) -> ImportRun:
    """Writes a queued run into its owner's account, all or nothing, and records what it
    created. Runs at most once: a second call (a task delivered twice) finds it claimed.
    A failure is recorded on the run (status failed, with the reason); nothing is saved."""
    claimed = ImportRun.objects.filter(pk=run_pk, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING
    )
    run = ImportRun.objects.select_related("owner").get(pk=run_pk)
    if claimed != 1:
        return run

    def progress(done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            # Outside the commit's transaction on PostgreSQL this would need a second
            # connection; the page reads the count the task's own writes leave.
            ImportRun.objects.filter(pk=run_pk).update(done_rows=done)

    try:
        result: dict[str, Any]
        if run.kind == ImportRun.Kind.AFTERVIEW:
            result = afterview.export_import(user=run.owner, payload=run.payload)
        else:
            result = sheets.sheet_commit(run=run, progress=progress)
    except (afterview.ExportUnreadable, sheets.SheetUnreadable) as error:
        ImportRun.objects.filter(pk=run_pk).update(
            status=ImportRun.Status.FAILED, error=str(error)[:2000]
        )
        run.refresh_from_db()
        return run
    ImportRun.objects.filter(pk=run_pk).update(
        status=ImportRun.Status.DONE,
        created=result["created"],
        summary={**run.summary, "result": result["summary"]},
        done_rows=run.total_rows,
        committed_at=timezone.now(),
        payload={},  # the file's content is not kept once it is in the account
    )
    ImportRow.objects.filter(run_id=run_pk).delete()
    run.refresh_from_db()
    return run


@transaction.atomic
def import_undo(*, run: ImportRun) -> tuple[int, int]:
    """Removes what the run added, except rows changed since or holding the person's
    newer rows. Returns (removed, kept). Undoing twice removes nothing more."""
    locked = ImportRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != ImportRun.Status.DONE:
        return 0, 0
    removed, kept = created_undo(created=locked.created)
    locked.status = ImportRun.Status.UNDONE
    locked.undone_at = timezone.now()
    locked.summary = {**locked.summary, "undo": {"removed": removed, "kept": kept}}
    locked.save(update_fields=["status", "undone_at", "summary"])
    return removed, kept
