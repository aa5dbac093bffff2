"""The review asks about the recruiter apart from the boss, and folds its sections so the
form is short until each is opened."""

import pytest
from django.urls import reverse

from reviews.models import Review
from reviews.tests.utils import review_post_data
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_rapport_with_the_recruiter_is_asked_apart_from_the_boss(alice_client, alice):
    interview = InterviewFactory(owner=alice, round="Recruiter screen", interviewers=[])
    url = reverse("reviews:edit", kwargs={"interview_pk": interview.pk})
    form = alice_client.get(url).content.decode()
    assert "Rapport with the recruiter (1–5)" in form
    assert "Rapport with the hiring manager (1–5)" in form

    response = alice_client.post(
        url,
        review_post_data(
            action="complete",
            excitement_after=4,
            rapport_recruiter=5,
            questions=[{"text": "Why us?", "theme": "Motivation", "comfort": "4"}],
        ),
    )
    assert response.status_code == 302
    review = Review.objects.get(interview=interview)
    assert review.rapport_recruiter == 5
    assert review.rapport is None and review.want_this_boss is None
    detail = alice_client.get(reverse("reviews:detail", kwargs={"review_pk": review.pk}))
    text = detail.content.decode()
    recruiter = text.split("Rapport with the recruiter</dt>", 1)[1].split("</dd>", 1)[0]
    boss = text.split("Rapport with the hiring manager</dt>", 1)[1].split("</dd>", 1)[0]
    assert "5" in recruiter and "—" in boss


def test_a_rapport_outside_1_to_5_is_refused(alice_client, alice):
    interview = InterviewFactory(owner=alice, interviewers=[])
    response = alice_client.post(
        reverse("reviews:edit", kwargs={"interview_pk": interview.pk}),
        review_post_data(action="draft", rapport_recruiter=9),
    )
    assert response.status_code in (200, 400)
    assert not Review.objects.filter(interview=interview).exists()
