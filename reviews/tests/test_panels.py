"""The panels on the interview page and the dashboard: what they say, and that they cost
the same few queries however many reviews there are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.tests.utils import bulk_reviews, make_review
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_interview_panel_invites_then_continues_then_links(alice_client, alice):
    interview = InterviewFactory(owner=alice)
    url = interview.get_absolute_url()
    assert "Review this interview" in alice_client.get(url).content.decode()

    make_review(owner=alice, starts_at=timezone.now(), complete=False)  # someone else's page
    review = make_review(owner=alice, starts_at=timezone.now(), complete=False)
    html = alice_client.get(review.interview.get_absolute_url()).content.decode()
    assert "Continue the review" in html and "Draft" in html

    done = make_review(owner=alice, starts_at=timezone.now(), questions=[("Salary", 2, "x")])
    html = alice_client.get(done.interview.get_absolute_url()).content.decode()
    assert "Read the review" in html and "1 question recorded" in html


def test_prep_card_for_an_upcoming_interview(alice_client, alice, bob):
    earlier = make_review(
        owner=alice,
        starts_at=timezone.now() - timedelta(days=30),
        company="Acme",
        questions=[("Salary", 1, "Know the band"), ("Technical", 5, "")],
        takeaways="They value written design docs.",
    )
    earlier.interview.learned = "Team of six, rebuilding billing."
    earlier.interview.save()
    make_review(owner=bob, starts_at=timezone.now(), questions=[("Conflict", 1, "Bob's plan")])
    upcoming = InterviewFactory(
        owner=alice,
        company=earlier.interview.company,
        starts_at=timezone.now() + timedelta(days=2),
    )

    html = alice_client.get(upcoming.get_absolute_url()).content.decode()

    assert "Prepare: what tripped you before" in html
    assert "Salary" in html and "Know the band" in html
    assert "Technical" not in html.split("prep-heading")[1].split("</section>")[0]
    assert "Bob&#x27;s plan" not in html
    assert "Team of six, rebuilding billing." in html
    assert "They value written design docs." in html
    # A past interview has no prep card.
    past = alice_client.get(earlier.interview.get_absolute_url()).content.decode()
    assert "prep-heading" not in past


@pytest.mark.slow
def test_interview_page_query_count_does_not_grow(alice_client, alice):
    upcoming = InterviewFactory(owner=alice, starts_at=timezone.now() + timedelta(days=1))
    make_review(
        owner=alice,
        starts_at=timezone.now() - timedelta(days=5),
        company=upcoming.company.name,
        questions=[("Salary", 1, "Range")],
    )
    few, _ = queries(alice_client, upcoming.get_absolute_url())

    bulk_reviews(owner=alice, reviews=200, questions_per_review=4)
    for days in range(6, 12):
        make_review(
            owner=alice,
            starts_at=timezone.now() - timedelta(days=days),
            company=upcoming.company.name,
            questions=[("Conflict", 2, "Pause first")],
        )
    many, html = queries(alice_client, upcoming.get_absolute_url())

    assert few == many
    # session, user, the interview (with its number of rounds, and whether it has
    # interviewers and inbox messages: here no inbox message, so no look-up), its
    # interviewers, their listening hooks, the weakest themes (2: nothing is kept inside a
    # test's transaction), the earlier rounds, notes, the review with its gut rating and
    # its plan (one query for both panels), reminders
    assert many == 11, many
    assert "Prepare: what tripped you before" in html


def test_dashboard_panel_shows_strong_and_weak_themes(alice_client, alice):
    InterviewFactory(owner=alice)  # an empty account sees the welcome instead
    _, html = queries(alice_client, reverse("interviews:dashboard"))
    assert "Complete a self-review" in html

    make_review(
        owner=alice,
        starts_at=timezone.now(),
        questions=[("Technical", 5, ""), ("Salary", 1, "Range"), ("Salary", 2, "")],
    )
    few, html = queries(alice_client, reverse("interviews:dashboard"))
    assert "Technical" in html and "Salary" in html
    bulk_reviews(owner=alice, reviews=100, questions_per_review=3)
    many, html = queries(alice_client, reverse("interviews:dashboard"))

    assert few == many
    assert "Go-to themes" in html and "Work on these" in html
    assert 'href="/reviews/insights/"' in html
