from django.apps import AppConfig


class InboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inbox"

    def ready(self) -> None:
        # The providers' inbound webhooks (django-anymail) announce each message through its
        # `inbound` signal; this app is the only listener.
        from inbox import webhooks

        webhooks.connect()
