"""Security headers on what we serve."""

import pytest
from django.urls import reverse

from notes.services import notes_start_for_interview
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_html_pages_carry_the_content_security_policy(client):
    response = client.get(reverse("accounts:login"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_pdf_is_left_to_the_browsers_viewer(alice_client, alice):
    note = notes_start_for_interview(interview=InterviewFactory(owner=alice))[0]
    response = alice_client.get(reverse("notes:card_pdf", kwargs={"note_pk": note.pk}))

    assert response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response
