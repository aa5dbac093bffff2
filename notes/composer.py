"""The guided composer: the parts of a good thank-you note, each with sentence starters to
complete, a suggested sentence for this person, and the person's own notes beside it.

Rules the drafts keep:

- A note speaks *to* its recipient. What an interviewer said (their listening hooks) is
  turned into the second person ("how much weight you put on written design docs"); the
  recipient's name and third-person pronouns never appear in the body of their own note.
  Notes-to-self are material shown beside the text, never pasted into it verbatim.
- "What I learned by listening" comes from that interviewer's own hooks; the interview-wide
  "what I learned" is a fallback only for a person with none (and leaves out lines that
  name another member of the panel).
- Notes to members of one panel differ: each part has several phrasings and each
  interviewer gets a different one (their place on the panel, seeded by the interview id),
  and the middle parts come in a different order. The same record always gives the same
  draft: nothing is random per request, and nothing leaves the machine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TypeVar

from common.text import join_names, squash_spaces
from interviews.models import Contact, Interview, ListeningHook

T = TypeVar("T")

# First words after which a sentence fragment may be lower-cased without harming a proper
# noun ("The team …" → "the team …").
_COMMON_FIRST_WORDS = {
    "a", "all", "an", "each", "every", "he", "her", "his", "how", "it", "its", "many", "most",
    "my", "our", "she", "some", "that", "the", "their", "there", "these", "they", "this",
    "those", "we", "what", "why", "you", "your", "whether", "when", "where", "who",
}  # fmt: skip
_CLAUSE_VERBS = {
    "are", "build", "builds", "can", "care", "cares", "expect", "expects", "had", "has",
    "have", "is", "like", "likes", "need", "needs", "plan", "plans", "prefer", "prefers",
    "run", "runs", "ship", "ships", "use", "uses", "value", "values", "want", "wants",
    "was", "were", "will", "work", "works", "would", "lead", "leads", "hire", "hires",
    "move", "moves", "moving", "rebuilding", "building", "hiring", "planning", "spend",
    "spends", "do", "does", "did", "believe", "believes", "think", "thinks", "should",
}  # fmt: skip
# Notes-to-self start with a verb ("Show how I led …"); the note keeps what follows it.
_SELF_PROMPT_VERBS = re.compile(
    r"^(?:show|mention|talk about|explain|highlight|tell(?: them)?(?: about)?|share|stress|"
    r"emphasi[sz]e|convey|bring up|make clear|get across|cover|remember to mention)\s+",
    re.IGNORECASE,
)
_QUESTION_ITEM = re.compile(r"^(?:ask|question|find out|check)\b", re.IGNORECASE)
_ADVERBS = {
    "really", "also", "always", "clearly", "deeply", "strongly", "personally", "still",
    "often", "just", "mostly", "usually", "genuinely", "obviously", "already",
}  # fmt: skip
_IRREGULAR_AGREEMENT = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't",
                        "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't"}  # fmt: skip
_NOT_VERBS_ENDING_IN_S = {"always", "perhaps", "sometimes", "across", "towards", "this", "is"}

# How a hook begins says what kind of thing it was.
_CARE = re.compile(
    r"^(?:really\s+|deeply\s+|clearly\s+|genuinely\s+)?"
    r"(?:cares?|cared)\s+(?:a\s+lot\s+|a\s+great\s+deal\s+|deeply\s+|so\s+much\s+|most\s+)?"
    r"(?:about\s+)(?P<rest>.+)$",
    re.IGNORECASE,
)
_WEIGHT = re.compile(
    r"^(?:puts?|put|places?)\s+(?:a\s+lot\s+of\s+|great\s+|real\s+|much\s+)?"
    r"(?:weight|emphasis|value)\s+on\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_VALUES = re.compile(r"^(?:really\s+)?(?:values?|valued|prizes?)\s+(?P<rest>.+)$", re.IGNORECASE)
_PASSIONATE = re.compile(
    r"^(?:is|was)\s+(?:very\s+|really\s+)?(?:passionate|excited|enthusiastic)\s+about\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_ASKED = re.compile(
    r"^(?:asked|wanted\s+to\s+know|questioned|probed|dug\s+into|drilled\s+into)\s+"
    r"(?:me\s+|her\s+|him\s+|them\s+)?(?:about\s+)?(?P<rest>.+)$",
    re.IGNORECASE,
)
_QUESTION_ABOUT = re.compile(
    r"^(?:a\s+|the\s+|her\s+|his\s+|their\s+)?(?:question|q)s?\s+(?:about|on)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_SAID = re.compile(
    r"^(?:said|mentioned|explained|noted|pointed\s+out|told\s+me|described|shared|stressed|"
    r"talked\s+about|spoke\s+about)\s+(?:that\s+)?(?P<rest>.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Material:
    label: str  # whose words: "What Ada said", "Your notes"
    text: str


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    prompt: str
    example: str  # a finished sentence for this person (the starting draft uses it)
    suggested: bool  # part of the starting draft
    starters: tuple[str, ...] = ()  # beginnings the person completes ("… about …")
    material: tuple[Material, ...] = field(default_factory=tuple)
    short: str = ""  # a shorter sentence for a small card, when there is one


# --- Reading what the person wrote --------------------------------------------------------


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
    if first.lower() in _COMMON_FIRST_WORDS:
        return item[0].lower() + item[1:]
    return item


_DETERMINERS = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "our",
    "your",
    "their",
    "its",
    "my",
    "his",
    "her",
}


def _is_clause(item: str) -> bool:
    """Whether the item reads as subject + verb ("the team ships weekly"), not as a noun
    phrase ("the move to streaming": a word after "the" is a noun)."""
    words = [w.lower().strip(",") for w in item.split()]
    return len(words) >= 2 and any(
        words[i] in _CLAUSE_VERBS and words[i - 1] not in _DETERMINERS
        for i in range(1, min(4, len(words)))
    )


def recipient_names(recipient: Contact) -> list[str]:
    """Every way the person's notes may name the recipient, longest first."""
    words = recipient.name.split()
    names = {recipient.name.strip(), recipient.greeting_name, recipient.first_name}
    if len(words) > 1:
        names.add(words[-1])
    return sorted((n for n in names if n and len(n) > 1), key=len, reverse=True)


def _base_verb(word: str) -> str:
    """Third-person verb → the form after "you": cares → care, pushes → push."""
    lower = word.lower()
    if lower in _IRREGULAR_AGREEMENT:
        return _IRREGULAR_AGREEMENT[lower]
    if len(lower) <= 3 or not lower.endswith("s") or lower.endswith(("ss", "us", "is")):
        return word
    if lower in _NOT_VERBS_ENDING_IN_S:
        return word
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith(("shes", "ches", "xes", "zes", "sses")):
        return word[:-2]
    return word[:-1]


def to_second_person(text: str, recipient: Contact) -> str:
    """Speaks to the recipient: their name and he/she/his/her become you/your, and the verb
    after them agrees ("Ada cares about" → "you care about")."""
    for name in recipient_names(recipient):
        escaped = re.escape(name)
        text = re.sub(rf"(?<!\w){escaped}['’]s(?!\w)", "your", text)
        text = re.sub(rf"(?<!\w){escaped}(?!\w)", "you", text)
    text = re.sub(r"\b(?:he|she)\b", "you", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:himself|herself)\b", "yourself", text, flags=re.IGNORECASE)
    text = re.sub(r"\bhers\b", "yours", text, flags=re.IGNORECASE)
    text = re.sub(r"\bhis\b", "your", text, flags=re.IGNORECASE)
    # "her": an object before a stop or a preposition ("asked her about"), else possessive.
    text = re.sub(
        r"\bher\b(?=\s*(?:$|[.,;:!?)]|\s(?:about|to|for|with|on|at|in|if|whether|how|why|what)\b))",
        "you",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"\bher\b", "your", text, flags=re.IGNORECASE)
    text = re.sub(r"\bhim\b", "you", text, flags=re.IGNORECASE)

    def agree(match: re.Match) -> str:
        adverbs = match.group("adverbs") or ""
        return f"{match.group('you')}{adverbs}{_base_verb(match.group('verb'))}"

    adverb_group = "|".join(sorted(_ADVERBS))
    return re.sub(
        rf"(?P<you>\b[Yy]ou\s+)(?P<adverbs>(?:(?:{adverb_group})\s+)*)(?P<verb>[A-Za-z']+)",
        agree,
        text,
    )


@dataclass(frozen=True)
class Heard:
    """One thing the recipient said, in two grammatical shapes for the sentence frames."""

    topic: str  # a noun phrase: "how much weight you put on written design docs"
    heard: str  # after "I especially enjoyed": "hearing how much weight you put on …"


def heard_from(text: str, recipient: Contact) -> Heard:
    """What a listening hook becomes inside the recipient's own note (second person)."""
    raw = squash_spaces(text).rstrip(".!;")
    spoken = to_second_person(raw, recipient)
    bare = _lower_first(spoken)
    # The kind of hook is read before the verb was made to agree with "you".
    bare_raw = re.sub(r"^(?:he|she|they)\s+", "", _lower_first(raw), flags=re.IGNORECASE)
    for name in recipient_names(recipient):
        if bare_raw.startswith(name + " "):
            bare_raw = bare_raw[len(name) + 1 :]
            break
    rest_of = lambda match: to_second_person(match.group("rest"), recipient)  # noqa: E731
    if m := _CARE.match(bare_raw):
        rest = rest_of(m)
        return Heard(f"how much you care about {rest}", f"hearing how much you care about {rest}")
    if m := _WEIGHT.match(bare_raw):
        rest = rest_of(m)
        return Heard(
            f"how much weight you put on {rest}", f"hearing how much weight you put on {rest}"
        )
    if m := _VALUES.match(bare_raw):
        rest = rest_of(m)
        return Heard(f"how much you value {rest}", f"hearing how much you value {rest}")
    if m := _PASSIONATE.match(bare_raw):
        rest = rest_of(m)
        return Heard(f"your enthusiasm for {rest}", f"seeing your enthusiasm for {rest}")
    if m := _ASKED.match(bare_raw) or _QUESTION_ABOUT.match(bare_raw):
        rest = rest_of(m)
        return Heard(f"your question about {rest}", f"answering your question about {rest}")
    if m := _SAID.match(bare_raw):
        rest = _lower_first(rest_of(m))
        if _is_clause(rest):
            return Heard(f"your point that {rest}", f"hearing that {rest}")
        return Heard(rest, f"hearing about {rest}")
    spoken = _lower_first(spoken)
    if spoken.lower().startswith("you "):
        return Heard(f"how {spoken}", f"learning that {spoken}")
    if _is_clause(bare):
        return Heard(f"how {bare}", f"learning that {bare}")
    return Heard(bare, f"hearing about {bare}")


# --- Variation across a panel ---------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """Where the recipient sits on the panel: picks this note's phrasings and order."""

    rank: int  # 0-based position among the interviewers, by id
    seed: int  # the interview's id

    def pick(self, options: Sequence[T], part: str) -> T:
        offset = sum(map(ord, part))
        return options[(self.seed + offset + self.rank) % len(options)]


def seat_for(interview: Interview, recipient: Contact) -> Seat:
    ids = sorted(person.pk for person in interview.interviewers.all())
    rank = ids.index(recipient.pk) if recipient.pk in ids else len(ids)
    return Seat(rank=rank, seed=interview.pk or 0)


# --- The parts ------------------------------------------------------------------------------


def _meeting(interview: Interview) -> tuple[str, str]:
    local = interview.starts_at.astimezone(interview.owner.zone)
    verb = "meeting" if interview.format == Interview.Format.IN_PERSON else "speaking"
    return verb, f"{local:%A}"


def _thanks(interview: Interview, seat: Seat) -> str:
    verb, day = _meeting(interview)
    role, company = interview.role, interview.company.name
    met = "meet" if verb == "meeting" else "talk with"
    options = [
        f"Thank you for {verb} with me on {day} about the {role} role at {company}.",
        f"Thank you for taking the time on {day} to talk through the {role} role with me.",
        f"I am grateful for the time you gave me on {day} to discuss the {role} position.",
        f"It was a pleasure to {met} you on {day}; thank you for your time and your questions.",
        f"Many thanks for our conversation on {day} about joining {company} as {role}.",
    ]
    return seat.pick(options, "thanks")


def _passion(interview: Interview, seat: Seat) -> str:
    company, role = interview.company.name, interview.role
    more = "even more " if (interview.excitement_before or 0) >= 4 else ""
    options = [
        f"I left our conversation {more}excited about the work at {company} and the mission "
        "behind it.",
        f"The more I learn about what {company} is building, the more I want to be part of it.",
        f"I came away {more}enthusiastic about the {role} role and the difference the team makes.",
        f"Our talk made me {more}keen to bring my energy to the mission at {company}.",
        f"It is rare to leave an interview this energised, and I would love to help {company} "
        "get where it is going.",
    ]
    return seat.pick(options, "passion")


_LEARNED_FRAMES = [
    ("heard", "I especially enjoyed {}."),
    ("topic", "What stayed with me most was {}."),
    ("topic", "I came away with a lot to think about, especially {}."),
    ("topic", "I am still thinking over {}."),
    ("heard", "It was a real pleasure {}."),
]


_SHARED_LEADS = ("hearing about ", "learning that ", "hearing that ", "hearing ", "learning ")


def _learned_sentence(things: list[Heard], seat: Seat) -> str:
    shape, frame = seat.pick(_LEARNED_FRAMES, "learned")
    phrases = [getattr(thing, shape) for thing in things]
    # "hearing X and hearing Y" reads as a list; "hearing X and Y" as a sentence.
    for lead in _SHARED_LEADS:
        if len(phrases) == 2 and all(p.startswith(lead) for p in phrases):
            phrases[1] = phrases[1][len(lead) :]
            break
    return frame.format(join_names(phrases))


def _hooks_for(interview: Interview, recipient: Contact) -> list[str]:
    return list(
        ListeningHook.objects.filter(interview=interview, contact=recipient)
        .order_by("position")
        .values_list("text", flat=True)
    )


def _fallback_items(interview: Interview, recipient: Contact, seat: Seat) -> list[str]:
    """Interview-wide "what I learned", for a person with no hooks of their own: without
    questions-to-self, first-person notes, or lines naming another panel member."""
    others = [
        name
        for person in interview.interviewers.all()
        if person.pk != recipient.pk
        for name in recipient_names(person)
    ]
    items = []
    for item in _items(interview.learned):
        if _QUESTION_ITEM.match(item) or re.match(r"^I\b", item):
            continue
        if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", item) for name in others):
            continue
        items.append(item)
    if not items:
        return []
    # Each member of the panel starts from a different line, so fallbacks differ too.
    start = seat.rank % len(items)
    return (items[start:] + items[:start])[:2]


def _fit(interview: Interview, seat: Seat) -> tuple[str, list[str]]:
    points = []
    for item in _items(interview.intent):
        if _QUESTION_ITEM.match(item):
            continue  # questions to ask are not things to convey
        points.append(_lower_first(_SELF_PROMPT_VERBS.sub("", item)))
    if points:
        start = seat.rank % len(points)
        point = (points[start:] + points[:start])[0]
        options = [
            f"I hope our conversation showed {point}, and how well this role fits my skills, "
            "values and goals.",
            f"I was glad to talk about {point}; the role fits both my skills and where I want "
            "to grow.",
            f"Talking through {point} made it clear to me how well this role suits my skills "
            "and values.",
            f"Sharing {point} made me more certain that the role fits what I do best and "
            "where I want to go.",
            f"The role draws on what I enjoy most, and I was glad to share {point}.",
        ]
    else:
        options = [
            "Our conversation confirmed how well this role fits my skills, my values and "
            "where I want to grow next.",
            "The role fits what I do best and what I care about, and it is where I want to "
            "grow next.",
            "I came away sure that the role suits my skills, my values and my plans.",
            "Everything we discussed matches the skills I bring and the work I want to do next.",
        ]
    return seat.pick(options, "fit"), points


def _long_game(interview: Interview, seat: Seat) -> str:
    company = interview.company.name
    Outcome = Interview.Outcome
    if interview.outcome == Outcome.WITHDRAWN:
        options = [
            "Although I have decided not to continue this time, I would be glad to stay in "
            f"touch about future openings at {company}. I wish you the very best in finding "
            "the right person.",
            "Stepping back this time was not easy; I hope to hear about future openings, and "
            "I wish you every success with the search.",
            f"I would welcome hearing about future openings at {company}, and I wish you luck "
            "in finding the right person for this one.",
        ]
    elif interview.outcome == Outcome.REJECTED:
        options = [
            "Though the timing was not right this time, I would welcome the chance to be "
            f"considered for future openings at {company}. I wish you the very best with the "
            "new hire.",
            f"I hope we stay in touch, and I would be glad to hear of future openings at "
            f"{company}. Best of luck with the work ahead.",
            "I would love to be considered for future openings like this one, and I wish you "
            "and the new hire every success.",
        ]
    else:
        options = [
            "Whatever you decide, I would be glad to stay in touch about future openings at "
            f"{company}, and I wish you the best of luck in finding the right person.",
            "However the search turns out, I would welcome hearing about future openings on "
            "your team; I wish you every success in finding the right person.",
            f"If the timing is not right this time, I would welcome hearing about future "
            f"openings at {company}. Good luck with the search.",
            "Whatever the outcome, I would be glad to be considered for future openings, and I "
            "wish you luck in choosing the best candidate.",
            f"Whichever way it goes, I hope to hear about future openings at {company}, and I "
            "wish you well in finding the right person.",
        ]
    return seat.pick(options, "long_game")


CLOSINGS = ("With thanks,", "Warm regards,", "With gratitude,", "Kind regards,", "Best wishes,")


def closing_for(interview: Interview, recipient: Contact) -> str:
    return seat_for(interview, recipient).pick(CLOSINGS, "closing")


def guide_for(interview: Interview, recipient: Contact) -> list[Part]:
    """The parts of the note for this person, in this note's order (thanks first, the long
    game last, the middle three in an order that differs across the panel)."""
    seat = seat_for(interview, recipient)
    company = interview.company.name
    closed = interview.ended_with_a_no
    who = recipient.greeting_name or recipient.name

    hooks = _hooks_for(interview, recipient)
    material_learned = [Material(f"What {who} said", hook) for hook in hooks]
    if hooks:
        heard = [heard_from(text, recipient) for text in hooks]
        learned = _learned_sentence(heard[:2], seat)
        short = _learned_sentence(heard[:1], seat) if len(hooks) > 1 else ""
    else:
        fallback = _fallback_items(interview, recipient, seat)
        heard = [heard_from(item, recipient) for item in fallback]
        learned = (
            _learned_sentence(heard, seat)
            if heard
            else seat.pick(
                [
                    f"I especially appreciated learning about the team at {company} and how "
                    "you work together.",
                    f"It was good to hear how the team at {company} works day to day.",
                    "I came away with a much clearer picture of the team and its plans.",
                ],
                "learned-empty",
            )
        )
        short = _learned_sentence(heard[:1], seat) if len(heard) > 1 else ""
    material_learned += [Material("Your notes", item) for item in _items(interview.learned)]

    fit, points = _fit(interview, seat)
    passion = _passion(interview, seat)
    parts = {
        "thanks": Part(
            "thanks",
            "Thanks",
            f"Thank {who} for their time and the conversation.",
            _thanks(interview, seat),
            True,
            starters=("Thank you for taking the time to …", "It was a pleasure to meet you and …"),
        ),
        "passion": Part(
            "passion",
            "Passion for the work and the mission",
            "Say what draws you to the work and to the organisation's mission, in your words.",
            passion,
            not closed,
            starters=(
                f"What draws me to {company} is …",
                "I have long admired …",
                "I would love to help the team …",
            ),
            material=tuple(
                Material("About the company", t) for t in _items(interview.company.notes)
            ),
        ),
        "learned": Part(
            "learned",
            "What you learned by listening",
            f"Show {who} you listened as much as you talked: something they said, asked or "
            "cared about.",
            learned,
            bool(hooks) or bool(interview.learned.strip()),
            starters=(
                "I especially enjoyed hearing about …",
                "Your question about … made me think about …",
                "I was struck by how much weight you put on …",
                "It was good to learn that …",
            ),
            material=tuple(material_learned),
            short=short,
        ),
        "fit": Part(
            "fit",
            "How the job fits you",
            "Connect the job to your skills, your values and where you want to go.",
            fit,
            bool(points) and not closed,
            starters=(
                "My experience with … fits what the team needs because …",
                "The role matches where I want to grow: …",
                "I care about … as much as your team does.",
            ),
            material=tuple(
                Material("What you meant to convey", p) for p in _items(interview.intent)
            ),
        ),
        "long_game": Part(
            "long_game",
            "The long game",
            "Keep the door open: interest in future openings, and luck finding the best person.",
            _long_game(interview, seat),
            closed,
            starters=(
                "Whatever you decide, …",
                f"I would welcome hearing about future openings at {company} in …",
                "I wish you the best of luck in finding …",
            ),
        ),
    }
    middle = [
        ["passion", "learned", "fit"],
        ["learned", "passion", "fit"],
        ["learned", "fit", "passion"],
        ["passion", "fit", "learned"],
    ]
    order = ["thanks", *seat.pick(middle, "order"), "long_game"]
    return [parts[key] for key in order]


# --- The long game: a keep-in-touch note months after a "no" --------------------------------

LONG_GAME_CLOSINGS = ("Warm regards,", "Best wishes,", "All the best,", "Kind regards,")


def _keep_in_touch_seat(interview: Interview, recipient: Contact, sequence: int) -> Seat:
    seat = seat_for(interview, recipient)
    # The second note reads differently from the first.
    return Seat(rank=seat.rank + 7 * sequence, seed=seat.seed)


def long_game_closing_for(interview: Interview, recipient: Contact, sequence: int = 1) -> str:
    return _keep_in_touch_seat(interview, recipient, sequence).pick(LONG_GAME_CLOSINGS, "closing")


def long_game_guide_for(interview: Interview, recipient: Contact, sequence: int = 1) -> list[Part]:
    """The parts of a keep-in-touch note, a few months after the application ended: a hello
    that places the conversation, congratulations on the hire, what the person has been
    doing since, something the recipient said that stayed with them, and interest in
    future openings. Spoken to the recipient; their name is never in the body."""
    seat = _keep_in_touch_seat(interview, recipient, sequence)
    company, role = interview.company.name, interview.role
    who = recipient.greeting_name or recipient.name
    later = sequence > 1
    hooks = _hooks_for(interview, recipient)
    heard = [heard_from(text, recipient) for text in hooks]
    hello = seat.pick(
        [
            f"It has been a few months since we spoke about the {role} role at {company}, and "
            "I wanted to say hello.",
            f"I hope you are well. We spoke a few months ago about the {role} role at "
            f"{company}, and our conversation has stayed with me.",
            f"A few months have passed since our conversation about joining {company}, and I "
            "wanted to get back in touch.",
        ]
        if not later
        else [
            f"It has been some time since we last spoke about {company}, and I wanted to send "
            "a quick hello.",
            f"I hope the year is treating you and the team at {company} well.",
            f"Half a year on from our conversation about the {role} role, I wanted to say "
            "hello again.",
        ],
        "kit-hello",
    )
    congrats = seat.pick(
        [
            "Congratulations on the new hire; I hope they have settled in well.",
            "I hope the person you chose is settling in well; congratulations on filling the "
            "role.",
            "Congratulations on growing the team; I hope the new hire is thriving.",
        ],
        "kit-congrats",
    )
    since = seat.pick(
        [
            "Since we spoke, I have kept building on the work I described to you.",
            "Since we spoke, I have been sharpening the skills we talked about.",
            "Since our conversation, I have kept learning in the areas we discussed.",
        ],
        "kit-since",
    )
    remembered = (
        seat.pick(
            [
                "I still think about {}.",
                "Something that stayed with me was {}.",
                "I keep coming back to {}.",
            ],
            "kit-remembered",
        ).format(heard[0].topic)
        if heard
        else ""
    )
    future = seat.pick(
        [
            f"I remain very interested in {company}, and I would be glad to hear about future "
            "openings on your team.",
            f"If a role opens up at {company} where I could help, I would love to hear about it.",
            f"{company} is still a place I would love to work; please keep me in mind for "
            "future openings.",
        ],
        "kit-future",
    )
    parts = [
        Part(
            "hello",
            "Hello again",
            f"Remind {who} where you met, in a line: the role and when you spoke.",
            hello,
            True,
            starters=("It has been a few months since …", "I hope you and the team are …"),
        ),
        Part(
            "congrats",
            "Congratulations on the hire",
            "Be generous about the person they chose: it shows you hold no grudge.",
            congrats,
            True,
            starters=("Congratulations on …", "I hope the new … is settling in well."),
        ),
        Part(
            "since",
            "What you have been doing since",
            "A sentence on what you have learned or built since you spoke.",
            since,
            True,
            starters=("Since we spoke, I have …", "Lately I have been working on …"),
            material=tuple(
                Material("What you meant to convey", p) for p in _items(interview.intent)
            ),
        ),
        Part(
            "remembered",
            "Something they said",
            f"Something {who} said that stayed with you shows you listened.",
            remembered,
            bool(heard),
            starters=("I still think about …", "Your point about … stayed with me."),
            material=tuple(Material(f"What {who} said", hook) for hook in hooks),
        ),
        Part(
            "future",
            "Future openings",
            "Say you would welcome hearing about future openings, and wish them well.",
            future,
            True,
            starters=(
                f"I would welcome hearing about future openings at {company} …",
                "Please keep me in mind for …",
            ),
        ),
    ]
    return parts


def guide_for_note(note) -> list[Part]:
    """The composer's parts for ``note``, by its kind."""
    if note.kind == "keep_in_touch":
        return long_game_guide_for(note.interview, note.recipient, note.sequence)
    return guide_for(note.interview, note.recipient)


# --- Drafts ---------------------------------------------------------------------------------

# What to leave out, in turn, while a starting draft does not fit its card: the second
# listening hook first, then fit, then passion. The thanks, the first hook and (after a
# "no") the long game stay.
SHORTENINGS = ("learned_short", "fit", "passion")


def draft_bodies(parts: list[Part]) -> list[str]:
    """Starting drafts from the fullest to the shortest; the first that fits is used."""
    bodies = []
    leave_out: set[str] = set()
    for step in (None, *SHORTENINGS):
        if step:
            leave_out.add(step)
        paragraphs = []
        for part in parts:
            if not part.suggested or part.key in leave_out:
                continue
            if part.key == "learned" and "learned_short" in leave_out and part.short:
                paragraphs.append(part.short)
            else:
                paragraphs.append(part.example)
        body = "\n\n".join(paragraphs)
        if body not in bodies:
            bodies.append(body)
    return bodies


def starting_body(parts: list[Part]) -> str:
    return draft_bodies(parts)[0]


def body_with_part(body: str, part: Part) -> str:
    """The body with the part's example added as the last paragraph (once)."""
    if part.example in body:
        return body
    return f"{body.rstrip()}\n\n{part.example}" if body.strip() else part.example


def body_without_part(body: str, part: Part) -> tuple[str, bool]:
    """The body without the part's example; False when it was edited beyond recognition."""
    for text in (part.example, part.short):
        if text and text in body:
            body = body.replace(text, "")
            return re.sub(r"\n{3,}", "\n\n", body).strip(), True
    return body, False


def part_in_body(body: str, part: Part) -> bool:
    return part.example in body or bool(part.short and part.short in body)


def body_with_starter(body: str, starter: str) -> str:
    """The body with a sentence starter begun as a new paragraph, for the person to finish."""
    return f"{body.rstrip()}\n\n{starter}" if body.strip() else starter


def unfinished_starters(body: str, parts: list[Part]) -> list[str]:
    """Sentence starters still in the text as offered (with their "…")."""
    return [
        starter
        for part in parts
        for starter in part.starters
        if starter.split("…")[0].strip() and starter in body
    ]


# --- The panel check ------------------------------------------------------------------------

# Sentences this short ("Thank you.") may repeat harmlessly.
PANEL_MIN_CHARS = 24
PANEL_SIMILARITY = 0.85


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n+", text or "")
    return [p.strip() for p in parts if p and p.strip()]


def normalised(sentence: str) -> str:
    """Case, accents' forms, punctuation and spacing do not make a sentence different."""
    text = unicodedata.normalize("NFKC", sentence).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return squash_spaces(text)


@dataclass(frozen=True)
class Repeat:
    sentence: str  # in this note
    other_recipient: str  # whose note has it too
    other_note_pk: int
    exact: bool


def panel_repeats(body: str, others: list) -> list[Repeat]:
    """Sentences of ``body`` that appear, word for word or nearly, in another note of the
    same interview (``others``: notes with ``body``, ``pk`` and ``recipient``)."""
    other_sentences = [(note, normalised(s)) for note in others for s in sentences(note.body)]
    found = []
    for sentence in sentences(body):
        mine = normalised(sentence)
        if len(mine) < PANEL_MIN_CHARS:
            continue
        for note, theirs in other_sentences:
            if len(theirs) < PANEL_MIN_CHARS:
                continue
            exact = mine == theirs
            if (
                exact
                or SequenceMatcher(None, mine, theirs, autojunk=False).ratio() >= PANEL_SIMILARITY
            ):
                found.append(Repeat(sentence, note.recipient.name, note.pk, exact))
                break
    return found
