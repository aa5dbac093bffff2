"""On a phone (390 px wide) every page fits the screen: a wide table scrolls inside its box,
a pasted link or a long name wraps, and the buttons beside a page title share one row."""

import pytest

from conftest import PASSWORD, browser_page
from notes.services import notes_start_for_interview
from reviews.tests.utils import make_review
from tests.factories import ContactFactory, InterviewFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    with browser_page(
        browser,
        live_server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    ) as page:
        yield page


def test_pages_fit_a_phone_screen(phone, alice):
    interview = InterviewFactory(
        owner=alice, company__name="Acme Robotics", role="Senior Backend Engineer (Platform)"
    )
    notes_start_for_interview(interview=interview)
    review = make_review(
        owner=alice,
        starts_at=interview.starts_at,
        company="Initech",
        excitement_before=2,
        excitement_after=1,
        want_to_work_there=2,
        culture_notes="Calm, documentation-first.",
        questions=[("Leadership", 2, "Rehearse the STAR story"), ("Technical", 5, "")],
    )

    phone.goto("/accounts/login/")
    phone.get_by_label("Email").fill(alice.email)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url("**/")

    pasted = InterviewFactory(
        owner=alice,
        role="Engineer",
        location="https://meet.example.com/" + "x" * 120,
        learned="https://example.com/" + "y" * 120,
        interviewers=[ContactFactory(owner=alice, name="Name" * 30, title="T" * 60)],
    )
    notes_start_for_interview(interview=pasted)

    pages = [
        pasted.get_absolute_url(),
        "/",
        "/interviews/",
        "/people/",
        f"/people/{pasted.interviewers.first().pk}/",
        interview.get_absolute_url(),
        "/reviews/",
        "/reviews/insights/",
        review.get_absolute_url(),
        "/accounts/settings/",
    ]
    for url in pages:
        phone.goto(url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide on a 390 px phone"

    # The review form's sticky Save / Complete bar is one row, not a third of the screen.
    phone.goto(f"/reviews/interview/{interview.pk}/")
    bar = phone.locator(".review-actions").bounding_box()
    assert bar["height"] < 80, bar

    # The interview's Edit and Delete sit side by side, each half the row.
    phone.goto(interview.get_absolute_url())
    edit = phone.get_by_role("link", name="Edit", exact=True).bounding_box()
    delete = phone.get_by_role("link", name="Delete", exact=True).bounding_box()
    assert edit["y"] == delete["y"]
    assert edit["width"] > 120 and delete["width"] > 120
