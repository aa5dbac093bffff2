"""A card in each script vs. a Latin card of the same length, rendered the same way, same run.

Every script prints in its own fonts (the CJK ones are 20-30 MB); the render worker loads
them once, so a card in Chinese or Arabic should cost about what a Latin card costs
(target: at most 1.5x). Each figure is the median of full renders to PDF through the
render worker, uncached, in the serif and the handwriting typeface. The Latin card is
rendered just before each render of the other script and each ratio is taken against those
Latin renders, so a machine that gets busier (or quieter) during the run moves both sides.

"The same length" is the same share of the card filled, measured by real layout: the Latin
note is 420 characters, and each other script's note is its sample paragraph repeated to
the most characters that fill no more of the card than the Latin note does. Counting
characters instead would compare unlike cards: a CJK character is about twice as wide as
a Latin letter, so 420 of them run onto a second page, a card the app refuses to print.

The ratio is of the render worker's CPU time (Linux: /proc/<pid>/schedstat, in
nanoseconds): what a render costs, which other work on a shared machine does not change.
Wall time, which it does, is printed beside it. Without /proc, the ratio is of wall time.
"""

import gc
import statistics
import time
from pathlib import Path

from bench.harness import Result, rounds
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


def _body(paragraph: str, characters: int = CHARACTERS) -> str:
    text = ""
    while len(text) < characters:
        text += paragraph + "\n\n"
    return text[:characters].strip()


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


def _fill(note) -> tuple[int, float]:
    measured = pdf.measure(documents.note_html(note, "card"), timeout=30)
    return measured.pages, measured.fill or 0.0


def _fit_to(note, paragraph: str, fill: float) -> int:
    """Shortens ``note`` to the most characters of ``paragraph`` (repeated) that fill no
    more of one card than ``fill``; returns that many."""
    shortest, longest = 1, CHARACTERS
    while shortest < longest:
        characters = (shortest + longest + 1) // 2
        note.body = _body(paragraph, characters)
        pages, filled = _fill(note)
        if pages == 1 and filled <= fill:
            shortest = characters
        else:
            longest = characters - 1
    note.body = _body(paragraph, shortest)
    return shortest


REPEAT = rounds(9)  # paired renders per script, after one warm-up pair


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
        latin_note = _note(owner, LATIN, typeface)
        latin_html = documents.note_html(latin_note, "card")
        pdf.render_pdf(latin_html)  # starts the render worker and loads every font
        _, latin_fill = _fill(latin_note)
        for script, sample in SAMPLES.items():
            note = _note(owner, sample, typeface)
            characters = _fit_to(note, sample[1], latin_fill)
            fill = f"{_fill(note)[1]:.2f} of the card vs {latin_fill:.2f}"
            html = documents.note_html(note, "card")
            latin, ours = [], []
            for round_ in range(REPEAT + 1):
                paired = (_render(latin_html), _render(html))
                if round_:  # the first pair warms up
                    latin.append(paired[0])
                    ours.append(paired[1])
            wall = (_median_ms(r[0] for r in ours), _median_ms(r[0] for r in latin))
            name = f"{script} card ({typeface}), {characters} characters"
            if all(r[1] is not None for r in ours + latin):
                cpu = (_median_ms(r[1] for r in ours), _median_ms(r[1] for r in latin))
                wall_ratio = f"{wall[0]:.1f} vs {wall[1]:.1f} ms -> {wall[0] / wall[1]:.2f}x"
                results.append(
                    Result(
                        name + " (CPU)",
                        *cpu,
                        f"Latin card ({typeface})",
                        extra={"wall": wall_ratio, "fill": fill},
                    )
                )
            else:
                results.append(Result(name, *wall, f"Latin card ({typeface})", {"fill": fill}))
    return results


def _median_ms(seconds) -> float:
    return statistics.median(seconds) * 1000
