"""In a real browser: log a panel interview with three interviewers written in three
scripts, note what each said, compose a different note to each, and print them all."""

import io
import os
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from interviews.models import Interview
from notes import composer
from notes.models import ThankYouNote
from tests.test_journey_notes import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("AFTERVIEW_SCREENSHOTS")

PANEL = {
    "Ada Lovelace": ["cares a lot about written design docs", "asked how I test streaming jobs"],
    "李小龙": ["the plan to open an office in Taipei", "asked how I handle on-call"],
    "نور الهدى": ["puts a lot of weight on mentoring juniors", "said the team ships weekly"],
}


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def pdf_pngs(data: bytes, name: str) -> None:
    """The printed pages as PNGs, to look at (only when screenshots are asked for)."""
    if not SCREENSHOTS:
        return
    path = os.path.join(SCREENSHOTS, f"{name}.pdf")
    with open(path, "wb") as out:
        out.write(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", path, os.path.join(SCREENSHOTS, name)], check=True
    )


def test_a_panel_of_three_gets_three_different_notes_and_prints_them(page, live_server, alice):
    login(page, live_server, alice)

    # Log the interview with three interviewers, each in their own script.
    page.goto(reverse("interviews:create"))
    page.get_by_label("Company").fill("Acme Robotics")
    page.get_by_label("Role").fill("Platform Engineer")
    page.get_by_label("Date and time").fill("2026-03-02T10:00")
    rows = page.locator("[data-formset-rows] .interviewer-row")
    for row, name in enumerate(PANEL):
        if row:
            page.get_by_role("button", name="Add another interviewer").click()
        rows.nth(row).get_by_label("Name").fill(name)
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_role("heading", name="Platform Engineer at Acme Robotics")).to_be_visible()
    interview = Interview.objects.get(owner=alice)

    # Right after: what each of them said, in the compact form on the interview page.
    for name, hooks in PANEL.items():
        for number, text in enumerate(hooks, start=1):
            page.get_by_label(f"{name}: {number}").fill(text)
    shot(page, "panel-hooks")
    page.get_by_role("button", name="Save what they said").click()
    expect(page.get_by_text("Saved what each interviewer said.")).to_be_visible()

    # Compose: a draft for each, addressed by the name they are greeted by.
    # Three drafts, each laid out to fit its card: the renderer may still be starting.
    page.get_by_role("button", name="Write thank-you notes").click(timeout=60_000)
    page.wait_for_load_state("load")
    greetings = {
        "Ada Lovelace": "Dear Ada,",
        "李小龙": "Dear 李小龙,",
        "نور الهدى": "Dear نور الهدى,",
    }
    bodies = {}
    for name in PANEL:
        page.get_by_role("navigation", name="Notes for this interview").get_by_role(
            "link", name=name
        ).click()
        page.wait_for_load_state("load")
        expect(page.get_by_label("Salutation")).to_have_value(greetings[name])
        expect(page.locator("[data-fit-status]")).to_contain_text("Fits the")
        expect(page.locator("[data-panel-check]")).to_have_text("")
        bodies[name] = page.get_by_label("Your note").input_value()
        shot(page, f"panel-compose-{len(bodies)}")
        page.get_by_role("button", name="Mark ready to send").click()
        expect(page.get_by_text("Marked as ready to send.")).to_be_visible()

    assert "how much you care about written design docs" in bodies["Ada Lovelace"]
    assert "how I handle on-call" in bodies["李小龙"]
    assert "mentoring juniors" in bodies["نور الهدى"]
    assert len(set(bodies.values())) == 3
    all_sentences = [s for body in bodies.values() for s in composer.sentences(body)]
    assert len(all_sentences) == len(set(all_sentences))

    # Pasting one note's sentence into another is flagged while typing, naming whose.
    ada = ThankYouNote.objects.get(interview=interview, recipient__name="Ada Lovelace")
    page.goto(reverse("notes:compose", kwargs={"note_pk": ada.pk}))
    page.wait_for_load_state("load")
    borrowed = composer.sentences(bodies["李小龙"])[-1]
    page.get_by_label("Your note").fill(bodies["Ada Lovelace"] + "\n\n" + borrowed)
    expect(page.locator("[data-panel-check]")).to_contain_text("in your note to 李小龙")
    # A sentence starter goes in at the cursor, ready to be finished.
    page.get_by_role("button", name="I especially enjoyed hearing about …").click()
    assert (
        page.get_by_label("Your note")
        .input_value()
        .endswith("I especially enjoyed hearing about …")
    )
    shot(page, "panel-compose-check")

    # Print all: every card, envelope and copy sheet in one PDF.
    response = page.request.get(
        reverse("notes:interview_pdf", kwargs={"interview_pk": interview.pk})
    )
    assert response.headers["content-type"] == "application/pdf"
    data = response.body()
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(p.extract_text() for p in reader.pages)
    for body in bodies.values():
        assert composer.sentences(body)[0][:30] in " ".join(text.split())
    pdf_pngs(data, "panel-print-all")
    assert ThankYouNote.objects.filter(interview=interview, status="ready").count() == 3
