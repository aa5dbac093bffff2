"""Deleting an account takes every row the person owns in every app, and nobody else's."""

import pytest
from django.urls import reverse

from accounts.models import User
from interviews.models import Company, Contact, Interview
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_delete_account_needs_password_and_removes_everything(alice_client, alice, bob):
    InterviewFactory(owner=alice)
    InterviewFactory(owner=bob)
    url = reverse("accounts:delete")

    wrong = alice_client.post(url, {"password": "nope"})
    assert "That is not your password." in wrong.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()

    response = alice_client.post(url, {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert Interview.objects.count() == Company.objects.count() == 1
    assert Contact.objects.filter(owner=bob).count() == 2
    assert alice_client.get(reverse("interviews:dashboard")).status_code == 302
