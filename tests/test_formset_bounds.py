"""Every formset is bounded: a form that claims a huge number of rows is answered at once
with a clear error, a page of at most as many rows as a person could add, and nothing saved."""

import pytest
from django.urls import reverse

from interviews.forms import MAX_NEW_INTERVIEWERS, NewInterviewerFormSet
from interviews.invite_forms import InvitePeopleFormSet
from interviews.models import Contact, Interview
from interviews.tests.test_views import interview_post_data
from reviews.forms import MAX_QUESTIONS, PlanOutcomeFormSet, QuestionFormSet
from reviews.models import PLAN_MAX_ITEMS, PlanItem, Review
from reviews.tests.utils import review_post_data

pytestmark = pytest.mark.django_db

HUGE = "100000"


@pytest.mark.parametrize(
    "formset, most",
    [
        (QuestionFormSet, MAX_QUESTIONS),
        (PlanOutcomeFormSet, PLAN_MAX_ITEMS),
        (NewInterviewerFormSet, MAX_NEW_INTERVIEWERS),
        (InvitePeopleFormSet, 12),
    ],
)
def test_no_formset_builds_more_forms_than_a_person_could_add(formset, most):
    assert formset.validate_max
    assert formset.max_num == most
    assert formset.absolute_max == most


def _rows(html: str, prefix: str) -> int:
    """How many rows of the formset the page draws (one text field each)."""
    field = {"questions": "text", "new": "name"}[prefix]
    return sum(f'name="{prefix}-{i}-{field}"' in html for i in range(int(HUGE) // 100))


@pytest.mark.slow
def test_a_review_claiming_100000_questions_is_refused_with_a_short_page(alice_client, interview):
    data = review_post_data(action="draft", went_well="Kept.", questions=[{"text": "Why us?"}]) | {
        "questions-TOTAL_FORMS": HUGE
    }

    response = alice_client.post(
        reverse("reviews:edit", kwargs={"interview_pk": interview.pk}), data
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f"A review holds at most {MAX_QUESTIONS} questions." in html
    assert "Why us?" in html  # what was typed is shown again
    assert _rows(html, "questions") <= MAX_QUESTIONS
    assert len(response.content) < 400_000
    assert not Review.objects.exists()


@pytest.mark.slow
def test_a_review_claiming_100000_plan_items_is_refused(alice_client, interview):
    item = PlanItem.objects.create(interview=interview, kind="story", text="The migration")
    data = review_post_data(action="draft", plan=[{"id": item.pk, "outcome": "told"}]) | {
        "plan-TOTAL_FORMS": HUGE,
        "plan-INITIAL_FORMS": HUGE,
    }

    response = alice_client.post(
        reverse("reviews:edit", kwargs={"interview_pk": interview.pk}), data
    )

    assert response.status_code == 200
    assert f"A plan holds at most {PLAN_MAX_ITEMS} items." in response.content.decode()
    item.refresh_from_db()
    assert item.outcome == "" and not Review.objects.exists()


def test_an_interview_form_claiming_100000_new_interviewers_is_refused_with_a_short_page(
    alice_client, alice
):
    data = interview_post_data(**{"new-TOTAL_FORMS": HUGE})

    response = alice_client.post(reverse("interviews:create"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Add at most {MAX_NEW_INTERVIEWERS} interviewers at a time." in html
    assert _rows(html, "new") <= MAX_NEW_INTERVIEWERS
    assert len(response.content) < 400_000
    assert not Interview.objects.exists() and not Contact.objects.exists()
