"""A person's whole world: at least one row of every model a person owns.

The ownership sweep (``tests/test_ownership.py``) fills URL ids from these rows. A feature
that adds an owned model adds a line to ``build_world`` — the sweep fails and says so
otherwise.
"""

from reminders.feed import calendar_feed_replace
from tests.factories import (
    InterviewFactory,
    ListeningHookFactory,
    QuestionFactory,
    ReminderFactory,
    ThankYouNoteFactory,
)


def build_world(user) -> None:
    interview = InterviewFactory(owner=user)
    ThankYouNoteFactory(interview=interview)
    ListeningHookFactory(interview=interview)
    QuestionFactory(review__interview=interview)  # and its Review
    ReminderFactory(owner=user, interview=interview)
    calendar_feed_replace(user=user)
