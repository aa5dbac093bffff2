"""In a real browser, two rounds with the same company: plan round 1 → review it (one story
not told, one strategy written) → round 2's plan offers both → review round 2 → Insights
shows the story's record and the calibration. Then the new pages on a 360 px phone.
Screenshots go to $SCREENSHOT_DIR (or the test's tmp dir) to be looked at."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import PASSWORD, browser_page
from interviews.models import Company, Interview
from interviews.services import interview_set_outcome
from reviews.models import PlanItem, Review
from reviews.services import gut_rating_record, story_save
from tests.factories import InterviewFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def complete_review(page, what_happened, question, theme, comfort, next_time, story=""):
    page.get_by_label("What actually happened").fill(what_happened)
    page.locator('[name="questions-0-text"]').fill(question)
    page.locator('[name="questions-0-theme"]').fill(theme)
    page.locator('[name="questions-0-comfort"]').select_option(comfort)
    page.locator('[name="questions-0-next_time"]').fill(next_time)
    if story:
        page.locator('[name="questions-0-story"]').select_option(label=story)
    page.get_by_label("Excitement after (1–5)").select_option("4")


def test_two_rounds_close_the_loop(page, browser, live_server, alice, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    acme = Company.objects.create(owner=alice, name="Acme Robotics")
    round_1 = InterviewFactory(
        owner=alice,
        company=acme,
        role="Engineering Manager",
        round="Phone screen",
        starts_at=now - timedelta(days=6),
        interviewers=[],
    )
    round_2 = InterviewFactory(
        owner=alice,
        company=acme,
        role="Engineering Manager",
        round="Final panel",
        starts_at=now + timedelta(days=2),
        interviewers=[],
    )
    # Earlier history for the calibration: a gut of 1 that still went forward.
    earlier = InterviewFactory(owner=alice, starts_at=now - timedelta(days=40), interviewers=[])
    gut_rating_record(interview=earlier, rating=1)
    interview_set_outcome(interview=earlier, outcome=Interview.Outcome.NEXT_ROUND)
    story_save(
        owner=alice,
        fields={"title": "The outage story", "situation": "Payments down at 2am."},
        themes=["Leadership"],
    )

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")

    # Plan round 1: the story bank suggests the story for a manager's likely theme.
    page.goto(round_1.get_absolute_url())
    page.get_by_role("link", name="Plan this interview").click()
    suggested = page.locator("#suggested-stories")
    assert "The outage story" in suggested.inner_text()
    suggested.get_by_role("button", name="Add to plan").first.click()
    page.get_by_text("Added to the plan.").wait_for()
    page.get_by_label("Kind").select_option("point")
    page.locator("#plan-items [name=text]").fill("I write design docs before code")
    page.get_by_role("button", name="Add to plan", exact=True).click()
    page.get_by_text("Added to the plan.").wait_for()
    assert round_1.plan_items.count() == 2
    page.screenshot(path=str(shots / "loop-plan-round-1.png"), full_page=True)

    # Right after the interview: the gut rating, then the review against the plan.
    page.goto(round_1.get_absolute_url())
    page.get_by_role("button", name="It went 2 out of 5").click()
    page.get_by_text("Gut rating recorded").wait_for()
    page.get_by_role("link", name="Review this interview").click()
    page.locator('[name="plan-0-outcome"]').select_option("not")  # the story: not told
    page.locator('[name="plan-1-outcome"]').select_option("told")
    page.locator('[name="plan-1-landed"]').select_option("4")
    complete_review(
        page,
        "They went deep on how I lead through incidents.",
        "Tell me about leading through a crisis.",
        "Leadership",
        "2",
        "Lead with the outage story: the result first",
    )
    page.screenshot(path=str(shots / "loop-review-round-1.png"), full_page=True)
    page.get_by_role("button", name="Complete review").click()
    page.get_by_text("Review completed").wait_for()
    interview_set_outcome(interview=round_1, outcome=Interview.Outcome.NEXT_ROUND)

    # Round 2's plan offers both: the story not told and the strategy.
    page.goto(f"/reviews/plan/{round_2.pk}/")
    carried = page.locator("#carry")
    text = carried.inner_text()
    assert "The outage story" in text and "Lead with the outage story: the result first" in text
    assert "Acme Robotics" in text
    page.screenshot(path=str(shots / "loop-plan-round-2.png"), full_page=True)
    carried.get_by_role("button", name="Add all 2").click()
    page.get_by_text("Carried 2 items over.").wait_for()
    plan = page.locator("#plan-items").inner_text()
    assert "The outage story" in plan and "Lead with the outage story" in plan
    assert "Nothing waiting" in page.locator("#carry").inner_text()

    # Round 2 happens; the gut says 3; the review records the story as told and landed.
    Interview.objects.filter(pk=round_2.pk).update(starts_at=now - timedelta(hours=3))
    page.goto(round_2.get_absolute_url())
    page.get_by_role("button", name="It went 3 out of 5").click()
    page.get_by_text("Gut rating recorded").wait_for()
    page.get_by_role("link", name="Review this interview").click()
    items = list(round_2.plan_items.order_by("position", "pk"))
    for i, _item in enumerate(items):
        page.locator(f'[name="plan-{i}-outcome"]').select_option("told")
        page.locator(f'[name="plan-{i}-landed"]').select_option("5")
    complete_review(
        page,
        "The panel liked the outage story.",
        "When did you lead without authority?",
        "Leadership",
        "4",
        "",
        story="The outage story",
    )
    page.get_by_role("button", name="Complete review").click()
    page.get_by_text("Review completed").wait_for()
    assert Review.objects.get(interview=round_2).is_completed
    assert set(PlanItem.objects.filter(interview=round_2).values_list("outcome", flat=True)) == {
        "told"
    }
    interview_set_outcome(interview=round_2, outcome=Interview.Outcome.OFFER)

    # Insights: the story's record, and the gut against what happened.
    page.get_by_role("link", name="Insights").first.click()
    page.locator("#calibration").wait_for()
    record = page.locator("#story-records").inner_text()
    assert "The outage story" in record and "5.0 / 5" in record  # told once, landed 5
    sentence = page.locator("#calibration-sentence").inner_text()
    assert sentence.startswith("You tend to under-rate how an interview went")
    assert "3 of 3 (100%) went forward" in sentence
    assert page.locator("svg.chart-calibration").count() == 1
    page.screenshot(path=str(shots / "loop-insights.png"), full_page=True)
    story_url = page.locator("#story-records a").first.get_attribute("href")
    page.goto(story_url)
    where = page.locator("#story-record").inner_text()
    assert "Acme Robotics" in where and "Not" in where and "Told" in where
    page.screenshot(path=str(shots / "loop-story.png"), full_page=True)

    # The same pages on a 360 px phone: nothing wider than the screen.
    cookies = page.context.cookies()
    with browser_page(
        browser, live_server, viewport={"width": 360, "height": 780}, is_mobile=True
    ) as phone:
        phone.context.add_cookies(cookies)
        for name, url in [
            ("plan", f"/reviews/plan/{round_2.pk}/"),
            ("review", f"/reviews/interview/{round_2.pk}/"),
            ("review-detail", Review.objects.get(interview=round_1).get_absolute_url()),
            ("stories", "/reviews/stories/"),
            ("story", story_url),
            ("insights", "/reviews/insights/"),
            ("interview", round_1.get_absolute_url()),
        ]:
            phone.goto(url)
            width = phone.evaluate("document.documentElement.scrollWidth")
            phone.screenshot(path=str(shots / f"loop-phone-{name}.png"), full_page=True)
            assert width <= 360, f"{url} is {width} px wide on a 360 px phone"
