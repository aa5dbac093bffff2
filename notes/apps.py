import threading

from django.apps import AppConfig


class NotesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notes"

    def ready(self) -> None:
        from notes import checks  # noqa: F401  (registers the system checks)
        from notes.composer import lexicon

        # The composer's English lexicon takes a few seconds to load: in the background, at
        # start, rather than in the first request that reads a jotting.
        threading.Thread(target=lexicon.warm, name="lexicon-warm", daemon=True).start()
