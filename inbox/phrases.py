"""The phrases that say what an email is about, loaded from ``inbox/phrases/*.toml``.

Kept as data, one file per language, so a language is added by adding a file (see
``inbox/phrases/README.md``). Compiled once per process.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "phrases"


@dataclass(frozen=True)
class Language:
    code: str
    kinds: dict[str, tuple[re.Pattern, ...]]
    interview_words: tuple[re.Pattern, ...]
    role_nouns: tuple[str, ...]

    def matches(self, kind: str, text: str) -> bool:
        return any(p.search(text) for p in self.kinds.get(kind, ()))

    def score(self, text: str) -> int:
        """How much of this language's vocabulary the text uses (to pick its language)."""
        found = sum(1 for p in self.interview_words if p.search(text))
        for patterns in self.kinds.values():
            found += sum(1 for p in patterns if p.search(text))
        return found


def _compile(patterns) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in patterns)


@cache
def languages() -> dict[str, Language]:
    found = {}
    for path in sorted(FOLDER.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        code = data["language"]
        found[code] = Language(
            code=code,
            kinds={kind: _compile(patterns) for kind, patterns in data["kinds"].items()},
            interview_words=_compile(data.get("interview_words", [])),
            role_nouns=tuple(data.get("words", {}).get("role_nouns", [])),
        )
    return found


def language_of(text: str) -> Language:
    """The language whose phrases the text uses most; English when none stands out."""
    sample = text[:8000]
    scored = sorted(
        ((lang.score(sample), code != "en", code) for code, lang in languages().items()),
        reverse=True,
    )
    best_score, _, best = scored[0]
    english = languages()["en"]
    if best_score == 0 or english.score(sample) >= best_score:
        return english
    return languages()[best]
