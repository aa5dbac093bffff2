"""Where the shared corpora of real data live: calendar invites, emails, trackers' exports.

They sit beside the project, not in it (``../shared/corpora/`` from a checkout), because
nobody here wrote them and their licences are their own. Tests read them in place and never
copy them. ``AFTERVIEW_CORPORA`` names the folder explicitly; otherwise the checkout's parent
folders are searched, so a worktree or a clone one level deeper finds it too.
"""

import os
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent.parent


def corpora_dir() -> Path | None:
    named = os.environ.get("AFTERVIEW_CORPORA")
    if named:
        return Path(named)
    for folder in _HERE.parents:
        candidate = folder / "shared" / "corpora"
        if candidate.is_dir():
            return candidate
    return None


def corpus(name: str) -> Path:
    """The folder of one corpus (``"emails"``, ``"calendar-invites"``, ``"tracker-exports"``);
    the test is skipped, saying why, on a machine that does not have it."""
    found = corpora_dir()
    if found is None or not (found / name).is_dir():
        pytest.skip(f"the {name} corpus is not here (set AFTERVIEW_CORPORA to shared/corpora)")
    return found / name
