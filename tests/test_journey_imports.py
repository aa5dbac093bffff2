"""In a real browser: bring a history in. A spreadsheet with a bad row: see its problem,
fix the cell, skip another, import, undo. An Afterview export read into a new account.
Every import page passes axe and fits a 360px phone on the way."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from playwright.sync_api import expect

from accounts.services import user_export_data
from interviews.models import Application, Interview
from tests.factories import UserFactory
from tests.test_browser_design import WIDER_THAN_THE_SCREEN, axe_problems, log_in
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHEET = (
    b"Company,Role,Date applied,Status,Notes\n"
    b"Acme Robotics,Backend Engineer,2024-01-08,Applied,\n"
    b"Globex,Data Engineer,2300-05-01,Rejected,auto reject\n"
    b"Initech,Platform Engineer,2024-01-10,Offer,accepted!\n"
    b"Hooli,SRE,2024-01-11,Ghosted,\n"
)


def fits_and_passes_axe(page) -> None:
    assert axe_problems(page) == [], page.url
    page.set_viewport_size({"width": 360, "height": 800})
    wide = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert wide["scrollWidth"] <= 360, (page.url, wide["bad"])
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_spreadsheet_previewed_fixed_imported_and_undone(page, alice):
    log_in(page, alice)
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="Import…").click()
    fits_and_passes_axe(page)
    page.get_by_label("Your file").set_input_files(
        files=[{"name": "applications.csv", "mimeType": "text/csv", "buffer": SHEET}]
    )
    page.get_by_role("button", name="Read the file").click()
    page.wait_for_url("**/import/*/")

    # The preview: the bad row and why, before anything is saved.
    expect(page.locator("#import-summary")).to_contain_text("3 application(s) will be created")
    row = page.locator("#row-3")
    expect(row).to_contain_text("out of range")
    fits_and_passes_axe(page)
    assert Application.objects.count() == 0

    # Fix the cell.
    row.get_by_text("Fix this row").click()
    row.get_by_label("Date applied").fill("2024-01-09")
    row.get_by_role("button", name="Save the fix").click()
    expect(page.get_by_text("Row 3 is fixed.")).to_be_visible()
    page.get_by_role("link", name="All rows").click()
    # Skip Hooli.
    page.locator("#row-5").get_by_role("button", name="Skip this row").click()
    page.get_by_role("link", name="All rows").click()
    expect(page.locator("#row-5")).to_contain_text("skipped")
    page.get_by_role("button", name="Import 3 application(s)").click()

    expect(page.get_by_text("Imported: 3 new row(s)")).to_be_visible()
    fits_and_passes_axe(page)
    got = dict(Application.objects.for_user(alice).values_list("company__name", "outcome"))
    assert got == {"Acme Robotics": "awaiting", "Globex": "rejected", "Initech": "accepted"}

    page.get_by_role("button", name="Undo this import").click()
    expect(page.get_by_text("This import was undone")).to_be_visible()
    assert Application.objects.for_user(alice).count() == 0


def test_an_export_read_into_a_new_account(page, alice):
    build_world(alice)
    exported = json.dumps(user_export_data(user=alice), cls=DjangoJSONEncoder).encode()
    carol = UserFactory(email="carol@example.com")
    log_in(page, carol)

    # The empty dashboard points the way in.
    page.get_by_role("link", name="Bring your history").click()
    page.get_by_label("Your file").set_input_files(
        files=[
            {"name": "afterview-export.json", "mimeType": "application/json", "buffer": exported}
        ]
    )
    page.get_by_role("button", name="Read the file").click()
    page.wait_for_url("**/import/*/")
    expect(page.get_by_role("heading", name="What the export holds")).to_be_visible()
    fits_and_passes_axe(page)
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_text("Imported:")).to_be_visible()
    assert Interview.objects.for_user(carol).count() == Interview.objects.for_user(alice).count()

    # A file that is not what its name says: a clear message, on the same page.
    page.goto("/import/")
    page.get_by_label("Your file").set_input_files(
        files=[
            {
                "name": "photo.csv",
                "mimeType": "text/csv",
                "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
            }
        ]
    )
    page.get_by_role("button", name="Read the file").click()
    expect(page.locator("#import-errors")).to_contain_text("not a spreadsheet")
