"""A card in each script vs. a Latin card of the same length, rendered the same way, same run.

Every script prints in its own fonts (the CJK ones are 20-30 MB); the render worker loads
them once, so a card in Chinese or Arabic should cost about what a Latin card costs
(target: at most 1.5x). Each figure is the median of full renders to PDF through the
render worker, uncached, in the serif and the handwriting typeface. The Latin card is
rendered just before each render of the other script and each ratio is taken against those
Latin renders, so a machine that gets busier (or quieter) during the run moves both sides.

The ratio is of the render worker's CPU time (Linux: /proc/<pid>/schedstat, in
nanoseconds): what a render costs, which other work on a shared machine does not change.
Wall time, which it does, is printed beside it. Without /proc, the ratio is of wall time.
"""

import gc
import statistics
import time
from pathlib import Path

from bench.harness import Result
from notes import documents, pdf
from notes.models import CardFormat
from notes.tests.test_pdf_scripts import SAMPLES
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory, UserFactory

LATIN = (
    "Grace Hopper",
    "Thank you for taking the time to talk with me on Tuesday. I enjoyed hearing how the "
    "team is rebuilding its data platform.",
    "1 Market Street\nSan Francisco, CA 94105",
)
CHARACTERS = 420  # each card's note: its paragraph repeated to this many characters


def _body(paragraph: str) -> str:
    text = ""
    while len(text) < CHARACTERS:
        text += paragraph + "\n\n"
    return text[:CHARACTERS].strip()


def _note(owner, sample, typeface):
    name, paragraph, address = sample
    person = ContactFactory(owner=owner, name=name, title="", postal_address=address)
    return ThankYouNoteFactory(
        interview=InterviewFactory(owner=owner, interviewers=[person]),
        recipient=person,
        salutation=f"{name},",
        body=_body(paragraph),
        card_format=CardFormat.A6,
        typeface=typeface,
    )


REPEAT = 9  # paired renders per script, after one warm-up pair


def _worker_cpu_seconds() -> float | None:
    """CPU time the render worker process has used so far, or None where /proc cannot say."""
    pid = getattr(pdf.worker._worker._process, "pid", None)
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def _render(html: str) -> tuple[float, float | None]:
    """Wall and worker CPU seconds of one uncached render."""
    gc.collect()
    cpu = _worker_cpu_seconds()
    start = time.perf_counter()
    pdf.render_pdf(html)
    wall = time.perf_counter() - start
    after = _worker_cpu_seconds()
    return wall, (after - cpu if cpu is not None and after is not None else None)


def run() -> list[Result]:
    owner = UserFactory(email="bench-scripts@example.com")
    results = []
    for typeface in ("serif", "handwriting"):
        latin_html = documents.note_html(_note(owner, LATIN, typeface), "card")
        pdf.render_pdf(latin_html)  # starts the render worker and loads every font
        for script, sample in SAMPLES.items():
            html = documents.note_html(_note(owner, sample, typeface), "card")
            latin, ours = [], []
            for round_ in range(REPEAT + 1):
                paired = (_render(latin_html), _render(html))
                if round_:  # the first pair warms up
                    latin.append(paired[0])
                    ours.append(paired[1])
            wall = (_median_ms(r[0] for r in ours), _median_ms(r[0] for r in latin))
            name = f"{script} card ({typeface}), {CHARACTERS} characters"
            if all(r[1] is not None for r in ours + latin):
                cpu = (_median_ms(r[1] for r in ours), _median_ms(r[1] for r in latin))
                wall_ratio = f"{wall[0]:.1f} vs {wall[1]:.1f} ms -> {wall[0] / wall[1]:.2f}x"
                results.append(
                    Result(
                        name + " (CPU)",
                        *cpu,
                        f"Latin card ({typeface})",
                        extra={"wall": wall_ratio},
                    )
                )
            else:
                results.append(Result(name, *wall, f"Latin card ({typeface})"))
    return results


def _median_ms(seconds) -> float:
    return statistics.median(seconds) * 1000
