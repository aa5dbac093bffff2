"""How to greet a person in a note, from the name as they are known.

"Dear Ada," is right for Ada Lovelace, but the first word of a name is not always the given
name: 李小龙 is written family name first and without spaces, نور الهدى is one compound given
name, and Hungarian names put the family name first (Kovács János → János). When we cannot
tell, the full name is the polite choice: "Dear 李小龙," never "Dear 李,".
"""

import unicodedata

HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"}
FORMAL_TITLES = {"dr", "prof"}

# Scripts in which a name is greeted whole: East Asian names are family name first and
# usually written without spaces; Arabic given names are often compounds (نور الهدى,
# عبد الله) whose first word alone is not a name.
_WHOLE_NAME_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "ARABIC")

# Transliterated Arabic compounds: "Abdul Rahman", "Abu Bakr", "Nur al-Huda".
_COMPOUND_FIRSTS = {"abd", "abdul", "abdel", "abdal", "abdol", "abu", "abou", "umm"}
_COMPOUND_LINKS = {"al", "el", "ad", "ud", "ul", "ed", "ud-din", "ad-din", "al-din"}
_COMPOUND_PREFIXES = ("al-", "el-", "ad-", "ud-", "ul-", "ed-")

# Hungarian names put the family name first. We recognise the pattern only when the first
# word is a common Hungarian family name and the last a common Hungarian given name.
_HUNGARIAN_FAMILY = {
    "nagy", "kovács", "tóth", "szabó", "horváth", "varga", "kiss", "molnár", "németh",
    "farkas", "balogh", "papp", "takács", "juhász", "lakatos", "mészáros", "oláh", "rácz",
    "fekete", "szilágyi", "török", "fehér", "balázs", "gál", "kis", "szűcs", "kocsis",
    "orsós", "pintér", "fodor", "szalai", "sipos", "magyar", "lukács", "gulyás", "biró",
    "király", "katona", "bakos", "jakab", "sándor", "veres", "vass", "bodnár", "lengyel",
}  # fmt: skip
_HUNGARIAN_GIVEN = {
    "lászló", "istván", "józsef", "jános", "zoltán", "sándor", "gábor", "ferenc", "attila",
    "péter", "tamás", "zsolt", "tibor", "andrás", "csaba", "imre", "lajos", "györgy",
    "balázs", "róbert", "mihály", "béla", "dávid", "ádám", "dániel", "krisztián", "norbert",
    "mária", "erzsébet", "katalin", "éva", "ilona", "anna", "zsuzsanna", "margit", "judit",
    "ágnes", "andrea", "erika", "krisztina", "eszter", "ildikó", "mónika", "edit", "gabriella",
    "szilvia", "anita", "zsófia", "réka", "noémi", "boglárka", "dóra", "petra", "orsolya",
}  # fmt: skip


def _script_of(char: str) -> str:
    return unicodedata.name(char, "").split(" ", 1)[0]


def greets_whole_name(name: str) -> bool:
    """True when the name's first word cannot stand alone as the given name."""
    return any(_script_of(char) in _WHOLE_NAME_SCRIPTS for char in name if char.isalpha())


def without_honorifics(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    return words


def given_name(name: str) -> str:
    """The given name, past any honorific: "Mrs. Jennifer Powell" → "Jennifer".

    The whole name when the script or the form of the name says the first word is not the
    given name on its own (see the module docstring).
    """
    words = name.split()
    if not words:
        return ""
    if greets_whole_name(name):
        return " ".join(without_honorifics(words))
    words = without_honorifics(words)
    lowered = [w.lower() for w in words]
    if (
        len(words) >= 2
        and lowered[0] in _HUNGARIAN_FAMILY
        and lowered[-1] in _HUNGARIAN_GIVEN
        and lowered[0] not in _HUNGARIAN_GIVEN
    ):
        return words[-1]
    if len(words) >= 2 and lowered[0] in _COMPOUND_FIRSTS:
        taken = 2
        if lowered[1] in _COMPOUND_LINKS and len(words) >= 3:
            taken = 3
        return " ".join(words[:taken])
    if len(words) >= 2 and (
        lowered[1] in _COMPOUND_LINKS or lowered[1].startswith(_COMPOUND_PREFIXES)
    ):
        return " ".join(words[: 3 if lowered[1] in _COMPOUND_LINKS and len(words) >= 3 else 2])
    return words[0]


def suggested_greeting(name: str) -> str:
    """How a note greets them by default: "Dr. Lovelace" for a doctor or professor, else
    the given name (the whole name where the first word is not it)."""
    words = name.split()
    if len(words) > 1 and words[0].lower().rstrip(".") in FORMAL_TITLES:
        if greets_whole_name(name):
            return " ".join(words)
        return f"{words[0]} {words[-1]}"
    return given_name(name)
