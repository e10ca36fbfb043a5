"""How are we doing: a blame-free look at the week, from stored episodes. No partner scores."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Week:
    cycles: int = 0
    spaces: int = 0
    returns: int = 0
    on_time: int = 0
    connections: int = 0
    reflections: int = 0
    slow: int = 0  # slow-motion conversations
    # Spaces whose return was kept: came back on time, or checked in on time for more time.
    kept: int = 0
    checked_in: int = 0  # spaces with an on-time check-in ("I need more time")
    settled: int = 0  # spaces that came back or checked in (the ones a return can be kept for)

    @property
    def empty(self) -> bool:
        return not (self.cycles or self.spaces or self.connections or self.reflections or self.slow)

    def suggestion(self) -> str:
        """The phrase key of one concrete idea for next week."""
        if self.settled and self.kept < self.settled:
            return "summary.suggest_return"
        if self.cycles >= 3:
            return "summary.suggest_signal"
        if self.connections > self.spaces:
            return "summary.suggest_soft"
        if not self.reflections:
            return "summary.suggest_reflect"
        return "summary.suggest_keep"


def summarize(entries: Iterable[dict[str, Any]], since: datetime | None = None) -> Week:
    """The week from the pact's activity log (pacts.model.Pact.recent) or stored episodes.

    A space is one entry however often its return time moved (the entry keeps its id)."""
    horizon = since.timestamp() if since is not None else None
    episodes = [e for e in entries if horizon is None or _at(e) >= horizon]
    kinds = Counter(str(e.get("kind")) for e in episodes)
    spaces = [e for e in episodes if e.get("kind") == "space"]
    returns = [e for e in spaces if e.get("returned") is True or "returned_at" in e]
    checked = [e for e in spaces if e.get("checked_in") is True]
    settled = [e for e in spaces if e in returns or e in checked]
    return Week(
        cycles=kinds["cycle"],
        spaces=kinds["space"],
        returns=len(returns),
        on_time=sum(1 for e in returns if e.get("on_time") is True),
        connections=kinds["connection"],
        reflections=kinds["reflection"],
        slow=kinds["slow_motion"],
        kept=sum(1 for e in settled if e.get("on_time") is True or e.get("checked_in") is True),
        checked_in=len(checked),
        settled=len(settled),
    )


def _at(entry: dict[str, Any]) -> float:
    at = entry.get("at")
    if isinstance(at, int | float) and not isinstance(at, bool):
        return float(at)
    if isinstance(at, str):
        try:
            return datetime.fromisoformat(at).timestamp()
        except ValueError:
            return 0.0
    return 0.0


def times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
