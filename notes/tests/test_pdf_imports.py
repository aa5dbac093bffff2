"""Only the render process imports WeasyPrint (notes.pdf.layout)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow


def test_web_processes_start_without_weasyprint():
    """WeasyPrint, Pango and fontTools cost about as much as the rest of Django's start-up:
    web processes, management commands and Celery workers do not load them."""
    code = (
        "import sys, django; django.setup(); import config.urls, notes.views, notes.pdf; "
        "print(sorted(m for m in ('weasyprint', 'fontTools') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_lazy_names_still_resolve():
    from notes import pdf
    from notes.pdf import layout

    assert pdf.StaticAssetFetcher is layout.StaticAssetFetcher
    assert pdf.render_here is layout.render_here
