"""The models' choices as the API's enums, each under a name of its own in the schema.

The schema's components are one namespace, and ninja merges every model's definitions into
it by the enum's class name: ``ThankYouNote.Status``, ``Review.Status`` and
``Reminder.Status`` would all be ``Status``, the last one read overwriting the others, and a
client generated from the schema would offer a note the reminder states. An enum made here
is a ``str`` with the model's values, so forms, services and queries take it as they take
the model's own choice.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import TextChoices

from interviews.models import Interview, ListeningHook, Outcome
from notes.models import ThankYouNote
from reminders.models import Reminder
from reviews.models import PlanItem, Review


def api_enum(name: str, choices: type[TextChoices]) -> type[StrEnum]:
    return StrEnum(name, {member.name: member.value for member in choices})  # type: ignore[return-value]


if TYPE_CHECKING:
    # To the type checker each is its model's choices: the same names and values.
    InterviewOutcome = Outcome
    InterviewFormat = Interview.Format
    HookPlacement = ListeningHook.Placement
    NoteStatus = ThankYouNote.Status
    NoteSentHow = ThankYouNote.SentHow
    ReviewStatus = Review.Status
    PlanItemKind = PlanItem.Kind
    PlanItemOutcome = PlanItem.Outcome
    ReminderStatus = Reminder.Status
    ReminderKind = Reminder.Kind
else:
    InterviewOutcome = api_enum("InterviewOutcome", Outcome)
    InterviewFormat = api_enum("InterviewFormat", Interview.Format)
    HookPlacement = api_enum("HookPlacement", ListeningHook.Placement)
    NoteStatus = api_enum("NoteStatus", ThankYouNote.Status)
    NoteSentHow = api_enum("NoteSentHow", ThankYouNote.SentHow)
    ReviewStatus = api_enum("ReviewStatus", Review.Status)
    PlanItemKind = api_enum("PlanItemKind", PlanItem.Kind)
    PlanItemOutcome = api_enum("PlanItemOutcome", PlanItem.Outcome)
    ReminderStatus = api_enum("ReminderStatus", Reminder.Status)
    ReminderKind = api_enum("ReminderKind", Reminder.Kind)
