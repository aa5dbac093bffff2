"""Only a POST with a CSRF token changes anything; GET never does.

Walks every URL of ours (the admin aside), filled with alice's own ids and valid tokens,
so a new URL is covered the day it is added. The CSRF-exempt views are the RFC 8058
one-click unsubscribe, which a mail client POSTs without cookies or a token, and the mail
providers' inbound webhooks, which carry no cookie either: each post is authenticated by
the provider's signature or secret instead (``inbox/webhook_views.py``).
"""

import pytest
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.tokens import default_token_generator
from django.core import serializers
from django.test import Client
from django.urls import get_resolver, reverse

from accounts.models import User
from accounts.services import owned_models
from reminders import tokens
from reminders.feed import feed_token
from reminders.models import CalendarFeed, Reminder
from tests.test_ownership import model_for, walk
from tests.world import build_world

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

INBOX_WEBHOOKS = {
    f"inbox:webhook_{name}"
    for name in ("mailgun", "postmark", "sendgrid", "brevo", "mailjet", "sparkpost", "amazon_ses")
}
# allauth's Google One Tap endpoint: authenticated by Google's signed ID token and its own
# double-submit cookie (g_csrf_token), and a 404 unless Google sign-in is configured.
CSRF_EXEMPT = {"reminders:unsubscribe", *INBOX_WEBHOOKS, "google_login_by_token"}


# URLs whose keyword sits in the include() around them (allauth's "keys/<int:pk>/…").
KEYWORDS_OF_AN_ENCLOSING_INCLUDE = {"mfa_edit_webauthn", "mfa_remove_webauthn"}


def passkey_pk(user) -> int:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN).pk


def token_kwargs(name: str, user) -> dict:
    """Valid values for the URL keywords that are not ids, for each URL that has them."""
    reminder = Reminder.objects.for_user(user).order_by("pk").first()
    builders = {
        "account_reset_password_from_key": lambda: {
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
        "mfa_edit_webauthn": lambda: {"pk": passkey_pk(user)},
        "mfa_remove_webauthn": lambda: {"pk": passkey_pk(user)},
        "reminders:email_action": lambda: {
            "token": tokens.make_action_token(
                reminder_id=reminder.pk, action="done", due_at=reminder.due_at
            )
        },
        "reminders:unsubscribe": lambda: {
            "token": tokens.make_unsubscribe_token(user_id=user.pk, kind=reminder.kind)
        },
        "reminders:calendar_feed": lambda: {
            "token": feed_token(CalendarFeed.objects.get(owner=user))
        },
        # "Print all" per paper size: A4 sheets (every note's copy sheet prints on A4 or
        # Letter; the world's person lives where A4 is sold).
        "notes:interview_paper_pdf": lambda: {"paper": "a4"},
    }
    assert name in builders, f"{name} takes a keyword that is not an id: add a builder here"
    return builders[name]()


def our_urls(user) -> list[tuple[str, str]]:
    urls = []
    for name, pattern in walk(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue
        kwargs = {}
        keywords = set(pattern.pattern.regex.groupindex)
        for kwarg in sorted(k for k in keywords if k.endswith("_pk")):
            row = model_for(kwarg)._default_manager.for_user(user).order_by("pk").first()
            kwargs[kwarg] = row.pk
        if keywords - set(kwargs) or name in KEYWORDS_OF_AN_ENCLOSING_INCLUDE:
            kwargs.update(token_kwargs(name, user))
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def snapshot(user) -> str:
    rows = [User.objects.get(pk=user.pk)]
    for model in owned_models():
        rows.extend(model._default_manager.order_by("pk"))
    return serializers.serialize("json", rows)


@pytest.fixture
def world(alice):
    build_world(alice)
    # Something for every button to act on: a sent reminder can be snoozed or marked done.
    Reminder.objects.for_user(alice).update(status=Reminder.Status.SENT)
    return alice


def test_get_and_head_never_change_anything(client, world):
    urls = our_urls(world)
    client.force_login(world)
    before = snapshot(world)

    for name, url in urls:
        for method in ("get", "head"):
            response = getattr(client, method)(url)
            # The health endpoint answers 503 by design while something (here: beat) is down.
            unhealthy_by_design = name.startswith("health") and response.status_code == 503
            assert response.status_code < 500 or unhealthy_by_design, f"{method.upper()} {url}"
            assert snapshot(world) == before, f"{method.upper()} {url} ({name}) changed data"

    anonymous = Client()
    for name, url in urls:
        anonymous.get(url)
        assert snapshot(world) == before, f"GET {url} ({name}) changed data, logged out"


def test_every_post_needs_a_csrf_token_but_one_click_unsubscribe(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world)
    before = snapshot(world)

    for name, url in our_urls(world):
        if name in CSRF_EXEMPT:
            continue
        response = client.post(url, {"status": "sent", "password": "x"})
        assert response.status_code == 403, f"POST {url} ({name}) without a CSRF token"
    assert snapshot(world) == before


def test_the_only_csrf_exempt_views_are_one_click_unsubscribe_and_the_webhooks():
    exempt = {
        name
        for name, pattern in walk(get_resolver().url_patterns)
        if not name.startswith("admin:") and getattr(pattern.callback, "csrf_exempt", False)
    }
    assert exempt == CSRF_EXEMPT
