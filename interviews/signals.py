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


def send_interview_changed(interview) -> None:
    """Tells the apps that follow an interview that it changed (reminders re-plan)."""
    interview_changed.send(sender=type(interview), interview=interview)


def send_application_changed(application) -> None:
    """Tells the apps that follow an application that its outcome or rounds changed."""
    application_changed.send(sender=type(application), application=application)
