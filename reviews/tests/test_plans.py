"""The plan of an interview: what carries over into it, in which order, what never does,
and what bad input gets."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import Company
from reviews.models import PLAN_TEXT_MAX, PlanItem, Story, StoryTheme
from reviews.plans import carry_candidates, story_suggestions
from reviews.services import (
    PlanError,
    plan_carry,
    plan_dismiss,
    plan_item_add,
    plan_item_move,
    plan_item_remove,
    review_save,
)
from reviews.tests.utils import bulk_reviews, bulk_stories, make_review
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def interview_at(owner, company, days, role="Backend Engineer"):
    return InterviewFactory(
        owner=owner,
        company=Company.objects.get_or_create(owner=owner, name=company)[0],
        starts_at=NOW + timedelta(days=days),
        role=role,
        interviewers=[],
    )


def reviewed(owner, company, days, items, questions=(), complete=True):
    """An interview ``days`` from now with plan items (kind, text, outcome) and a review."""
    interview = interview_at(owner, company, days)
    made = []
    for kind, text, outcome in items:
        item = plan_item_add(interview=interview, kind=kind, text=text)
        item.outcome = outcome
        made.append(item)
    from reviews.models import Question

    review_save(
        interview=interview,
        fields={"what_happened": "It happened."},
        questions=[
            Question(text=t, theme=th, comfort=c, next_time=n) for t, th, c, n in questions
        ],
        plan_items=made,
        complete=complete,
    )
    return interview


def texts(candidates):
    return [c.text for c in candidates]


def test_carry_over_picks_not_told_items_and_open_strategies_same_company_first(alice):
    reviewed(alice, "Globex", -3, [("story", "Globex: the outage story", "not")])
    reviewed(
        alice,
        "Acme",
        -20,
        [
            ("story", "Acme 1: the billing migration", "told"),
            ("point", "Acme 1: I like written design docs", "not"),
            ("question", "Acme 1: how is on-call shared?", "partly"),
            ("point", "Acme 1: partly made point", "partly"),
        ],
        questions=[("Salary?", "Salary", 1, "Acme 1: know the band")],
    )
    reviewed(alice, "Acme", -10, [("question", "Acme 2: who would I work with?", "not")])
    reviewed(alice, "Initech", -1, [("point", "Draft only", "not")], complete=False)
    later = reviewed(alice, "Acme", 5, [("point", "After the target", "not")])
    target = interview_at(alice, "Acme", 2)
    assert later.starts_at > target.starts_at

    candidates = carry_candidates(interview=target)

    assert texts(candidates) == [
        # Same company, latest interview first; within one, plan order, then strategies.
        "Acme 2: who would I work with?",
        "Acme 1: I like written design docs",
        "Acme 1: how is on-call shared?",
        "Acme 1: know the band",
        # Then any other company.
        "Globex: the outage story",
    ]
    assert [c.same_company for c in candidates] == [True, True, True, True, False]
    assert candidates[3].kind == PlanItem.Kind.STRATEGY and candidates[3].question_pk


def test_a_told_item_never_carries(alice):
    reviewed(alice, "Acme", -5, [("story", "Told it", "told"), ("point", "Partly", "partly")])
    assert carry_candidates(interview=interview_at(alice, "Acme", 1)) == []


def test_carried_items_are_offered_once_and_again_if_removed(alice):
    reviewed(alice, "Acme", -5, [("story", "The outage story", "not")])
    round_two = interview_at(alice, "Acme", 1)
    other = interview_at(alice, "Globex", 3)
    source = carry_candidates(interview=round_two)[0]

    item = plan_carry(interview=round_two, item=PlanItem.objects.get(pk=source.item_pk))
    again = plan_carry(interview=round_two, item=PlanItem.objects.get(pk=source.item_pk))

    assert item == again and round_two.plan_items.count() == 1
    assert item.carried_from_id == source.item_pk
    assert carry_candidates(interview=round_two) == []
    assert carry_candidates(interview=other) == []
    plan_item_remove(item=item)
    assert texts(carry_candidates(interview=other)) == ["The outage story"]


def test_not_told_again_carries_on_from_the_latest_plan(alice):
    first = reviewed(alice, "Acme", -10, [("story", "The outage story", "not")])
    second = interview_at(alice, "Acme", -5)
    carried = plan_carry(interview=second, item=first.plan_items.get())
    carried.outcome = "not"
    review_save(
        interview=second,
        fields={"what_happened": "x"},
        plan_items=[carried],
        complete=True,
    )

    candidates = carry_candidates(interview=interview_at(alice, "Acme", 1))

    assert [(c.text, c.item_pk) for c in candidates] == [("The outage story", carried.pk)]


def test_dismissing_is_permanent(alice):
    reviewed(
        alice,
        "Acme",
        -5,
        [("story", "Dismiss me", "not"), ("point", "Keep me", "not")],
        questions=[("Salary?", "Salary", 1, "Dismissed strategy")],
    )
    target = interview_at(alice, "Acme", 1)
    by_text = {c.text: c for c in carry_candidates(interview=target)}
    item = PlanItem.objects.get(pk=by_text["Dismiss me"].item_pk)

    plan_dismiss(item=item)
    plan_dismiss(item=item)  # twice: a no-op
    from reviews.models import Question

    plan_dismiss(question=Question.objects.get(pk=by_text["Dismissed strategy"].question_pk))
    # More reviews later, another interview later still: it never comes back.
    reviewed(alice, "Acme", -2, [("point", "Newer", "not")])
    for interview in (target, interview_at(alice, "Globex", 30)):
        assert texts(carry_candidates(interview=interview)) == ["Newer", "Keep me"]


def test_plan_text_is_bounded_and_never_empty(alice):
    interview = interview_at(alice, "Acme", 1)
    with pytest.raises(PlanError):
        plan_item_add(interview=interview, kind="point", text="   \n ")
    with pytest.raises(PlanError):
        plan_item_add(interview=interview, kind="point", text="x" * (PLAN_TEXT_MAX + 1))
    with pytest.raises(PlanError):
        plan_item_add(interview=interview, kind="nonsense", text="x")
    assert not interview.plan_items.exists()


def test_the_plan_is_kept_in_words_on_the_interview(alice):
    interview = interview_at(alice, "Acme", 1)
    first = plan_item_add(interview=interview, kind="story", text="The outage story")
    plan_item_add(interview=interview, kind="question", text="Who is on call?")

    plan_item_move(item=first, up=False)

    interview.refresh_from_db()
    assert interview.intent == "Who is on call?\nThe outage story"


def test_stories_suggested_for_likely_and_weak_themes(alice):
    make_review(
        owner=alice,
        starts_at=NOW - timedelta(days=9),
        company="Other",
        questions=[("Salary", 1, ""), ("Technical", 5, ""), ("Technical", 5, "")],
    )
    target = interview_at(alice, "Acme", 1, role="Engineering Manager")

    def story(title, *themes):
        made = Story.objects.create(owner=alice, title=title)
        for theme in themes:
            StoryTheme.objects.create(story=made, theme=theme, theme_key=theme.casefold())
        return made

    story("Pay talk", "Salary")
    story("Led the team", "Leadership", "Conflict")
    story("Unrelated", "Cooking")
    in_plan = story("Already planned", "Leadership")
    plan_item_add(interview=target, kind="story", text="x", story=in_plan)

    suggestions, likely, weak = story_suggestions(interview=target, exclude_story_pks=[in_plan.pk])

    assert [s.title for s in suggestions] == ["Pay talk", "Led the team"]
    assert suggestions[0].weak == ["Salary"]
    assert {"leadership", "conflict", "behavioural"} <= set(likely)
    assert "salary" in weak and "technical" not in weak


# Pages.


def plan_url(interview):
    return reverse("reviews:plan", kwargs={"interview_pk": interview.pk})


def test_plan_page_adds_items_and_refuses_bad_ones_clearly(alice_client, alice):
    interview = interview_at(alice, "Acme", 1)
    url = plan_url(interview)

    response = alice_client.post(url, {"kind": "story", "text": "  The outage story  "})
    assert response.status_code == 302
    empty = alice_client.post(url, {"kind": "point", "text": "   "})
    long = alice_client.post(url, {"kind": "point", "text": "y" * 5000})

    assert empty.status_code == long.status_code == 200
    assert "Write a few words for the item" in empty.content.decode()
    assert f"Keep an item to {PLAN_TEXT_MAX} characters" in long.content.decode()
    assert 'value="' + "y" * 100 in long.content.decode()  # what was typed is still there
    assert list(interview.plan_items.values_list("text", flat=True)) == ["The outage story"]


def test_plan_items_for_another_persons_interview_or_story_are_refused(alice_client, alice, bob):
    bobs = interview_at(bob, "Bob Corp", 1)
    bobs_story = Story.objects.create(owner=bob, title="Bob's story")
    mine = interview_at(alice, "Acme", 1)

    assert alice_client.post(plan_url(bobs), {"kind": "point", "text": "x"}).status_code == 404
    foreign = alice_client.post(
        plan_url(mine), {"kind": "story", "text": "x", "story": bobs_story.pk}
    )
    made_up = alice_client.post(plan_url(mine), {"kind": "story", "text": "x", "story": 987654})

    assert foreign.status_code == made_up.status_code == 200
    assert str(foreign.context["form"].errors).replace(str(bobs_story.pk), "#") == str(
        made_up.context["form"].errors
    ).replace("987654", "#")
    assert not PlanItem.objects.exists()


def test_carrying_or_dismissing_another_persons_item_is_a_404(alice_client, alice, bob):
    bobs = reviewed(bob, "Bob Corp", -3, [("point", "Bob's point", "not")])
    mine = interview_at(alice, "Acme", 1)
    bobs_item = bobs.plan_items.get()
    carry = reverse("reviews:plan_carry", kwargs={"interview_pk": mine.pk})

    assert alice_client.post(carry, {"item": bobs_item.pk}).status_code == 404
    assert alice_client.post(carry, {"item": "nonsense"}).status_code == 404
    dismiss = reverse("reviews:plan_item_dismiss", kwargs={"planitem_pk": bobs_item.pk})
    assert alice_client.post(dismiss).status_code == 404
    bobs_item.refresh_from_db()
    assert bobs_item.carry_dismissed_at is None and not mine.plan_items.exists()


def test_plan_page_carries_over_with_one_click(alice_client, alice):
    reviewed(alice, "Acme", -3, [("point", "Say the numbers", "not")])
    target = interview_at(alice, "Acme", 1)
    html = alice_client.get(plan_url(target)).content.decode()
    assert "Say the numbers" in html.split('id="carry"')[1]

    alice_client.post(
        reverse("reviews:plan_carry", kwargs={"interview_pk": target.pk}), {"all": "1"}
    )

    html = alice_client.get(plan_url(target)).content.decode()
    assert "Say the numbers" in html.split('id="plan-items"')[1].split('id="carry"')[0]
    assert "Nothing waiting" in html


def page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.slow
@pytest.mark.parametrize("rows", [5, 500])
def test_plan_page_query_count_is_pinned(alice_client, alice, rows):
    bulk_reviews(owner=alice, reviews=rows, questions_per_review=2, companies=3)
    bulk_stories(owner=alice, stories=rows)
    target = interview_at(alice, "Bulk employer 0", 1)
    for i in range(3):
        plan_item_add(
            interview=target, kind="story", text=f"Item {i}", story=Story.objects.first()
        )

    # session, user, interview, story choices, items, 2 carry-over, likely themes,
    # weak themes, stories for the themes
    assert page_queries(alice_client, plan_url(target)) == 10


def test_a_carried_strategy_used_in_the_next_interview_is_practised(alice):
    from reviews.models import Question

    reviewed(alice, "Acme", -5, [], questions=[("Salary?", "Salary", 1, "Know the band")])
    question = Question.objects.get()
    target = interview_at(alice, "Acme", -1)
    item = plan_carry(interview=target, question=question)
    item.outcome = "told"

    review_save(interview=target, fields={"what_happened": "x"}, plan_items=[item], complete=True)

    question.refresh_from_db()
    assert question.practised_at is not None
    assert carry_candidates(interview=interview_at(alice, "Acme", 3)) == []
