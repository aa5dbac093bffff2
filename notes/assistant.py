"""The optional writing assistant: wording for one gap or one paragraph of a note.

Off unless an operator sets ``NOTES_ASSISTANT_URL`` (an OpenAI-compatible chat endpoint:
a local Ollama or llama.cpp server, or a hosted one). What is sent is exactly what
``request_for`` builds: that one note's jottings (what its recipient said, and the
person's own notes of that interview), its draft, and the piece to word. Nothing of any
other note, interviewer or person. The answer is a suggestion the person accepts or edits;
a timeout, an error or an answer that is not one short paragraph changes nothing.

Plain ``urllib`` over HTTP(S): one POST with a time limit, no client library to keep.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from notes import composer
from notes.documents import paragraphs
from notes.models import ThankYouNote

log = logging.getLogger(__name__)

# A suggestion longer than this is not one sentence or paragraph of a card.
MAX_SUGGESTION_CHARS = 700
MAX_ANSWER_BYTES = 64_000

SYSTEM = (
    "You help a job seeker word their handwritten thank-you note to one interviewer. "
    "Write in the first person, speaking to the interviewer as 'you'. Use only what the "
    "notes say; invent no facts, names or numbers. Keep the person's own words where you "
    "can. Answer with the wording only: no quotes, no preamble, no list."
)


class AssistantUnavailable(Exception):
    """The endpoint is not configured, did not answer in time, or answered nonsense."""


@dataclass(frozen=True)
class Suggestion:
    target: str  # the text in the note it would replace (a gap or a paragraph)
    wording: str


def enabled() -> bool:
    return bool(settings.NOTES_ASSISTANT_URL)


def endpoint() -> str:
    """Where requests go, for the settings page to say."""
    return settings.NOTES_ASSISTANT_URL.rstrip("/") + "/chat/completions"


def request_for(note: ThankYouNote, target: str) -> dict:
    """The whole request body: the note's jottings and draft, and what to word."""
    said = [hook.text for hook, _ in composer.hook_readings(note.interview, note.recipient)]
    jottings = "\n".join(f"- {line}" for line in said) or "(none)"
    own = note.interview.learned.strip() or "(none)"
    is_gap = bool(composer.drafts.GAP.fullmatch(target))
    ask = (
        "Write one sentence to put in place of this gap: " + target
        if is_gap
        else "Suggest a better wording for this paragraph, keeping its meaning: " + target
    )
    user = (
        f"Interviewer: {note.recipient.greeting_name or note.recipient.name}\n"
        f"What they said (my jottings):\n{jottings}\n"
        f"What I noted about the interview:\n{own}\n\n"
        f"My draft:\n{note.body}\n\n{ask}"
    )
    return {
        "model": settings.NOTES_ASSISTANT_MODEL,
        "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}],
        "temperature": 0.3,
        "max_tokens": 200,
        "stream": False,
    }


def suggest(note: ThankYouNote, target: str) -> Suggestion:
    """A wording for ``target`` (a gap or a paragraph of ``note.body``), or
    AssistantUnavailable. Never writes anything."""
    if not enabled():
        raise AssistantUnavailable("The writing assistant is not set up on this site.")
    if not target or target not in note.body:
        raise AssistantUnavailable("That text is no longer in the note.")
    headers = {"Content-Type": "application/json"}
    if settings.NOTES_ASSISTANT_API_KEY:
        headers["Authorization"] = f"Bearer {settings.NOTES_ASSISTANT_API_KEY}"
    request = urllib.request.Request(
        endpoint(), json.dumps(request_for(note, target)).encode(), headers, method="POST"
    )
    try:
        with urllib.request.urlopen(
            request, timeout=settings.NOTES_ASSISTANT_TIMEOUT_SECONDS
        ) as response:
            answer = json.loads(response.read(MAX_ANSWER_BYTES))
        wording = answer["choices"][0]["message"]["content"]
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        log.warning("writing assistant: %s", exc)
        raise AssistantUnavailable(
            "The writing assistant did not answer just now; your note is unchanged."
        ) from exc
    wording = " ".join(str(wording).split()).strip("\"“”' ")
    if not wording or len(wording) > MAX_SUGGESTION_CHARS or composer.drafts.GAP.search(wording):
        raise AssistantUnavailable("The writing assistant's answer was not usable; try again.")
    return Suggestion(target, wording)


def targets(body: str) -> list[str]:
    """What can be worded: each gap, then each paragraph."""
    return composer.gaps(body) + [p for p in paragraphs(body) if not composer.gaps(p)]
