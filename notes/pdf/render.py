"""The entry points: our templates to HTML, and HTML to a PDF within the size and time bounds.

Templates are ours only (``templates/pdf/``), through a template engine of its own with
autoescaping on, so a note body is always text, never markup.
"""

from __future__ import annotations

from functools import cache

from common.text import strip_bidi_controls
from notes.pdf.errors import PdfInputTooLarge
from notes.pdf.fetcher import BASE_DIR
from notes.pdf.result import RenderResult
from notes.pdf.worker import _worker

PDF_TEMPLATES_DIR = BASE_DIR / "templates" / "pdf"

# A whole interview's bundle with a dozen long notes stays well under this.
MAX_HTML_CHARS = 400_000
# A card renders in a tenth of a second; five seconds is room for a slow machine, and short
# enough that a pathological note cannot hold a web worker for long (and its failure is
# remembered, see notes.documents).
DEFAULT_TIMEOUT_SECONDS = 5.0


def render_pdf(
    html: str,
    *,
    timeout: float | None = None,
    want_pdf: bool = True,
    start_wait: float | None = None,
) -> RenderResult:
    """Renders one of our HTML documents to PDF, within the size and time bounds.

    Raises ``PdfError`` (with a message for the person) when the input is too large, the
    render overruns ``timeout`` seconds, or WeasyPrint fails; ``PdfBusy`` when the renderer
    is busy, or still starting after ``start_wait`` seconds (default: ``timeout``).
    """
    if len(html) > MAX_HTML_CHARS:
        raise PdfInputTooLarge(
            f"This is too much text to print ({len(html):,} characters of layout; the most "
            f"is {MAX_HTML_CHARS:,}). Shorten the note and try again."
        )
    timeout = timeout or _timeout_setting()
    # A renderer that is (re)starting is waited for no longer than a render may take:
    # nothing holds a web worker for longer than that.
    return _worker.render(
        html,
        want_pdf=want_pdf,
        timeout=timeout,
        start_wait=timeout if start_wait is None else start_wait,
    )


def measure(html: str, *, timeout: float | None = None) -> RenderResult:
    """Lays the document out without writing a PDF: page count and fill, for fit checks.

    It never waits longer than ``timeout`` in all, not even for a renderer that is starting.
    """
    return render_pdf(html, timeout=timeout, want_pdf=False, start_wait=timeout)


def render_timeout() -> float:
    """How long one render may run (``NOTES_PDF_TIMEOUT_SECONDS``)."""
    return _timeout_setting()


def _timeout_setting() -> float:
    from django.conf import settings

    return float(getattr(settings, "NOTES_PDF_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))


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
    """One of our PDF templates, filled in. Bidi controls are dropped from all of it (the
    title and author too): each printed field's direction is set by its ``dir``
    (``notes.writing.Field``), and an override typed into a name cannot reorder the page."""
    from django.template import Context

    template = template_engine().get_template(template_name)
    return strip_bidi_controls(template.render(Context(context, autoescape=True)))
