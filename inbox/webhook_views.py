"""The providers' inbound webhook endpoints, each django-anymail's own view.

An endpoint answers only once it is secured: Mailgun with its webhook signing key (every
post is signed), the others with ANYMAIL_WEBHOOK_SECRET (HTTP basic auth over HTTPS, the
way those providers authenticate their posts). Until then it is a 404, so an open endpoint
can never be left behind by a forgotten setting. Amazon SES also needs boto3
(``django-anymail[amazon-ses]``), which is not installed by default.
"""

from importlib import import_module

from django.conf import settings
from django.http import Http404
from django.views.decorators.csrf import csrf_exempt

from common.uploads import upload_limits

# A provider's post carries the message, base64 or as a file, and a few fields beside it.
WEBHOOK_BODY_BYTES = settings.INBOX_MAX_MESSAGE_BYTES * 4 // 3 + 1024 * 1024

PROVIDERS = {
    "mailgun": ("anymail.webhooks.mailgun", "MailgunInboundWebhookView"),
    "postmark": ("anymail.webhooks.postmark", "PostmarkInboundWebhookView"),
    "sendgrid": ("anymail.webhooks.sendgrid", "SendGridInboundWebhookView"),
    "brevo": ("anymail.webhooks.brevo", "BrevoInboundWebhookView"),
    "mailjet": ("anymail.webhooks.mailjet", "MailjetInboundWebhookView"),
    "sparkpost": ("anymail.webhooks.sparkpost", "SparkPostInboundWebhookView"),
    "amazon_ses": ("anymail.webhooks.amazon_ses", "AmazonSESInboundWebhookView"),
}


def secured(provider: str) -> bool:
    anymail = getattr(settings, "ANYMAIL", {})
    if provider == "mailgun":
        return bool(anymail.get("MAILGUN_WEBHOOK_SIGNING_KEY"))
    if provider == "amazon_ses":
        try:
            import_module("boto3")
        except ImportError:
            return False
    return bool(anymail.get("WEBHOOK_SECRET"))


def provider_view(provider: str):
    module, name = PROVIDERS[provider]

    @csrf_exempt
    @upload_limits(
        body_bytes=WEBHOOK_BODY_BYTES,
        file_bytes=settings.INBOX_MAX_MESSAGE_BYTES,
        message="This message is larger than the inbox takes.",
    )
    def view(request, *args, **kwargs):
        if not secured(provider):
            raise Http404("This provider's webhook is not set up.")
        view_class = getattr(import_module(module), name)
        return view_class.as_view()(request, *args, **kwargs)

    view.__name__ = f"{provider}_inbound_webhook"
    return view
