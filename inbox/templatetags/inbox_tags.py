from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

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


# The inbox page draws a page of rows on every visit: each is one ``format_html`` call
# rather than a loop of template tags (docs/performance.md), with the same escaping.
_FAILED_CHECKS = (
    '<p class="small text-danger mb-1">Warning: the sender\'s domain did not vouch for this '
    "email (SPF/DKIM failed). It may not be from who it says.</p>"
)
# Where the request's CSRF field goes in a drawn row (a value no row's text can hold: every
# text is escaped, and this is not).
_CSRF_FIELD = mark_safe("<\x00csrf\x00>")


@register.simple_tag(takes_context=True)
def inbox_waiting_row(context, row) -> SafeString:
    """One message waiting for the person: what it suggests, where it is from, and its
    buttons (confirm as suggested, correct or open it, dismiss)."""
    csrf = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', context.get("csrf_token")
    )
    return mark_safe(csrf.join(_waiting_row_parts(row)))


@lru_cache(maxsize=2048)
def _waiting_row_parts(row) -> tuple[str, ...]:
    """A row's HTML, cut where the CSRF field goes. Kept by the row itself (a frozen
    dataclass of exactly the values the row shows, its links and the line in the person's
    language and zone), so a changed message is another key and nothing is invalidated."""
    actions: str
    if row.status == "suggested":
        actions = format_html(
            '<form method="post" action="{}">{}<input type="hidden" name="form" value="quick">'
            '{}<button class="btn btn-primary btn-sm" type="submit">Confirm</button></form>'
            '<a class="btn btn-outline-secondary btn-sm" href="{}">Correct…</a>',
            row.confirm_url,
            _CSRF_FIELD,
            format_html_join(
                "",
                '<input type="hidden" name="keep_in_touch" value="{}">',
                ((pk,) for pk in row.keep_in_touch),
            ),
            row.url,
        )
    elif row.status != "queued":
        actions = format_html(
            '<a class="btn btn-outline-secondary btn-sm" href="{}">Open and make it an '
            "interview…</a>",
            row.url,
        )
    else:
        actions = ""
    reason = ""
    if row.reason:
        reason = format_html(
            '<p class="small{} mb-1">{}</p>',
            "" if row.status == "not_understood" else " text-muted",
            row.reason,
        )
    html = format_html(
        '<li class="card card-body mb-2 inbox-item" id="message-{}">'
        '<p class="mb-1"><strong>{}</strong></p>'
        '<p class="small text-muted mb-1">{} · {} · {}</p>{}{}'
        '<div class="d-flex flex-wrap gap-2 align-items-start">{}'
        '<form method="post" action="{}">{}'
        '<button class="btn btn-link btn-sm" type="submit">Dismiss</button></form></div></li>',
        row.pk,
        "Being read…" if row.status == "queued" else row.line,
        row.sender or "Unknown sender",
        row.subject or "(no subject)",
        row.received,
        mark_safe(_FAILED_CHECKS) if row.sender_failed_checks else "",
        reason,
        actions,
        row.dismiss_url,
        _CSRF_FIELD,
    )
    return tuple(html.split(_CSRF_FIELD))


@register.simple_tag
def inbox_done_row(row) -> SafeString:
    """One message dealt with: its subject (a link to it), and what became of it."""
    return format_html(
        '<li class="mb-1"><a href="{}">{}</a> — {}{}{}</li>',
        row.url,
        row.subject or "(no subject)",
        row.status,
        f": {row.result}" if row.result else "",
        " (by itself)" if row.applied_automatically else "",
    )
