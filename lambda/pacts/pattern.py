"""Which side of the dance: eight statements, their scoring, and what is kept (pure, no I/O).

Each statement describes one move under stress: four toward the partner (pursuing), four away
(distancing), interleaved so that no run of answers leans one way by habit. Every answer is
yes (2), sometimes (1) or no (0), so each side scores 0 to 8. The result names a *tendency under
stress*, never a type or an attachment style, and it can change: retaking replaces it.

Where each statement's idea comes from is in the README ("Which side of the dance").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final, Literal

Side = Literal["pursue", "distance", "both", "neither"]
Answer = Literal["yes", "sometimes", "no"]
Leaning = Literal["pursue", "distance"]

SIDES: Final[tuple[Side, ...]] = ("pursue", "distance", "both", "neither")
ANSWERS: Final[tuple[Answer, ...]] = ("yes", "sometimes", "no")
POINTS: Final[Mapping[Answer, int]] = {"yes": 2, "sometimes": 1, "no": 0}


@dataclass(frozen=True)
class Item:
    """One statement: its phrase key is `pattern.item.<key>`."""

    key: str
    leans: Leaning


ITEMS: Final[tuple[Item, ...]] = (
    Item("talk_now", "pursue"),
    Item("go_quiet", "distance"),
    Item("follow", "pursue"),
    Item("alone_when_pressed", "distance"),
    Item("personal", "pursue"),
    Item("busy", "distance"),
    Item("louder", "pursue"),
    Item("keep_inside", "distance"),
)

# A side "stands out" from this many points (of 8): two yeses, or four sometimes.
STRONG: Final = 4
# ... and leads the other side by at least this much; closer than that, it is both.
LEAD: Final = 2


@dataclass(frozen=True)
class Score:
    pursue: int
    distance: int

    @property
    def side(self) -> Side:
        if self.pursue >= STRONG and self.pursue - self.distance >= LEAD:
            return "pursue"
        if self.distance >= STRONG and self.distance - self.pursue >= LEAD:
            return "distance"
        if self.pursue >= STRONG and self.distance >= STRONG:
            return "both"
        return "neither"


def score(answers: Sequence[str]) -> Score:
    """The points for each side; `answers` are in ITEMS order, one per statement."""
    if len(answers) != len(ITEMS):
        raise ValueError(f"need {len(ITEMS)} answers, got {len(answers)}")
    totals = {"pursue": 0, "distance": 0}
    for item, answer in zip(ITEMS, answers, strict=True):
        if answer not in POINTS:
            raise ValueError(f"not an answer: {answer!r}")
        totals[item.leans] += POINTS[answer]  # type: ignore[index]
    return Score(pursue=totals["pursue"], distance=totals["distance"])


@dataclass(frozen=True)
class Result:
    """What is kept for one person: the side and the day it was found (never the answers)."""

    side: Side
    on: date

    def to_item(self) -> dict[str, str]:
        return {"side": self.side, "on": self.on.isoformat()}

    @classmethod
    def from_item(cls, item: Any) -> Result | None:
        if not isinstance(item, dict):
            return None
        side, on = item.get("side"), item.get("on")
        if side not in SIDES or not isinstance(on, str):
            return None
        try:
            day = date.fromisoformat(on)
        except ValueError:
            return None
        return cls(side=side, on=day)


def results_from_item(value: Any) -> dict[str, Result]:
    """The stored results by speaker key ("v:<voice>" / "a:<account>"); bad entries dropped."""
    if not isinstance(value, dict):
        return {}
    results = {}
    for who, item in value.items():
        result = Result.from_item(item)
        if isinstance(who, str) and result is not None:
            results[who] = result
    return results


def results_to_item(results: Mapping[str, Result]) -> dict[str, dict[str, str]]:
    return {who: result.to_item() for who, result in results.items()}


def found(answers: Sequence[str], at: datetime) -> Result:
    return Result(side=score(answers).side, on=at.date())


def changed(before: Result | None, after: Result) -> bool:
    """A change of side worth noting: from one clear side to another (not to or from neither)."""
    if before is None or before.side == after.side:
        return False
    return before.side != "neither" and after.side != "neither"


# The practices for each side, from the seeds (phrase keys `pattern.practice.<key>`). "both"
# gets one of each side's and the shared one; "neither" the pact's joint practices.
PLAYBOOK: Final[Mapping[Side, tuple[str, str, str]]] = {
    "pursue": ("wait_five", "gentle_ask", "space_not_loss"),
    "distance": ("signal", "return", "small_step"),
    "both": ("wait_five", "signal", "return"),
    "neither": ("signal", "return", "gentle_ask"),
}


def playbook(side: Side) -> tuple[str, str, str]:
    return PLAYBOOK[side]


Pair = Literal["pursue_distance", "both_pursue", "both_distance", "mixed"]


def pair_of(first: Side, second: Side) -> Pair | None:
    """The pattern between two partners' sides, or None when it says nothing useful."""
    sides = {first, second}
    if sides == {"pursue", "distance"}:
        return "pursue_distance"
    if sides == {"pursue"}:
        return "both_pursue"
    if sides == {"distance"}:
        return "both_distance"
    if "neither" in sides:
        return None
    return "mixed"
