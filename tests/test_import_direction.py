"""Imports point one way: common < accounts < interviews < notes | reviews < reminders.

The contracts are in pyproject.toml ([tool.importlinter]); import-linter reads every
import, at the top of a module or inside a function, so a lazy import up the layers fails
here too. It also fails on an import cycle between the modules of any one package. Why the
direction matters: docs/architecture.md.
"""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_apps_import_only_downwards_and_nothing_imports_in_a_cycle():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
