from django import template
from django.conf import settings

from notes import assistant, composer, selectors

register = template.Library()


@register.inclusion_tag("notes/panels/interview_panel.html")
def interview_notes_panel(interview):
    """The interview page's list of notes, one row per interviewer, and the keep-in-touch
    notes written from this round (``notes.selectors.interview_notes``)."""
    notes, long_game = {}, []
    for note in selectors.interview_notes(interview):
        if note.is_keep_in_touch:
            long_game.append(note)
        else:
            notes[note.recipient_id] = note
    people = list(interview.interviewers.all())
    rows = [(person, notes.get(person.pk)) for person in people]
    by_pk = {person.pk: person for person in people}
    return {
        "interview": interview,
        "rows": rows,
        "missing": sum(1 for _, note in rows if note is None),
        "has_notes": bool(notes),
        # Keep-in-touch notes written from this round, months after a "no".
        "long_game": [(by_pk.get(note.recipient_id), note) for note in long_game],
    }


@register.inclusion_tag("notes/panels/person_panel.html")
def person_notes_panel(contact):
    """A person's page: every note to them (``notes.selectors.person_notes``)."""
    return {"contact": contact, "notes": selectors.person_notes(contact)}


@register.simple_tag
def hook_preview(interview, contact, text, placement=""):
    """What a saved hook makes in its interviewer's note, beside its field on the hooks
    form (the form's script updates it while the person types). No query: the interview
    comes with its interviewers."""
    if not text or not str(text).strip():
        return ""
    return composer.hook_preview(interview, contact, str(text), placement or "").message


@register.inclusion_tag("notes/_assistant_disclosure.html")
def assistant_disclosure():
    """What the writing assistant sends, and where, for the settings page."""
    return {
        "enabled": assistant.enabled(),
        "endpoint": assistant.endpoint() if assistant.enabled() else "",
        "model": settings.NOTES_ASSISTANT_MODEL,
    }
