"""The locked URL fetcher: WeasyPrint may load our fonts and PDF stylesheet, nothing else.

The fetcher serves an allow-list of static files, plus the exact system font files listed
in ``notes.pdf.fonts``, and refuses everything else: no ``file://``, no ``data:``, no
network, no redirects (nothing is ever requested from a server). This module holds the
allow-list and answers which asset a URL names; ``notes.pdf.layout.StaticAssetFetcher`` is
the WeasyPrint fetcher that applies it.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from notes.pdf.fonts import system_fonts

BASE_DIR = Path(__file__).resolve().parent.parent.parent
STATIC_DIR = BASE_DIR / "static"

# Documents are rendered as if they lived on a host that can never resolve (RFC 6761
# reserves .invalid). Relative URLs in our templates resolve against it, and the fetcher
# answers exactly these URLs from the allow-list, from disk, never from a network.
ASSET_HOST = "assets.afterview.invalid"
ASSET_BASE_URL = f"https://{ASSET_HOST}/"

# The only files a PDF may load: our bundled fonts and the PDF stylesheet.
ALLOWED_ASSET_DIRS = {"fonts": {".otf", ".ttf"}, "pdf": {".css"}}


class AssetRefused(ValueError):
    """Raised by the fetcher for any URL outside the allow-list."""


@cache
def allowed_assets() -> dict[str, Path]:
    """URL path (``fonts/…``, ``pdf/…``, ``system-fonts/…``) → file, for every file a PDF
    may load."""
    assets = {}
    for folder, suffixes in ALLOWED_ASSET_DIRS.items():
        for path in sorted((STATIC_DIR / folder).rglob("*")):
            if path.is_file() and path.suffix.lower() in suffixes:
                assets[path.relative_to(STATIC_DIR).as_posix()] = path
    assets.update(system_fonts())
    return assets


@cache
def _small_asset_bytes(name: str) -> bytes:
    return allowed_assets()[name].read_bytes()


def _asset_bytes(name: str) -> bytes:
    # Our own files are small and read on every render; the system CJK fonts are 20-30 MB
    # and read once per render worker (which keeps its fonts loaded), so never kept here.
    if name.startswith("system-fonts/"):
        return allowed_assets()[name].read_bytes()
    return _small_asset_bytes(name)


@cache
def assets_fingerprint() -> str:
    """Changes whenever a stylesheet or font changes, so cached PDFs and ETags follow.

    Our files count by content; a system font by its size and time (a package upgrade
    changes both), so no web process ever reads a CJK font to make an ETag.
    """
    digest = hashlib.sha256()
    for name, path in allowed_assets().items():
        if name.startswith("system-fonts/"):
            stat = path.stat()
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        else:
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
