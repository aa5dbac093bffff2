"""What a person sees when a request goes wrong: a page of ours, or JSON for scripts."""

import pytest
from django.test import Client
from django.urls import reverse

from notes.tests.test_views import form_data
from tests.factories import ContactFactory, InterviewFactory, ThankYouNoteFactory

pytestmark = pytest.mark.django_db

FIVE_MB = "x" * (5 * 1024 * 1024)


@pytest.fixture
def note(alice):
    grace = ContactFactory(owner=alice, name="Grace Hopper")
    interview = InterviewFactory(owner=alice, interviewers=[grace])
    return ThankYouNoteFactory(interview=interview, recipient=grace)


def test_a_5_mb_post_gets_a_friendly_page(alice_client, alice):
    response = alice_client.post(reverse("interviews:create"), {"learned": FIVE_MB})

    html = response.content.decode()
    assert response.status_code == 400
    assert "That was too much at once" in html
    assert "more than we accept in one go (2.5 MB). Nothing was saved" in html
    assert 'href="/"' in html and "<nav" in html  # our page, with the way back


@pytest.mark.parametrize("ajax", [True, False], ids=["from-the-script", "bare"])
def test_fit_check_answers_json_for_a_5_mb_post(alice_client, note, ajax):
    headers = {"X-Requested-With": "fetch"} if ajax else {}
    response = alice_client.post(
        reverse("notes:fit", kwargs={"note_pk": note.pk}),
        form_data(note, body=FIVE_MB),
        headers=headers,
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["fits"] is False
    assert "more than we accept" in response.json()["message"]


def test_fit_check_answers_json_for_a_stranger_and_a_missing_csrf_token(bob, note):
    url = reverse("notes:fit", kwargs={"note_pk": note.pk})
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    missing_token = client.post(url, form_data(note))
    assert missing_token.status_code == 403
    assert missing_token["Content-Type"] == "application/json"

    stranger = Client()
    stranger.force_login(bob)
    not_theirs = stranger.post(url, form_data(note))
    assert not_theirs.status_code == 404
    assert not_theirs.json() == {"ok": False, "message": "Not found."}


def test_other_pages_keep_their_html_404(bob_client, note):
    response = bob_client.get(reverse("notes:compose", kwargs={"note_pk": note.pk}))

    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()
