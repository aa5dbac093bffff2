"""Signals ``interviews`` sends, so higher apps can follow an interview without us importing them.

``interview_changed`` (``interview=``) is sent inside the transaction that created or
changed an interview: its details, interviewers, outcome, or whether its notes or review
are done. Receivers run in that transaction, so if it rolls back, so does what they did.
``reminders`` listens to re-plan its reminders (see docs/architecture.md).
"""

from django.dispatch import Signal

interview_changed = Signal()
