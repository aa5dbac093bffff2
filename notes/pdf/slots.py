"""A bound on how many PDFs are made at once on this machine, whoever asks.

Each web process has its own render process (``notes.pdf.worker``), and a render takes a
core for as long as it runs. One render per person is not enough: three people rendering the
worst allowed card each held a web worker and a core, and everyone else's pages waited. So
every render, in every web process, first takes one of ``NOTES_PDF_RENDERS_AT_ONCE`` slots.
A slot is an exclusive ``flock`` on a file in ``NOTES_PDF_SLOTS_DIR``: shared by every
process that sees the folder (gunicorn's workers, runserver's threads, a Celery worker), and
freed by the kernel when its holder exits, however it exits, so no slot is ever lost.

A render that finds every slot taken waits a short while, with at most as many others
waiting as there are slots; past that it is answered "busy" (a 503 with Retry-After), and the
web worker goes back to serving pages. So at most twice as many web workers (or threads) as
slots are ever tied to PDFs, whatever the number of people asking.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from notes.pdf.errors import PdfBusy

POLL_SECONDS = 0.02
BUSY = "Many PDFs are being made right now. Please try again in a moment."


def renders_at_once() -> int:
    """How many renders may run at once on this machine (``NOTES_PDF_RENDERS_AT_ONCE``)."""
    from django.conf import settings

    return max(1, int(getattr(settings, "NOTES_PDF_RENDERS_AT_ONCE", 1)))


def slots_dir() -> Path:
    from django.conf import settings

    folder = getattr(settings, "NOTES_PDF_SLOTS_DIR", None) or Path(settings.VAR_DIR) / "pdf-slots"
    return Path(folder)


def _try_lock(path: Path) -> int | None:
    """An open descriptor holding ``path``'s exclusive lock, or None if another holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _release(fd: int) -> None:
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def _take_one(folder: Path, prefix: str, count: int) -> int | None:
    for number in range(count):
        fd = _try_lock(folder / f"{prefix}-{number}.lock")
        if fd is not None:
            return fd
    return None


@contextlib.contextmanager
def render_slot(*, wait: float) -> Iterator[None]:
    """Holds one of the machine's render slots for the ``with`` block.

    Waits at most ``wait`` seconds for one (in a waiting room as large as the slots: when
    it is full too, it does not wait at all); raises ``PdfBusy`` when none came free.
    """
    count = renders_at_once()
    folder = slots_dir()
    folder.mkdir(parents=True, exist_ok=True)
    slot = _take_one(folder, "slot", count)
    if slot is None:
        place = _take_one(folder, "waiting", count) if wait > 0 else None
        if place is None:
            raise PdfBusy(BUSY)
        try:
            deadline = time.monotonic() + wait
            while slot is None and time.monotonic() < deadline:
                time.sleep(POLL_SECONDS)
                slot = _take_one(folder, "slot", count)
        finally:
            _release(place)
        if slot is None:
            raise PdfBusy(BUSY)
    try:
        yield
    finally:
        _release(slot)
