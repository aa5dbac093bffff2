"""Where a page's time goes: the pages of the page benches, on the same data, under
pyinstrument, each on the first visit after a write (the bench's ``write``, untimed).

    python -m bench.profile                     # every page of every page bench
    python -m bench.profile reviews             # the pages of bench_reviews.py
    python -m bench.profile dashboard --html    # also write var/profile-<page>.html

Each page is requested ``REPEAT`` times after a warm-up, so the profile shows the steady
state (compiled templates, warm connections), not the first request.
"""

import importlib
import sys
from pathlib import Path

from pyinstrument import Profiler

from bench.__main__ import bench_environment

PROFILED = ("dashboard", "reviews", "applications", "people", "plans", "api", "inbox")
REPEAT = 20


def main(argv: list[str]) -> int:
    html = "--html" in argv
    chosen = [name for name in PROFILED if name in argv] or list(PROFILED)
    with bench_environment():
        for name in chosen:
            pages = importlib.import_module(f"bench.bench_{name}").prepare()
            pages.pop("bare")
            write = pages.pop("write")
            for page, request in pages.items():
                for _ in range(3):
                    write()
                    request()
                profiler = Profiler(interval=0.0005)
                for _ in range(REPEAT):
                    write()
                    profiler.start()
                    request()
                    profiler.stop()
                print(f"\n===== {page} ({REPEAT} requests) =====", flush=True)
                print(profiler.output_text(unicode=True, color=False, show_all=False))
                if html:
                    out = Path("var") / f"profile-{page.replace(' ', '-')}.html"
                    out.write_text(profiler.output_html())
                    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
