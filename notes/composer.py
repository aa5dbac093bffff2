"""The guided composer: the parts of a good thank-you note, with examples drawn from the
interview record.

Deterministic and local: the same interview gives the same draft, and nothing leaves the
machine. Each part has a prompt (what to say and why) and an example the person can add,
edit or drop. The starting draft is the suggested parts joined as paragraphs.
"""

import re
from dataclasses import dataclass

from common.text import join_names
from interviews.models import Contact, Interview

# First words after which a sentence fragment can follow "that" ("learning that the team
# …") and may be lower-cased without harming a proper noun.
_COMMON_FIRST_WORDS = {
    "a", "all", "an", "each", "every", "he", "her", "his", "how", "it", "its", "many", "most",
    "my", "our", "she", "some", "that", "the", "their", "there", "these", "they", "this",
    "those", "we", "what", "why", "you", "your",
}  # fmt: skip
_CLAUSE_VERBS = {
    "are", "build", "builds", "can", "care", "cares", "expect", "expects", "had", "has",
    "have", "is", "like", "likes", "need", "needs", "plan", "plans", "prefer", "prefers",
    "run", "runs", "ship", "ships", "use", "uses", "value", "values", "want", "wants",
    "was", "were", "will", "work", "works", "would",
}  # fmt: skip
# Notes-to-self start with a verb ("Show how I led …"); the note keeps what follows it.
_SELF_PROMPT_VERBS = re.compile(
    r"^(?:show|mention|talk about|explain|highlight|tell(?: them)?(?: about)?|share|stress|"
    r"emphasi[sz]e|convey|bring up|make clear|get across|cover|remember to mention)\s+",
    re.IGNORECASE,
)
_QUESTION_ITEM = re.compile(r"^(?:ask|question|find out|check)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    prompt: str
    example: str
    suggested: bool  # part of the starting draft


def _items(text: str) -> list[str]:
    """The separate points of a free-text field: split on lines, semicolons and sentences."""
    # Browsers send line breaks as \r\n: a blank line must not leave a lone "\r" point.
    pieces = re.split(r"[\r\n;]+|(?<=[.!?])\s+", text or "")
    bullets = " -•*\t\r\n\f\v"
    return [p.strip(bullets).rstrip(".!") for p in pieces if p.strip(bullets + ".!").strip()]


def _lower_first(item: str) -> str:
    words = item.split(maxsplit=1)
    if not words:
        return item
    first = words[0]
    if first.lower() in _COMMON_FIRST_WORDS or first == "I":
        return item if first == "I" else item[0].lower() + item[1:]
    return item


def _is_clause(item: str) -> bool:
    words = [w.lower().strip(",") for w in item.split()]
    return len(words) >= 3 and any(w in _CLAUSE_VERBS for w in words[1:4])


def _learned_sentence(interview: Interview) -> str:
    items = [i for i in _items(interview.learned) if not _QUESTION_ITEM.match(i)][:2]
    if not items:
        return (
            f"I especially appreciated learning about the team at {interview.company.name} "
            "and how you work together."
        )
    phrases = []
    for item in items:
        item = _lower_first(item)
        phrases.append(f"that {item}" if _is_clause(item) else f"about {item}")
    return f"I especially appreciated learning {join_names(phrases)}."


def _fit_sentence(interview: Interview) -> str:
    points = []
    for item in _items(interview.intent):
        if _QUESTION_ITEM.match(item):
            continue  # questions to ask are not things to convey
        points.append(_lower_first(_SELF_PROMPT_VERBS.sub("", item)))
    points = points[:2]
    fit = "how well this role fits my skills, my values and where I want to grow next"
    if not points:
        return f"Our conversation confirmed {fit}."
    return f"I hope our conversation showed {join_names(points)}, and {fit}."


def _meeting_phrase(interview: Interview) -> str:
    local = interview.starts_at.astimezone(interview.owner.zone)
    verb = "meeting" if interview.format == Interview.Format.IN_PERSON else "speaking"
    return f"{verb} with me on {local:%A}"


def guide_for(interview: Interview, recipient: Contact) -> list[Part]:
    """The five parts of the note, with examples for this interview and this person."""
    company = interview.company.name
    role = interview.role
    outcome = interview.outcome
    Outcome = Interview.Outcome
    closed = interview.ended_with_a_no

    if outcome == Outcome.WITHDRAWN:
        long_game = (
            "Although I have decided not to continue in the process this time, I would be glad "
            f"to stay in touch and to hear about future openings at {company}. I wish you the "
            "very best in finding the right person for the role."
        )
    elif outcome == Outcome.REJECTED:
        long_game = (
            "Though the timing was not right this time, I would welcome the chance to be "
            f"considered for future openings at {company}. I wish you the very best with the "
            "new hire and the work ahead."
        )
    else:
        long_game = (
            f"Whatever you decide, I would be glad to stay in touch about future openings at "
            f"{company}, and I wish you the best of luck in finding the right person."
        )
    excited = (
        "I left our conversation even more excited"
        if (interview.excitement_before or 0) >= 4
        else "I left our conversation genuinely excited"
    )
    return [
        Part(
            "thanks",
            "Thanks",
            f"Thank {recipient.first_name or 'them'} by name for their time and the conversation.",
            f"Thank you for {_meeting_phrase(interview)} about the {role} role at {company}.",
            True,
        ),
        Part(
            "passion",
            "Passion for the work and the mission",
            "Say what draws you to the work and to the organisation's mission, in your words.",
            f"{excited} about the work at {company} and the mission behind it.",
            not closed,
        ),
        Part(
            "learned",
            "What you learned by listening",
            "Show you listened as much as you talked: the business, the culture, the boss.",
            _learned_sentence(interview),
            bool(interview.learned.strip()),
        ),
        Part(
            "fit",
            "How the job fits you",
            "Connect the job to your skills, your values and where you want to go.",
            _fit_sentence(interview),
            bool(interview.intent.strip()) and not closed,
        ),
        Part(
            "long_game",
            "The long game",
            "Keep the door open: interest in future openings, and luck finding the best person.",
            long_game,
            closed,
        ),
    ]


def starting_body(parts: list[Part]) -> str:
    return "\n\n".join(part.example for part in parts if part.suggested)


def body_with_part(body: str, part: Part) -> str:
    """The body with the part's example added as the last paragraph (once)."""
    if part.example in body:
        return body
    return f"{body.rstrip()}\n\n{part.example}" if body.strip() else part.example


def body_without_part(body: str, part: Part) -> tuple[str, bool]:
    """The body without the part's example; False when it was edited beyond recognition."""
    if part.example not in body:
        return body, False
    body = body.replace(part.example, "")
    return re.sub(r"\n{3,}", "\n\n", body).strip(), True
