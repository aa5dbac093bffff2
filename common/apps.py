from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommonConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "common"

    def ready(self) -> None:
        from common.kept import install_triggers

        # After every migrate (and a test database's creation): the triggers match the models.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="common.kept")
