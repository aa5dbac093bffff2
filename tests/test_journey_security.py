"""Every page works under the Content Security Policy, in a real headless Chromium.

The browser reports each thing the policy blocks (an inline script or style, a load from
elsewhere) on the console; a page that needs one would be broken in production, so none
may appear.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from notes.services import notes_start_for_interview
from reminders import tokens
from reminders.models import Reminder
from tests.auth import browser_log_in
from tests.factories import QuestionFactory
from tests.world import build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def watch_for_blocked(page) -> list[str]:
    blocked = []
    page.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda error: blocked.append(str(error)))
    return blocked


def test_pages_run_under_the_content_security_policy(page, alice):
    build_world(alice)
    interview = alice.interviews.order_by("pk").first()
    note = notes_start_for_interview(interview=interview)[0]
    review = QuestionFactory(review__interview__owner=alice).review
    reminder = Reminder.objects.for_user(alice).first()
    blocked = watch_for_blocked(page)

    browser_log_in(page, alice)
    expect(page.get_by_role("link", name="Log an interview").first).to_be_visible()

    pages = [
        reverse("interviews:dashboard"),
        reverse("interviews:list"),
        reverse("interviews:create"),
        reverse("interviews:people"),
        interview.get_absolute_url(),
        reverse("interviews:edit", kwargs={"interview_pk": interview.pk}),
        reverse("reviews:edit", kwargs={"interview_pk": interview.pk}),
        reverse("reviews:detail", kwargs={"review_pk": review.pk}),
        reverse("reviews:insights"),
        reverse("accounts:profile"),
        reverse(
            "reminders:email_action",
            kwargs={
                "token": tokens.make_action_token(
                    reminder_id=reminder.pk, action="snooze", due_at=reminder.due_at
                )
            },
        ),
    ]
    for url in pages:
        response = page.goto(url)
        assert response.ok, url
        assert "default-src 'self'" in response.headers["content-security-policy"], url
    # The health page (503 here: no sweep has run) runs under the policy too.
    response = page.goto(reverse("health"))
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", name="System status")).to_be_visible()

    # The scripts run: the formset row is added and the composer's live fit check answers.
    page.goto(reverse("interviews:create"))
    rows = page.locator("[data-formset-rows] .interviewer-row")
    before = rows.count()
    page.get_by_role("button", name="Add another interviewer").click()
    expect(rows).to_have_count(before + 1)

    page.goto(note.get_absolute_url())
    page.get_by_label("Your note").fill("Thank you for your time yesterday.")
    expect(page.locator("[data-fit-status]")).to_contain_text("Fits")

    assert blocked == []


def test_the_admin_runs_under_the_content_security_policy(page, alice):
    build_world(alice)
    alice.is_staff = alice.is_superuser = True
    alice.save()
    interview = alice.interviews.order_by("pk").first()
    blocked = watch_for_blocked(page)

    # The admin's own log-in page hands over to ours: the second factor is asked there too.
    page.goto(reverse("admin:login"))
    page.wait_for_url("**/accounts/login/**")
    browser_log_in(page, alice)
    page.goto(reverse("admin:index"))
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    for url in [
        reverse("admin:interviews_interview_changelist"),
        reverse("admin:interviews_interview_change", args=[interview.pk]),
        reverse("admin:accounts_user_change", args=[alice.pk]),
    ]:
        response = page.goto(url)
        assert response.ok, url
        assert "content-security-policy" in response.headers, url

    assert blocked == []
