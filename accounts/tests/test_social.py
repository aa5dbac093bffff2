"""Google and Microsoft sign-in: off unless configured, and a provider's word about an email
address never signs anyone into the account that holds it.

No network: the provider's answer is built by allauth's own provider class from the data
Google returns (``sociallogin_from_response``), then handed to allauth's real completion
flow, as its callback view does after the token exchange."""

import pytest
from allauth.core import context
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.google.provider import GoogleProvider
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

GOOGLE = {
    "google": {
        "APPS": [{"client_id": "test-client-id", "secret": "test-secret"}],
        "SCOPE": ["openid", "email", "profile"],
    }
}


def google_says(client: Client, *, email: str, verified: bool, sub: str = "1234567890"):
    """Runs allauth's completion of a Google sign-in in ``client``'s session, as if Google
    had answered with these claims; returns allauth's response."""
    request = RequestFactory().get("/accounts/google/login/callback/")
    request.COOKIES.update({k: v.value for k, v in client.cookies.items()})
    for middleware in (SessionMiddleware, AuthenticationMiddleware, MessageMiddleware):
        middleware(lambda r: None).process_request(request)
    from allauth.socialaccount.adapter import get_adapter

    provider = get_adapter().get_provider(request, GoogleProvider.id)
    claims = {
        "sub": sub,
        "email": email,
        "email_verified": verified,
        "name": "Mallory Provider",
        "given_name": "Mallory",
        "family_name": "Provider",
    }
    with context.request_context(request):
        login = provider.sociallogin_from_response(request, claims)
        response = complete_social_login(request, login)
    request.session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return request, response


def test_google_and_microsoft_are_off_unless_configured(client):
    html = client.get(reverse("account_login")).content.decode()

    assert "Google" not in html and "Microsoft" not in html
    assert client.get("/accounts/google/login/").status_code == 404


def test_configured_google_is_offered(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = GOOGLE

    html = client.get(reverse("account_login")).content.decode()

    assert "Continue with Google" in html


@pytest.mark.parametrize("verified", [False, True], ids=["unverified", "verified"])
def test_a_google_address_matching_an_account_does_not_sign_into_it(alice, settings, verified):
    settings.SOCIALACCOUNT_PROVIDERS = GOOGLE
    attacker = Client()

    request, _ = google_says(attacker, email=alice.email, verified=verified)

    assert request.user.pk != alice.pk
    assert not SocialAccount.objects.filter(user=alice).exists()
    assert attacker.get(reverse("interviews:dashboard")).status_code == 302
    # Finishing the provider's sign-up with alice's address makes no second account and
    # signs nobody in as alice.
    page = attacker.get(reverse("socialaccount_signup"))
    if page.status_code == 200:
        attacker.post(reverse("socialaccount_signup"), {"email": alice.email})
    assert attacker.get(reverse("interviews:dashboard")).status_code == 302
    assert User.objects.filter(email__iexact=alice.email).count() == 1
    assert not SocialAccount.objects.filter(user=alice).exists()


def test_a_google_sign_in_with_a_new_verified_address_makes_an_account(settings):
    settings.SOCIALACCOUNT_PROVIDERS = GOOGLE
    newcomer = Client()

    google_says(newcomer, email="newcomer@example.com", verified=True)
    page = newcomer.get(reverse("socialaccount_signup"))
    if page.status_code == 200:  # the sign-up form asks for what Google did not give
        newcomer.post(
            reverse("socialaccount_signup"),
            {"email": "newcomer@example.com", "time_zone": "UTC", "full_name": "New"},
        )

    user = User.objects.get(email="newcomer@example.com")
    assert SocialAccount.objects.filter(user=user, provider="google").exists()
