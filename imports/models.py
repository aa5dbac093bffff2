"""An import: one uploaded file, read into rows the person previews, commits and may undo.

``ImportRun`` is the file and what became of it; ``ImportRow`` one row of a spreadsheet as
read (its cells by our field names, and its problems), kept until the run is committed so
the preview can be fixed cell by cell. What a commit created is listed on the run
(``created``: model label → ids, with each row's ``updated_at`` at the time), so undo
removes exactly that, and leaves what the person changed since.
"""

from django.conf import settings
from django.db import models

from interviews.models import OwnedQuerySet


class ImportRun(models.Model):
    class Kind(models.TextChoices):
        AFTERVIEW = "afterview", "Afterview export"
        SHEET = "sheet", "Spreadsheet"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Waiting to be read"
        READING = "reading", "Reading your file"
        PREVIEW = "preview", "Waiting for you to check"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"
        UNDONE = "undone", "Undone"

    # Import runs are the history of moving data in, not data: the export leaves them out
    # (an export read back must equal the export it came from).
    exported = False

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_runs"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEW)
    filename = models.CharField(max_length=255, blank=True)
    # What the file was recognised as ("LinkedIn job applications", "Huntr", ...).
    source = models.CharField(max_length=80, blank=True)
    # Column index (as text) → our field name, as recognised or as the person set it.
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    # The whole Afterview export, for a JSON import (read and checked at upload).
    payload = models.JSONField(default=dict, blank=True)
    # A summary of what the commit will do / did: {"create": n, "merge": n, "skip": n}.
    summary = models.JSONField(default=dict, blank=True)
    created = models.JSONField(default=dict, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename or self.get_kind_display()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("imports:detail", kwargs={"importrun_pk": self.pk})

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.done_rows * 100 // self.total_rows)

    @property
    def is_busy(self) -> bool:
        """Being read or imported in the background: the page follows it."""
        return self.status in (
            self.Status.UPLOADED,
            self.Status.READING,
            self.Status.QUEUED,
            self.Status.RUNNING,
        )

    @property
    def can_undo(self) -> bool:
        return self.status == self.Status.DONE and bool(self.created)


class ImportRow(models.Model):
    """One spreadsheet row as read: its values by our field names, and what is wrong."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()  # the row's line in the file, as a person counts
    values = models.JSONField(default=dict)
    problems = models.JSONField(default=list, blank=True)
    # create, merge (an application like it exists), lead (saved, not applied), empty
    action = models.CharField(max_length=16, default="create")
    skip = models.BooleanField(default=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="importrow_one_per_number")
        ]

    def __str__(self) -> str:
        return f"Row {self.number}"


class ImportChunk(models.Model):
    """A piece of an uploaded file waiting to be read by a worker (web and workers share
    no disk, only the database). Deleted once the file is read."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="importchunk_one_per_number")
        ]

    def __str__(self) -> str:
        return f"Chunk {self.number}"
