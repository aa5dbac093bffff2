"""Account-level work: exporting everything a person owns, and deleting them."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import logout
from django.core import serializers
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import PERSONAL_FIELDS, REMINDER_PREFERENCE_FIELDS, User
from accounts.signals import profile_changed

PROFILE_FIELDS = ("email", *PERSONAL_FIELDS, *REMINDER_PREFERENCE_FIELDS, "date_joined")


def owned_models() -> list[type]:
    """Every model of ours whose manager can scope rows to a person (``for_user``).

    Export and the ownership tests both rely on this: a new owned model is covered by
    giving its manager ``for_user``, which every owned model must have anyway.
    """
    project_root = str(settings.BASE_DIR)
    return [
        model
        for config in apps.get_app_configs()
        if config.path.startswith(project_root)
        for model in config.get_models()
        if hasattr(model._default_manager, "for_user")
    ]


def user_export_data(*, user: User) -> dict[str, Any]:
    """All of a person's data as JSON-ready Python: their profile and every owned row."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "profile": {name: getattr(user, name) for name in PROFILE_FIELDS},
    }
    data["profile"]["date_joined"] = user.date_joined.isoformat()
    for model in owned_models():
        rows = model._default_manager.for_user(user).order_by("pk")
        data[model._meta.label_lower] = [
            {"id": row["pk"], **row["fields"]} for row in serializers.serialize("python", rows)
        ]
    return data


@transaction.atomic
def profile_update(*, form) -> User:
    """Saves the profile form and tells the apps that follow a person what changed.

    Receivers run in this transaction: a changed time zone or reminder preference moves the
    reminders already planned at once, or nothing is saved.
    """
    user = form.save()
    profile_changed.send(sender=User, user=user, changed=frozenset(form.changed_data))
    return user


@transaction.atomic
def user_delete(*, user: User, request: HttpRequest | None = None) -> None:
    """Deletes the person and, through the owner foreign keys, everything they own."""
    if request is not None:
        logout(request)
    user.delete()
