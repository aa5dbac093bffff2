"""``make bench``: runs every ``bench/bench_*.py`` (or those named) and prints the figures.

Each module has ``run() -> list[Result]``. The run uses a throwaway database: SQLite by
default, PostgreSQL when ``DATABASE_URL`` points at it. A bench that fails is reported with
its traceback and the others still run; the exit status says whether any failed.

    python -m bench                     # all
    python -m bench dashboard notes     # only bench_dashboard.py and bench_notes.py
    BENCH_SMOKE=1 python -m bench       # all, once each on tiny data (CI's smoke run)
"""

import contextlib
import importlib
import os
import pkgutil
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path


def bench_names() -> list[str]:
    return [
        info.name.removeprefix("bench_")
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    ]


@contextlib.contextmanager
def bench_environment() -> Iterator[None]:
    """Django set up as the benchmarks measure it, on a throwaway database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # Not setup_test_environment(): it instruments every template render, which would
    # slow down exactly what we measure.
    settings.ROOT_URLCONF = "bench.urls"
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main(argv: list[str]) -> int:
    chosen = [name for name in bench_names() if not argv or name in argv]
    with bench_environment():
        from django.db import connection

        from bench.harness import SMOKE

        mode = " (smoke run: tiny data, figures not meaningful)" if SMOKE else ""
        print(f"database: {connection.vendor}; benchmarks: {', '.join(chosen)}{mode}", flush=True)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        if load is not None:
            print(f"load average at start: {load:.2f} on {os.cpu_count()} CPUs", flush=True)
        failed = []
        for name in chosen:
            start = time.monotonic()
            try:
                module = importlib.import_module(f"bench.bench_{name}")
                for result in module.run():
                    print(result.line(), flush=True)
            except Exception:
                failed.append(name)
                print(f"bench {name} FAILED:", flush=True)
                traceback.print_exc()
            print(f"-- {name}: {time.monotonic() - start:.0f} s", flush=True)
        if failed:
            print(f"failed: {', '.join(failed)}", flush=True)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
