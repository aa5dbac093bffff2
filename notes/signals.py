"""Signals ``notes`` sends, so higher apps can follow notes without us importing them.

``keep_in_touch_note_changed`` (``note=``) is sent inside the transaction that changed a
keep-in-touch note's status (draft, ready, sent). ``reminders`` listens: a sent note
settles its keep-in-touch reminder (see docs/architecture.md). Thank-you notes tell the
interview instead (``interviews.services.interview_set_notes_done``).
"""

from django.dispatch import Signal

keep_in_touch_note_changed = Signal()
