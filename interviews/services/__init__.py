"""Multi-step work on a person's interviews, one module per concern:

- ``interviews``: logging, editing and deleting a round; its outcome, listening hooks,
  whether its notes and review are done, and its intent in words;
- ``applications``: which application a round belongs to, an application's outcome,
  splitting and merging;
- ``contacts``: companies and contacts found by name or created;
- ``invites``: interviews saved, moved or cancelled from calendar invites;
- ``sample``: the sample interview a new account can look around in.

Callers import from ``interviews.services``; the modules import each other directly.
"""

from interviews.services.applications import (
    SAME_APPLICATION_GAP,
    application_for,
    application_merge,
    application_refresh,
    application_set_outcome,
    application_split,
)
from interviews.services.contacts import company_for_name, contact_create, contact_delete
from interviews.services.interviews import (
    interview_create,
    interview_delete,
    interview_set_intent,
    interview_set_notes_done,
    interview_set_outcome,
    interview_set_review_done,
    interview_update,
    listening_hooks_set,
)
from interviews.services.invites import (
    interview_cancel_from_invite,
    interview_import_invite,
    interview_update_from_invite,
    invite_differs,
)
from interviews.services.sample import (
    SAMPLE_COMPANY,
    sample_interview_create,
    sample_interview_delete,
)

__all__ = [
    "SAME_APPLICATION_GAP",
    "SAMPLE_COMPANY",
    "application_for",
    "application_merge",
    "application_refresh",
    "application_set_outcome",
    "application_split",
    "company_for_name",
    "contact_create",
    "contact_delete",
    "interview_cancel_from_invite",
    "interview_create",
    "interview_delete",
    "interview_import_invite",
    "interview_set_intent",
    "interview_set_notes_done",
    "interview_set_outcome",
    "interview_set_review_done",
    "interview_update",
    "interview_update_from_invite",
    "invite_differs",
    "listening_hooks_set",
    "sample_interview_create",
    "sample_interview_delete",
]
