"""The JSON export carries every kind of row a person owns, and only theirs."""

import json

import pytest
from django.urls import reverse

from accounts.services import owned_models
from tests.auth import prove_it_is_me
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_export_has_a_section_per_owned_model_with_only_my_rows(alice_client, alice, bob):
    build_world(alice)
    build_world(bob)

    prove_it_is_me(alice_client, alice)
    data = json.loads(alice_client.post(reverse("accounts:export")).content)

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


@pytest.mark.slow
def test_export_says_how_i_sign_in_without_a_secret(alice_client, alice, bob):
    build_world(alice)
    build_world(bob)
    prove_it_is_me(alice_client, alice)

    response = alice_client.post(reverse("accounts:export"))
    sign_in = json.loads(response.content)["sign_in"]

    assert sign_in["email_addresses"] == [
        {"email": alice.email, "verified": True, "primary": True}
    ]
    kinds = sorted(f["type"] for f in sign_in["second_factors"])
    assert kinds == ["recovery_codes", "totp", "webauthn"]
    assert [p["provider"] for p in sign_in["connected_providers"]] == ["google"]
    assert "secret" not in response.content.decode().lower()
    assert bob.email not in response.content.decode()
