"""A plan item that was not told has no "how it landed"; the plan page calls a theme weak
exactly when Insights says "work on" (one rule), never one Insights holds steady."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import PlanItem, Review, Story
from reviews.stories import stories_with_record
from reviews.tests.utils import make_review, review_post_data
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_a_plan_item_not_told_does_not_count_as_landed(alice_client, alice):
    interview = InterviewFactory(owner=alice, interviewers=[])
    story = Story.objects.create(owner=alice, title="Billing migration", situation="S")
    item = PlanItem.objects.create(
        interview=interview, kind=PlanItem.Kind.STORY, text="Billing migration", story=story
    )
    response = alice_client.post(
        reverse("reviews:edit", kwargs={"interview_pk": interview.pk}),
        review_post_data(action="draft", plan=[{"id": item.pk, "outcome": "not", "landed": 3}]),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.outcome == "not" and item.landed is None
    record = stories_with_record(alice).get(pk=story.pk)
    assert record.told == 0 and record.landed is None
    review = Review.objects.get(interview=interview)
    detail = alice_client.get(reverse("reviews:detail", kwargs={"review_pk": review.pk}))
    row = detail.content.decode().split("Billing migration", 1)[1].split("</li>", 1)[0]
    assert "landed" not in row


def test_plan_page_and_insights_agree_on_weak_and_holding_steady(alice_client, alice):
    past = timezone.now() - timedelta(days=20)
    # Salary: 1 and 2 (avg 1.5, work on). Conflict: 3 and 3 (avg 3.0, holding steady).
    # Leadership: 5 and 4 (go-to).
    make_review(
        owner=alice,
        starts_at=past,
        questions=[
            ("Salary", 1, "Say a range."),
            ("Salary", 2, ""),
            ("Conflict", 3, ""),
            ("Conflict", 3, ""),
            ("Leadership", 5, ""),
            ("Leadership", 4, ""),
        ],
    )
    upcoming = InterviewFactory(
        owner=alice, starts_at=timezone.now() + timedelta(days=2), interviewers=[]
    )
    insights = alice_client.get(reverse("reviews:insights")).content.decode()
    conflict_row = insights.split(">Conflict</th>", 1)[1].split("</tr>", 1)[0]
    salary_row = insights.split(">Salary</th>", 1)[1].split("</tr>", 1)[0]
    assert "Holding steady" in conflict_row and "Work on" in salary_row

    plan = alice_client.get(
        reverse("reviews:plan", kwargs={"interview_pk": upcoming.pk})
    ).content.decode()
    weak = plan.split("Your weak themes:", 1)[1].split(".", 1)[0]
    assert "Salary" in weak
    assert "Conflict" not in weak and "Leadership" not in weak
