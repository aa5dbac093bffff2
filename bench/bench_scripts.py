"""A card in each script vs. a Latin card of the same length, rendered the same way, same run.

Every script prints in its own fonts (the CJK ones are 20-30 MB); the render worker loads
them once, so a card in Chinese or Arabic should cost about what a Latin card costs
(target: at most 1.5x). Each figure is the median of full renders to PDF through the
render worker, uncached, in the serif and the handwriting typeface.
"""

from bench.harness import Result, median_seconds
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


def run() -> list[Result]:
    owner = UserFactory(email="bench-scripts@example.com")
    results = []
    for typeface in ("serif", "handwriting"):
        latin_html = documents.note_html(_note(owner, LATIN, typeface), "card")
        pdf.render_pdf(latin_html)  # starts the render worker and loads every font

        def latin(html=latin_html):
            pdf.render_pdf(html)

        baseline = median_seconds(latin, repeat=7, warmup=1) * 1000
        for script, sample in SAMPLES.items():
            html = documents.note_html(_note(owner, sample, typeface), "card")

            def card(html=html):
                pdf.render_pdf(html)

            results.append(
                Result(
                    f"{script} card ({typeface}), {CHARACTERS} characters",
                    median_seconds(card, repeat=7, warmup=1) * 1000,
                    baseline,
                    f"Latin card ({typeface})",
                )
            )
    return results
