"""The interview page's notes kept per person, and what makes them out of date.

The notes panel (``interview_notes_panel``) is kept under the person's ``data_version``
(``common.cache.cached_for_person``), so every change to a note replaces that version in
the same transaction: saved notes (edits in the composer, ready, sent, reopened, a
keep-in-touch note started) through the receiver below, the drafts
``notes_start_for_interview`` makes with ``bulk_create()`` by saying so itself. Anything
that writes notes with ``QuerySet.update()``, ``bulk_create()`` or ``QuerySet.delete()``
must call ``accounts.services.user_data_changed`` itself.

Notes are only deleted with their interview, their recipient or their owner, whose own
receivers (``interviews.figures``) replace the version; a receiver on the cascade would
make it load every note.
"""

from django.db.models.signals import post_save

from accounts.services import user_data_changed
from notes.models import ThankYouNote


def _note_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata
        return
    user_data_changed(user_id=instance.interview.owner_id)


def connect() -> None:
    """Called from ``NotesConfig.ready()``."""
    post_save.connect(_note_saved, sender=ThankYouNote, dispatch_uid="figures-ThankYouNote")
