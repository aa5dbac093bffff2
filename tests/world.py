"""A person's whole world: at least one row of every model a person owns.

The ownership sweep (``tests/test_ownership.py``) fills URL ids from these rows. A feature
that adds an owned model adds a line to ``build_world`` — the sweep fails and says so
otherwise.
"""

from tests.factories import InterviewFactory, ReminderFactory


def build_world(user) -> None:
    InterviewFactory(owner=user)
    ReminderFactory(owner=user)
