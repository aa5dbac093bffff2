"""The private calendar feed's secret URL: making, replacing, turning off, and finding it.

The token in the URL is 256 bits from an HMAC of a random seed under SECRET_KEY. The
database keeps the seed and the token's SHA-256, never the token: a leaked copy of the
database hands out no working URL. A request's token is looked up by its digest and then
compared in constant time. Rotating SECRET_KEY turns every feed URL off (Settings then
shows the new one).
"""

import base64
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac

from reminders.models import CalendarFeed

TOKEN_SALT = "afterview.reminders.calendar-feed"
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def feed_token(feed: CalendarFeed) -> str:
    """The secret in the feed's URL (43 URL-safe characters)."""
    digest = salted_hmac(TOKEN_SALT, feed.seed, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_urls(feed: CalendarFeed) -> dict[str, str]:
    """The subscription URL as ``https`` (or the site's scheme) and as ``webcal``."""
    path = reverse("reminders:calendar_feed", kwargs={"token": feed_token(feed)})
    url = f"{settings.SITE_URL}{path}"
    return {"https": url, "webcal": "webcal://" + url.split("://", 1)[1]}


@transaction.atomic
def calendar_feed_replace(*, user) -> CalendarFeed:
    """Turns the feed on, or gives it a new URL: the old one stops working at once.

    Keeps the person's choice about details.
    """
    feed = CalendarFeed.objects.select_for_update().filter(owner=user).first()
    if feed is None:
        feed = CalendarFeed(owner=user)
    feed.seed = secrets.token_urlsafe(32)
    feed.token_digest = token_digest(feed_token(feed))
    feed.save()
    return feed


@transaction.atomic
def calendar_feed_turn_off(*, user) -> bool:
    """Deletes the feed; its URL answers 404 from now on. False if it was already off."""
    deleted, _ = CalendarFeed.objects.filter(owner=user).delete()
    return bool(deleted)


def calendar_feed_set_details(*, user, include_details: bool) -> bool:
    return bool(CalendarFeed.objects.filter(owner=user).update(include_details=include_details))


def calendar_feed_find(token: str) -> CalendarFeed | None:
    """The feed this token opens, with its owner, or None (wrong, replaced or turned off)."""
    if not TOKEN_SHAPE.match(token):
        return None
    digest = token_digest(token)
    feed = (
        CalendarFeed.objects.select_related("owner")
        .filter(token_digest=digest, owner__is_active=True)
        .first()
    )
    if feed is None:
        return None
    # The index found the row; the decision is made in constant time on the token itself.
    if not hmac.compare_digest(feed_token(feed), token):
        return None
    return feed
