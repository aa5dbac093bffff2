"""Companies and contacts: found by name or created as an interview names them."""

from typing import Any

from common.text import squash_spaces
from interviews.models import (
    Company,
    Contact,
)


def company_for_name(*, owner, name: str) -> Company:
    """The owner's company of that name (case and spacing ignored), created if new."""
    name = squash_spaces(name)
    company = Company.objects.for_user(owner).filter(name__iexact=name).first()
    if company is None:
        company = Company.objects.create(owner=owner, name=name)
    return company


def contact_create(*, owner, company: Company | None, **fields: Any) -> Contact:
    return Contact.objects.create(owner=owner, company=company, **fields)
