"""System checks of the notes app: what printing needs on a machine that serves pages."""

import re
from urllib.parse import urljoin

from django.core import checks

STYLESHEET = "pdf/notes.css"
_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)""")


def stylesheet_urls() -> list[str]:
    """Every ``url()`` of the PDF stylesheet, as the renderer's fetcher is asked for it."""
    from notes import pdf

    text = (pdf.STATIC_DIR / STYLESHEET).read_text(encoding="utf-8")
    base = urljoin(pdf.ASSET_BASE_URL, STYLESHEET)
    return [urljoin(base, found) for found in _URL.findall(text)]


@checks.register(checks.Tags.compatibility, deploy=True)
def pdf_fonts_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every font the PDF stylesheet names can be loaded here (``check --deploy``: the
    Dockerfile and CI run it). A missing system font would print its script as boxes."""
    from notes import pdf
    from notes.pdf.fonts import SYSTEM_FONT_PREFIX, SYSTEM_FONTS

    errors: list[checks.CheckMessage] = []
    for url in stylesheet_urls():
        if pdf.asset_name_for(url) is not None:
            continue
        name = url.removeprefix(pdf.ASSET_BASE_URL)
        package, path = SYSTEM_FONTS.get(name.removeprefix(SYSTEM_FONT_PREFIX), ("", ""))
        hint = (
            f"Install the Debian package {package} (scripts/system-deps.sh runtime) for {path}."
            if package
            else "Add the file under static/, or list it in notes/pdf/fonts.py."
        )
        errors.append(
            checks.Error(
                f"The PDF stylesheet {STYLESHEET} loads {name}, which is not here.",
                hint=hint,
                id="notes.E001",
            )
        )
    return errors
