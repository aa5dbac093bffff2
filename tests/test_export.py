"""The JSON export carries every kind of row a person owns, and only theirs."""

import json

import pytest
from django.urls import reverse

from accounts.services import owned_models
from tests.world import build_world

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_export_has_a_section_per_owned_model_with_only_my_rows(alice_client, alice, bob):
    build_world(alice)
    build_world(bob)

    data = json.loads(
        alice_client.post(reverse("accounts:export"), {"password": PASSWORD}).content
    )

    assert data["format_version"] >= 1
    for model in owned_models():
        if getattr(model, "exported", True) is False:
            assert model._meta.label_lower not in data
            continue
        mine = set(model._default_manager.for_user(alice).values_list("pk", flat=True))
        assert mine, f"build_world makes no {model.__name__}"
        assert {row["id"] for row in data[model._meta.label_lower]} == mine
    assert {
        "notes.thankyounote",
        "reviews.review",
        "reviews.question",
        "reminders.reminder",
    } <= set(data)
