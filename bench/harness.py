"""What every benchmark shares: a throwaway database, a timer, and a report line.

Benchmarks report ratios measured in one run (ours vs. a baseline doing the bare
minimum on the same machine at the same moment), so the figures mean something on a
laptop and on CI alike.
"""

import gc
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import connection, reset_queries
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext


def median_seconds(fn: Callable[[], object], *, repeat: int = 30, warmup: int = 3) -> float:
    """The median wall time of ``fn`` over ``repeat`` runs, after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved_medians(
    fns: Mapping[str, Callable[[], object]], *, repeat: int = 50, warmup: int = 3
) -> dict[str, float]:
    """The median wall time of each of ``fns``, timed in turns (one run of each, then the
    next round), so a page and its baseline see the same load on a shared machine."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            gc.collect()
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(runs) for name, runs in times.items()}


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
