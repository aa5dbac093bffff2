"""In a real browser: complete a self-review with three questions, then see them in
Insights. Screenshots go to $SCREENSHOT_DIR (or the test's tmp dir) to be looked at."""

import os
from pathlib import Path

import pytest

from conftest import PASSWORD
from reviews.models import Review
from tests.factories import InterviewFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTIONS = [
    (
        "Tell me about a time you led without authority.",
        "leadership ",
        "2",
        "Use the volunteer-fair story: goal, people, result.",
    ),
    ("How would you shard the billing database?", "Technical", "5", ""),
    ("What are your salary expectations?", "Salary", "1", "Know the band; answer with a range."),
]


def test_complete_a_review_with_three_questions_then_see_insights(page, alice, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    interview = InterviewFactory(owner=alice, company__name="Acme Robotics", excitement_before=3)

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(interview.get_absolute_url())
    page.get_by_role("link", name="Review this interview").click()

    page.get_by_label("What actually happened").fill("The panel dug into leadership and pay.")
    page.get_by_text("3. What went well").click()  # optional sections are folded
    page.get_by_label("What went well").fill("The billing migration story landed.")
    page.get_by_role("button", name="Add another question").click()
    assert page.locator('[name="questions-3-text"]').count() == 1  # a fourth row, left blank
    for i, (text, theme, comfort, next_time) in enumerate(QUESTIONS):
        page.locator(f'[name="questions-{i}-text"]').fill(text)
        page.locator(f'[name="questions-{i}-theme"]').fill(theme)
        page.locator(f'[name="questions-{i}-comfort"]').select_option(comfort)
        page.locator(f'[name="questions-{i}-next_time"]').fill(next_time)
    page.get_by_label("Would I like to work there? (1–5)").select_option("4")
    page.get_by_label("Excitement after (1–5)").select_option("4")
    page.get_by_text("Culture and deal-breakers").click()
    page.get_by_label("Deal-breakers").fill("None so far.")
    page.screenshot(path=str(shots / "review-form.png"), full_page=True)
    page.get_by_role("button", name="Complete review").click()

    page.get_by_text("Review completed").wait_for()
    review = Review.objects.get(interview=interview)
    assert review.is_completed
    assert review.questions.count() == 3
    page.screenshot(path=str(shots / "review-detail.png"), full_page=True)

    page.get_by_role("link", name="Insights").first.click()
    table = page.locator("#themes-table")
    # all_inner_texts() does not wait: without this it may read the page before the click
    # has navigated, and find no rows.
    table.wait_for()
    # Each asked once, so ranked by comfort: 5, 2, 1.
    assert table.locator("th[scope=row]").all_inner_texts() == [
        "Technical",
        "Leadership",
        "Salary",
    ]
    assert "Technical" in page.locator("#goto-heading + p + div").inner_text()
    work_on = page.locator("section[aria-labelledby=workon-heading]").inner_text()
    assert "Salary" in work_on and "Leadership" in work_on
    assert "Know the band; answer with a range." in work_on
    assert page.locator("svg.chart-themes").count() == 1
    assert "Acme Robotics" in page.locator("#employers-table").inner_text()
    assert "1 left you more excited" in page.locator("main").inner_text().replace("\n", " ")
    page.screenshot(path=str(shots / "insights.png"), full_page=True)
