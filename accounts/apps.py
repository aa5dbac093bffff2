from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import mark_session_seen

        def note_seen_at_log_in(sender, request=None, **kwargs):
            # allauth writes the session's row at log-in; the next write is due from then.
            if request is not None:
                mark_session_seen(request)

        user_logged_in.connect(
            note_seen_at_log_in, dispatch_uid="accounts.mark_session_seen", weak=False
        )
