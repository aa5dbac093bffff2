"""App configs of Django's own apps, where ours differ from the defaults."""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig

# What only the PDF renderer reads. No browser asks for these: WeasyPrint reads them from
# the source tree through the PDF fetcher (notes/pdf/fetcher.py).
PDF_ONLY = [
    # The PDF stylesheet names the system fonts the fetcher serves (``system-fonts/…``,
    # installed by scripts/system-deps.sh). They are not static files, so the production
    # storage, which rewrites every ``url()`` of a collected stylesheet to a hashed name,
    # could never resolve them, and refused to build the image.
    "pdf/*",
    # Fonts for scripts the pages never print in a font of ours (6 MB that would be
    # copied, hashed and compressed twice for nothing). A page stylesheet that names one
    # fails collectstatic, and so `make image-check` in CI.
    "fonts/noto-serif-cjk/*",
    "fonts/kalam/*",
]


class StaticFilesConfig(DjangoStaticFilesConfig):
    """collectstatic leaves out what only the PDF renderer reads (``PDF_ONLY``); that the
    fonts it needs are there is checked by ``check --deploy`` instead (notes/checks.py)."""

    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, *PDF_ONLY]
