"""The interview page's follow-up plan kept per person, and what makes it out of date.

The plan (``interview_reminders_panel``) is kept under the person's ``data_version``
(``common.cache.cached_for_person``), so every change to a reminder row must replace that
version, in the same transaction as the change or right after it (never before: a page
drawn in between would keep the old rows under the new version). Saved rows do so through
the receiver below. Most changes are conditional updates, which send no signal, and say it
themselves: ``Reminder.move()`` (planning, snooze, done), the sweep's claim, its moves of
a claimed row (``sweep._move_held``) and its recovery of stuck rows, unsubscribing, and
planning keep-in-touch notes (which also deletes rows). Anything that changes reminder
rows with ``QuerySet.update()``, ``bulk_create()`` or ``QuerySet.delete()`` must call
``accounts.services.user_data_changed`` (or ``users_data_changed``) itself.

Rows are also deleted with their interview, contact or owner, whose own receivers
(``interviews.figures``) replace the version; a receiver on the cascade would make it
load every row.
"""

from django.db.models.signals import post_save

from accounts.services import user_data_changed
from reminders.models import Reminder


def _reminder_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata
        return
    user_data_changed(user_id=instance.owner_id)


def connect() -> None:
    """Called from ``RemindersConfig.ready()``."""
    post_save.connect(_reminder_saved, sender=Reminder, dispatch_uid="figures-Reminder")
