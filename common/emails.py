"""Building emails from templates: ``templates/emails/<name>/{subject.txt,body.txt,body.html}``.

One helper for every email (reminders, password reset), so each has a plain-text and an
HTML part, a one-line subject, and absolute links from ``SITE_URL``.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from common.text import squash_spaces


def absolute(path: str) -> str:
    """A site path as an absolute URL on ``SITE_URL`` (never the request's Host header)."""
    return f"{settings.SITE_URL}{path}"


def make_message(
    name: str, *, to: str, context: dict, headers: dict | None = None
) -> EmailMultiAlternatives:
    """An email from ``templates/emails/<name>/``: subject, text body and HTML body."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = squash_spaces(render_to_string(f"emails/{name}/subject.txt", context))
    text = render_to_string(f"emails/{name}/body.txt", context)
    html = render_to_string(f"emails/{name}/body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message
