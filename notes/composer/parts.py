"""The parts of a good note for one recipient: each with a suggested sentence written for
them (from the phrase bank and what they said), beginnings to finish, and the person's own
notes beside it.

Rules the drafts keep:

- A note speaks *to* its recipient. What an interviewer said (their listening hooks) is read
  by ``reading.read_jotting``: a jotting it can vouch for becomes a sentence spoken to them;
  any other becomes a marked gap the person fills in ("[Write one sentence to Ada about:
  …]"); a private aside stays beside the note as material.
- "What I learned by listening" comes from that interviewer's own hooks; the interview-wide
  "what I learned" is a fallback only for a person with none, and only its lines that read
  as a sentence and name nobody.
- Notes to members of one panel differ: each part has several phrasings (``phrases.toml``),
  each interviewer gets a different one, and the middle parts come in a different order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interviews.models import Contact, Interview, ListeningHook
from notes.composer.phrasebank import PHRASES, Seat, seat_for
from notes.composer.reading import Kind, Person, Reading, read_jotting, read_point


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

_SELF_PROMPT_VERBS = re.compile(
    r"^(?:show|mention|talk about|explain|highlight|tell(?: them)?(?: about)?|share|stress|"
    r"emphasi[sz]e|convey|bring up|make clear|get across|cover|remember to mention)\s+",
    re.IGNORECASE,
)
_QUESTION_ITEM = re.compile(r"^(?:ask|question|find out|check)\b", re.IGNORECASE)
_COMMON_FIRST_WORDS = {
    "a", "all", "an", "each", "every", "how", "it", "its", "many", "most", "my", "our",
    "some", "that", "the", "these", "this", "those", "what", "why", "whether", "when", "where",
}  # fmt: skip


def items(text: str) -> list[str]:
    """The separate points of a free-text field: split on lines, semicolons and sentences."""
    # Browsers send line breaks as \r\n: a blank line must not leave a lone "\r" point.
    pieces = re.split(r"[\r\n;]+|(?<=[.!?])\s+", text or "")
    bullets = " -•*\t\r\n\f\v"
    return [p.strip(bullets).rstrip(".!") for p in pieces if p.strip(bullets + ".!").strip()]


def _lower_first(item: str) -> str:
    first = item.split(maxsplit=1)[0] if item.split() else ""
    return item[0].lower() + item[1:] if first.lower() in _COMMON_FIRST_WORDS else item


def recipient_names(recipient: Contact) -> list[str]:
    """Every way the person's notes may name the recipient, longest first."""
    words = recipient.name.split()
    names = {recipient.name.strip(), recipient.greeting_name, recipient.first_name}
    if len(words) > 1:
        names.add(words[-1])
    return sorted((n for n in names if n and len(n) > 1), key=lambda n: (-len(n), n))


def person_for(interview: Interview, recipient: Contact) -> Person:
    others = tuple(
        name
        for other in interview.interviewers.all()
        if other.pk != recipient.pk
        for name in recipient_names(other)
        if name not in recipient_names(recipient)
    )
    return Person(tuple(recipient_names(recipient)), others)


def hook_readings(interview: Interview, recipient: Contact) -> list[tuple[ListeningHook, Reading]]:
    """Each of the recipient's listening hooks with what it becomes in their note."""
    person = person_for(interview, recipient)
    hooks = ListeningHook.objects.filter(interview=interview, contact=recipient).order_by(
        "position"
    )
    return [(hook, reading_of_hook(hook.text, hook.placement, person)) for hook in hooks]


def reading_of_hook(text: str, placement: str, person: Person) -> Reading:
    """What a hook becomes, as the person placed it: "just for me" keeps it out of the note,
    "for the note" never takes it for an aside, and by default the composer decides."""
    if placement == ListeningHook.Placement.PRIVATE:
        return Reading(text, Kind.PRIVATE, why="you keep it for yourself")
    return read_jotting(text, person, for_the_note=placement == ListeningHook.Placement.NOTE)


@dataclass(frozen=True)
class HookPreview:
    """What one hook will make in its interviewer's note, said to the person typing it."""

    placed: bool
    kind: str
    sentence: str  # the sentence it makes (in the first phrasing of its kind), or ""
    message: str

    def as_json(self) -> dict:
        return {
            "placed": self.placed,
            "kind": self.kind,
            "sentence": self.sentence,
            "message": self.message,
        }


def hook_preview(
    interview: Interview, recipient: Contact, text: str, placement: str = ""
) -> HookPreview:
    """The sentence a hook will make, as the hooks form shows it beside the field."""
    reading = reading_of_hook(text, placement, person_for(interview, recipient))
    who = who_of(recipient)
    if reading.placed:
        sentence = sentence_for(reading, PHRASES["learned"])
        return HookPreview(True, str(reading.kind), sentence, f"In the note: “{sentence}”")
    if reading.kind == Kind.PRIVATE:
        why = "" if placement else f" ({reading.why})"
        return HookPreview(
            False, "private", "", f"Just for you{why}: shown beside the note, not in it."
        )
    return HookPreview(
        False,
        "gap",
        "",
        f"The note will ask you to write this one yourself. Or write it as you would say it to "
        f"{who}: “you're hiring for …”, “your walkthrough of …”.",
    )


def who_of(recipient: Contact) -> str:
    return recipient.greeting_name or recipient.name


def gap_text(jotting: str, recipient: Contact) -> str:
    return PHRASES["learned"]["gap"].format(who=who_of(recipient), jotting=jotting.strip())


def sentence_for(reading: Reading, frames: dict, seat: Seat | None = None, shift: int = 0) -> str:
    """The sentence a placed reading makes in one of ``frames`` (by kind); the first frame
    without a seat (what the corpus harness reads)."""
    options = frames[str(reading.kind)]
    frame = options[0] if seat is None else seat.pick(options, f"learned-{reading.kind}", shift)
    return frame.format(reading.text)


def _learned_sentences(readings: list[Reading], recipient: Contact, seat: Seat) -> list[str]:
    """One sentence per hook (never two in the same frame), or the gap to write."""
    frames = PHRASES["learned"]
    return [
        sentence_for(reading, frames, seat, index)
        if reading.placed
        else gap_text(reading.jotting, recipient)
        for index, reading in enumerate(readings)
    ]


def _fallback_readings(interview: Interview, recipient: Contact, seat: Seat) -> list[Reading]:
    """Interview-wide "what I learned", for a person with no hooks of their own: only the
    lines that read as a sentence, speak of nobody by name or pronoun, and are not
    questions to self."""
    person = Person((), tuple(n for p in interview.interviewers.all() for n in recipient_names(p)))
    found = []
    for item in items(interview.learned):
        if _QUESTION_ITEM.match(item) or re.search(
            r"\b(?:she|he|her|him|his|hers)\b", item, flags=re.IGNORECASE
        ):
            continue
        reading = read_jotting(item, person)
        if reading.placed:
            found.append(reading)
    if not found:
        return []
    # Each member of the panel starts from a different line, so fallbacks differ too.
    start = seat.rank % len(found)
    return (found[start:] + found[:start])[:2]


def _meeting(interview: Interview) -> dict[str, str]:
    local = interview.starts_at.astimezone(interview.owner.zone)
    in_person = interview.format == Interview.Format.IN_PERSON
    return {
        "verb": "meeting" if in_person else "speaking",
        "met": "meet" if in_person else "talk with",
        "day": f"{local:%A}",
    }


def _fit(interview: Interview, seat: Seat) -> tuple[str, list[str]]:
    points = []
    for item in items(interview.intent):
        if _QUESTION_ITEM.match(item):
            continue  # questions to ask are not things to convey
        # Only a point that reads as a phrase goes into a sentence; the rest is material.
        point = read_point(_lower_first(_SELF_PROMPT_VERBS.sub("", item)))
        if point:
            points.append(point)
    fit = PHRASES["fit"]
    if points:
        start = seat.rank % len(points)
        point = (points[start:] + points[:start])[0]
        return seat.pick(fit["with_point"], "fit").format(point=point), points
    return seat.pick(fit["without_point"], "fit"), points


def _long_game(interview: Interview, seat: Seat) -> str:
    Outcome = Interview.Outcome
    key = {Outcome.WITHDRAWN: "withdrawn", Outcome.REJECTED: "rejected"}.get(
        Outcome(interview.outcome), "open"
    )
    return seat.pick(PHRASES["long_game"][key], "long_game").format(company=interview.company.name)


def closing_for(interview: Interview, recipient: Contact) -> str:
    return seat_for(interview, recipient).pick(PHRASES["closings"]["thank_you"], "closing")


def guide_for(interview: Interview, recipient: Contact) -> list[Part]:
    """The parts of the note for this person, in this note's order (thanks first, the long
    game last, the middle three in an order that differs across the panel)."""
    seat = seat_for(interview, recipient)
    company, role = interview.company.name, interview.role
    closed = interview.ended_with_a_no
    who = who_of(recipient)
    fill = {"company": company, "role": role, **_meeting(interview)}
    fill["more"] = "even more " if (interview.excitement_before or 0) >= 4 else ""

    readings = [reading for _, reading in hook_readings(interview, recipient)]
    material_learned = [Material(f"What {who} said", r.jotting) for r in readings]
    in_note = [r for r in readings if r.kind != Kind.PRIVATE]
    if not in_note:
        in_note = _fallback_readings(interview, recipient, seat)
    sentences = _learned_sentences(in_note[:2], recipient, seat)
    if sentences:
        learned = " ".join(sentences)
        short = sentences[0] if len(sentences) > 1 else ""
    else:
        learned = seat.pick(PHRASES["learned"]["empty"], "learned-empty").format(**fill)
        short = ""
    # A third hook the draft has no room for is material; its gap is not forced on them.
    material_learned += [Material("Your notes", item) for item in items(interview.learned)]

    fit, points = _fit(interview, seat)
    phrases = PHRASES
    parts = {
        "thanks": Part(
            "thanks",
            "Thanks",
            f"Thank {who} for their time and the conversation.",
            seat.pick(phrases["thanks"]["options"], "thanks").format(**fill),
            True,
            starters=tuple(phrases["thanks"]["starters"]),
        ),
        "passion": Part(
            "passion",
            "Passion for the work and the mission",
            "Say what draws you to the work and to the organisation's mission, in your words.",
            seat.pick(phrases["passion"]["options"], "passion").format(**fill),
            not closed,
            starters=tuple(s.format(**fill) for s in phrases["passion"]["starters"]),
            material=tuple(
                Material("About the company", t) for t in items(interview.company.notes)
            ),
        ),
        "learned": Part(
            "learned",
            "What you learned by listening",
            f"Show {who} you listened as much as you talked: something they said, asked or "
            "cared about.",
            learned,
            bool(sentences),
            starters=tuple(phrases["learned"]["starters"]),
            material=tuple(material_learned),
            short=short,
        ),
        "fit": Part(
            "fit",
            "How the job fits you",
            "Connect the job to your skills, your values and where you want to go.",
            fit,
            bool(points) and not closed,
            starters=tuple(phrases["fit"]["starters"]),
            material=tuple(
                Material("What you meant to convey", p) for p in items(interview.intent)
            ),
        ),
        "long_game": Part(
            "long_game",
            "The long game",
            "Keep the door open: interest in future openings, and luck finding the best person.",
            _long_game(interview, seat),
            closed,
            starters=tuple(s.format(**fill) for s in phrases["long_game"]["starters"]),
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


def _keep_in_touch_seat(interview: Interview, recipient: Contact, sequence: int) -> Seat:
    seat = seat_for(interview, recipient)
    # The second note reads differently from the first.
    return Seat(rank=seat.rank + 7 * sequence, seed=seat.seed)


_FUTURE = re.compile(
    r"\b(?:will|won't|you'll|going to|next|soon|tomorrow|upcoming|plan|plans|planning|"
    r"hoping|hope|hiring|by (?:monday|tuesday|wednesday|thursday|friday|the end))\b",
    re.IGNORECASE,
)


def _of_the_future(reading: Reading) -> bool:
    return reading.kind == Kind.FACT and bool(_FUTURE.search(reading.text))


def long_game_closing_for(interview: Interview, recipient: Contact, sequence: int = 1) -> str:
    return _keep_in_touch_seat(interview, recipient, sequence).pick(
        PHRASES["closings"]["keep_in_touch"], "closing"
    )


def long_game_guide_for(interview: Interview, recipient: Contact, sequence: int = 1) -> list[Part]:
    """The parts of a keep-in-touch note, a few months after the application ended: a hello
    that places the conversation, congratulations on the hire, what the person has been
    doing since, something the recipient said that stayed with them, and interest in
    future openings. Spoken to the recipient; their name is never in the body."""
    seat = _keep_in_touch_seat(interview, recipient, sequence)
    phrases = PHRASES["keep_in_touch"]
    fill = {"company": interview.company.name, "role": interview.role}
    who = who_of(recipient)
    readings = [reading for _, reading in hook_readings(interview, recipient)]
    # Months later, what they said of the future has passed: "I still remember learning that
    # you'll decide by Friday" is not said.
    placed = [r for r in readings if r.placed and not _of_the_future(r)]
    remembered = ""
    if placed:
        kind = {
            Kind.TOPIC: "topic",
            Kind.QUESTION: "topic",
            Kind.HOW: "how",
            Kind.SHARED: "shared",
        }.get(placed[0].kind, "fact")
        remembered = seat.pick(phrases[f"remembered_{kind}"], "kit-remembered").format(
            placed[0].text
        )
    hello = phrases["hello_later" if sequence > 1 else "hello_first"]
    return [
        Part(
            "hello",
            "Hello again",
            f"Remind {who} where you met, in a line: the role and when you spoke.",
            seat.pick(hello, "kit-hello").format(**fill),
            True,
            starters=("It has been a few months since …", "I hope you and the team are …"),
        ),
        Part(
            "congrats",
            "Congratulations on the hire",
            "Be generous about the person they chose: it shows you hold no grudge.",
            seat.pick(phrases["congrats"], "kit-congrats"),
            True,
            starters=("Congratulations on …", "I hope the new … is settling in well."),
        ),
        Part(
            "since",
            "What you have been doing since",
            "A sentence on what you have learned or built since you spoke.",
            seat.pick(phrases["since"], "kit-since"),
            True,
            starters=("Since we spoke, I have …", "Lately I have been working on …"),
            material=tuple(
                Material("What you meant to convey", p) for p in items(interview.intent)
            ),
        ),
        Part(
            "remembered",
            "Something they said",
            f"Something {who} said that stayed with you shows you listened.",
            remembered,
            bool(remembered),
            starters=("I still think about …", "Your point about … stayed with me."),
            material=tuple(Material(f"What {who} said", r.jotting) for r in readings),
        ),
        Part(
            "future",
            "Future openings",
            "Say you would welcome hearing about future openings, and wish them well.",
            seat.pick(phrases["future"], "kit-future").format(**fill),
            True,
            starters=(
                f"I would welcome hearing about future openings at {fill['company']} …",
                "Please keep me in mind for …",
            ),
        ),
    ]


def guide_for_note(note) -> list[Part]:
    """The composer's parts for ``note``, by its kind."""
    if note.kind == "keep_in_touch":
        return long_game_guide_for(note.interview, note.recipient, note.sequence)
    return guide_for(note.interview, note.recipient)
