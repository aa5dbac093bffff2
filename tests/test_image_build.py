"""The production image builds: its build steps (scripts/image-build-steps.sh, run by the
Dockerfile and by `make image-check` in CI) pass with production settings, and every font
the PDF stylesheet names can be loaded where they ran."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from notes import pdf
from notes.checks import pdf_fonts_check, stylesheet_urls
from notes.pdf import fetcher, fonts

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_the_image_build_steps_pass_with_production_settings(tmp_path):
    static = tmp_path / "static"
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "STATIC_ROOT": str(static),
        "AFTERVIEW_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Set in this process for the browser tests' live server; never in an image.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    built = subprocess.run(
        ["bash", "scripts/image-build-steps.sh"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )

    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-4000:]
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    # The pages' stylesheet and the fonts it names are hashed and compressed for browsers.
    assert "css/notes.css" in manifest
    assert "fonts/eb-garamond/EBGaramond12-Regular.otf" in manifest
    assert (static / (manifest["css/notes.css"] + ".br")).is_file()
    # What only the PDF renderer reads stays in the source tree, where its fetcher reads it.
    assert not (static / "pdf").exists()
    assert not (static / "fonts" / "noto-serif-cjk").exists()


def test_every_url_in_the_pdf_stylesheet_is_served_by_the_pdf_fetcher():
    urls = stylesheet_urls()

    assert any("system-fonts/noto/NotoSerifCJK-Regular.ttc" in url for url in urls)
    assert [url for url in urls if pdf.asset_name_for(url) is None] == []
    assert pdf_fonts_check() == []


@pytest.fixture
def a_system_font_missing(monkeypatch):
    package, _ = fonts.SYSTEM_FONTS["noto/NotoNaskhArabic-Regular.ttf"]
    monkeypatch.setitem(
        fonts.SYSTEM_FONTS,
        "noto/NotoNaskhArabic-Regular.ttf",
        (package, "/nonexistent/NotoNaskhArabic-Regular.ttf"),
    )
    fonts.system_fonts.cache_clear()
    fetcher.allowed_assets.cache_clear()
    yield package
    fonts.system_fonts.cache_clear()
    fetcher.allowed_assets.cache_clear()


def test_deploy_checks_name_the_package_of_a_missing_pdf_font(a_system_font_missing):
    errors = pdf_fonts_check()

    assert [error.id for error in errors] == ["notes.E001"]
    assert "system-fonts/noto/NotoNaskhArabic-Regular.ttf" in errors[0].msg
    assert a_system_font_missing in errors[0].hint
