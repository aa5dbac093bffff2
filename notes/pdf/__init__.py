"""Thank-you notes as PDF: the one package of Afterview that imports WeasyPrint.

What it guarantees, whatever a note says:

- It renders our own templates only (``templates/pdf/``), through a template engine of its
  own with autoescaping on, so a note body is always text, never markup (``render``).
- WeasyPrint gets a URL fetcher that serves an allow-list of our bundled static files
  (fonts and the PDF stylesheet) from memory and refuses everything else: no ``file://``,
  no ``data:``, no network, no redirects (``fetcher``).
- Presentational hints are off.
- Input is bounded (``MAX_HTML_CHARS``) and so is render time: the render runs in a
  separate worker process that is killed when it overruns, so a stuck layout cannot hold
  a web worker (thread or process) hostage (``worker``). Both fail with a ``PdfError``
  whose message can be shown to the person (``errors``).
- Characters no font can draw are named before printing (``glyphs``).

Callers import from ``notes.pdf``; the modules below are its parts, one concern each.
"""

from notes.pdf.errors import (
    PdfBusy,
    PdfError,
    PdfInputTooLarge,
    PdfRendererStopped,
    PdfRenderFailed,
    PdfTimeout,
    PdfUnprintable,
)
from notes.pdf.fetcher import (
    ALLOWED_ASSET_DIRS,
    ASSET_BASE_URL,
    ASSET_HOST,
    STATIC_DIR,
    AssetRefused,
    allowed_assets,
    asset_name_for,
    assets_fingerprint,
)
from notes.pdf.glyphs import check_printable, printable_codepoints, unprintable_characters
from notes.pdf.render import (
    DEFAULT_TIMEOUT_SECONDS,
    MAX_HTML_CHARS,
    PDF_TEMPLATES_DIR,
    measure,
    render_html,
    render_pdf,
    render_timeout,
    template_engine,
)
from notes.pdf.result import RenderResult
from notes.pdf.worker import RenderWorker


def __getattr__(name: str):
    # The parts that need WeasyPrint load it on first use (see notes.pdf.layout).
    if name in ("StaticAssetFetcher", "render_here"):
        from notes.pdf import layout

        return getattr(layout, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ALLOWED_ASSET_DIRS",
    "ASSET_BASE_URL",
    "ASSET_HOST",
    "DEFAULT_TIMEOUT_SECONDS",
    "MAX_HTML_CHARS",
    "PDF_TEMPLATES_DIR",
    "STATIC_DIR",
    "AssetRefused",
    "PdfBusy",
    "PdfError",
    "PdfInputTooLarge",
    "PdfRenderFailed",
    "PdfRendererStopped",
    "PdfTimeout",
    "PdfUnprintable",
    "RenderResult",
    "RenderWorker",
    "StaticAssetFetcher",
    "allowed_assets",
    "asset_name_for",
    "assets_fingerprint",
    "check_printable",
    "measure",
    "printable_codepoints",
    "render_here",
    "render_html",
    "render_pdf",
    "render_timeout",
    "template_engine",
    "unprintable_characters",
]
