"""How ``reminders`` hears that something it plans from has changed.

The lower apps define and send their own signals and never import ``reminders``;
``RemindersConfig.ready()`` connects these receivers. Each runs inside the sender's
transaction, and what is due now is queued only on commit (``scheduling.py``).
"""

from accounts.models import REMINDER_PREFERENCE_FIELDS
from reminders.scheduling import (
    reminders_plan_for,
    reminders_plan_for_application,
    reminders_plan_for_user,
)

# The profile fields the plan depends on.
PLANNING_FIELDS = frozenset({"time_zone", *REMINDER_PREFERENCE_FIELDS})


def replan_interview(sender, *, interview, **kwargs) -> None:
    """An interview was created or changed: re-plan its reminders."""
    reminders_plan_for(interview=interview)


def replan_application(sender, *, application, **kwargs) -> None:
    """An application's outcome or rounds changed: re-plan every round's reminders."""
    reminders_plan_for_application(application=application)


def replan_keep_in_touch_note(sender, *, note, **kwargs) -> None:
    """A keep-in-touch note was sent or reopened: its planned reminder follows."""
    reminders_plan_for(interview=note.interview)


def replan_user(sender, *, user, changed, **kwargs) -> None:
    """A profile was saved: if a planning preference changed, re-plan that person's reminders."""
    if PLANNING_FIELDS & set(changed):
        reminders_plan_for_user(user=user)
