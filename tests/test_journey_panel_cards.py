"""In a real browser, counted: a three-person panel from logged-in to three printed cards
with their envelopes. Every click, fill and choice the person makes is one interaction;
the test prints the count and fails past the budget.

The hooks are written the way people jot them, and the way the hooks form invites ("you're
…", "your …"); each becomes a sentence the composer vouches for, so no note has a gap left
to fill before printing. The printed pages are turned into PNGs to look at when
AFTERVIEW_SCREENSHOTS names a folder.
"""

import io
import os
import re
import subprocess
import tempfile

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from interviews.models import Interview
from notes.models import ThankYouNote
from tests.test_journey_notes import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 25
PANEL = {
    "Ada Lovelace": {
        "address": "Acme Robotics\n1 Harbour Street\nLondon E1 6AN\nUnited Kingdom",
        "hooks": ["walked me through their Kafka setup", "you're hiring for the platform team"],
    },
    "李小龙": {
        "address": "Acme Robotics\n88 Xinyi Road\nTaipei 110\nTaiwan",
        "hooks": ["asked how I handle on-call"],
    },
    "نور الهدى": {
        "address": "Acme Robotics\nDubai Internet City\nDubai\nUnited Arab Emirates",
        "hooks": ["puts a lot of weight on mentoring juniors"],
    },
}


class Counted:
    """The person's hands: each call is one interaction, counted."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, locator, **options):
        self.count += 1
        locator.click(**options)

    def fill(self, locator, text):
        self.count += 1
        locator.fill(text)


def test_a_panel_of_three_to_three_printed_cards_within_budget(page, live_server, alice):
    login(page, live_server, alice)
    page.goto(live_server.url + reverse("interviews:dashboard"))
    hands = Counted(page)

    # Log the interview: three interviewers, each with the address for the envelope.
    hands.click(page.get_by_role("link", name="Log an interview").first)
    hands.fill(page.get_by_label("Company"), "Acme Robotics")
    hands.fill(page.get_by_label("Role"), "Platform Engineer")
    hands.fill(page.get_by_label("Date and time"), "2026-03-02T10:00")
    rows = page.locator("[data-formset-rows] .interviewer-row")
    for row, (name, person) in enumerate(PANEL.items()):
        if row:
            hands.click(page.get_by_role("button", name="Add another interviewer"))
        hands.fill(rows.nth(row).get_by_label("Name"), name)
        hands.click(rows.nth(row).get_by_text("Email and postal address"))
        hands.fill(rows.nth(row).get_by_label("Postal address"), person["address"])
    hands.click(page.get_by_role("button", name="Save interview"))
    expect(page.get_by_role("heading", name="Platform Engineer at Acme Robotics")).to_be_visible()
    interview = Interview.objects.get(owner=alice)

    # What each said, as they jotted it; each line shows the sentence it will make.
    for name, person in PANEL.items():
        for number, text in enumerate(person["hooks"], start=1):
            hands.fill(page.get_by_label(f"{name}: {number}", exact=True), text)
    shown = page.get_by_text("In the note: “I appreciated that you walked me through")
    expect(shown).to_be_visible()
    # Three drafts, each laid out to fit its card: the renderer may be starting.
    hands.click(page.get_by_role("button", name="Save and write the notes"), timeout=60_000)
    page.wait_for_load_state("load")
    expect(page.locator("[data-fit-status]")).to_contain_text("Fits the")

    # Print all: one PDF per paper size, so each goes through the printer in one go. The
    # person prints the cards and the envelopes (the copy sheets are for writing by hand).
    hands.click(page.get_by_role("button", name="Print all notes of this interview"))
    expect(page.get_by_role("heading", name="In the PDF (3)")).to_be_visible()
    pdfs = {}
    for paper in ("cards", "envelopes"):
        link = page.get_by_role("link", name=re.compile(rf"Download the .*{paper}\)? PDF"))
        with page.expect_download() as download:
            hands.click(link)
        pdfs[paper] = download.value.path().read_bytes()

    print(f"\npanel of three to three printed cards: {hands.count} interactions (budget {BUDGET})")
    assert hands.count <= BUDGET

    for paper, data in pdfs.items():
        assert len(PdfReader(io.BytesIO(data)).pages) >= 3, paper
    text = " ".join(
        " ".join(
            p.extract_text() for pdf in pdfs.values() for p in PdfReader(io.BytesIO(pdf)).pages
        ).split()
    )
    notes = {n.recipient.name: n for n in ThankYouNote.objects.filter(interview=interview)}
    assert len(notes) == 3
    for name, note in notes.items():
        assert "[Write one sentence" not in note.body
        first = re.split(r"(?<=\.)\s", note.body)[0]
        assert " ".join(first.split())[:40] in text, name
    assert "that you walked me through your Kafka setup." in notes["Ada Lovelace"].body
    assert "your question about how I handle on-call" in notes["李小龙"].body
    assert "1 Harbour Street" in text and "London E1 6AN" in text  # Ada's envelope
    assert "[Write one sentence" not in text
    # The company typed as the first line of an address is not printed twice.
    envelopes = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdfs["envelopes"])).pages)
    assert envelopes.count("Acme Robotics") == 3
    for paper, pdf in pdfs.items():
        look_at(pdf, paper)


def look_at(data: bytes, paper: str) -> None:
    """The printed pages as PNGs (pdftoppm), in AFTERVIEW_SCREENSHOTS when it is set."""
    folder = os.environ.get("AFTERVIEW_SCREENSHOTS") or tempfile.mkdtemp()
    path = os.path.join(folder, f"panel-{paper}.pdf")
    with open(path, "wb") as out:
        out.write(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", path, os.path.join(folder, f"panel-{paper}")], check=True
    )
