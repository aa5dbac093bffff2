from django.urls import path, re_path

from inbox import views
from inbox.webhook_views import provider_view

app_name = "inbox"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:message_pk>/", views.message_detail, name="message"),
    path("<int:message_pk>/confirm/", views.message_confirm, name="confirm"),
    path("<int:message_pk>/dismiss/", views.message_dismiss, name="dismiss"),
    path("address/replace/", views.address_replace, name="address_replace"),
    path("address/settings/", views.address_settings, name="address_settings"),
    # The providers' inbound webhooks (django-anymail checks each one's signature or
    # secret). Point the provider's inbound route at https://<site>/inbox/webhooks/<name>/.
    # Mailgun posts the raw message when the URL contains "mime".
    re_path(r"^webhooks/mailgun(?:_mime)?/$", provider_view("mailgun"), name="webhook_mailgun"),
    path("webhooks/postmark/", provider_view("postmark"), name="webhook_postmark"),
    path("webhooks/sendgrid/", provider_view("sendgrid"), name="webhook_sendgrid"),
    path("webhooks/brevo/", provider_view("brevo"), name="webhook_brevo"),
    path("webhooks/mailjet/", provider_view("mailjet"), name="webhook_mailjet"),
    path("webhooks/sparkpost/", provider_view("sparkpost"), name="webhook_sparkpost"),
    path("webhooks/amazon_ses/", provider_view("amazon_ses"), name="webhook_amazon_ses"),
]
