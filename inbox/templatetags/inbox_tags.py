from django import template

from inbox.address import email_address, inbox_address_for
from inbox.models import InboxMessage

register = template.Library()


@register.inclusion_tag("inbox/panels/address_panel.html", takes_context=True)
def inbox_address_panel(context):
    """Settings' inbox section: the forwarding address, how to forward, its switches."""
    address = inbox_address_for(context["request"].user)
    return {
        "address": email_address(address),
        "auto_apply": address.auto_apply_invite_updates,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("inbox/panels/source_panel.html")
def inbox_sources(*, interview=None, application=None):
    """The emails a change on this page came from, each linking to its message."""
    if interview is not None:
        found = InboxMessage.objects.filter(interview=interview, status="applied")
    elif application is not None:
        found = InboxMessage.objects.filter(application=application, status="applied")
    else:
        found = InboxMessage.objects.none()
    return {"sources": list(found.only("pk", "subject", "result", "applied_at")[:10])}
