"""The copy sheet: every line of text sits on its ruled line, first paragraph to last.

Baselines are read from the PDF's glyphs (pdfplumber); the ruled lines from the page as it
prints (rendered to pixels by pdfium, the rows the rule colour crosses). In both typefaces
and every script, each baseline must sit just above a rule: never below it, never drifting.
"""

import io

import pdfplumber
import pypdfium2
import pytest
from PIL import Image, ImageChops

from notes import documents, pdf
from notes.models import CardFormat
from notes.tests.test_pdf_scripts import SAMPLES, script_note

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

RULE_RGB = (0x8F, 0xB0, 0xCC)  # .copy-sheet__text's rule colour in notes.css
SCALE = 3  # pixels per point


def rule_positions(image: Image.Image) -> list[float]:
    """The tops (in points from the page top) of the rows that the rule colour crosses over
    more than half the page's width."""
    bands = [
        band.point(lambda v, want=want: 255 if abs(v - want) < 24 else 0)
        for band, want in zip(image.convert("RGB").split(), RULE_RGB, strict=True)
    ]
    mask = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])
    share = mask.resize((1, image.height), Image.Resampling.BOX)
    rows = [y for y in range(image.height) if share.getpixel((0, y)) > 127]
    tops: list[float] = []
    for y in rows:
        if not tops or y / SCALE - tops[-1] > 2:
            tops.append(y / SCALE)
    return tops


def baselines(page) -> list[float]:
    """Each line's baseline (points from the page top), from its large-type glyphs."""
    found = sorted(page.height - c["matrix"][5] for c in page.chars if c["size"] >= 18)
    lines: list[float] = []
    for y in found:
        if not lines or y - lines[-1] > 6:
            lines.append(y)
    return lines


def check_lines_on_rules(data: bytes) -> int:
    checked = 0
    document = pypdfium2.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as plumbed:
        for number, page in enumerate(plumbed.pages):
            rules = rule_positions(document[number].render(scale=SCALE).to_pil())
            for baseline in baselines(page):
                below = [rule - baseline for rule in rules if rule >= baseline - 1]
                assert below, (number, baseline, rules)
                # On the line: the rule 1-5 pt under the baseline (descenders cross it).
                assert 1 <= min(below) <= 5, (number, baseline, min(below))
                checked += 1
    return checked


LONG = "\n\n".join(
    ["Thank you for speaking with me on Tuesday about the platform role."] * 2
    + [
        "I especially enjoyed hearing how the team writes design documents first, and how "
        "much weight you put on them when a new service is proposed."
    ]
    * 4
)


@pytest.mark.parametrize("typeface", ["serif", "handwriting"])
@pytest.mark.parametrize("script", ["latin", *SAMPLES])
def test_every_line_of_the_copy_sheet_sits_on_its_ruled_line(alice, script, typeface):
    note = script_note(alice, "cyrillic" if script == "latin" else script, typeface=typeface)
    note.card_format = CardFormat.A6
    if script == "latin":
        note.body = LONG
    else:  # the script's paragraph, mixed with Latin, over several pages' worth of lines
        paragraph = SAMPLES[script][1]
        note.body = "\n\n".join([paragraph, f"Thank you — {paragraph}", paragraph] * 2)
    data = pdf.render_pdf(documents.note_html(note, "copy")).pdf
    assert check_lines_on_rules(data) >= 12
