"""How django-allauth fits Afterview: our client address, links on our own site, and a
second factor before sensitive actions for a person who has one."""

from typing import Any
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.security import client_ip, has_second_factor
from common.emails import absolute


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # The same address everything else of ours counts against (TRUSTED_PROXY_COUNT).
        return client_ip(request) or "0.0.0.0"

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # Failed log-ins count per (account, address), as django-axes counted them before:
        # an attacker hammering alice's account from their network cannot lock alice out
        # from hers. Spraying one password over many accounts from one network is stopped
        # by the per-address part of ACCOUNT_RATE_LIMITS["login_failed"].
        login = str(credentials.get("email", credentials.get("username", ""))).strip().lower()
        return f"{login}:{self.get_client_ip(request)}"

    def is_safe_url(self, url: str) -> bool:
        # next= goes to our own site only: a path, or an absolute URL on SITE_URL's host.
        # (allauth's default also trusts ALLOWED_HOSTS, which the tests set to "*".)
        return url_has_allowed_host_and_scheme(
            url,
            allowed_hosts={urlsplit(settings.SITE_URL).netloc},
            require_https=settings.SITE_URL.startswith("https:"),
        )

    def get_reset_password_from_key_url(self, key: str) -> str:
        # Built on SITE_URL, never the request's Host header: a forged Host would otherwise
        # send alice a reset link to the forger's server.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute(path.replace("UID-KEY", quote(key)))

    def send_account_already_exists_mail(self, email: str) -> None:
        context = {
            "signup_url": absolute(reverse("account_signup")),
            "password_reset_url": absolute(reverse("account_reset_password")),
            "login_url": absolute(reverse("account_login")),
        }
        self.send_mail("account/email/account_already_exists", email, context)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {"site_url": settings.SITE_URL, **context}
        super().send_mail(template_prefix, email, context)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        """allauth's emails (sign-up code, reset, security notices) written as text; each also
        gets an HTML part in our email design, with a language and a title, drawn from that
        text (escaped, links made clickable), so no wording lives twice."""
        message = super().render_mail(template_prefix, email, context, headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            html = render_to_string(
                "emails/account/body.html", {"subject": message.subject, "text": message.body}
            )
            message.attach_alternative(html, "text/html")
        return message

    def get_reauthentication_methods(self, user) -> list[dict[str, Any]]:
        """A person with a second factor re-authenticates with it: a stolen password alone
        must not carry their data away or change their sign-in."""
        methods = super().get_reauthentication_methods(user)
        if has_second_factor(user):
            methods = [m for m in methods if m["id"].startswith("mfa_")]
        return methods


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Social sign-in never signs anyone into an existing account by an email address alone
    (SOCIALACCOUNT_EMAIL_AUTHENTICATION is off): a provider's address that matches an
    account is refused at sign-up like any taken address, and the person connects the
    provider from Settings after logging in."""

    def get_app(self, request, provider, client_id=None):
        # A provider nobody configured (no client id in the environment) is a page that
        # does not exist, not an error.
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as exc:
            raise Http404("This sign-in provider is not configured.") from exc
