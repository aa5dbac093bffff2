import pytest
from django.urls import reverse

from reviews.forms import COMFORT_ERROR
from reviews.models import PlanItem, Question, Review
from reviews.tests.utils import make_review, review_post_data
from tests.factories import InterviewFactory, QuestionFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

THREE = [
    {
        "text": "Tell me about leading without authority.",
        "theme": "leadership ",
        "comfort": "2",
        "next_time": "Use the volunteer-fair story.",
    },
    {"text": "Design a rate limiter.", "theme": "Technical", "comfort": "5"},
    {
        "text": "What are your salary expectations?",
        "theme": "  SALARY",
        "comfort": "1",
        "next_time": "Know the band; say a range.",
    },
]


def edit_url(interview):
    return reverse("reviews:edit", kwargs={"interview_pk": interview.pk})


def test_new_review_opens_with_the_plan(alice_client, interview):
    PlanItem.objects.create(interview=interview, kind="story", text="The billing migration")
    PlanItem.objects.create(interview=interview, kind="question", text="How is on-call shared?")

    response = alice_client.get(edit_url(interview))

    html = response.content.decode()
    assert response.status_code == 200
    plan = html.split('id="section-plan"')[1].split("</fieldset>")[0]
    assert plan.index("The billing migration") < plan.index("How is on-call shared?")
    assert html.index('id="section-plan"') < html.index('id="section-went-well"')
    assert "Before the interview you said 4 / 5." in html
    assert '<option value="Culture fit">' in html  # suggested themes
    assert not Review.objects.exists()  # looking is not starting


def test_saving_halfway_keeps_everything_typed(alice_client, interview):
    data = review_post_data(
        action="draft",
        what_happened="",
        went_well="The migration story landed.",
        rapport="4",
        questions=[{"text": "Why us?"}, {"text": "Biggest failure?", "theme": "failure"}],
    )

    response = alice_client.post(edit_url(interview), data)

    assert response.status_code == 302
    review = Review.objects.get(interview=interview)
    assert review.status == Review.Status.DRAFT
    assert review.went_well == "The migration story landed."
    assert review.rapport == 4
    assert [(q.text, q.theme, q.comfort) for q in review.questions.all()] == [
        ("Why us?", "", None),
        ("Biggest failure?", "failure", None),
    ]
    interview.refresh_from_db()
    assert interview.review_done_at is None
    # Coming back shows it all again, with fresh blank rows to add more.
    html = alice_client.get(edit_url(interview)).content.decode()
    assert "The migration story landed." in html
    assert 'value="Biggest failure?"' in html
    assert 'name="questions-4-text"' in html


def test_complete_with_three_questions(alice_client, interview):
    data = review_post_data(action="complete", excitement_after="5", questions=THREE)

    response = alice_client.post(edit_url(interview), data)

    review = Review.objects.get(interview=interview)
    assert response.status_code == 302
    assert response["Location"] == review.get_absolute_url()
    assert review.is_completed and review.completed_at
    assert [(q.theme, q.theme_key) for q in review.questions.all()] == [
        ("Leadership", "leadership"),
        ("Technical", "technical"),
        ("Salary", "salary"),
    ]
    interview.refresh_from_db()
    assert interview.review_done_at is not None
    page = alice_client.get(review.get_absolute_url()).content.decode()
    assert "Design a rate limiter." in page
    assert "4 / 5 → 5 / 5 (+1)" in page


def test_completing_asks_for_more_and_loses_nothing(alice_client, interview):
    data = review_post_data(
        action="complete",
        what_happened="",
        takeaways="Great team.",
        questions=[
            {"text": "Tell me about a conflict.", "comfort": "3"},
            {"text": "Salary?", "theme": "Salary", "comfort": "1"},
        ],
    )

    response = alice_client.post(edit_url(interview), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert not Review.objects.exists()
    assert "Before completing, write a few words on what happened." in html
    assert "Before completing, say how excited you are now." in html
    assert "Give this question a theme" in html
    assert "This one was hard: write what you will do next time." in html
    assert "Great team." in html and 'value="Tell me about a conflict."' in html
    # The same answers save fine as a draft.
    response = alice_client.post(edit_url(interview), {**data, "action": "draft"})
    assert response.status_code == 302
    assert Review.objects.get().questions.count() == 2


def test_completing_needs_at_least_one_question(alice_client, interview):
    data = review_post_data(action="complete", excitement_after="3")

    response = alice_client.post(edit_url(interview), data)

    assert "Add at least one question you were asked" in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.slow
@pytest.mark.parametrize("comfort", ["0", "9", "lots"])
def test_comfort_out_of_range_is_refused_clearly(alice_client, interview, comfort):
    data = review_post_data(
        action="draft",
        went_well="Kept this.",
        questions=[
            {"text": "Walk me through your CV.", "theme": "Motivation", "comfort": comfort}
        ],
    )

    response = alice_client.post(edit_url(interview), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert COMFORT_ERROR in html
    assert "nothing you typed was lost" in html
    assert 'value="Walk me through your CV."' in html and "Kept this." in html
    assert not Review.objects.exists() and not Question.objects.exists()


def test_scorecard_rating_out_of_range_is_refused(alice_client, interview):
    data = review_post_data(action="draft", want_to_work_there="7")

    response = alice_client.post(edit_url(interview), data)

    assert "Pick a rating from 1 to 5." in response.content.decode()
    assert not Review.objects.exists()


def test_a_question_row_without_its_question_is_refused_blank_rows_skipped(
    alice_client, interview
):
    data = review_post_data(
        action="draft",
        questions=[{"text": "Real question?"}, {"theme": "Leadership", "comfort": "3"}],
        extra=3,
    )

    response = alice_client.post(edit_url(interview), data)

    html = response.content.decode()
    assert "Write the question you were asked, or clear this row." in html
    assert 'value="Real question?"' in html
    assert not Question.objects.exists()
    # Without the half-filled row, the blank rows are simply skipped.
    del data["questions-1-theme"], data["questions-1-comfort"]
    data["questions-1-theme"] = data["questions-1-comfort"] = ""
    assert alice_client.post(edit_url(interview), data).status_code == 302
    assert list(Question.objects.values_list("text", flat=True)) == ["Real question?"]


def test_edit_existing_questions_and_remove_one(alice_client, alice):
    review = make_review(
        owner=alice,
        starts_at=InterviewFactory.starts_at.function(),
        excitement_before=3,
        excitement_after=3,
        questions=[("Leadership", 2, "Plan"), ("Salary", 4, "")],
    )
    first, second = review.questions.all()
    data = review_post_data(
        action="complete",
        excitement_after="3",
        existing=[
            {"id": first.pk, "text": first.text, "theme": "Conflict", "comfort": "4"},
            {
                "id": second.pk,
                "text": second.text,
                "theme": "Salary",
                "comfort": "4",
                "DELETE": "on",
            },
        ],
    )

    response = alice_client.post(edit_url(review.interview), data)

    assert response.status_code == 302
    assert [(q.pk, q.theme, q.comfort) for q in review.questions.all()] == [
        (first.pk, "Conflict", 4)
    ]


def test_own_themes_keep_their_first_spelling(alice_client, alice):
    make_review(
        owner=alice, starts_at=InterviewFactory.starts_at.function(), questions=[("SQL", 3, "")]
    )
    interview = InterviewFactory(owner=alice)
    data = review_post_data(
        action="draft",
        questions=[
            {"text": "Joins?", "theme": " sql "},
            {"text": "Teams?", "theme": "Team  sport"},
        ],
    )

    alice_client.post(edit_url(interview), data)

    review = Review.objects.get(interview=interview)
    assert [(q.theme, q.theme_key) for q in review.questions.all()] == [
        ("SQL", "sql"),
        ("Team sport", "team sport"),
    ]
    html = alice_client.get(edit_url(interview)).content.decode()
    assert '<option value="SQL">' in html and '<option value="Team sport">' in html


def test_reopen_and_save_as_draft_undo_the_interviews_review(alice_client, alice):
    review = make_review(
        owner=alice,
        starts_at=InterviewFactory.starts_at.function(),
        excitement_after=4,
        questions=[("Leadership", 4, "")],
    )
    interview = review.interview
    interview.refresh_from_db()
    assert interview.review_done_at is not None

    response = alice_client.post(reverse("reviews:reopen", kwargs={"review_pk": review.pk}))

    assert response.status_code == 302
    review.refresh_from_db()
    interview.refresh_from_db()
    assert review.status == Review.Status.DRAFT and review.completed_at is None
    assert interview.review_done_at is None


def test_mark_a_strategy_practised_and_ignore_foreign_redirects(alice_client, alice):
    question = QuestionFactory(review__interview__owner=alice, next_time="Rehearse aloud")
    url = reverse("reviews:practised", kwargs={"question_pk": question.pk})

    response = alice_client.post(url, {"practised": "1", "next": "https://evil.example/"})

    assert response["Location"] == reverse("reviews:insights")
    question.refresh_from_db()
    assert question.practised_at is not None


def test_another_persons_review_is_404(bob_client, alice):
    question = QuestionFactory(review__interview__owner=alice)
    review = question.review
    urls = [
        reverse("reviews:edit", kwargs={"interview_pk": review.interview_id}),
        reverse("reviews:detail", kwargs={"review_pk": review.pk}),
    ]
    for url in urls:
        assert bob_client.get(url).status_code == 404
    data = review_post_data(action="complete", excitement_after="1", questions=THREE)
    assert bob_client.post(urls[0], data).status_code == 404
    assert review.questions.count() == 1


def test_review_list_shows_drafts_and_completed(alice_client, alice):
    make_review(owner=alice, starts_at=InterviewFactory.starts_at.function(), company="Acme")
    make_review(
        owner=alice,
        starts_at=InterviewFactory.starts_at.function(),
        company="Globex",
        complete=False,
    )
    html = alice_client.get(reverse("reviews:list")).content.decode()
    assert "Acme" in html and "Globex" in html and "Draft" in html


def test_the_page_as_rendered_saves_again_once_it_holds_questions(alice_client, interview):
    """Save a draft with questions, come back, and complete it from what the page shows:
    the saved rows must carry their hidden ids, or the second save fails with no visible
    error."""
    alice_client.post(
        edit_url(interview),
        review_post_data(action="draft", what_happened="It went long.", questions=THREE),
    )
    data = form_data(alice_client.get(edit_url(interview)).content.decode())
    assert data["questions-INITIAL_FORMS"] == "3"
    data.update(action="complete", excitement_after="4")

    response = alice_client.post(edit_url(interview), data)

    assert response.status_code == 302, response.context["formset"].errors
    review = Review.objects.get(interview=interview)
    assert review.is_completed
    assert review.questions.count() == 3


def test_the_review_records_what_happened_to_each_plan_item(alice_client, interview):
    told = PlanItem.objects.create(interview=interview, kind="story", text="Outage story")
    missed = PlanItem.objects.create(interview=interview, kind="point", text="Design docs")
    plan = [{"id": told.pk, "outcome": "told", "landed": "4"}, {"id": missed.pk}]

    incomplete = alice_client.post(
        edit_url(interview),
        review_post_data(action="complete", excitement_after="4", questions=THREE, plan=plan),
    )
    assert "Did this happen? Pick told, partly or not." in incomplete.content.decode()
    assert not Review.objects.exists()

    plan[1]["outcome"] = "not"
    response = alice_client.post(
        edit_url(interview),
        review_post_data(action="complete", excitement_after="4", questions=THREE, plan=plan),
    )

    assert response.status_code == 302
    told.refresh_from_db()
    missed.refresh_from_db()
    assert (told.outcome, told.landed, missed.outcome, missed.landed) == ("told", 4, "not", None)
    page = alice_client.get(response["Location"]).content.decode()
    assert page.index("Outage story") < page.index("What actually happened")


def test_submitting_the_same_review_twice_changes_nothing_the_second_time(alice_client, interview):
    data = review_post_data(action="complete", excitement_after="4", questions=THREE)

    first = alice_client.post(edit_url(interview), data)
    review = Review.objects.get()
    completed_at = review.completed_at
    second = alice_client.post(edit_url(interview), data)

    assert first.status_code == second.status_code == 302
    review.refresh_from_db()
    assert review.questions.count() == 3
    assert review.completed_at == completed_at and review.is_completed


def test_another_persons_plan_item_in_the_review_form_is_refused(alice_client, alice, bob):
    bobs = PlanItem.objects.create(interview=InterviewFactory(owner=bob), text="Bob's")
    mine = InterviewFactory(owner=alice)

    response = alice_client.post(
        edit_url(mine), review_post_data(plan=[{"id": bobs.pk, "outcome": "told"}])
    )

    bobs.refresh_from_db()
    assert bobs.outcome == "" and bobs.interview.owner == bob
    assert response.status_code == 200
    assert not Review.objects.filter(interview=mine).exists()


@pytest.mark.slow
@pytest.mark.parametrize("rows", [5, 500])
def test_review_page_query_count_is_pinned(alice_client, alice, rows):
    from reviews.tests.utils import bulk_reviews, bulk_stories

    bulk_reviews(owner=alice, reviews=rows, questions_per_review=2)
    bulk_stories(owner=alice, stories=rows)
    interview = InterviewFactory(owner=alice)
    for i in range(3):
        PlanItem.objects.create(interview=interview, text=f"Item {i}", position=i)
    review = make_review(owner=alice, starts_at=interview.starts_at, questions=[("SQL", 2, "x")])

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for url in (edit_url(interview), edit_url(review.interview), review.get_absolute_url()):
        with CaptureQueriesContext(connection) as captured:
            assert alice_client.get(url).status_code == 200
        counts.append(len(captured))
    # edit: session, user, the interview with its review and gut rating (and whether it
    # has a plan), story choices, plan items (only when it has some), theme labels (+ the
    # review's questions once there is one); the review's page: session, user, review,
    # plan items, gut rating, story made from it, questions
    assert counts == [6, 6, 7]
