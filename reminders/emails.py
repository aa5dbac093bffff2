"""The reminder email and the links in it (built with ``common.emails.make_message``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from common.emails import absolute, make_message
from common.text import join_names
from reminders import tokens
from reminders.models import Reminder


def reminder_links(reminder: Reminder) -> dict[str, str]:
    """Absolute URLs for the buttons in a reminder email."""
    interview_url = absolute(reminder.interview.get_absolute_url())
    do_it_by_kind: dict[str, str] = {
        Reminder.Kind.THANK_YOU: f"{interview_url}#notes-heading",
        Reminder.Kind.REVIEW: f"{interview_url}#review-heading",
        Reminder.Kind.DECISION: f"{interview_url}#outcome-heading",
        Reminder.Kind.KEEP_IN_TOUCH: f"{interview_url}#people-heading",
    }
    do_it = do_it_by_kind[reminder.kind]
    if reminder.is_planned_note:
        # The application's page lists the planned notes, each with "Write the note".
        application_url = absolute(reminder.interview.application.get_absolute_url())
        do_it = f"{application_url}#keep-in-touch-heading"

    def action(name: str) -> str:
        token = tokens.make_action_token(
            reminder_id=reminder.pk, action=name, due_at=reminder.due_at
        )
        return absolute(reverse("reminders:email_action", kwargs={"token": token}))

    unsubscribe_token = tokens.make_unsubscribe_token(
        user_id=reminder.owner_id, kind=reminder.kind
    )
    return {
        "interview": interview_url,
        "do_it": do_it,
        "snooze": action("snooze"),
        "done": action("done"),
        "unsubscribe": absolute(
            reverse("reminders:unsubscribe", kwargs={"token": unsubscribe_token})
        ),
        "settings": absolute(reverse("accounts:profile")),
    }


def reminder_message(reminder: Reminder) -> EmailMultiAlternatives:
    """The email for one reminder. Needs owner, interview, company and interviewers loaded."""
    interview = reminder.interview
    links = reminder_links(reminder)
    interviewers = list(interview.interviewers.all())
    context = {
        "reminder": reminder,
        "user": reminder.owner,
        "interview": interview,
        "company": interview.company,
        "interviewers": interviewers,
        "interviewer_names": join_names([person.name for person in interviewers]),
        "contact": reminder.contact,
        "links": links,
    }
    headers = {
        # RFC 8058 one-click unsubscribe: the mail client POSTs to this URL, no login.
        "List-Unsubscribe": f"<{links['unsubscribe']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        # The same reminder at the same due time keeps its Message-ID, so if a retry after
        # a crash ever repeats a delivery, mail clients show it once.
        "Message-ID": f"<reminder.{reminder.pk}.{tokens.due_stamp(reminder.due_at)}@{_host()}>",
    }
    return make_message(
        f"reminder_{reminder.kind}", to=reminder.owner.email, context=context, headers=headers
    )


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "afterview.invalid"
