"""Calibration: the gut "how did it go?" rating against what actually happened. Reads only;
one query whatever the history.

The rules, in words (the tests check them against figures worked out by hand):

- Counted: interviews with a gut rating whose outcome is known — **went forward** (next
  round, offer, accepted) or **rejected**. Withdrawn, no response and awaiting are left out:
  they say nothing about how the interview went.
- A gut rating read as a chance of going forward: 1 → 0 %, 2 → 25 %, 3 → 50 %, 4 → 75 %,
  5 → 100 %. The **expected** rate is the average of those chances; the **actual** rate is
  the share that went forward. Their difference is the lean.
- A lean of 15 points or more means over-rating (it felt better than it went); −15 or less
  means under-rating; in between, calibrated. Under 3 counted interviews: too few to say.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from interviews.models import Interview, outcome_in_q, outcome_q
from reviews.models import GutRating

FORWARD = (Interview.Outcome.NEXT_ROUND, Interview.Outcome.OFFER, Interview.Outcome.ACCEPTED)
REJECTED = (Interview.Outcome.REJECTED,)
MIN_COUNTED = 3
LEAN_AT_LEAST = 0.15


def rating_as_chance(rating: int) -> float:
    return (rating - 1) / 4


@dataclass
class RatingRow:
    rating: int
    forward: int = 0
    rejected: int = 0
    waiting: int = 0

    @property
    def counted(self) -> int:
        return self.forward + self.rejected

    @property
    def forward_share(self) -> float | None:
        return self.forward / self.counted if self.counted else None

    @property
    def forward_percent(self) -> str:
        return "—" if self.forward_share is None else f"{self.forward_share:.0%}"


@dataclass
class Calibration:
    rows: list[RatingRow] = field(default_factory=list)

    @property
    def counted(self) -> int:
        return sum(r.counted for r in self.rows)

    @property
    def forward(self) -> int:
        return sum(r.forward for r in self.rows)

    @property
    def rejected(self) -> int:
        return sum(r.rejected for r in self.rows)

    @property
    def waiting(self) -> int:
        return sum(r.waiting for r in self.rows)

    @property
    def rated(self) -> int:
        return self.counted + self.waiting

    @property
    def average_rating(self) -> float | None:
        if not self.counted:
            return None
        return sum(r.rating * r.counted for r in self.rows) / self.counted

    @property
    def expected(self) -> float | None:
        if not self.counted:
            return None
        return sum(rating_as_chance(r.rating) * r.counted for r in self.rows) / self.counted

    @property
    def actual(self) -> float | None:
        return self.forward / self.counted if self.counted else None

    @property
    def actual_percent(self) -> str:
        return "—" if self.actual is None else f"{self.actual:.0%}"

    @property
    def lean(self) -> float | None:
        expected, actual = self.expected, self.actual
        if expected is None or actual is None:
            return None
        return expected - actual

    @property
    def verdict(self) -> str:
        lean = self.lean
        if lean is None or self.counted < MIN_COUNTED:
            return "too-few"
        if lean >= LEAN_AT_LEAST:
            return "over"
        if lean <= -LEAN_AT_LEAST:
            return "under"
        return "calibrated"

    @property
    def sentence(self) -> str:
        if self.verdict == "too-few":
            more = MIN_COUNTED - self.counted
            return (
                f"{self.counted} rated interview{'s' if self.counted != 1 else ''} with a known "
                f"outcome so far; {more} more and this says whether your gut reads interviews "
                "well."
            )
        figures = (
            f"across {self.counted} interviews with a known outcome your gut ratings average "
            f"{self.average_rating:.1f} / 5 (as a chance, {self.expected:.0%}), and "
            f"{self.forward} of {self.counted} ({self.actual:.0%}) went forward"
        )
        if self.verdict == "under":
            return f"You tend to under-rate how an interview went: {figures}."
        if self.verdict == "over":
            return f"You tend to over-rate how an interview went: {figures}."
        return f"Your gut reads interviews well: {figures}."


def calibration_for(user) -> Calibration:
    """Gut ratings by rating, with how many went forward, were rejected or are waiting
    (1 query)."""
    rows = (
        GutRating.objects.for_user(user)
        .values("rating")
        .annotate(
            # Each round's own outcome (an earlier round of an application went forward).
            forward=Count("pk", filter=outcome_in_q(FORWARD, "interview__")),
            rejected=Count("pk", filter=outcome_in_q(REJECTED, "interview__")),
            waiting=Count("pk", filter=outcome_q(Interview.Outcome.AWAITING, "interview__")),
        )
        .order_by("rating")
    )
    by_rating = {r["rating"]: r for r in rows}
    return Calibration(
        rows=[
            RatingRow(
                rating=n,
                forward=by_rating.get(n, {}).get("forward", 0),
                rejected=by_rating.get(n, {}).get("rejected", 0),
                waiting=by_rating.get(n, {}).get("waiting", 0),
            )
            for n in range(1, 6)
        ]
    )
