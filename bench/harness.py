"""What every benchmark shares: a throwaway database, a timer, and a report line.

Benchmarks report ratios measured in one run (ours vs. a baseline doing the bare
minimum on the same machine at the same moment), so the figures mean something on a
laptop and on CI alike.
"""

import gc
import os
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import connection, reset_queries
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

# ``BENCH_SMOKE=1`` (CI's smoke run): every bench runs to the end once on tiny data, so a
# bench that no longer runs fails CI; its figures mean nothing and are not read.
SMOKE = os.environ.get("BENCH_SMOKE", "") == "1"


# What a figure counts: the CPU time of the thread that serves the request, in-process
# (Django's test client; SQLite runs in the same thread). Other processes on a shared
# machine then slow a run down without changing its figures, as wall time would; a page
# and its baseline are still timed in turns. Work done by another process (PostgreSQL's
# server, a Celery worker, gunicorn) is not counted: benches that time those say so.
clock = time.thread_time


def size(n: int, *, smoke: int = 3) -> int:
    """How many rows a bench makes: ``n``, or ``smoke`` in a smoke run."""
    return smoke if SMOKE else n


def rounds(n: int) -> int:
    """How many times a bench times something: ``n``, or once in a smoke run."""
    return 1 if SMOKE else n


def median_seconds(fn: Callable[[], object], *, repeat: int = 30, warmup: int = 3) -> float:
    """The median CPU time (``clock``) of ``fn`` over ``repeat`` runs, after ``warmup`` runs."""
    repeat, warmup = rounds(repeat), (0 if SMOKE else warmup)
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times)


def interleaved_medians(
    fns: Mapping[str, Callable[[], object]], *, repeat: int = 50, warmup: int = 3
) -> dict[str, float]:
    """The median CPU time (``clock``) of each of ``fns``, timed in turns (one run of each,
    then the next round), so a page and its baseline see the same load on a shared machine."""
    repeat, warmup = rounds(repeat), (0 if SMOKE else warmup)
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            gc.collect()
            start = clock()
            fn()
            times[name].append(clock() - start)
    return {name: statistics.median(runs) for name, runs in times.items()}


def _timed(fn: Callable[[], object]) -> float:
    gc.collect()
    start = clock()
    fn()
    return clock() - start


def page_results(
    pages: Mapping[str, Callable[[], object]],
    *,
    bare: Callable[[], object],
    write: Callable[[], object],
    repeat: int = 50,
    warmup: int = 3,
) -> list["Result"]:
    """Each page on the first visit after a write and on a repeat visit, against the bare
    view, timed in turns: in each round, for each page, ``write()`` (untimed: it changes the
    person's data through the app's own services, as a person or the sweep would), then the
    page, the page again, and the bare view. Query counts are those of a first visit."""
    repeat, warmup = rounds(repeat), (0 if SMOKE else warmup)
    for _ in range(warmup):
        for page in pages.values():
            write()
            page()
            page()
            bare()
    first: dict[str, list[float]] = {name: [] for name in pages}
    again: dict[str, list[float]] = {name: [] for name in pages}
    bare_runs: list[float] = []
    for _ in range(repeat):
        for name, page in pages.items():
            write()
            first[name].append(_timed(page))
            again[name].append(_timed(page))
            bare_runs.append(_timed(bare))
    bare_ms = statistics.median(bare_runs) * 1000
    results = []
    for name, page in pages.items():
        write()
        queries = count_queries(page)
        results.append(
            Result(
                f"{name}, first visit after a write",
                statistics.median(first[name]) * 1000,
                bare_ms,
                "bare view",
                {"queries": queries},
            )
        )
        results.append(
            Result(
                f"{name}, repeat visit",
                statistics.median(again[name]) * 1000,
                bare_ms,
                "bare view",
                {"queries": count_queries(page)},
            )
        )
    return results


def person_write(interview) -> Callable[[], None]:
    """A write to the person's data through the app's own service, as the edit form makes
    it: what they learned in ``interview`` changes (reminders re-plan, as on any save)."""
    from interviews.services import interview_update

    counter = iter(range(10**9))

    def write() -> None:
        interview_update(interview=interview, learned=f"Learned something new ({next(counter)})")

    return write


def count_queries(fn: Callable[[], object]) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


@dataclass
class Result:
    name: str
    ours_ms: float
    baseline_ms: float | None = None
    baseline_name: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if not self.baseline_ms:
            return None
        return self.ours_ms / self.baseline_ms

    def line(self) -> str:
        parts = [f"{self.name}: {self.ours_ms:.2f} ms median"]
        if self.baseline_ms is not None:
            parts.append(
                f"vs {self.baseline_name} {self.baseline_ms:.2f} ms -> ratio {self.ratio:.2f}x"
            )
        parts += [f"{key}={value}" for key, value in self.extra.items()]
        return "; ".join(parts)


def bare_view(request):
    """The baseline page: the same middleware stack, no queries, no template."""
    return HttpResponse("ok")
