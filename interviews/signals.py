"""Signals ``interviews`` sends, so higher apps can follow an interview without us importing them.

``interview_changed`` (``interview=``) is sent inside the transaction that created or
changed an interview: its details, interviewers, outcome, or whether its notes or review
are done. Receivers run in that transaction, so if it rolls back, so does what they did.
``reminders`` listens to re-plan its reminders (see docs/architecture.md).

``application_changed`` (``application=``) is sent, in the same way, when an application's
outcome or decision date changed or rounds joined or left it (split, merge, a new round):
what follows the application — the decision check-in, the long game — re-plans.
"""

from django.dispatch import Signal

interview_changed = Signal()
application_changed = Signal()
