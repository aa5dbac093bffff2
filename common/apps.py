from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class CommonConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "common"

    def ready(self) -> None:
        from common.kept import install_triggers, remove_triggers

        # None while migrations run (they may drop watched columns, or write rows and alter
        # their table); after every migrate (and a test database's creation) they are written
        # anew from the models.
        pre_migrate.connect(remove_triggers, sender=self, dispatch_uid="common.kept.remove")
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="common.kept")
