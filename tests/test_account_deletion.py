"""Deleting an account takes every row the person owns in every app, and nobody else's."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.services import owned_models, user_delete
from interviews.models import Company, Contact, Interview
from tests.factories import InterviewFactory
from tests.world import build_world

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


def test_deleting_an_account_removes_exactly_its_rows_of_every_owned_model(alice, bob):
    build_world(alice)
    build_world(bob)
    bobs_before = {
        m._meta.label: set(m._default_manager.for_user(bob).values_list("pk", flat=True))
        for m in owned_models()
    }
    assert all(bobs_before.values())

    user_delete(user=alice)

    for model in owned_models():
        remaining = set(model._default_manager.values_list("pk", flat=True))
        assert remaining == bobs_before[model._meta.label], model._meta.label
