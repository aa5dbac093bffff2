"""Ids of another person's rows sent in a form body are refused, like a made-up id.

``test_ownership.py`` sweeps the ids in URLs. These are the ids it cannot see: the ones a
form posts (an interviewer, a company, a question of the review formset, a recipient).
Each must be refused without changing anything, and without telling "someone else's row"
apart from "no such row" (that would let a person probe which ids exist).
"""

import pytest
from django.core import serializers
from django.urls import reverse

from accounts.services import owned_models
from interviews.models import Interview
from interviews.tests.test_views import interview_post_data
from notes.services import notes_start_for_interview
from reviews.models import Question, Review
from reviews.tests.utils import review_post_data
from tests.factories import CompanyFactory, ContactFactory, InterviewFactory, QuestionFactory
from tests.world import build_world

pytestmark = pytest.mark.django_db

NO_SUCH_ID = 987_654


def snapshot(user) -> str:
    rows = []
    for model in owned_models():
        rows.extend(model._default_manager.for_user(user).order_by("pk"))
    return serializers.serialize("json", rows)


def refusal(response, posted_id) -> tuple[int, str]:
    """The status and the form errors, with the posted id masked (messages quote it)."""
    errors = []
    for name in ("form", "formset", "filters"):
        if response.context is not None and name in response.context:
            form = response.context[name]
            errors.append(form.errors)
            if hasattr(form, "non_form_errors"):
                errors.append(form.non_form_errors())
    return response.status_code, str(errors).replace(str(posted_id), "<id>")


@pytest.mark.slow
def test_the_review_formset_refuses_another_persons_question(client, alice, bob):
    build_world(alice)
    alices_question = QuestionFactory(review__interview__owner=alice, text="Alice's question")
    bobs_interview = InterviewFactory(owner=bob)
    QuestionFactory(review__interview=bobs_interview, text="Bob's question")
    url = reverse("reviews:edit", kwargs={"interview_pk": bobs_interview.pk})
    client.force_login(bob)
    alice_before, bob_before = snapshot(alice), snapshot(bob)

    def post(question_id, **row):
        row = {"id": question_id, "text": "Rewritten", "theme": "Salary", "comfort": "3", **row}
        return client.post(url, review_post_data(existing=[row]))

    foreign = post(alices_question.pk)
    made_up = post(NO_SUCH_ID)

    assert foreign.status_code == 200, "a foreign question id must not be saved"
    assert refusal(foreign, alices_question.pk) == refusal(made_up, NO_SUCH_ID)
    assert snapshot(alice) == alice_before
    assert snapshot(bob) == bob_before

    # A row marked for removal is not validated; it must still remove nothing of alice's.
    foreign_delete = post(alices_question.pk, DELETE="on")
    made_up_delete = post(NO_SUCH_ID, DELETE="on")

    assert foreign_delete.status_code == made_up_delete.status_code
    assert snapshot(alice) == alice_before
    assert list(Question.objects.for_user(bob).values_list("text", flat=True)) == [
        "Bob's question"
    ]


def test_a_new_review_refuses_another_persons_question(client, alice, bob):
    alices_question = QuestionFactory(review__interview__owner=alice)
    bobs_interview = InterviewFactory(owner=bob)  # no review yet
    client.force_login(bob)
    alice_before = snapshot(alice)

    response = client.post(
        reverse("reviews:edit", kwargs={"interview_pk": bobs_interview.pk}),
        review_post_data(existing=[{"id": alices_question.pk, "text": "Mine now"}]),
    )

    assert response.status_code == 200
    assert not Review.objects.filter(interview=bobs_interview).exists()
    assert snapshot(alice) == alice_before


@pytest.mark.slow
@pytest.mark.parametrize("editing", [False, True], ids=["new interview", "edit"])
def test_the_interview_form_refuses_another_persons_contact(client, alice, bob, editing):
    alices_contact = ContactFactory(owner=alice)
    bobs_interview = InterviewFactory(owner=bob)
    url = (
        reverse("interviews:edit", kwargs={"interview_pk": bobs_interview.pk})
        if editing
        else reverse("interviews:create")
    )
    client.force_login(bob)
    alice_before, bob_before = snapshot(alice), snapshot(bob)

    foreign = client.post(url, interview_post_data(interviewers=[alices_contact.pk]))
    made_up = client.post(url, interview_post_data(interviewers=[NO_SUCH_ID]))

    assert foreign.status_code == 200
    assert refusal(foreign, alices_contact.pk) == refusal(made_up, NO_SUCH_ID)
    assert snapshot(alice) == alice_before
    assert snapshot(bob) == bob_before
    assert not Interview.objects.filter(owner=bob, interviewers=alices_contact).exists()


def test_a_contact_cannot_be_filed_under_another_persons_company(client, alice, bob):
    alices_company = CompanyFactory(owner=alice)
    bobs_contact = ContactFactory(owner=bob)
    url = reverse("interviews:contact_edit", kwargs={"contact_pk": bobs_contact.pk})
    client.force_login(bob)
    bob_before = snapshot(bob)
    data = {"name": "Renamed", "title": "", "email": "", "postal_address": "", "notes": ""}

    foreign = client.post(url, {**data, "company": alices_company.pk})
    made_up = client.post(url, {**data, "company": NO_SUCH_ID})

    assert foreign.status_code == 200
    assert refusal(foreign, alices_company.pk) == refusal(made_up, NO_SUCH_ID)
    assert snapshot(bob) == bob_before


def test_the_interview_list_filter_ignores_another_persons_company(client, alice, bob):
    alices = InterviewFactory(owner=alice, company__name="Alice Employer")
    InterviewFactory(owner=bob, company__name="Bob Employer")
    client.force_login(bob)

    foreign = client.get(reverse("interviews:list"), {"company": alices.company_id})
    made_up = client.get(reverse("interviews:list"), {"company": NO_SUCH_ID})

    assert refusal(foreign, alices.company_id) == refusal(made_up, NO_SUCH_ID)
    html = foreign.content.decode()
    assert "Bob Employer" in html
    assert "Alice Employer" not in html


def test_a_note_cannot_be_readdressed_to_another_persons_contact(client, alice, bob):
    alices_contact = ContactFactory(owner=alice)
    note = notes_start_for_interview(interview=InterviewFactory(owner=bob))[0]
    client.force_login(bob)

    client.post(
        reverse("notes:compose", kwargs={"note_pk": note.pk}),
        {
            "salutation": "Dear you,",
            "body": "Thanks.",
            "closing": "Best,",
            "signature": "Bob",
            "card_format": "a6",
            "typeface": "serif",
            "recipient": alices_contact.pk,
            "interview": NO_SUCH_ID,
        },
    )

    note.refresh_from_db()
    assert note.body == "Thanks."
    assert (note.recipient.owner, note.interview.owner) == (bob, bob)
