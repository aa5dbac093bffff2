"""Which of the person's applications (and which round) a message is about.

In order of trust: the thread (a reply to a message already matched), the invite's UID,
the company (by name, by its website's domain, or by the address its people write from)
and then the role. Reads only; the person confirms.
"""

from django.db.models import Q
from django.utils import timezone

from inbox.models import InboxMessage
from inbox.reading import Reading, fold_key
from interviews.invites import domain_label
from interviews.models import Application, Company, Contact, Interview


def match_message(*, owner, reading: Reading) -> tuple[Application | None, Interview | None]:
    ids = [i for i in (*reading.thread_ids, reading.original_message_id) if i]
    if ids:
        earlier = (
            InboxMessage.objects.for_user(owner)
            .filter(message_id__in=ids[-20:])
            .filter(Q(application__isnull=False) | Q(interview__isnull=False))
            .select_related("application", "interview")
            .order_by("-received_at")
            .first()
        )
        if earlier is not None:
            application = earlier.application or (
                earlier.interview.application if earlier.interview else None
            )
            return application, earlier.interview or _round_of(application)
    if reading.invite_uid:
        interview = (
            Interview.objects.for_user(owner)
            .filter(invite_uid=reading.invite_uid)
            .select_related("application", "company")
            .first()
        )
        if interview is not None:
            return interview.application, interview
    companies = companies_for(owner=owner, name=reading.company, domain=reading.sender_domain)
    if not companies:
        return None, None
    applications = list(
        Application.objects.for_user(owner)
        .filter(company__in=companies)
        .select_related("company")
        .by_recency()[:50]
    )
    if not applications:
        return None, None
    role = fold_key(reading.role)
    if role:
        same_role = [a for a in applications if _same_role(fold_key(a.role), role)]
        if same_role:
            applications = same_role
    open_ones = [a for a in applications if not a.is_closed]
    application = (open_ones or applications)[0]
    return application, _round_of(application)


def _same_role(theirs: str, ours: str) -> bool:
    return bool(theirs) and (theirs == ours or theirs in ours or ours in theirs)


def _round_of(application: Application | None) -> Interview | None:
    """The round a move or a cancellation is about: the next one to come, else the latest."""
    if application is None:
        return None
    rounds = Interview.objects.filter(application=application).order_by("starts_at")
    coming = rounds.filter(starts_at__gte=timezone.now(), cancelled=False).first()
    return coming or rounds.order_by("-starts_at").first()


def companies_for(*, owner, name: str, domain: str) -> list[Company]:
    """The person's companies this name or sender domain names: same name (spelling aside),
    one name the start of the other ("F5" ~ "F5 Networks"), the website's domain, or a
    contact there writing from that domain."""
    keys = {k for k in (fold_key(name), fold_key(domain_label(domain)) if domain else "") if k}
    found = []
    for company in Company.objects.for_user(owner).only("pk", "name", "website"):
        key = fold_key(company.name)
        host = company.website.split("://")[-1].split("/")[0]
        site = fold_key(domain_label(host)) if host else ""
        if any(
            k == key
            or (len(k) >= 2 and key.startswith(k))
            or (len(key) >= 3 and k.startswith(key))
            or (site and k == site)
            for k in keys
        ):
            found.append(company)
    if not found and domain:
        found = [
            c.company
            for c in Contact.objects.for_user(owner)
            .filter(email__iendswith="@" + domain, company__isnull=False)
            .select_related("company")[:5]
            if c.company is not None
        ]
    return found
