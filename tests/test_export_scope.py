"""The data export carries every row a person owns, of every owned model, and no other."""

import json

import pytest
from django.urls import reverse

from accounts.services import owned_models
from tests.auth import prove_it_is_me
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_export_is_exactly_my_rows_of_every_owned_model(client, alice, bob):
    build_world(alice)
    build_world(bob)
    client.force_login(alice)

    prove_it_is_me(client, alice)
    data = json.loads(client.post(reverse("accounts:export")).content)

    for model in owned_models():
        label = model._meta.label_lower
        if getattr(model, "exported", True) is False:
            assert label not in data  # a record of work on the data (an import), not data
            continue
        mine = set(model._default_manager.for_user(alice).values_list("pk", flat=True))
        assert mine, f"build_world makes no {label}"
        assert {row["id"] for row in data[label]} == mine, label
    my_contacts = {row["id"] for row in data["interviews.contact"]}
    for interview in data["interviews.interview"]:
        assert set(interview["interviewers"]) <= my_contacts
    assert "bob@example.com" not in json.dumps(data)
