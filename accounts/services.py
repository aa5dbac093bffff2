"""Account-level work: signing up, exporting everything a person owns, and deleting them."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.hashers import check_password, make_password
from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts.models import (
    DEFAULT_LOCALE,
    PERSONAL_FIELDS,
    REMINDER_PREFERENCE_FIELDS,
    PendingSignUp,
    User,
)
from accounts.security import RateLimitUnavailable, within_rate
from accounts.signals import profile_changed
from common.emails import absolute, make_message

PROFILE_FIELDS = ("email", *PERSONAL_FIELDS, *REMINDER_PREFERENCE_FIELDS, "date_joined")

# What an export says it is, so the import knows which shape it reads. Version 1 added
# these two keys; a file without them is version 0 (the same sections, published before).
EXPORT_FORMAT = "afterview-export"
EXPORT_FORMAT_VERSION = 1


# Enough for a typo and a retry; too few to flood someone's inbox from the sign-up form.
SIGN_UP_EMAILS_PER_ADDRESS_PER_HOUR = 3
# Sign-ups kept per address: the newest. A stranger who signs up again and again cannot
# push the owner's out faster than the email limit above lets them (hours, not minutes).
PENDING_SIGN_UPS_PER_ADDRESS = 5
# Wrong passwords on one address's confirmation page an hour. Only the reader of that inbox
# can open the page; this bounds the hashing work one link can ask for.
SIGN_UP_CONFIRM_TRIES_PER_HOUR = 10


class AccountExists(Exception):
    """The address has an account already (made a moment ago by another link)."""


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _sign_up_cutoff():
    """Sign-ups older than this are expired: their links no longer work."""
    return timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


def _account_for(email: str) -> User | None:
    """The account that holds ``email``, if it is one a sign-up must leave alone.

    An inactive account that never logged in is a sign-up from before pending sign-ups
    existed; it does not count (the confirmed sign-up takes it over)."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and (user.is_active or user.last_login is not None):
        return user
    return None


def user_sign_up(
    *,
    email: str,
    password: str,
    full_name: str = "",
    time_zone: str = "UTC",
    locale: str = DEFAULT_LOCALE,
) -> None:
    """Starts a sign-up without revealing whether the address already has an account.

    For an address without an account, what was typed is kept as a ``PendingSignUp`` and
    the address gets a link; no account exists until someone who reads that inbox opens the
    link and types the password chosen here (``user_confirm_sign_up``). So a stranger who
    signs up with someone else's address, before or after them, never gets their password
    or their name into the account. An address that already has an account gets an email
    saying so, with log-in and reset links, and the account is left untouched. The caller
    shows the same "check your email" page either way. At most
    ``SIGN_UP_EMAILS_PER_ADDRESS_PER_HOUR`` sign-ups an hour per address are taken; past
    that, nothing is kept or sent (and nothing shows it).
    """
    email = User.objects.normalize_email(email).strip().lower()
    # Hashed whichever way this goes, so the answer takes as long for a known address.
    hashed = make_password(password)
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
    existing = _account_for(email)
    if existing is not None:
        links = {
            "login_url": absolute(reverse("accounts:login")),
            "reset_url": absolute(reverse("accounts:password_reset")),
        }
        make_message(
            "sign_up_exists", to=existing.email, context={"user": existing, **links}
        ).send()
        return
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        PendingSignUp.objects.filter(created_at__lt=_sign_up_cutoff()).delete()
        PendingSignUp.objects.create(
            email=email,
            key_digest=_digest(key),
            password=hashed,
            full_name=full_name,
            time_zone=time_zone,
            locale=locale,
        )
        newest = PendingSignUp.objects.filter(email=email).values("pk")
        PendingSignUp.objects.filter(email=email).exclude(
            pk__in=newest[:PENDING_SIGN_UPS_PER_ADDRESS]
        ).delete()
    confirm = absolute(reverse("accounts:sign_up_confirm", kwargs={"key": key}))
    # Greets nobody by name: the name was typed by whoever signed up, maybe a stranger.
    make_message(
        "sign_up_confirm", to=email, context={"email": email, "confirm_url": confirm}
    ).send()


def pending_sign_up_for_link(key: str) -> PendingSignUp | None:
    """The sign-up whose emailed link carries ``key``, while the link still works: not
    expired, and the address has no account yet."""
    pending = PendingSignUp.objects.filter(
        key_digest=_digest(key), created_at__gte=_sign_up_cutoff()
    ).first()
    if pending is None or _account_for(pending.email) is not None:
        return None
    return pending


def user_confirm_sign_up(*, pending: PendingSignUp, password: str) -> User | None:
    """Makes the account for ``pending``'s address from that address's sign-up whose
    password this is: the reader of the inbox (they opened the link) proving which sign-up
    was theirs. Its password, name, zone and locale become the account's; every sign-up of
    the address is then forgotten, so no link of it works again.

    Returns None, changing nothing, if no live sign-up of the address chose this password.
    Raises ``AccountExists`` if the address got an account meanwhile (another link).
    """
    candidates = PendingSignUp.objects.filter(
        email=pending.email, created_at__gte=_sign_up_cutoff()
    )[:PENDING_SIGN_UPS_PER_ADDRESS]
    chosen = next((c for c in candidates if check_password(password, c.password)), None)
    if chosen is None:
        return None
    profile = {
        "password": chosen.password,
        "full_name": chosen.full_name,
        "time_zone": chosen.time_zone,
        "locale": chosen.locale,
        "is_active": True,
    }
    try:
        with transaction.atomic():
            if _account_for(chosen.email) is not None:
                raise AccountExists(chosen.email)
            user = User.objects.select_for_update().filter(email__iexact=chosen.email).first()
            if user is None:
                user = User.objects.create(email=chosen.email, **profile)
            else:  # an unconfirmed account from before pending sign-ups: now the owner's
                for name, value in profile.items():
                    setattr(user, name, value)
                user.save(update_fields=list(profile))
            PendingSignUp.objects.filter(email=chosen.email).delete()
    except IntegrityError as exc:  # the same address confirmed through another link at once
        raise AccountExists(chosen.email) from exc
    return user


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
    for model in owned_models():
        if getattr(model, "exported", True) is False:
            continue  # a record of work done on the data (an import), not the data
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
