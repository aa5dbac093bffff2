"""What the composer knows about English words.

Two sources: lemminflect's lexicon (which words are nouns, verbs, adjectives, and every form
of each verb: "cares" is the third person of "care", "walked" its past), and our own lists
in ``words.toml`` (the closed classes the lexicon leaves out, an interview's vocabulary, the
marks of a private aside, the verbs a jotting may start with).

Why lemminflect: it is a kept library whose word lists ship inside its wheel, so nothing is
downloaded at run time, and it answers from a dictionary, not a guess. We use only its
dictionary look-ups (``getAllLemmas``, ``getInflection`` of a known lemma), never its
out-of-vocabulary model: a word it does not know is a word we do not vouch for. spaCy was
weighed and left: its English models are not published on the package index by their
authors (only copies uploaded by others), it adds some hundred megabytes, and a statistical
parse of a fragment is a guess we could not vouch for. NLTK needs its data downloaded.
"""

from __future__ import annotations

import tomllib
from functools import cache, lru_cache
from pathlib import Path

from lemminflect import getAllLemmas, getInflection

WORDS = tomllib.loads(Path(__file__).with_name("words.toml").read_text(encoding="utf-8"))

DETERMINERS = frozenset(WORDS["determiners"])
PREPOSITIONS = frozenset(WORDS["prepositions"])
CONJUNCTIONS = frozenset(WORDS["conjunctions"])
WH_WORDS = frozenset(WORDS["wh_words"])
OBJECT_PRONOUNS = frozenset(WORDS["object_pronouns"])
SUBJECT_PRONOUNS = frozenset(WORDS["subject_pronouns"])
POSSESSIVE_PRONOUNS = frozenset(WORDS["possessive_pronouns"])
AUXILIARIES: dict[str, str] = WORDS["auxiliaries"]  # as after he/she → as after "you"
YOU_AUXILIARIES = frozenset(AUXILIARIES.values())
ADVERBS_BEFORE_VERB = frozenset(WORDS["vocabulary"]["adverbs_before_verb"])
MASS_NOUNS = frozenset(WORDS["vocabulary"]["mass_nouns"])
EXTRA_NOUNS = frozenset(WORDS["vocabulary"]["extra_nouns"])
EXTRA_ADJECTIVES = frozenset(WORDS["vocabulary"]["extra_adjectives"])
PERSON_NOUNS = frozenset(WORDS["vocabulary"]["person_nouns"])
TIME_WORDS = frozenset(WORDS["vocabulary"]["time_words"])
ABBREVIATIONS = frozenset(WORDS["vocabulary"]["abbreviations"])
IMPRESSIONS = frozenset(WORDS["impressions"]["adjectives"])
EVALUATIVE = frozenset(WORDS["impressions"]["evaluative"])
PRODUCT_NAMES = frozenset(WORDS["vocabulary"]["product_names"])
SHORTHAND: dict[str, str] = WORDS["shorthand"]
PRIVATE_WORDS = frozenset(WORDS["private"]["words"])
PRIVATE_MARKS = tuple(WORDS["private"]["marks"])
SELF_PROMPT_VERBS = frozenset(WORDS["private"]["self_prompt_verbs"])
PAST_WITH_ME = frozenset(WORDS["verbs"]["past_with_me"])
PAST_WITH_ME_ONLY = frozenset(WORDS["verbs"]["past_with_me_only"])
PAST_FACTS = frozenset(WORDS["verbs"]["past_facts"])
PRESENT_VERBS = frozenset(WORDS["verbs"]["present"])

CLOSED = (
    DETERMINERS
    | PREPOSITIONS
    | CONJUNCTIONS
    | WH_WORDS
    | OBJECT_PRONOUNS
    | SUBJECT_PRONOUNS
    | POSSESSIVE_PRONOUNS
    | frozenset(AUXILIARIES)
    | YOU_AUXILIARIES
    | {
        "not",
        "to",
        "there",
        "i",
        "you're",
        "you've",
        "you'll",
        "you'd",
        "i'm",
        "i've",
        "i'd",
        "i'll",
        "we're",
        "we've",
        "we'd",
        "we'll",
        "it's",
        "that's",
        "there's",
        "ago",
    }
)


@lru_cache(maxsize=8192)
def tags(word: str) -> frozenset[str]:
    """The parts of speech the dictionary knows ``word`` (lower case) as: NOUN, VERB, ADJ,
    ADV, AUX. Empty for a word it does not know."""
    found = set(getAllLemmas(word))
    if word in EXTRA_NOUNS or word in MASS_NOUNS:
        found.add("NOUN")
    if word in EXTRA_ADJECTIVES:
        found.add("ADJ")
    # A compound of known words ("well-run", "cross-team") reads as an adjective.
    parts = word.split("-")
    if (
        len(parts) > 1
        and not found
        and all(p and (getAllLemmas(p) or p in EXTRA_NOUNS) for p in parts)
    ):
        found.add("ADJ")
    return frozenset(found)


def in_dictionary(word: str) -> bool:
    """Whether lemminflect's own dictionary knows the word (our lists aside)."""
    return bool(getAllLemmas(word))


def is_known(word: str) -> bool:
    return word in CLOSED or bool(tags(word))


@lru_cache(maxsize=8192)
def _verb_lemmas(word: str) -> tuple[str, ...]:
    lemmas = getAllLemmas(word)
    return tuple(dict.fromkeys(lemmas.get("VERB", ()) + lemmas.get("AUX", ())))


def is_verb_form(word: str, tag: str) -> bool:
    """Whether ``word`` is the ``tag`` form (VBZ, VBD, VBN, VBG, VB) of a verb it knows."""
    return any(word in getInflection(lemma, tag) for lemma in _verb_lemmas(word))


def is_verb(word: str) -> bool:
    return "VERB" in tags(word) or "AUX" in tags(word)


def only_verb(word: str) -> bool:
    """A word that can be nothing but a verb ("walked", "said")."""
    found = tags(word)
    return bool(found) and found <= {"VERB", "AUX"}


def base_form(word: str) -> str:
    """The form after "you" of a third-person verb: "cares" → "care", "has" → "have"."""
    if word in AUXILIARIES:
        return AUXILIARIES[word]
    for lemma in _verb_lemmas(word):
        if word in getInflection(lemma, "VBZ"):
            return lemma
    return word


@lru_cache(maxsize=8192)
def is_plural_noun(word: str) -> bool:
    lemmas = getAllLemmas(word).get("NOUN", ())
    if any(word != lemma and word in getInflection(lemma, "NNS") for lemma in lemmas):
        return True
    return word in EXTRA_NOUNS and word.endswith("s") and not word.endswith("ss")


def needs_no_article(word: str) -> bool:
    """A singular noun that may stand alone ("code", "research", "chess"): listed by us, or
    one whose plural the dictionary gives as the word itself (it is uncountable)."""
    if word in MASS_NOUNS:
        return True
    lemmas = getAllLemmas(word).get("NOUN", ())
    plurals: tuple[str, ...] = getInflection(word, "NNS") if word in lemmas else ()
    return bool(plurals) and plurals[0] == word  # "research", "chess", not "process"


def is_gerund(word: str) -> bool:
    return word.endswith("ing") and is_verb_form(word, "VBG")


@cache
def starts_with_vowel_sound(word: str) -> bool | None:
    """For "a"/"an": True, False, or None where spelling cannot tell ("one", "hour", an
    acronym)."""
    lower = word.lower()
    if (
        not lower
        or word.isupper()
        or lower.startswith(
            ("one", "once", "eu", "uni", "use", "usu", "ur", "hour", "honest", "honou")
        )
    ):
        return None
    return lower[0] in "aeiou"


# The verbs a jotting may start with, in the form after "you" ("cares" → "care").
PRESENT_BASES = frozenset(base_form(verb) for verb in PRESENT_VERBS)


def warm() -> None:
    """Loads lemminflect's tables (a few seconds, once per process) before the first note
    needs them, so no person waits for them."""
    getAllLemmas("walked")
    getInflection("walk", "VBZ")
