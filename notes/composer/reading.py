"""Reading a jotting: what one thing an interviewer said becomes inside their own note.

A jotting ("she's hiring for the platform team", "walked me through their Kafka setup",
"hybrid: 2 days a week…") becomes a sentence only when it has a shape we know and every
word in it checks out; anything else is a *gap* the person writes themselves, and an aside
meant for them alone ("seemed distracted lol") is *private*: shown beside the note, never
placed in it. Precision first: a gap costs the person one sentence; a broken sentence costs
them the note.

The interviewer becomes "you": their name, "she", "he" and "they" (English's "you" covers
one person or their team, so "they're hiring" is safe too), with the verb after them made
to agree by lemminflect ("she cares" → "you care", "he's been" → "you've been"). A jotting
that speaks of two people ("he said they …", "asked her about …": who is "you" then?) is a
gap. The shapes we vouch for:

- a clause about them: "you're hiring for the platform team" (typed so, or from "she's
  hiring …", "hiring for …", "runs the payments team"); a fact about the team ("the team
  ships weekly", after "said" or on its own);
- something they did with you, in the past: "you walked me through your Kafka setup";
- their past: "you started the team in 2019";
- a topic, a noun phrase: "your Kafka walkthrough", "the Kafka migration" (a bare singular
  noun gets "the");
- their question: "your question about how I handle on-call";
- what they care about: "how much you care about written design docs".

The words after the verb are the person's own and stay as typed, but must pass
``_words_ok``: every word English, a number or a name, no shorthand, no noun that lost its
article ("hiring for platform team"), nothing left hanging ("cares about").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from common.text import squash_spaces
from notes.composer import lexicon as lex


class Kind(StrEnum):
    TOPIC = "topic"  # a noun phrase: "your Kafka walkthrough"
    QUESTION = "question"  # "your question about how I handle on-call"
    HOW = "how"  # "how much you care about written design docs"
    FACT = "fact"  # a clause: "you're hiring for the platform team"
    SHARED = "shared"  # something they did with you: "you walked me through your setup"
    BACKGROUND = "background"  # their past: "you started the team in 2019"
    GAP = "gap"  # the person writes this sentence
    PRIVATE = "private"  # for the person alone


PLACED = frozenset({Kind.TOPIC, Kind.QUESTION, Kind.HOW, Kind.FACT, Kind.SHARED, Kind.BACKGROUND})


@dataclass(frozen=True)
class Reading:
    jotting: str  # as typed
    kind: Kind
    text: str = ""  # the phrase, spoken to the recipient (placed kinds only)
    why: str = ""  # what made it a gap or private

    @property
    def placed(self) -> bool:
        return self.kind in PLACED


@dataclass(frozen=True)
class Person:
    """Whom a jotting is about: every way it may name them, and the rest of the panel."""

    names: tuple[str, ...]  # longest first
    others: tuple[str, ...] = ()


# Stand-ins for the interviewer's name while the jotting is read (private-use characters
# nobody types).
_NAME = "\ue000"
_NAMES = "\ue001"
_FEMININE = {"she", "her", "hers", "herself", "she's", "she'll", "she'd"}
_MASCULINE = {"he", "him", "his", "himself", "he's", "he'll", "he'd"}
_PLURAL = {"they", "them", "theirs", "themselves", "themself", "they're", "they've",
           "they'll", "they'd"}  # fmt: skip
_YOU = ("you", "you're", "you've", "you'll", "you'd")
_WORD = re.compile(r"^[\w\ue000\ue001](?:[\w'.\-\ue000\ue001]*[\w\ue000\ue001])?$")
_SAYING = {"said", "mentioned", "explained", "noted", "stressed", "shared", "emphasised",
           "emphasized", "described", "added", "told", "pointed", "talked", "spoke",
           "asked"}  # fmt: skip
_BE = {"is", "are", "was", "were", "be", "been", "being", "you're", "am"}
# The person themselves: in a sentence to the interviewer, "I" and "my" after their verb make
# it about the person ("she said my answer was good", "she cut me off"): only the kind things
# an interviewer did with them (``past_with_me`` in words.toml) are placed.
_FIRST_PERSON = {"i", "i'm", "i'd", "i've", "i'll", "me", "my", "mine", "myself", "us", "our",
                 "ours", "we", "we're", "we've", "we'd", "we'll"}  # fmt: skip
_FIRST_PERSON_SUBJECT = {"i", "i'm", "i'd", "i've", "i'll", "we", "we're", "we've", "we'd",
                         "we'll"}  # fmt: skip
# Verbs of saying and judging: with the person after them, what follows is what the
# interviewer thinks of them ("she thinks I'm too junior"): for the person alone.
_OPINION = {"think", "thinks", "thought", "say", "says", "said", "tell", "tells", "told",
            "mention", "mentions", "mentioned", "believe", "believes", "believed", "feel",
            "feels", "felt", "consider", "considers", "considered", "reckon", "reckons",
            "reckoned", "call", "calls", "called", "noted", "hinted", "implied", "promised",
            "assured", "praised", "complimented", "liked", "loved", "like", "likes", "love",
            "loves", "find", "finds", "found", "agreed", "agree", "agrees"}  # fmt: skip
# Read as: what they think of the person; private (or a gap when it is marked for the note).
ABOUT_THE_PERSON = "what they think of you"
_MODALS = {"can", "could", "will", "would", "should", "must", "might", "may", "don't",
           "didn't", "to", "not", "you", "we", "i", "they"}  # fmt: skip


def _gap(jotting: str, why: str) -> Reading:
    return Reading(jotting, Kind.GAP, why=why)


def is_private(text: str) -> str:
    """Why ``text`` reads as an aside for the person alone ("" when it does not)."""
    lower = text.casefold().replace("’", "'")
    for mark in lex.PRIVATE_MARKS:
        pattern = rf"(?<!\w){re.escape(mark)}(?!\w)" if mark[0].isalnum() else re.escape(mark)
        if re.search(pattern, lower):
            return f"“{mark}”"
    words = re.findall(r"[\w'-]+", lower)
    for word in words:
        if word in lex.PRIVATE_WORDS or word.removesuffix("'s") in lex.PRIVATE_WORDS:
            return f"“{word}”"
    if any(unicodedata.category(char) == "So" for char in text):
        return "an emoji"
    if words and words[0] in ("i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself"):
        return "it is about you"
    if words and words[0] in lex.SELF_PROMPT_VERBS:
        return "a note to yourself"
    if any(unicodedata.category(char) == "So" for char in text):
        return "an emoji"
    return ""


def read_jotting(text: str, person: Person, *, for_the_note: bool = False) -> Reading:
    """What ``text`` becomes in a note to ``person``. ``for_the_note``: the person said it
    is for the note, so it is never taken for a private aside (it may still be a gap)."""
    jotting = squash_spaces(text or "")
    core = jotting.strip(" -•*\t").rstrip(".;,! ").replace("’", "'").replace("‘", "'")
    if not core:
        return _gap(jotting, "empty")
    if not for_the_note and (why := is_private(jotting)):
        return Reading(jotting, Kind.PRIVATE, why=why)
    if jotting.rstrip().endswith(("...", "…")):
        return _gap(jotting, "it trails off")
    # An aside in brackets is the person's: the rest is read without it.
    core = squash_spaces(re.sub(r"\s*\([^()]*\)", "", core)).rstrip(".;,! ")
    lettered = [w for w in core.split() if any(ch.isalpha() for ch in w)]
    if len(lettered) > 1 and all(w.isupper() for w in lettered):
        return _gap(jotting, "written in capitals")
    words = _words(core, person)
    if isinstance(words, str):
        return _gap(jotting, words)
    as_typed = words[0].lower() in _YOU  # written to them already: it goes in as typed
    spoken = _to_second_person(words)
    if isinstance(spoken, str):
        return _gap(jotting, spoken)
    lower = [w.lower() for w in spoken]
    if "since" in lower and {"is", "are", "am", "you're"} & set(lower[: lower.index("since")]):
        return _gap(jotting, "“is … since” wants “has been … since”")
    reading = _shape(spoken, as_typed=as_typed)
    if reading == ABOUT_THE_PERSON and not for_the_note:
        return Reading(jotting, Kind.PRIVATE, why=ABOUT_THE_PERSON)
    if isinstance(reading, str):
        return _gap(jotting, reading)
    kind, phrase = reading
    if kind in (Kind.FACT, Kind.BACKGROUND) and _impression(phrase):
        return Reading(jotting, Kind.PRIVATE, why="an impression of them")
    if any(not _latin(word) for word in phrase):
        # Words in another language ("チームは10人", "команда из 10") cannot be checked;
        # the interviewer's own name has become "you" by now.
        return _gap(jotting, "words in a language the composer does not read")
    return Reading(jotting, kind, _join(phrase))


def _latin(word: str) -> bool:
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in word)


def read_point(text: str) -> str:
    """Something the person meant to convey ("how I led the billing migration", "my
    experience scaling Django"), as a phrase that can follow "I was glad to talk about";
    "" when it is not one we can vouch for (the draft then says it in general words)."""
    core = squash_spaces(text or "").strip(" -•*\t").rstrip(".;,! ").replace("’", "'")
    why = is_private(core)
    if not core or (why and why not in ("it is about you", "a note to yourself")):
        return ""  # "my salary expectations", "how I handled the outage lol"
    words = _words(core, Person(()))
    if isinstance(words, str):
        return ""
    lower = {w.lower() for w in words}
    if lower & (_FEMININE | _MASCULINE | _PLURAL | {"his", "their"}):
        return ""  # "how I'd improve their onboarding": in a note to them it is "your"
    first = words[0].lower()
    if first in ("how", "what", "why") and len(words) > 2:
        return _join(words) if _words_ok(words[1:], wh=True) and _has_verb(words[1:]) else ""
    topic = _topic(words)
    if topic is None or (topic[1][0] == "the" and words[0].lower() != "the"):
        return ""  # "excitement" is not "the excitement"
    return _join(topic[1])


# --- Words ----------------------------------------------------------------------------------


def _words(core: str, person: Person) -> list[str] | str:
    """The jotting as words (commas kept as their own word), with the interviewer's name
    marked; or why it cannot be read."""
    for name in person.others:
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", core):
            return "it names another member of the panel"
    for name in person.names:
        escaped = re.escape(name)
        # "ada cares about docs" names Ada; "grace" in lower case may be the word.
        flags = 0 if lex.is_known(name.lower()) else re.IGNORECASE
        core = re.sub(rf"(?<!\w){escaped}'s(?!\w)", _NAMES, core, flags=flags)
        core = re.sub(rf"(?<!\w){escaped}(?!\w)", _NAME, core, flags=flags)
    words: list[str] = []
    for chunk in core.split():
        comma = chunk.endswith(",") and len(chunk) > 1
        chunk = chunk.removesuffix(",") if comma else chunk
        chunk = lex.SHORTHAND.get(chunk.lower(), chunk)
        low = chunk.lower()
        if not _WORD.match(chunk) or "_" in chunk:
            return f"“{chunk}” is shorthand"
        abbreviated = low in lex.ABBREVIATIONS and not chunk.isupper()
        if abbreviated or low.startswith("ex-") or re.fullmatch(r"\d+[a-z]+", low):
            return f"“{chunk}” is shorthand"
        words.append(chunk)
        if comma:
            words.append(",")
    if not words:
        return "empty"
    # A capital that only starts the jotting is not a name: "Walked me through …".
    first = words[0]
    if (
        first[:1].isupper()
        and first[1:].islower()
        and (lex.is_known(first.lower()) or first.lower() in lex.CLOSED)
        and first.lower() not in lex.PRODUCT_NAMES
    ):
        words[0] = first.lower()
    return words


def _is_proper(word: str) -> bool:
    """A name, a product, an acronym: a capital letter anywhere ("Kafka", "iOS", "PhD"), a
    letter with digits ("k8s", "S3"), or a script without case (李小龙)."""
    if word in (_NAME, _NAMES, ","):
        return False
    if any(ch.isupper() for ch in word):
        return True
    if any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word):
        return True
    return any(ch.isalpha() and ch.lower() == ch.upper() for ch in word)


def _known(word: str) -> bool:
    low = word.lower()
    if low.endswith("'s") and len(low) > 2:
        return _known(word[:-2])
    return lex.is_known(low) or low.isdigit() or _is_proper(word)


# --- Speaking to them -----------------------------------------------------------------------


def _to_second_person(words: list[str]) -> list[str] | str:
    """The words with the interviewer as "you"; or why that cannot be done safely."""
    lower = [w.lower() for w in words]
    named = {_NAME, _NAMES} & set(words)
    families = [
        family for family in (_FEMININE, _MASCULINE, _PLURAL) if any(w in family for w in lower)
    ]
    if len(families) > 1:
        return "it speaks of more than one person"
    out: list[str] = []
    agree: list[int] = []  # where a "you" came from "she"/"he"/a name: its verb must agree
    for i, (word, low) in enumerate(zip(words, lower, strict=True)):
        following = lower[i + 1] if i + 1 < len(words) else ""
        if word == _NAME:
            if i > 0 and lower[i - 1] not in (",", "and", "that"):
                return "the name would become a second “you”"
            out.append("you")
            agree.append(len(out) - 1)
        elif word == _NAMES or (low in ("his", "their") and following not in ("", ",")):
            out.append("your")
        elif low in ("she", "he"):
            out.append("you")
            agree.append(len(out) - 1)
        elif low == "they":
            out.append("you")
        elif low in ("him", "them"):
            # "asked them about …": who asked whom is lost once both are "you".
            return f"“{word}” would become a second “you”"
        elif low == "her":
            noun = following.removesuffix("'s")
            if (lex.tags(noun) & {"NOUN", "ADJ"} and noun not in lex.CLOSED) or (
                i + 1 < len(words) and _is_proper(words[i + 1])
            ):
                out.append("your")
            else:
                return "“her” would become a second “you”"
        elif low in ("hers", "his", "theirs"):
            out.append("yours")
        elif low in ("herself", "himself", "themself"):
            out.append("yourself")
        elif low == "themselves":
            out.append("yourselves")
        elif low in ("she's", "he's"):
            contracted = _you_contraction(lower[i + 1 :])
            if contracted is None:
                return f"“{word}” may mean “is” or “has”"
            out.append(contracted)
        elif low in ("she'll", "he'll", "they'll"):
            out.append("you'll")
        elif low in ("she'd", "he'd", "they'd"):
            out.append("you'd")
        elif low == "they're":
            out.append("you're")
        elif low == "they've":
            out.append("you've")
        else:
            out.append(word)
    if named and families and families[0] is _PLURAL:
        return "it speaks of more than one person"
    for at in agree:
        problem = _agree(out, at)
        if problem:
            return problem
    return out


def _you_contraction(after: list[str]) -> str | None:
    """ "she's" before the words ``after`` it: "you've" (has) or "you're" (is), or None if
    unsure. An adverb is looked past ("she's already hired two people": has)."""
    degree = False  # "very", "so": what follows is an adjective ("she's so organised")
    while after and (after[0] in lex.ADVERBS_BEFORE_VERB or after[0] in ("very", "so", "super")):
        degree = degree or after[0] in ("very", "so", "super")
        after = after[1:]
    if not after:
        return None
    following = after[0]
    if following in lex.IMPRESSIONS or (degree and "ADJ" in lex.tags(following)):
        return "you're"
    then = after[1] if len(after) > 1 else ""
    if following in ("been", "got", "gotten"):
        return "you've"
    if following in ("based", "interested", "excited", "focused", "involved", "keen"):
        return "you're"
    if lex.is_gerund(following) or following in lex.PREPOSITIONS | lex.DETERMINERS:
        return "you're"
    if following == "not":
        return "you're"
    found = lex.tags(following)
    participle = lex.is_verb_form(following, "VBN")
    if "ADJ" in found and not participle:
        return "you're"
    if participle:
        # "she's worked there", "she's built the team": has. "she's obsessed with latency",
        # "she's hired by …": is. A participle before a preposition, or at the end, may be
        # either.
        if then and (
            then in lex.DETERMINERS
            or then in lex.POSSESSIVE_PRONOUNS
            or then in ("there", "here", "everything", "everywhere")
            or then.isdigit()
        ):
            return "you've"
        return None
    return None


def _agree(words: list[str], at: int) -> str:
    """Makes the verb after the "you" at ``at`` agree with it, and a verb joined to that one
    by "and"; returns why it could not ("" when done)."""
    j = at + 1
    while j < len(words) and words[j].lower() in lex.ADVERBS_BEFORE_VERB:
        j += 1
    if j >= len(words):
        return ""
    word = words[j].lower()
    if word in ("who", "whose", "which"):
        return "a clause inside a clause"
    if (
        word not in lex.AUXILIARIES
        and lex.is_verb_form(word, "VBD")
        and lex.is_verb_form(word, "VB")
        and not lex.is_verb_form(word, "VBZ")
    ):
        return f"“{words[j]}” may be past or present"
    changed = _agreeing(word)
    if changed is None:
        return ""
    words[j] = changed
    # "leads the platform team and cares about testing": the second verb agrees too.
    for k in range(j + 1, len(words) - 1):
        if words[k].lower() not in ("and", "but", "or"):
            continue
        nxt = words[k + 1].lower()
        if nxt in lex.AUXILIARIES and nxt not in lex.YOU_AUXILIARIES:
            words[k + 1] = lex.AUXILIARIES[nxt]
        elif lex.is_verb_form(nxt, "VBZ") and nxt != lex.base_form(nxt):
            before = words[k - 1].lower()
            if nxt in lex.PRESENT_VERBS or "NOUN" not in lex.tags(nxt) or k == j + 1:
                words[k + 1] = lex.base_form(nxt)
            elif not (lex.is_plural_noun(before) and lex.is_plural_noun(nxt)):
                return f"“{words[k + 1]}” may be a verb or a noun"
    return ""


def _agreeing(word: str) -> str | None:
    """The form of ``word`` after "you" when it is a third-person verb, else None."""
    if word in lex.AUXILIARIES:
        return lex.AUXILIARIES[word]
    if lex.is_verb_form(word, "VBZ") and lex.base_form(word) != word:
        return lex.base_form(word)
    return None


def _impression(words: list[str]) -> bool:
    """ "you were very warm", "you're super organised": an impression of them, not a fact."""
    lower = [w.lower() for w in words]
    rest = [w for w in lower[1:] if w not in lex.ADVERBS_BEFORE_VERB | {"very", "so", "super"}]
    if lower[0] in ("you're", "you've"):
        rest = [w for w in lower[1:] if w not in lex.ADVERBS_BEFORE_VERB | {"very", "so", "super"}]
    elif lower[0] == "you" and len(lower) > 1 and lower[1] in ("are", "were", "seem", "seemed"):
        rest = [w for w in lower[2:] if w not in lex.ADVERBS_BEFORE_VERB | {"very", "so", "super"}]
    else:
        return False
    return bool(rest) and all(
        w in lex.IMPRESSIONS or w in lex.EVALUATIVE or w in ("and", ",", "but", "yet", "or")
        for w in rest
    )


# --- Shapes ---------------------------------------------------------------------------------

_ASKED = re.compile(
    r"^asked (?:me |us )?(?P<many>a lot |lots |loads |a bunch |a few questions )?"
    r"(?:about|on) (?P<rest>.+)$"
)
_ASKED_WH = re.compile(
    r"^asked (?:me |us )?(?P<rest>(?:how|why|what|whether|if|when|where|which|who) .+)$"
)
_CARES = re.compile(
    r"^(?:really |deeply |clearly |genuinely )?(?:cares|care) "
    r"(?:a lot |a great deal |deeply |so much |most |a ton )?about (?P<rest>.+)$"
)
_WEIGHT = re.compile(
    r"^(?:puts|put|place|places) (?:a lot of |great |real |much |big |huge )?"
    r"(?:weight|emphasis) on (?P<rest>.+)$"
)
_VALUES = re.compile(r"^(?:really )?(?:values|value|prizes|prize) (?P<rest>.+)$")
_BIG_ON = re.compile(r"^(?:is |are )?(?:really |very )?(?:big|huge|keen) on (?P<rest>.+)$")
_PASSION = re.compile(
    r"^(?:is |are )?(?:very |really |super )?(?:passionate|enthusiastic) about (?P<rest>.+)$"
)
_TALKED = re.compile(
    r"^(?:talked|spoke|chatted|told me|told us) (?:a lot |at length |a bit )?about (?P<rest>.+)$"
)
_IDIOMS: list[tuple[re.Pattern[str], Kind, str]] = [
    (_CARES, Kind.HOW, "how much you care about"),
    (_WEIGHT, Kind.HOW, "how much weight you put on"),
    (_VALUES, Kind.HOW, "how much you value"),
    (_BIG_ON, Kind.HOW, "how much you value"),
    (_PASSION, Kind.TOPIC, "your enthusiasm for"),
]

Shape = tuple[Kind, list[str]]


def _shape(words: list[str], *, as_typed: bool = False) -> Shape | str:
    first = words[0].lower()
    if first in ("i", "i'm", "i've", "i'd", "my", "me"):
        return "it is about you"
    if as_typed:
        return _clause(words)
    if first == "you" and len(words) > 1:
        # "she asked about dbt" reads as "asked about dbt" does.
        found = _starting_with_their_verb(words[1:])
        if found is not None and not isinstance(found, str):
            return found
        if isinstance(found, str) and words[1].lower() == "asked":
            return found  # what was asked, and how, is read by the question shapes only
    if first in _YOU:
        return _clause(words)
    found = _starting_with_their_verb(words)
    if found is not None:
        return found
    if first == "your":
        return _your(words)
    if first in lex.DETERMINERS or lex.tags(first) & {"NOUN", "ADJ"} or _is_proper(words[0]):
        clause = _third_person_clause(words)
        if clause is not None:
            return clause
        return _topic(words) or "not a phrase we can check"
    return "not a shape we know"


def _tail(words: list[str], rest: str) -> list[str]:
    """The original words (with their case) of the lower-cased ``rest`` at the end."""
    return words[len(words) - len(rest.split()) :]


def _starting_with_their_verb(words: list[str]) -> Shape | str | None:
    """A jotting that starts with the interviewer's verb and leaves them out: "cares about
    …", "asked how …", "walked me through …", "hiring for …". None for any other start."""
    lower = [w.lower() for w in words]
    first = lower[0]
    text = " ".join(lower)
    for pattern, kind, lead in _IDIOMS:
        if m := pattern.match(text):
            rest = _tail(words, m.group("rest"))
            if _words_ok(rest) and _noun_phrase(rest):
                return kind, [*lead.split(), *rest]
            return "what follows is not a phrase we can check"
    if m := _ASKED.match(text):
        rest = _tail(words, m.group("rest"))
        if _words_ok(rest) and _noun_phrase(rest):
            many = "questions" if m.group("many") else "question"
            return Kind.QUESTION, ["your", many, "about", *rest]
        return "what was asked is not a phrase we can check"
    if m := _ASKED_WH.match(text):
        rest = _tail(words, m.group("rest"))
        if len(rest) > 1 and _words_ok(rest[1:], wh=True) and _has_verb(rest[1:]):
            if rest[0].lower() == "if":  # "your question about if …" is not English
                rest = ["whether", *rest[1:]]
            return Kind.QUESTION, ["your", "question", "about", *rest]
        return "what was asked is not a phrase we can check"
    if m := _TALKED.match(text):
        rest = _tail(words, m.group("rest"))
        return _topic(rest) or "what was talked about is not a phrase we can check"
    if first in _OPINION and _about_the_person(first, lower[1:]):
        return ABOUT_THE_PERSON  # "said my answer was good"
    if first in _SAYING:
        reported = _reported(words)
        if reported is not None:
            return reported
    if first == "asked" and (len(words) < 2 or lower[1] not in ("me", "us")):
        return "who asked whom is not clear"
    if first in lex.PRESENT_VERBS and lex.is_verb_form(first, "VBZ"):
        return _clause(["you", lex.base_form(first), *words[1:]])
    if first in lex.PAST_WITH_ME or first in lex.PAST_FACTS:
        return _clause(["you", *words])
    if lex.is_gerund(first) and len(words) > 1:
        after = lower[1]
        if after in lex.PREPOSITIONS | lex.DETERMINERS | lex.OBJECT_PRONOUNS | {"to"}:
            return _clause(["you're", *words])
    if lex.only_verb(first):
        return f"“{words[0]}” is a verb we do not read"
    return None


def _has_verb(words: list[str]) -> bool:
    """ "how I handle on-call" has one; "why Postgres over MySQL" does not."""
    return any(
        (
            lex.is_verb(w.lower())
            and w.lower() not in lex.PREPOSITIONS | lex.CLOSED
            and not lex.is_gerund(w.lower())  # "why nursing" has no verb
        )
        or w.lower() in lex.AUXILIARIES
        or w.lower() in lex.YOU_AUXILIARIES
        or ("'" in w and w.lower().split("'")[0] in ("i", "we", "you", "they", "it", "that"))
        for w in words
    )


def _clause(words: list[str]) -> Shape | str:
    """A clause whose subject is "you": its verb must agree and its words check out."""
    lower = [w.lower() for w in words]
    if lower[0] in ("you're", "you've", "you'll", "you'd"):
        verb_at, past = 0, False
        if len(words) < 2:
            return "unfinished"
    else:
        verb_at = 1
        while verb_at < len(words) and lower[verb_at] in lex.ADVERBS_BEFORE_VERB:
            verb_at += 1
        if verb_at >= len(words):
            return "unfinished"
        verb = lower[verb_at]
        if verb in lex.AUXILIARIES and verb not in lex.YOU_AUXILIARIES:
            return f"“you {verb}” does not agree"
        if not (verb in lex.YOU_AUXILIARIES or lex.is_verb(verb)):
            return f"“{words[verb_at]}” is not a verb we know"
        if lex.is_verb_form(verb, "VBZ") and lex.base_form(verb) != verb:
            return f"“you {verb}” does not agree"
        past = verb in ("were", "had", "did", "weren't", "hadn't", "didn't") or (
            lex.is_verb_form(verb, "VBD")
            and not lex.is_verb_form(verb, "VB")
            and verb not in lex.YOU_AUXILIARIES  # "would", "could": not the past
        )
    rest = words[verb_at + 1 :]
    if not rest:
        return "nothing follows the verb"
    if not _words_ok(rest):
        return "some words are shorthand or lack an article"
    verb = lower[verb_at]
    after = lower[verb_at + 1 :]
    if all(w.isdigit() for w in after):
        return "a verb and a number is shorthand"  # "founded 2018"
    about_them = _about_the_person(verb, after)
    if about_them:
        return about_them
    mine = any(w in _FIRST_PERSON for w in after)
    if not past:
        if mine:
            return "it speaks of you: write it in your own words"
        return Kind.FACT, words
    if verb in ("was", "were") and [w for w in after if w not in lex.ADVERBS_BEFORE_VERB][:1] == [
        "into"
    ]:
        return "“were into” is how they came across"
    if after[:1] == ["to"] and verb == "had":
        return "“had to” is what they could not help"
    if after[0] in _PARTICLES and verb != "pointed":
        return f"“{words[verb_at]} {rest[0]}” is a phrasal verb we do not read"
    if verb in lex.PAST_WITH_ME:
        if _NEGATIONS & set(lower[1:]):
            return "what they did not do is yours to put"
        if verb in lex.PAST_WITH_ME_ONLY and not {"me", "us", "my", "our"} & set(after):
            return f"“{words[verb_at]}” without “me” is a verb we do not read"
        return Kind.SHARED, words
    if mine:
        return "it speaks of you: write it in your own words"
    if verb in lex.PAST_FACTS or verb in ("were", "had", "used"):
        return Kind.BACKGROUND, words
    return f"“{words[verb_at]}” is a verb we do not read"


_NEGATIONS = {"not", "never", "nothing", "no", "none", "didn't", "don't", "wasn't", "weren't",
              "hardly", "barely", "nobody", "neither", "nor"}  # fmt: skip
_PARTICLES = {"up", "off", "out", "away", "back", "down", "in", "over", "on"}


def _about_the_person(verb: str, after: list[str]) -> str:
    """Why the words after ``verb`` speak of the person rather than of the interviewer ("said
    I'm a strong candidate", "thinks I'm too junior"), or "" when they do not."""
    rest = list(after)
    while rest and rest[0] in ("me", "us", "that"):
        rest = rest[1:]
    if verb in _OPINION and any(w in _FIRST_PERSON for w in rest):
        return ABOUT_THE_PERSON
    if verb not in ("asked",) and any(w in _FIRST_PERSON_SUBJECT for w in rest):
        return "it speaks of you: write it in your own words"
    return ""


def _reported(words: list[str]) -> Shape | None:
    """ "said the team ships weekly", "mentioned the offsite in Lisbon", "told me …": what
    was said, as a fact or a topic; None when it is neither."""
    lower = [w.lower() for w in words]
    rest_at = 1
    if lower[0] in ("told", "asked") and len(words) > 1 and lower[1] in ("me", "us"):
        rest_at = 2
    if lower[0] == "pointed" and len(words) > 1 and lower[1] == "out":
        rest_at = 2
    if rest_at < len(words) and lower[rest_at] == "that":
        rest_at += 1
    rest = words[rest_at:]
    if not rest or lower[0] == "asked":
        return None
    if rest[0].lower() in _YOU:
        spoken = _clause(rest)
        return None if isinstance(spoken, str) else (Kind.FACT, spoken[1])
    clause = _third_person_clause(rest, expected=True)
    if clause is not None:
        return clause
    if lower[0] in ("mentioned", "described", "shared") and rest_at == 1:
        topic = _topic(rest)
        if topic is not None:
            return topic
    return None


def _your(words: list[str]) -> Shape | str:
    """ "your Kafka walkthrough" (a topic) or "your team is moving to Kafka" (a fact)."""
    clause = _third_person_clause(words)
    if clause is not None:
        return clause
    topic = _topic(words)
    if topic is None:
        return "not a phrase we can check"
    if len(words) > 2 and words[1].lower() in ("question", "questions"):
        return Kind.QUESTION, topic[1]
    return topic


def _third_person_clause(words: list[str], *, expected: bool = False) -> Shape | None:
    """A clause whose subject is a noun phrase ("the team is rebuilding …", "your pipeline
    runs on Airflow", "the company just raised a Series B"); None when it is not one.

    A verb that may also be a noun ("runs", "ships") is read as the verb after a subject
    with its determiner and a singular noun, when the words after it check out; where a
    clause is ``expected`` (after "said") after any subject."""
    lower = [w.lower() for w in words]
    for at in range(1, min(len(words) - 1, 6)):
        word = lower[at]
        if word in lex.PREPOSITIONS or word in lex.CONJUNCTIONS or word == ",":
            return None
        subject = words[:at]
        while subject and subject[-1].lower() in lex.ADVERBS_BEFORE_VERB:
            subject = subject[:-1]
        if not subject:
            return None
        head = subject[-1].lower()
        finite = lex.is_verb_form(word, "VBZ") or lex.is_verb_form(word, "VBD")
        clear = word in lex.AUXILIARIES or (lex.only_verb(word) and finite)
        ambiguous = (
            finite
            and not clear
            and (expected or (len(subject) >= 2 and subject[0].lower() in lex.DETERMINERS))
            and not lex.is_plural_noun(head)
        )
        if not (clear or ambiguous):
            continue
        if not _subject_ok(subject) or any(w.lower() in _FIRST_PERSON for w in words):
            return None
        if word in lex.AUXILIARIES and not _number_agrees(word, head):
            return None
        if lex.is_verb_form(word, "VBZ") and lex.is_plural_noun(head):
            return None
        rest = words[at + 1 :]
        if not rest or not _words_ok(rest):
            return None
        if rest[0].lower() in _PARTICLES and lex.is_verb_form(word, "VBD"):
            return None  # "her pager went off": a phrasal verb we do not read
        if word in _LINKING and _evaluative(rest):
            return None  # "the mentorship program is amazing": the person's opinion
        if word in ("is", "are") and "since" in (w.lower() for w in rest):
            return None  # "is profitable since 2021" wants "has been"
        past = (lex.is_verb_form(word, "VBD") and word not in lex.AUXILIARIES) or word in (
            "was",
            "were",
        )
        return (Kind.BACKGROUND if past else Kind.FACT), words
    return None


_LINKING = {"is", "are", "was", "were", "sounds", "sounded", "seems", "seemed", "looks",
            "looked", "feels", "felt", "isn't", "wasn't"}  # fmt: skip


def _evaluative(words: list[str]) -> bool:
    """ "amazing", "really great", "super fun": only the person's judgement."""
    rest = [
        w.lower()
        for w in words
        if w.lower() not in lex.ADVERBS_BEFORE_VERB | {"very", "so", "super", "pretty", "quite"}
    ]
    return bool(rest) and all(w in lex.EVALUATIVE or w in ("and", ",") for w in rest)


def lower_first_two(words: list[str]) -> tuple[str, ...]:
    return tuple(w.lower() for w in words[:2])


def _subject_ok(subject: list[str]) -> bool:
    """A noun phrase that can be a subject: with its determiner, or a plural or an
    uncountable noun on its own. Not a name: in a jotting about one interviewer, a name
    we do not know (山田さん, a nickname) may well be them."""
    if not _words_ok(subject) or all(_is_proper(w) for w in subject):
        return False
    chunks = _chunks(subject)
    if not chunks or len(chunks) != 1 or chunks[0][0] != 0:
        return False
    chunk = chunks[0][1]
    if not _has_noun_head(chunk):
        return False
    return _chunk_ok(chunk)


_SINGULAR_AUXILIARIES = {"is", "was", "has", "does", "isn't", "wasn't", "hasn't", "doesn't"}
_PLURAL_AUXILIARIES = {"are", "were", "have", "do", "aren't", "weren't", "haven't", "don't"}


def _number_agrees(auxiliary: str, head: str) -> bool:
    singular_verb = auxiliary in _SINGULAR_AUXILIARIES
    plural_verb = auxiliary in _PLURAL_AUXILIARIES
    plural = lex.is_plural_noun(head)
    if singular_verb and plural:
        return False
    # "the team are" is British English: a group noun may take either.
    return not (plural_verb and not plural and head not in ("team", "company", "staff", "board"))


def _topic(words: list[str]) -> Shape | None:
    """A noun phrase the person wrote, as a topic: "the" goes before a bare singular noun
    ("Kafka migration" → "the Kafka migration"); None when it is not one we vouch for."""
    if not _words_ok(words, top=True) or not _noun_phrase(words, top=True):
        return None
    if lex.only_verb(words[0].lower()):
        return None  # "led billing migration": a clause that lost its subject
    if any(w.lower() in ("me", "us", "i", "we", "myself") for w in words):
        return None  # "the rubric with me": something they did, not a topic
    if lower_first_two(words) in (("what", "a"), ("what", "an"), ("such", "a"), ("such", "an")):
        return None  # "what a great conversation": an exclamation
    opening = [w.lower() for w in words[:2]]
    if opening[0] in ("a", "an", "the", "very", "so", "really", "super", "such", "quite"):
        opening = opening[1:]
    if (opening and opening[0] in lex.EVALUATIVE) or (
        len(words) <= 2 and "ADJ" in lex.tags(words[-1].lower()) and not _is_proper(words[-1])
    ):
        return None  # "great questions", "very smart": how it felt, not what was said
    if words[0].lower() in ("no", "none", "not", "never", "lots", "lot", "tons", "loads"):
        return None  # "no microservices": hearing about a thing that is not there
    lower = [w.lower() for w in words]
    for i in range(1, len(words)):
        following = lower[i + 1] if i + 1 < len(words) else ""
        finite = lex.is_verb_form(lower[i], "VBD") or lex.is_verb_form(lower[i], "VBZ")
        if (
            finite
            and following in lex.EVALUATIVE
            and "NOUN" not in lex.tags(lower[i + 2] if i + 2 < len(words) else "")
        ):
            return None  # "the program sounded great": a clause, not a thing
        if lex.is_gerund(lower[i]) and (
            following in _PARTICLES or (not following and lex.is_plural_noun(lower[i - 1]))
        ):
            return None  # "experiments running", "an audit coming up": a clause, cut short
    start, chunk = _chunks(words)[0]  # type: ignore[index]
    after = start + len(chunk)
    if (
        after < len(words)
        and all(_is_proper(w) for w in chunk)
        and lex.only_verb(words[after].lower())
    ):
        return None  # "田中さん asked about …": someone did something, not a topic
    head = chunk[-1].lower()
    if head in lex.PERSON_NOUNS and chunk[0].lower() not in ("your", "the"):
        return None  # "TDD fan": it describes them
    first = chunk[0].lower()
    if first in lex.DETERMINERS or first in lex.POSSESSIVE_PRONOUNS or first.endswith("'s"):
        return Kind.TOPIC, words
    if lex.is_gerund(words[0].lower()) and len(words) > 1:
        if words[1].lower() in lex.DETERMINERS | lex.POSSESSIVE_PRONOUNS:
            return Kind.TOPIC, words  # "building a data culture"
        # "moving checkout to Go" (no article) or "indexing pipeline" (wants one)? Unsure.
        return None
    if words[-1].lower() in lex.PREPOSITIONS:
        return None  # "quick office tour after"
    if _is_proper(chunk[-1]) and not all(_is_proper(w) or w.isdigit() for w in chunk):
        return None  # "decision Friday" is not "the decision Friday"
    if (
        lex.is_plural_noun(head)
        or head in lex.MASS_NOUNS
        or all(_is_proper(w) or w.isdigit() for w in chunk)
        or (len(chunk) == 1 and (lex.is_gerund(head) or lex.needs_no_article(head)))
    ):
        return Kind.TOPIC, words
    return Kind.TOPIC, ["the", *words]


# --- Checking the person's words ------------------------------------------------------------


def _participle(words: list[str], i: int) -> bool:
    """ "written" in "written design docs": a participle before a noun, read as an adjective."""
    low = words[i].lower()
    if not (lex.is_verb_form(low, "VBN") or lex.is_gerund(low)) or i + 1 >= len(words):
        return False
    following = words[i + 1].lower()
    return "NOUN" in lex.tags(following) and following not in lex.CLOSED


def _is_nominal(words: list[str], i: int) -> bool:
    word = words[i]
    low = word.lower()
    if low in lex.DETERMINERS or low in lex.POSSESSIVE_PRONOUNS or low.isdigit():
        return True
    if low.endswith("'s") and _known(word[:-2]):
        return True
    return bool(lex.tags(low) & {"NOUN", "ADJ"}) or _is_proper(word) or _participle(words, i)


def _chunks(words: list[str]) -> list[tuple[int, list[str]]] | None:
    """Splits ``words`` into runs of noun-phrase words ("the platform team"), each with
    where it starts; None when a word cannot be read."""
    found: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    previous = ""
    for i, word in enumerate(words):
        low = word.lower()
        if not _known(word):
            return None
        boundary = (
            word == ","
            or low in lex.PREPOSITIONS
            or low in lex.CONJUNCTIONS
            or low in lex.WH_WORDS
            or low in ("to", "not", "i", "we", "they", "there")
            or low in lex.OBJECT_PRONOUNS
            or low in lex.AUXILIARIES
            or low in lex.YOU_AUXILIARIES
            or low in _YOU
            or (low in lex.CLOSED and low not in lex.DETERMINERS | lex.POSSESSIVE_PRONOUNS)
            or (previous in _MODALS and lex.is_verb(low))
            or (previous in _BE and (lex.is_gerund(low) or lex.is_verb_form(low, "VBN")))
            or (lex.only_verb(low) and low not in lex.MASS_NOUNS and not _participle(words, i))
            or (previous in ("and", "but", "or") and low in lex.PRESENT_BASES)
            or not _is_nominal(words, i)
        )
        # A determiner starts a new run, unless the run so far is only determiners
        # ("my last job", "all the docs").
        if current and low in lex.DETERMINERS:
            boundary = boundary or not all(w.lower() in lex.DETERMINERS for w in current)
        if boundary:
            if current:
                found.append((start, current))
            current = []
            if low in lex.DETERMINERS or low in lex.POSSESSIVE_PRONOUNS:
                current, start = [word], i
        else:
            if not current:
                start = i
            current.append(word)
        previous = low
    if current:
        found.append((start, current))
    return found


def _has_noun_head(chunk: list[str]) -> bool:
    head = chunk[-1]
    low = head.lower()
    return (
        "NOUN" in lex.tags(low)
        or _is_proper(head)
        or low.endswith("'s")
        or low in lex.POSSESSIVE_PRONOUNS
        or lex.is_gerund(low)
        or low.isdigit()
    )


def _chunk_ok(chunk: list[str], *, top: bool = False) -> bool:
    """A run of noun-phrase words is complete: it starts with a determiner, a possessive or
    a number, or its last word needs no article (a plural, an uncountable noun, a name, an
    adjective). At the ``top`` of a topic a bare singular noun is fine ("the" is added)."""
    first = chunk[0].lower()
    if first in ("a", "an") and len(chunk) > 1:
        vowel = lex.starts_with_vowel_sound(chunk[1])
        if vowel is not None and vowel != (first == "an"):
            return False
    if first in ("next", "last"):
        return len(chunk) == 2 and chunk[1].lower() in lex.TIME_WORDS
    if first in lex.DETERMINERS or first in lex.POSSESSIVE_PRONOUNS or first.endswith("'s"):
        return len(chunk) > 1 or first not in ("the", "a", "an", "your", "my", "our", "its")
    if first.isdigit():
        return len(chunk) == 1 or lex.is_plural_noun(chunk[-1].lower())
    head = chunk[-1]
    low = head.lower()
    if _is_proper(head):
        return top or all(_is_proper(w) or w.isdigit() for w in chunk)
    if lex.is_plural_noun(low) or lex.needs_no_article(low):
        return True
    if lex.is_gerund(low):
        return True  # "threat modeling", "mentoring"
    found = lex.tags(low)
    if "NOUN" not in found:
        return True  # an adjective or adverb: "passionate", "weekly"
    if found & {"ADJ", "ADV"} and len(chunk) == 1:
        return True
    return top


def _words_ok(words: list[str], *, top: bool = False, wh: bool = False) -> bool:
    """Every word is English, a number or a name; no run of noun words lost its article;
    a comma only in a list ("Kafka, Flink and Spark"); and it does not stop halfway
    ("cares about"). ``top``: the first run may be a bare singular noun; ``wh``: a clause
    after "how"/"what", which may end on its preposition ("what I'm looking for")."""
    if not words:
        return True
    if "," in words and not any(w.lower() in ("and", "or") for w in words[words.index(",") :]):
        return False
    last = words[-1].lower() if not words[-1].isupper() else words[-1]
    dangling = (
        last in lex.CONJUNCTIONS
        or last in ("to", "the", "a", "an", "your", "my", "our", "its", "not", ",")
        or (last in lex.AUXILIARIES and not wh)
        or (last in lex.PREPOSITIONS and last not in ("before", "since", "after", "up", "out",
                                                      "off", "over", "through", "down", "around")
            and not wh)
    )  # fmt: skip
    if dangling:
        return False
    chunks = _chunks(words)
    if chunks is None:
        return False
    return all(_chunk_ok(chunk, top=top and start == 0) for start, chunk in chunks)


def _noun_phrase(words: list[str], *, top: bool = False) -> bool:
    """The words read as one noun phrase: it starts with its noun words, has no verb but in
    a clause it opens ("how I …", "to …", "that …", "built in-house"), and each later run of
    noun words follows a preposition or such an opening."""
    lower = [w.lower() for w in words]
    opened = False
    for i, low in enumerate(lower):
        if low in lex.WH_WORDS or low in ("to", "that", "who", "which"):
            opened = True
        if opened:
            continue
        following = lower[i + 1] if i + 1 < len(lower) else ""
        if lex.is_verb_form(low, "VBD") and (
            following in lex.DETERMINERS or following in lex.OBJECT_PRONOUNS
        ):
            return False  # "X explained the process" is a clause, not a thing
        if low in lex.AUXILIARIES or low in lex.YOU_AUXILIARIES or low in _YOU:
            return False
        if low in ("i", "we", "they", "he", "she"):
            return False
        if lex.only_verb(low) and not (lex.is_verb_form(low, "VBN") or lex.is_gerund(low)):
            return False
    chunks = _chunks(words)
    if not chunks or chunks[0][0] != 0:
        return False
    first = chunks[0][1]
    head = first[-1].lower()
    if not _has_noun_head(first) or ("ADV" in lex.tags(head) and not lex.is_plural_noun(head)):
        return False  # "engineering all-hands monthly": it ends on an adverb
    if not _chunk_ok(first, top=top) or (top and lower[0].isdigit()):
        return False
    inside = {start + i for start, chunk in chunks for i in range(len(chunk))}
    for start, _ in chunks[1:]:
        before = lower[start - 1]
        if not (
            before in lex.PREPOSITIONS
            or before in ("to", "and", "or", "that", "who", "which")
            or before in lex.WH_WORDS
            or (start - 1 not in inside and lex.is_verb(before))
            or lex.is_gerund(before)
        ):
            return False
    return True


def _join(words: list[str]) -> str:
    return " ".join(words).replace(" ,", ",")
