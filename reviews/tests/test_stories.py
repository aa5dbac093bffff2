"""The story bank: STAR stories with themes, made from a review's overlooked experience
with one click, each with its record; bounded input; another person's ids are a 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.models import STORY_PART_MAX, PlanItem, Question, Story
from reviews.services import plan_item_add, review_save
from reviews.stories import stories_with_record
from reviews.tests.utils import bulk_reviews, bulk_stories, make_review, review_post_data
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

OVERLOOKED = (
    "Captained the club's rowing team for two seasons\n"
    "Organised the training rota for twenty people; we won the regional league."
)


def test_overlooked_experience_becomes_a_story_with_one_click(alice_client, alice):
    review = make_review(owner=alice, starts_at=timezone.now(), overlooked_experience=OVERLOOKED)
    url = reverse("reviews:story_from_review", kwargs={"review_pk": review.pk})

    first = alice_client.post(url)
    second = alice_client.post(url, follow=True)

    story = Story.objects.get()
    assert first["Location"] == reverse("reviews:story_edit", kwargs={"story_pk": story.pk})
    assert story.title == "Captained the club's rowing team for two seasons"
    assert story.situation == OVERLOOKED  # whole, nothing lost
    assert story.source_review == review and story.owner == alice
    assert "already in your story bank" in second.content.decode()
    detail = alice_client.get(review.get_absolute_url()).content.decode()
    assert "Make it a story" not in detail and "In your story bank" in detail


def test_a_story_from_another_persons_review_is_a_404(alice_client, bob):
    bobs = make_review(owner=bob, starts_at=timezone.now(), overlooked_experience="Bob's")
    url = reverse("reviews:story_from_review", kwargs={"review_pk": bobs.pk})
    assert alice_client.post(url).status_code == 404
    assert not Story.objects.exists()


def test_a_review_without_overlooked_experience_says_so(alice_client, alice):
    review = make_review(owner=alice, starts_at=timezone.now())
    url = reverse("reviews:story_from_review", kwargs={"review_pk": review.pk})
    response = alice_client.post(url, follow=True)
    assert "no overlooked experience" in response.content.decode()
    assert not Story.objects.exists()


def test_write_a_story_with_themes_and_bad_input_keeps_what_was_typed(alice_client, alice):
    url = reverse("reviews:story_create")
    data = {
        "title": "  The volunteer fair ",
        "themes": "leadership , Conflict,, leadership",
        "situation": "Fifty volunteers, one weekend.",
        "task": "Run it.",
        "action": "Split them into teams.",
        "result": "Raised 4,000.",
    }
    too_long = alice_client.post(url, {**data, "action": "a" * (STORY_PART_MAX + 1)})
    untitled = alice_client.post(url, {**data, "title": ""})
    assert too_long.status_code == untitled.status_code == 200
    assert "Fifty volunteers, one weekend." in too_long.content.decode()
    assert not Story.objects.exists()

    response = alice_client.post(url, data)

    story = Story.objects.get()
    assert response["Location"] == story.get_absolute_url()
    assert story.title == "The volunteer fair"
    assert sorted(story.themes.values_list("theme", flat=True)) == ["Conflict", "Leadership"]
    # Editing replaces the themes.
    edit = reverse("reviews:story_edit", kwargs={"story_pk": story.pk})
    alice_client.post(edit, {**data, "themes": "Teamwork"})
    assert list(story.themes.values_list("theme", flat=True)) == ["Teamwork"]


def test_each_story_shows_where_it_was_told_and_how_it_landed(alice_client, alice):
    story = Story.objects.create(owner=alice, title="The outage story")
    other = Story.objects.create(owner=alice, title="Never told")
    for landed, outcome in [(4, "told"), (2, "partly"), (None, "not")]:
        interview = InterviewFactory(owner=alice, interviewers=[])
        item = plan_item_add(interview=interview, kind="story", text="x", story=story)
        item.outcome, item.landed = outcome, landed
        review_save(
            interview=interview,
            fields={"what_happened": "x"},
            questions=[Question(text="Tell me about a failure", comfort=5, story=story)],
            plan_items=[item],
        )

    record = {s.title: s for s in stories_with_record(alice)}

    assert (record["The outage story"].told, record["The outage story"].landed) == (2, 3.0)
    assert (record["The outage story"].answered, record["The outage story"].comfort) == (3, 5)
    assert (record["Never told"].told, record["Never told"].landed) == (0, None)
    html = alice_client.get(story.get_absolute_url()).content.decode()
    assert "told 2×, landed 3.0 / 5" in html and "answered 3 questions, comfort 5.0 / 5" in html
    assert other.title not in html


def test_a_question_cannot_name_another_persons_story(alice_client, alice, bob):
    bobs_story = Story.objects.create(owner=bob, title="Bob's")
    interview = InterviewFactory(owner=alice)
    url = reverse("reviews:edit", kwargs={"interview_pk": interview.pk})

    def post(story_id):
        row = {"text": "Why us?", "theme": "Motivation", "comfort": "3", "story": story_id}
        return alice_client.post(url, review_post_data(questions=[row]))

    foreign, made_up = post(bobs_story.pk), post(987654)

    assert foreign.status_code == made_up.status_code == 200
    assert str(foreign.context["formset"].errors).replace(str(bobs_story.pk), "#") == str(
        made_up.context["formset"].errors
    ).replace("987654", "#")
    assert not Question.objects.filter(review__interview=interview).exists()


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.slow
@pytest.mark.parametrize("rows", [5, 500])
def test_story_pages_query_counts_are_pinned(alice_client, alice, rows):
    bulk_reviews(owner=alice, reviews=rows, questions_per_review=2)
    stories = bulk_stories(owner=alice, stories=rows)

    # session, user, count, page of stories, their themes
    assert queries(alice_client, reverse("reviews:stories")) == 5
    # session, user, story, its themes, where told, questions answered
    assert queries(alice_client, stories[0].get_absolute_url()) == 6
    assert PlanItem.objects.filter(story=stories[0]).exists()
