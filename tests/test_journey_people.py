"""In a real browser: People in the menu → a person's page → their vCard, downloaded and
read back equal to the contact."""

from datetime import timedelta
from pathlib import Path

import pytest
import vobject
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.factories import CompanyFactory, ContactFactory, InterviewFactory, ListeningHookFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_people_to_a_person_to_their_vcard(page, alice, tmp_path: Path):
    acme = CompanyFactory(owner=alice, name="Acme Rockets")
    ada = ContactFactory(
        owner=alice, company=acme, name="Анна Лавлейс, Jr.", email="", notes="Fair; table 3\n"
    )
    interview = InterviewFactory(
        owner=alice,
        company=acme,
        role="Staff Engineer",
        starts_at=timezone.now() - timedelta(days=2),
        interviewers=[ada],
    )
    ListeningHookFactory(interview=interview, contact=ada, text="streaming, not batch")

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()

    expect(page.get_by_role("heading", name="People")).to_be_visible()
    page.get_by_role("link", name="Анна Лавлейс, Jr.").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Анна Лавлейс, Jr.")
    expect(page.get_by_text("streaming, not batch")).to_be_visible()
    expect(page.get_by_text("None yet.")).to_be_visible()  # no email: said, not hidden

    with page.expect_download() as info:
        page.get_by_role("link", name="Download vCard").click()
    download = info.value
    assert download.suggested_filename == "анна-лавлейс-jr.vcf"
    path = tmp_path / "ada.vcf"
    download.save_as(path)

    card = vobject.readOne(path.read_bytes().decode("utf-8"))
    assert card.fn.value == "Анна Лавлейс, Jr."
    assert card.org.value == ["Acme Rockets"]
    assert card.note.value == "Fair; table 3\n"
    assert "email" not in card.contents
