"""Deleting an account takes every row the person owns in every app, and nobody else's."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.urls import reverse

from accounts.models import User
from accounts.services import owned_models, user_delete
from interviews.models import Company, Contact, Interview
from tests.auth import reauthenticate
from tests.factories import InterviewFactory
from tests.world import build_world

pytestmark = pytest.mark.django_db

SIGN_IN_MODELS = (EmailAddress, Authenticator, SocialAccount, UserSession)


def test_delete_account_needs_password_and_removes_everything(alice_client, alice, bob):
    InterviewFactory(owner=alice)
    InterviewFactory(owner=bob)
    url = reverse("accounts:delete")

    asked = alice_client.post(url)
    assert asked.status_code == 302 and "reauthenticate" in asked["Location"]
    wrong = reauthenticate(alice_client, "nope")
    assert wrong.status_code == 200
    assert User.objects.filter(pk=alice.pk).exists()

    reauthenticate(alice_client)
    response = alice_client.post(url)

    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert Interview.objects.count() == Company.objects.count() == 1
    assert Contact.objects.filter(owner=bob).count() == 2
    assert alice_client.get(reverse("interviews:dashboard")).status_code == 302


@pytest.mark.slow
def test_deleting_an_account_removes_exactly_its_rows_of_every_owned_model(alice, bob):
    build_world(alice)
    build_world(bob)
    bobs_before = {
        m._meta.label: set(m._default_manager.for_user(bob).values_list("pk", flat=True))
        for m in owned_models()
    }
    assert all(bobs_before.values())

    alice_pk = alice.pk
    user_delete(user=alice)

    for model in owned_models():
        remaining = set(model._default_manager.values_list("pk", flat=True))
        assert remaining == bobs_before[model._meta.label], model._meta.label
    for model in SIGN_IN_MODELS:  # allauth's rows go with the person too
        assert not model.objects.filter(user_id=alice_pk).exists(), model.__name__
        assert model.objects.filter(user=bob).exists(), model.__name__
