"""Companies and contacts: found by name or created as an interview names them."""

from typing import Any

from django.db import transaction

from common.text import squash_spaces
from interviews.models import (
    Company,
    Contact,
)
from interviews.signals import send_interview_changed


def company_for_name(*, owner, name: str) -> Company:
    """The owner's company of that name (case and spacing ignored), created if new."""
    name = squash_spaces(name)
    company = Company.objects.for_user(owner).filter(name__iexact=name).first()
    if company is None:
        company = Company.objects.create(owner=owner, name=name)
    return company


def contact_create(*, owner, company: Company | None, **fields: Any) -> Contact:
    return Contact.objects.create(owner=owner, company=company, **fields)


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    """Deletes the person and what hangs off them: what they said (listening hooks), the
    notes to them and their reminders. Each interview they sat on stays, without them on
    its panel, and is told it changed (reminders re-plan)."""
    interviews = list(contact.interviews.all())
    contact.delete()
    for interview in interviews:
        send_interview_changed(interview)
