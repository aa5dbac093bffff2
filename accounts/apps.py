from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import mark_session_seen

        # allauth writes the session's row at log-in; the next write is due from then.
        user_logged_in.connect(
            lambda sender, request=None, **kwargs: (
                request is not None and mark_session_seen(request)
            ),
            dispatch_uid="accounts.mark_session_seen",
            weak=False,
        )
