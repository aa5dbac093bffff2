"""WeasyPrint itself: lays a document out, measures it and writes the PDF.

Only the render process imports this module (``notes.pdf.worker``), so importing
``notes.pdf`` — every web process, management command and Celery worker does — does not
load WeasyPrint, Pango and fontTools, which cost about as much as the rest of Django's
start-up. ``notes.pdf.render_here`` and ``notes.pdf.StaticAssetFetcher`` import it on use.
"""

from __future__ import annotations

import mimetypes

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from notes.pdf.fetcher import ASSET_BASE_URL, AssetRefused, _asset_bytes, asset_name_for
from notes.pdf.result import RenderResult


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


def _measured_fill(document) -> float | None:
    """Share of the first page's content height used by the element marked data-measure.

    Real layout: reads the boxes WeasyPrint laid out, not a character count. WeasyPrint
    has no public way to reach a page's laid-out boxes (``Page.anchors`` gives only an
    element's top), so this reads ``Page._page_box``; pyproject.toml pins the WeasyPrint
    range it was tested with, and notes/tests/test_pdf.py fails if the attribute goes.
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


_font_config = None


def _fonts():
    """This process's font configuration, kept across renders: each @font-face is loaded
    (and its file written to the worker's temporary folder) once, not once per render —
    the CJK fonts are 20-30 MB each."""
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
    return _font_config


def render_here(html: str, *, want_pdf: bool = True) -> RenderResult:
    """Renders in this process. Called by the worker; tests and the bench call the worker."""
    fetcher = StaticAssetFetcher()
    document = HTML(
        string=html, base_url=ASSET_BASE_URL, url_fetcher=fetcher, media_type="print"
    ).render(presentational_hints=False, font_config=_fonts())
    pdf = document.write_pdf() if want_pdf else None
    return RenderResult(
        pdf=pdf,
        pages=len(document.pages),
        fill=_measured_fill(document),
        requested=fetcher.requested,
    )
