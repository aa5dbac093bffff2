"""Thank-you notes as PDF: the one module of Afterview that imports WeasyPrint.

What it guarantees, whatever a note says:

- It renders our own templates only (``templates/pdf/``), through a template engine of its
  own with autoescaping on, so a note body is always text, never markup.
- WeasyPrint gets a URL fetcher that serves an allow-list of our bundled static files
  (fonts and the PDF stylesheet) from memory and refuses everything else: no ``file://``,
  no ``data:``, no network, no redirects (nothing is ever requested from a server).
- Presentational hints are off.
- Input is bounded (``MAX_HTML_CHARS``) and so is render time: the render runs in a
  separate worker process that is killed when it overruns, so a stuck layout cannot hold
  a web worker (thread or process) hostage. Both fail with a ``PdfError`` whose message
  can be shown to the person.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import mimetypes
import multiprocessing
import subprocess
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = BASE_DIR / "static"
PDF_TEMPLATES_DIR = BASE_DIR / "templates" / "pdf"

# Documents are rendered as if they lived on a host that can never resolve (RFC 6761
# reserves .invalid). Relative URLs in our templates resolve against it, and the fetcher
# answers exactly these URLs from the allow-list, from disk, never from a network.
ASSET_HOST = "assets.afterview.invalid"
ASSET_BASE_URL = f"https://{ASSET_HOST}/"

# The only files a PDF may load: our bundled fonts and the PDF stylesheet.
ALLOWED_ASSET_DIRS = {"fonts": {".otf", ".ttf"}, "pdf": {".css"}}

# A whole interview's bundle with a dozen long notes stays well under this.
MAX_HTML_CHARS = 400_000
DEFAULT_TIMEOUT_SECONDS = 20.0
WORKER_START_SECONDS = 60.0
# The render worker's address-space cap: a pathological document fails instead of
# swapping the machine.
WORKER_MEMORY_BYTES = 2 * 1024**3


class PdfError(Exception):
    """A PDF could not be made; the message is fit to show the person."""


class PdfInputTooLarge(PdfError):
    pass


class PdfTimeout(PdfError):
    pass


class PdfRenderFailed(PdfError):
    pass


class PdfUnprintable(PdfError):
    pass


class AssetRefused(ValueError):
    """Raised by the fetcher for any URL outside the allow-list."""


# --- The allow-list and the fetcher -------------------------------------------------------


@cache
def allowed_assets() -> dict[str, Path]:
    """URL path (``fonts/…``, ``pdf/…``) → file, for every file a PDF may load."""
    assets = {}
    for folder, suffixes in ALLOWED_ASSET_DIRS.items():
        for path in sorted((STATIC_DIR / folder).rglob("*")):
            if path.is_file() and path.suffix.lower() in suffixes:
                assets[path.relative_to(STATIC_DIR).as_posix()] = path
    return assets


@cache
def _asset_bytes(name: str) -> bytes:
    return allowed_assets()[name].read_bytes()


@cache
def assets_fingerprint() -> str:
    """Changes whenever a stylesheet or font changes, so cached PDFs and ETags follow."""
    digest = hashlib.sha256()
    for name in allowed_assets():
        digest.update(name.encode() + b"\0" + _asset_bytes(name))
    return digest.hexdigest()[:16]


def asset_name_for(url: str) -> str | None:
    """The allow-listed asset a URL names, or None. Exact match only: no normalising."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (
        parts.scheme != "https"
        or parts.netloc != ASSET_HOST
        or parts.query
        or parts.fragment
        or not parts.path.startswith("/")
    ):
        return None
    name = unquote(parts.path[1:])
    return name if name in allowed_assets() else None


class StaticAssetFetcher(URLFetcher):
    """Serves allow-listed static files and refuses everything else.

    It never calls the parent's ``fetch``, so no protocol handler (file, http, ftp, data)
    is ever reached; redirects cannot happen because nothing is requested from a server.
    ``requested`` records every URL WeasyPrint asked for, and whether it was served.
    """

    def __init__(self):
        super().__init__(
            timeout=1, allowed_protocols=("https",), allow_redirects=False, fail_on_errors=False
        )
        self.requested: list[tuple[str, bool]] = []

    def fetch(self, url, headers=None):
        name = asset_name_for(url)
        self.requested.append((url, name is not None))
        if name is None:
            raise AssetRefused(f"Refused to load {url[:200]!r}: not one of our static files.")
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if mime == "text/css":
            mime = "text/css; charset=utf-8"
        return URLFetcherResponse(url, body=_asset_bytes(name), headers={"Content-Type": mime})


# --- Which characters can be printed -----------------------------------------------------


@cache
def printable_codepoints() -> frozenset[int]:
    """Every character some font can draw here: our bundled fonts and the system's.

    A character no font has would print as an empty box (and read back as garbage), so we
    say so before printing instead.
    """
    from fontTools.ttLib import TTFont

    files = [path for path in allowed_assets().values() if path.suffix in {".otf", ".ttf"}]
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=20
        ).stdout
        files += [Path(line) for line in listing.split("\n") if line.strip()]
    except (OSError, subprocess.SubprocessError):  # pragma: no cover - no fontconfig tools
        pass
    covered: set[int] = set()
    for path in files:
        try:
            covered.update(TTFont(str(path), lazy=True, fontNumber=0).getBestCmap() or {})
        except Exception:  # an unreadable system font just covers nothing
            continue
    return frozenset(covered)


def unprintable_characters(text: str) -> list[str]:
    """The distinct characters of ``text`` that no available font can draw, in order."""
    covered = printable_codepoints()
    missing: dict[str, None] = {}
    for char in text:
        if ord(char) in covered or unicodedata.category(char)[0] in {"C", "Z"}:
            continue  # controls, format marks (ZWJ, variation selectors) and spaces
        missing.setdefault(char, None)
    return list(missing)


def check_printable(text: str) -> None:
    """Raises PdfUnprintable, naming the characters, if some cannot be printed."""
    if missing := unprintable_characters(text):
        shown = " ".join(missing[:8]) + (" and more" if len(missing) > 8 else "")
        raise PdfUnprintable(
            f"These characters cannot be printed with the fonts we have: {shown}. "
            "Leave them out of the printed card (you can add them by hand), or send the "
            "email version."
        )


# --- Rendering (runs inside the worker process) ------------------------------------------


@dataclass
class RenderResult:
    pdf: bytes | None
    pages: int
    # How much of the first page's height the measured element uses (0..1+), or None.
    fill: float | None = None
    requested: list[tuple[str, bool]] = field(default_factory=list)


def _measured_fill(document) -> float | None:
    """Share of the first page's content height used by the element marked data-measure.

    Real layout: reads the boxes WeasyPrint laid out, not a character count.
    """
    page = document.pages[0]
    page_box = page._page_box
    top = page_box.content_box_y()
    height = page_box.height
    bottom = None
    stack = [page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and element.get("data-measure") is not None:
            box_bottom = box.position_y + box.margin_height()
            bottom = box_bottom if bottom is None else max(bottom, box_bottom)
            continue
        stack.extend(getattr(box, "children", ()))
    if bottom is None or not height:
        return None
    return round((bottom - top) / height, 3)


def render_here(html: str, *, want_pdf: bool = True) -> RenderResult:
    """Renders in this process. Called by the worker; tests and the bench call the worker."""
    fetcher = StaticAssetFetcher()
    document = HTML(
        string=html, base_url=ASSET_BASE_URL, url_fetcher=fetcher, media_type="print"
    ).render(presentational_hints=False)
    pdf = document.write_pdf() if want_pdf else None
    return RenderResult(
        pdf=pdf,
        pages=len(document.pages),
        fill=_measured_fill(document),
        requested=fetcher.requested,
    )


def _worker_main(conn) -> None:
    """Loop of the render worker: one job in, one result (or error text) out."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on every platform
        pass
    # We record refused fetches ourselves; WeasyPrint's progress chatter is noise here.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # Warm up: the first layout loads Pango and fontconfig.
    render_here("<p>.</p>", want_pdf=True)
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


# --- The worker, seen from the web process ------------------------------------------------


class RenderWorker:
    """One persistent render process, restarted after a timeout or a crash.

    Works the same under a threaded or a forking web server: callers in one process take
    turns (a lock), and the deadline covers the wait for the lock too.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._process = None
        self._conn = None

    def _start(self) -> None:
        # spawn, not fork: the web process may run threads, and a fork of a threaded
        # process can deadlock.
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_worker_main, args=(child,), name="afterview-pdf", daemon=True
        )
        process.start()
        child.close()
        if not parent.poll(WORKER_START_SECONDS):
            process.kill()
            raise PdfRenderFailed("The PDF renderer did not start. Please try again.")
        parent.recv()
        self._process, self._conn = process, parent

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(timeout=5)
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None

    def render(self, html: str, *, want_pdf: bool, timeout: float) -> RenderResult:
        if not self._lock.acquire(timeout=timeout):
            raise PdfTimeout("The PDF renderer is busy. Please try again in a moment.")
        try:
            if self._process is None or not self._process.is_alive():
                self.stop()
                self._start()
            try:
                self._conn.send((html, want_pdf))
                if not self._conn.poll(timeout):
                    self.stop()
                    raise PdfTimeout(
                        f"Making this PDF took longer than {timeout:g} seconds, so it was "
                        "stopped. Shorten the note and try again."
                    )
                status, payload = self._conn.recv()
            except (EOFError, OSError) as exc:
                self.stop()
                raise PdfRenderFailed("The PDF renderer stopped unexpectedly.") from exc
        finally:
            self._lock.release()
        if status != "ok":
            logger.warning("PDF render failed: %s", payload)
            raise PdfRenderFailed(f"This PDF could not be made ({payload}).")
        return payload


_worker = RenderWorker()
atexit.register(_worker.stop)


def render_pdf(html: str, *, timeout: float | None = None, want_pdf: bool = True) -> RenderResult:
    """Renders one of our HTML documents to PDF, within the size and time bounds.

    Raises ``PdfError`` (with a message for the person) when the input is too large, the
    render overruns ``timeout`` seconds, or WeasyPrint fails.
    """
    if len(html) > MAX_HTML_CHARS:
        raise PdfInputTooLarge(
            f"This is too much text to print ({len(html):,} characters of layout; the most "
            f"is {MAX_HTML_CHARS:,}). Shorten the note and try again."
        )
    return _worker.render(html, want_pdf=want_pdf, timeout=timeout or _timeout_setting())


def measure(html: str, *, timeout: float | None = None) -> RenderResult:
    """Lays the document out without writing a PDF: page count and fill, for fit checks."""
    return render_pdf(html, timeout=timeout, want_pdf=False)


def _timeout_setting() -> float:
    from django.conf import settings

    return float(getattr(settings, "NOTES_PDF_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))


# --- Our templates ------------------------------------------------------------------------


@cache
def template_engine():
    """A template engine that sees templates/pdf/ only, with autoescaping forced on."""
    from django.template import Engine

    return Engine(
        dirs=[str(PDF_TEMPLATES_DIR)],
        app_dirs=False,
        autoescape=True,
        debug=False,
        string_if_invalid="",
        loaders=[
            (
                "django.template.loaders.cached.Loader",
                ["django.template.loaders.filesystem.Loader"],
            )
        ],
        libraries={},
        builtins=[],
    )


def render_html(template_name: str, context: dict) -> str:
    from django.template import Context

    template = template_engine().get_template(template_name)
    return template.render(Context(context, autoescape=True))
