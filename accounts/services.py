"""Account-level work: signing up, exporting everything a person owns, and deleting them."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import DEFAULT_LOCALE, PERSONAL_FIELDS, REMINDER_PREFERENCE_FIELDS, User
from accounts.security import RateLimitUnavailable, within_rate
from accounts.signals import profile_changed
from accounts.tokens import sign_up_token
from common.emails import absolute, make_message

PROFILE_FIELDS = ("email", *PERSONAL_FIELDS, *REMINDER_PREFERENCE_FIELDS, "date_joined")


# Enough for a typo and a retry; too few to flood someone's inbox from the sign-up form.
SIGN_UP_EMAILS_PER_ADDRESS_PER_HOUR = 3


def user_sign_up(
    *,
    email: str,
    password: str,
    full_name: str = "",
    time_zone: str = "UTC",
    locale: str = DEFAULT_LOCALE,
):
    """Starts a sign-up without revealing whether the address already has an account.

    A new address gets an account that stays inactive until the link emailed to it is
    followed (``user_confirm_sign_up``), so nobody can claim an address they cannot read.
    An address that already has an account gets an email saying so, with log-in and reset
    links, and the account is left untouched. The caller shows the same "check your email"
    page either way. At most ``SIGN_UP_EMAILS_PER_ADDRESS_PER_HOUR`` emails go to one
    address an hour; past that, nothing is sent (and nothing shows it).
    """
    email = User.objects.normalize_email(email).strip().lower()
    # Hashed whichever way this goes, so the answer takes as long for a known address.
    hashed = make_password(password)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                existing = User.objects.create(
                    email=email,
                    password=hashed,
                    full_name=full_name,
                    time_zone=time_zone,
                    locale=locale,
                    is_active=False,
                )
            new = True
        except IntegrityError:  # the same address signed up a moment ago
            existing, new = User.objects.get(email__iexact=email), False
    else:
        new = False
    try:
        allowed = within_rate(
            f"sign-up-email:{email}",
            limit=SIGN_UP_EMAILS_PER_ADDRESS_PER_HOUR,
            window_seconds=3600,
        )
    except RateLimitUnavailable:
        allowed = False  # fail closed: the person can sign up again for a fresh link
    if not allowed:
        return
    links = {
        "login_url": absolute(reverse("accounts:login")),
        "reset_url": absolute(reverse("accounts:password_reset")),
    }
    if existing.is_active:
        make_message(
            "sign_up_exists", to=existing.email, context={"user": existing, **links}
        ).send()
    else:
        confirm = reverse(
            "accounts:sign_up_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(existing.pk)),
                "token": sign_up_token.make_token(existing),
            },
        )
        make_message(
            "sign_up_confirm",
            to=existing.email,
            context={"user": existing, "new": new, "confirm_url": absolute(confirm)},
        ).send()


def user_confirm_sign_up(*, user: User) -> User:
    """Activates an account whose owner followed the emailed link."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


def user_data_changed(*, user_id: int) -> None:
    """Marks every figure cached from this person's rows as out of date (one UPDATE).

    Runs in the caller's transaction: a rollback keeps the old version, and no reader sees
    the new version before the rows it stands for.
    """
    users_data_changed(user_ids=[user_id])


def users_data_changed(*, user_ids: Iterable[int]) -> None:
    """``user_data_changed`` for several people at once (one UPDATE, none for nobody), e.g.
    the owners of a batch of reminders the sweep claimed. They share the new version: the
    keys it goes into also hold the person's id (``common.cache.cached_for_person``)."""
    ids = set(user_ids)
    if ids:
        User.objects.filter(pk__in=ids).update(data_version=uuid.uuid4())


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
        "exported_at": timezone.now().isoformat(),
        "profile": {name: getattr(user, name) for name in PROFILE_FIELDS},
    }
    data["profile"]["date_joined"] = user.date_joined.isoformat()
    for model in owned_models():
        manager: Any = model._default_manager  # has for_user: owned_models() checked
        rows = manager.for_user(user).order_by("pk")
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
