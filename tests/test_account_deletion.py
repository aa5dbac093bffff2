"""Deleting an account removes every row the person owns, of every owned model (plans,
stories, gut ratings included), and nothing of anyone else's."""

import pytest

from accounts.services import owned_models, user_delete
from tests.world import build_world

pytestmark = pytest.mark.django_db


def test_deleting_an_account_removes_exactly_its_rows(alice, bob):
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
