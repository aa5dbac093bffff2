"""The data migration turns each interview's old free-text intent into plan items, one per
non-blank line, every line kept."""

import importlib

import pytest
from django.apps import apps

from reviews.models import PlanItem
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("reviews.migrations.0003_intent_into_plan_items")

OLD = (
    "  Show how I led the billing migration; the story with the 30% saving\r\n"
    "\r\n"
    "- My experience scaling Django services\n"
    "Ask about on-call\n"
    "How big is the team?\n" + "A very long line, " * 16 + "\n   \n"
    "Café, 東京, مرحبا — written in any script\n"
)


def test_every_line_of_the_old_text_becomes_a_plan_item(alice, bob):
    mine = InterviewFactory(owner=alice, intent=OLD)
    empty = InterviewFactory(owner=alice, intent="")
    bobs = InterviewFactory(owner=bob, intent="Bob's only line")

    migration.copy_intent_into_plans(apps, None)

    items = list(mine.plan_items.order_by("position"))
    expected = [line.strip() for line in OLD.splitlines() if line.strip()]
    assert [i.text for i in items] == expected
    # Kept whole. (Lines over 300 characters, which a plan item holds since, are cut with
    # a mark by the later 0004_text_limits: tests/test_text_limits_migration.py.)
    assert len(items) == 6 and len(items[4].text) > 250
    assert [i.kind for i in items] == ["story", "point", "question", "question", "point", "point"]
    assert not empty.plan_items.exists()
    assert list(bobs.plan_items.values_list("text", flat=True)) == ["Bob's only line"]
    # The interview keeps its text as it was: notes still read it.
    mine.refresh_from_db()
    assert mine.intent == OLD


def test_running_it_again_adds_nothing(alice):
    InterviewFactory(owner=alice, intent="One\nTwo")
    migration.copy_intent_into_plans(apps, None)
    migration.copy_intent_into_plans(apps, None)
    assert PlanItem.objects.count() == 2
