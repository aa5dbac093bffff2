"""A new person's first visit, clicked through in a real headless Chromium."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from interviews.models import Interview
from tests.auth import code_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_sign_up_log_edit_and_delete_an_interview(page):
    page.goto("/accounts/signup/")
    # The browser's zone (the context runs in Europe/Berlin) is preselected.
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")
    page.get_by_label("Email").fill("jo@example.com")
    page.get_by_label("Full name").fill("Jo Seeker")
    page.locator("#id_password1").fill("a long and happy passphrase")
    page.locator("#id_password2").fill("a long and happy passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Enter Email Verification Code")).to_be_visible()
    [message] = mail.outbox
    page.get_by_label("Code").fill(code_in(message))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Hello, Jo Seeker")).to_be_visible()

    page.get_by_role("link", name="Log an interview").first.click()
    page.get_by_label("Company").fill("Initech")
    page.get_by_label("Role").fill("Staff Engineer")
    page.get_by_label("Date and time").fill("2030-05-14T10:00")
    page.get_by_label("Format").select_option("in_person")
    page.get_by_text("Place, round, job posting, length").click()  # opens the details
    page.get_by_label("Duration (minutes)").fill("90")
    page.get_by_label("Location").fill("4120 Freidrich Lane, Austin")
    page.get_by_label("Round").fill("Onsite")
    rows = page.locator("[data-formset-rows] .interviewer-row")
    rows.nth(0).get_by_label("Name").fill("Bill Lumbergh")
    rows.nth(0).get_by_label("Job title").fill("Division VP")
    rows.nth(0).get_by_text("Email and postal address").click()
    rows.nth(0).get_by_label("Email").fill("bill@initech.example")
    rows.nth(0).get_by_label("Postal address").fill("Initech\n4120 Freidrich Lane\nAustin, TX")
    page.get_by_role("button", name="Add another interviewer").click()
    rows.nth(1).get_by_label("Name").fill("Peter Gibbons")
    rows.nth(1).get_by_label("Job title").fill("Programmer")
    page.get_by_text("What you learned, how it went").click()
    page.get_by_label("What I learned").fill("They value cover sheets.")
    page.get_by_label("Excitement before (1–5)").select_option("4")
    page.get_by_role("button", name="Save interview").click()

    expect(page.get_by_role("heading", name="Staff Engineer at Initech")).to_be_visible()
    expect(page.get_by_text("Tuesday 14 May 2030, 10:00")).to_be_visible()
    people = page.get_by_role("region", name="Interviewers")
    expect(people.get_by_text("Bill Lumbergh")).to_be_visible()
    expect(people.get_by_text("Peter Gibbons")).to_be_visible()

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("link", name="Initech")).to_be_visible()

    page.get_by_role("link", name="Initech").click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Role").fill("Principal Engineer")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="Principal Engineer at Initech")).to_be_visible()

    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete interview").click()
    expect(page.get_by_text("Deleted Principal Engineer at Initech.")).to_be_visible()

    user = User.objects.get(email="jo@example.com")
    assert user.time_zone == "Europe/Berlin"
    assert not Interview.objects.filter(owner=user).exists()
    assert user.contacts.count() == 2


def test_a_new_interviewers_greet_as_shows_the_suggestion_while_the_name_is_typed(
    page, live_server, alice
):
    from tests.test_journey_notes import login

    login(page, live_server, alice)
    page.goto("/interviews/new/")
    rows = page.locator("[data-formset-rows] .interviewer-row")
    greet = rows.nth(0).get_by_label("Greet as")
    expect(greet).to_have_attribute("placeholder", "From the name")

    rows.nth(0).get_by_label("Name").fill("Dr. Ada Lovelace")
    expect(greet).to_have_attribute("placeholder", "Dr. Lovelace")
    rows.nth(0).get_by_label("Name").fill("李小龙")
    expect(greet).to_have_attribute("placeholder", "李小龙")

    # A row added with the button does the same.
    page.get_by_role("button", name="Add another interviewer").click()
    rows.nth(1).get_by_label("Name").fill("نور الهدى")
    expect(rows.nth(1).get_by_label("Greet as")).to_have_attribute("placeholder", "نور الهدى")
    rows.nth(1).get_by_label("Name").fill("")
    expect(rows.nth(1).get_by_label("Greet as")).to_have_attribute("placeholder", "From the name")
