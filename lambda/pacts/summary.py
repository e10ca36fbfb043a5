"""How are we doing: a blame-free look at the week, from stored episodes. No partner scores."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Week:
    cycles: int = 0
    spaces: int = 0
    returns: int = 0
    on_time: int = 0
    connections: int = 0
    reflections: int = 0

    @property
    def empty(self) -> bool:
        return not (self.cycles or self.spaces or self.connections or self.reflections)

    def suggestion(self) -> str:
        """The phrase key of one concrete idea for next week."""
        if self.returns and self.on_time < self.returns:
            return "summary.suggest_return"
        if self.cycles >= 3:
            return "summary.suggest_signal"
        if self.connections > self.spaces:
            return "summary.suggest_soft"
        if not self.reflections:
            return "summary.suggest_reflect"
        return "summary.suggest_keep"


def summarize(episodes: list[dict[str, Any]]) -> Week:
    kinds = Counter(str(e.get("kind")) for e in episodes)
    spaces = [e for e in episodes if e.get("kind") == "space"]
    returns = [e for e in spaces if "returned_at" in e]
    return Week(
        cycles=kinds["cycle"],
        spaces=kinds["space"],
        returns=len(returns),
        on_time=sum(1 for e in returns if e.get("on_time") is True),
        connections=kinds["connection"],
        reflections=kinds["reflection"],
    )


def times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
