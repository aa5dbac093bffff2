"""The public face of reminders that other apps call after they change something."""


def reminders_plan_for(*, interview) -> None:
    """(Re)plans the follow-up reminders of one interview. Filled in by the reminders work."""
