import zoneinfo
from functools import cache
from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from common.limits import ONE_LINE, MaxLinesValidator, length_constraints

# What fits on an envelope: a few short lines (the name is printed above them).
ADDRESS_MAX_CHARS = 400
ADDRESS_MAX_LINES = 8
SIGNATURE_MAX_CHARS = 80
EMAIL_MAX_CHARS = 254  # RFC 5321's limit on a forward path, Django's EmailField default
NAME_MAX_CHARS = 150


@cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone this machine knows, sorted; the only values a user may pick."""
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime", "Factory"}))


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError("“%(value)s” is not a time zone we know.", params={"value": value})


DEFAULT_LOCALE = "en-US"


@cache
def locale_choices() -> tuple[tuple[str, str], ...]:
    """Every language-and-country locale CLDR (through Babel) knows, as BCP 47 tags
    ("en-AU") with their English names, sorted by name: what dates are formatted in."""
    from babel import Locale, localedata
    from babel.core import get_global

    likely = get_global("likely_subtags")

    def usual_first(locale) -> int:
        """en_GB before en_Shaw_GB (Shavian), zh_Hans_CN before zh_Latn_CN: a tag is named
        after its usual script, the one CLDR expects for that language and country."""
        if not locale.script:
            return 0
        expected = likely.get(f"{locale.language}_{locale.territory}") or likely.get(
            locale.language, ""
        )
        return 1 if f"_{locale.script}" in expected else 2

    found: dict[str, str] = {}
    locales = [Locale.parse(identifier) for identifier in localedata.locale_identifiers()]
    for locale in sorted(locales, key=usual_first):
        if not locale.territory or not locale.territory.isalpha():
            continue
        tag = f"{locale.language}-{locale.territory}"
        found.setdefault(tag, locale.get_display_name("en") or tag)
    return tuple(sorted(found.items(), key=lambda item: item[1].casefold()))


@cache
def locale_tags() -> frozenset[str]:
    return frozenset(tag for tag, _ in locale_choices())


def validate_locale(value: str) -> None:
    if value not in locale_tags():
        raise ValidationError("“%(value)s” is not a locale we know.", params={"value": value})


def locale_for_time_zone(time_zone: str) -> str:
    """English in the country of a time zone ("Australia/Sydney" → "en-AU"), else en-US."""
    from babel.core import get_global

    territory = get_global("zone_territories").get(time_zone)
    tag = f"en-{territory}"
    return tag if tag in locale_tags() else DEFAULT_LOCALE


# The profile a person edits in Settings, and the part of it that decides reminder times.
REMINDER_PREFERENCE_FIELDS = (
    "remind_thank_you",
    "remind_review",
    "remind_decision",
    "remind_keep_in_touch",
    "reminder_hour",
)
PERSONAL_FIELDS = ("full_name", "signature", "time_zone", "locale", "return_address")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        # Emails are stored lower-cased, so "Alice@Example.com" logs in as alice.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A job seeker. Logs in with an email; carries the profile the app writes with."""

    email = models.EmailField("email address", max_length=EMAIL_MAX_CHARS, unique=True)
    full_name = models.CharField(max_length=NAME_MAX_CHARS, blank=True, validators=[ONE_LINE])
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Dates, times and reminders follow this zone.",
    )
    locale = models.CharField(
        max_length=16,
        default=DEFAULT_LOCALE,
        validators=[validate_locale],
        help_text=(
            "Dates on your cards and letters follow it. New notes start on the US A2 card "
            "in the United States, Canada and Mexico, and on an A6 card elsewhere."
        ),
    )
    signature = models.CharField(
        max_length=SIGNATURE_MAX_CHARS,
        blank=True,
        validators=[ONE_LINE],
        help_text="How you sign your thank-you notes.",
    )
    return_address = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(ADDRESS_MAX_CHARS), MaxLinesValidator(ADDRESS_MAX_LINES)],
        help_text=(
            f"Printed on envelopes as the sender's address (up to {ADDRESS_MAX_LINES} lines)."
        ),
    )

    # Reminder preferences: on/off per kind and the hour (local) they arrive.
    remind_thank_you = models.BooleanField("remind me to write thank-you notes", default=True)
    remind_review = models.BooleanField("remind me to review the interview", default=True)
    remind_decision = models.BooleanField("check in on the decision date", default=True)
    remind_keep_in_touch = models.BooleanField(
        "remind me to keep in touch after a “no”", default=False
    )
    reminder_hour = models.PositiveSmallIntegerField(
        "preferred reminder hour",
        default=9,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text="Local hour (0–23) at which morning reminders arrive.",
    )

    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]
        constraints = length_constraints(
            "user",
            email=EMAIL_MAX_CHARS,
            full_name=NAME_MAX_CHARS,
            signature=SIGNATURE_MAX_CHARS,
            return_address=ADDRESS_MAX_CHARS,
        )

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@")[0]

    @property
    def country(self) -> str:
        """The country of the person's locale ("AU" for en-AU), upper case."""
        return self.locale.rpartition("-")[2].upper()

    @property
    def babel_locale(self) -> str:
        """The locale as Babel names it ("en_AU")."""
        return self.locale.replace("-", "_")

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.display_name
