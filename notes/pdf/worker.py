"""The render worker: WeasyPrint runs in a separate process that is killed when it overruns.

A stuck layout therefore cannot hold a web worker (thread or process) hostage. The worker
lays documents out with ``notes.pdf.layout`` (the locked fetcher, presentational hints off);
only that process imports WeasyPrint.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import shutil
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from notes.pdf.errors import PdfBusy, PdfRendererStopped, PdfRenderFailed, PdfTimeout
from notes.pdf.result import RenderResult
from notes.pdf.slots import render_slot

logger = logging.getLogger(__name__)

WORKER_START_SECONDS = 60.0
# The longest a request waits for its turn (this process's renderer, then one of the
# machine's render slots, see notes.pdf.slots) before it is told to try again: a web worker
# that waits serves no page meanwhile.
TURN_WAIT_SECONDS = 2.0
# The render worker's address-space cap: a pathological document fails instead of
# swapping the machine.
WORKER_MEMORY_BYTES = 2 * 1024**3


# A fontconfig that knows no font at all: the renderer draws only with the fonts our
# stylesheet loads through the fetcher, never with whatever the machine has installed.
NO_SYSTEM_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def lock_fonts_to(folder: str) -> None:
    """From now on, fonts in this process come from our stylesheet only; WeasyPrint keeps
    its copies of them under ``folder``."""
    import os
    import tempfile

    conf = Path(folder) / "fonts.conf"
    conf.write_text(NO_SYSTEM_FONTS_CONF.format(cache=Path(folder) / "fontconfig-cache"))
    os.environ["FONTCONFIG_FILE"] = str(conf)
    tempfile.tempdir = folder


WARM_UP_HTML = '<link rel="stylesheet" href="pdf/notes.css"><p>.</p>'


RENDERER_STOPPED = "The PDF renderer stopped unexpectedly. Please try again in a moment."


def _worker_main(conn, folder: str) -> None:
    """Loop of the render worker: one job in, one result (or error text) out."""
    import signal

    # It shares its web server's process group, so Ctrl-C or a service manager stopping
    # the group signals it too. The web process stops it when it exits (atexit, or the
    # closed pipe): until then the request that is waiting for a render gets its answer.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    lock_fonts_to(folder)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on every platform
        pass
    # WeasyPrint is imported here, in the render process only (see notes.pdf.layout). It
    # warns that fontconfig knows no fonts: that is the point (lock_fonts_to).
    import warnings

    warnings.filterwarnings("ignore", message="No fonts configured in FontConfig")
    from notes.pdf.layout import render_here

    # We record refused fetches ourselves; WeasyPrint's progress chatter is noise here.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # Warm up: the first layout loads Pango, and our stylesheet loads every font, so no
    # person's render pays for reading a CJK font.
    render_here(WARM_UP_HTML, want_pdf=True)
    conn.send(("ready", None))
    while True:
        try:
            html, want_pdf = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", render_here(html, want_pdf=want_pdf)))
        except MemoryError:
            conn.send(("error", "it needed more memory than a card may use"))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:500]))


class RenderWorker:
    """One persistent render process, restarted after a timeout or a crash.

    Works the same under a threaded or a forking web server: callers in one process take
    turns (a lock), and every render on the machine takes a render slot
    (``notes.pdf.slots``); a caller waits for its turn at most ``TURN_WAIT_SECONDS`` (or
    its time limit, if shorter).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._folder: str | None = None
        self._ready = False
        self._started_at = 0.0

    def _start(self) -> None:
        """Starts a worker process without waiting for it: it reports when it is ready."""
        # spawn, not fork: the web process may run threads, and a fork of a threaded
        # process can deadlock.
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        # Its own temporary folder, removed when it stops, even if it was killed.
        self._folder = tempfile.mkdtemp(prefix="afterview-pdf-")
        process = context.Process(
            target=_worker_main, args=(child, self._folder), name="afterview-pdf", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self._ready, self._started_at = False, time.monotonic()

    def _ready_connection(self, wait: float) -> Connection:
        """The worker's connection once it is ready, waiting at most ``wait`` seconds for a
        worker that is still starting (it loads Pango and every font: seconds)."""
        if self._conn is None or self._process is None or not self._process.is_alive():
            self.stop()
            self._start()
        assert self._conn is not None
        if not self._ready:
            try:
                if not self._conn.poll(max(wait, 0)):
                    if time.monotonic() - self._started_at > WORKER_START_SECONDS:
                        self.stop()
                        raise PdfRenderFailed("The PDF renderer did not start. Please try again.")
                    raise PdfBusy("The PDF renderer is starting. Please try again in a moment.")
                self._conn.recv()
            except (EOFError, OSError) as exc:  # it died while starting
                self.stop()
                raise PdfRendererStopped(RENDERER_STOPPED) from exc
            self._ready = True
        return self._conn

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(timeout=5)
        if self._conn is not None:
            self._conn.close()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        self._process = self._conn = self._folder = None
        self._ready = False

    def render(
        self, html: str, *, want_pdf: bool, timeout: float, start_wait: float | None = None
    ) -> RenderResult:
        """Renders within ``timeout`` seconds (a render that overruns is stopped). A worker
        that is still starting is waited for up to ``start_wait`` seconds (default: as long
        as a start may take) before this answers "busy"."""
        turn = min(timeout, TURN_WAIT_SECONDS)
        if not self._lock.acquire(timeout=turn):
            raise PdfBusy("The PDF renderer is busy. Please try again in a moment.")
        try:
            conn = self._ready_connection(
                WORKER_START_SECONDS if start_wait is None else start_wait
            )
            try:
                with render_slot(wait=turn):
                    conn.send((html, want_pdf))
                    if not conn.poll(timeout):
                        self.stop()
                        raise PdfTimeout(
                            f"Making this PDF took longer than {timeout:g} seconds, so it "
                            "was stopped. Shorten the note and try again."
                        )
                    status, payload = conn.recv()
            except (EOFError, OSError) as exc:
                # The renderer died, not because of this document (a document that makes it
                # fail is answered with an error): a temporary failure, never remembered.
                self.stop()
                raise PdfRendererStopped(RENDERER_STOPPED) from exc
        finally:
            self._lock.release()
        if status != "ok":
            logger.warning("PDF render failed: %s", payload)
            raise PdfRenderFailed(f"This PDF could not be made ({payload}).")
        return payload


_worker = RenderWorker()
atexit.register(_worker.stop)
