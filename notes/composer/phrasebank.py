"""The phrase bank (``phrases.toml``) and the choice of phrasing for each note of a panel."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

PHRASES: dict[str, Any] = tomllib.loads(
    Path(__file__).with_name("phrases.toml").read_text(encoding="utf-8")
)


@dataclass(frozen=True)
class Seat:
    """Where the recipient sits on the panel: picks this note's phrasings and order. The
    same record always gives the same draft: nothing is random per request."""

    rank: int  # 0-based position among the interviewers, by id
    seed: int  # the interview's id

    def pick(self, options: Sequence[T], part: str, shift: int = 0) -> T:
        offset = sum(map(ord, part))
        return options[(self.seed + offset + self.rank + shift) % len(options)]


def seat_for(interview, recipient) -> Seat:
    ids = sorted(person.pk for person in interview.interviewers.all())
    rank = ids.index(recipient.pk) if recipient.pk in ids else len(ids)
    return Seat(rank=rank, seed=interview.pk or 0)
