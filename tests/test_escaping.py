"""Whatever a person types is shown as text on every page, never run as markup."""

import pytest
from django.urls import reverse

from notes.services import notes_start_for_interview
from tests.factories import ContactFactory, InterviewFactory, QuestionFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("owned")</script><img src=x onerror=alert(1)>'


@pytest.mark.slow
def test_hostile_text_is_escaped_everywhere(alice_client, alice):
    contact = ContactFactory(owner=alice, name=HOSTILE, title=HOSTILE, email="x@example.com")
    interview = InterviewFactory(
        owner=alice,
        company__name=HOSTILE,
        role=HOSTILE,
        location=HOSTILE,
        round=HOSTILE,
        intent=HOSTILE,
        learned=HOSTILE,
        interviewers=[contact],
    )
    note = notes_start_for_interview(interview=interview)[0]
    QuestionFactory(review__interview=interview, text=HOSTILE, theme=HOSTILE, next_time=HOSTILE)
    review = interview.review
    urls = [
        reverse("interviews:dashboard"),
        reverse("interviews:list"),
        reverse("interviews:people"),
        contact.get_absolute_url(),
        interview.get_absolute_url(),
        reverse("interviews:edit", kwargs={"interview_pk": interview.pk}),
        reverse("notes:compose", kwargs={"note_pk": note.pk}),
        reverse("reviews:edit", kwargs={"interview_pk": interview.pk}),
        reverse("reviews:detail", kwargs={"review_pk": review.pk}),
        reverse("reviews:list"),
        reverse("reviews:insights"),
    ]

    for url in urls:
        response = alice_client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert "&lt;script&gt;alert" in html, url
