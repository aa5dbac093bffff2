"""Account-level work: exporting everything a person owns, and deleting them. (Signing up
and in is django-allauth's; see accounts/adapter.py.)"""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import logout
from django.core import serializers
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import PERSONAL_FIELDS, REMINDER_PREFERENCE_FIELDS, User
from accounts.signals import profile_changed

PROFILE_FIELDS = ("email", *PERSONAL_FIELDS, *REMINDER_PREFERENCE_FIELDS, "date_joined")

# What an export says it is, so the import knows which shape it reads. Version 1 added
# these two keys; a file without them is version 0 (the same sections, published before).
EXPORT_FORMAT = "afterview-export"
EXPORT_FORMAT_VERSION = 1


def owned_models() -> list[type[models.Model]]:
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
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": {name: getattr(user, name) for name in PROFILE_FIELDS},
    }
    data["profile"]["date_joined"] = user.date_joined.isoformat()
    data["sign_in"] = _sign_in_data(user)
    for model in owned_models():
        if getattr(model, "exported", True) is False:
            continue  # a record of work done on the data (an import), not the data
        manager: Any = model._default_manager  # has for_user: owned_models() checked
        rows = manager.for_user(user).order_by("pk")
        data[model._meta.label_lower] = [
            {"id": row["pk"], **row["fields"]} for row in serializers.serialize("python", rows)
        ]
    return data


def _sign_in_data(user: User) -> dict[str, Any]:
    """How the person signs in, without a secret: addresses, second factors (kind and
    dates, never a key or code), connected providers and signed-in sessions."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from allauth.usersessions.models import UserSession

    return {
        "email_addresses": list(
            EmailAddress.objects.filter(user=user)
            .order_by("pk")
            .values("email", "verified", "primary")
        ),
        "second_factors": list(
            Authenticator.objects.filter(user=user)
            .order_by("pk")
            .values("type", "created_at", "last_used_at")
        ),
        "connected_providers": list(
            SocialAccount.objects.filter(user=user)
            .order_by("pk")
            .values("provider", "date_joined", "last_login")
        ),
        "sessions": list(
            UserSession.objects.filter(user=user)
            .order_by("pk")
            .values("ip", "user_agent", "created_at", "last_seen_at")
        ),
    }


@transaction.atomic
def profile_update(*, form) -> User:
    """Saves the profile form and tells the apps that follow a person what changed.

    Receivers run in this transaction: a changed time zone or reminder preference moves the
    reminders already planned at once, or nothing is saved.
    """
    # Only the fields on the form: a whole-row save would write back, from the copy this
    # request read, columns that other writers may have changed meanwhile.
    user = form.save(commit=False)
    user.save(update_fields=list(form._meta.fields))
    profile_changed.send(sender=User, user=user, changed=frozenset(form.changed_data))
    return user


@transaction.atomic
def user_delete(*, user: User, request: HttpRequest | None = None) -> None:
    """Deletes the person and, through the owner foreign keys, everything they own."""
    if request is not None:
        logout(request)
    user.delete()
