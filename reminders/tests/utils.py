from datetime import datetime
from zoneinfo import ZoneInfo

from interviews.services import interview_create
from reminders.models import Reminder

UTC = ZoneInfo("UTC")


def local(zone: str, *args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def log_interview(owner, starts_at, **fields):
    """An interview logged the way a person logs one (through the service)."""
    fields.setdefault("duration_minutes", 60)
    return interview_create(
        owner=owner,
        company_name=fields.pop("company_name", "Acme Robotics"),
        role=fields.pop("role", "Platform Engineer"),
        starts_at=starts_at,
        new_interviewers=fields.pop(
            "new_interviewers",
            [
                {"name": "Grace Hopper", "title": "VP Engineering", "email": "grace@acme.example"},
                {"name": "Alan Turing", "title": "Staff Engineer", "email": "alan@acme.example"},
            ],
        ),
        **fields,
    )


def reminder(interview, kind: str) -> Reminder:
    return Reminder.objects.get(interview=interview, kind=kind)
