"""Records the skill keeps: the couple's pact, the running space, episodes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from pacts.pattern import Result as PatternResult
from pacts.pattern import results_from_item, results_to_item

DEFAULT_SPACE_MINUTES = 20
MIN_SPACE_MINUTES = 5
MAX_SPACE_MINUTES = 24 * 60
# Episodes are intimate history: kept for a stated period, then DynamoDB's TTL removes them.
EPISODE_RETENTION = timedelta(days=180)
# Coming back up to this long after the agreed time still counts as on time.
ON_TIME_GRACE = timedelta(minutes=2)

EpisodeKind = Literal["space", "cycle", "grounding", "connection", "reflection", "slow_motion"]


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _parse(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


@dataclass(frozen=True)
class ActiveSpace:
    """A space that is running: when it started and when the partner comes back."""

    episode_id: str
    started_at: datetime
    return_at: datetime
    person: str | None = None
    reminder_token: str | None = None

    def to_item(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "episode_id": self.episode_id,
            "started_at": _iso(self.started_at),
            "return_at": _iso(self.return_at),
        }
        if self.person:
            item["person"] = self.person
        if self.reminder_token:
            item["reminder_token"] = self.reminder_token
        return item

    @classmethod
    def from_item(cls, item: Any) -> ActiveSpace | None:
        if not isinstance(item, dict):
            return None
        started, returns = _parse(item.get("started_at")), _parse(item.get("return_at"))
        episode_id = item.get("episode_id")
        if started is None or returns is None or not isinstance(episode_id, str):
            return None
        person = item.get("person")
        token = item.get("reminder_token")
        return cls(
            episode_id=episode_id,
            started_at=started,
            return_at=returns,
            person=person if isinstance(person, str) else None,
            reminder_token=token if isinstance(token, str) else None,
        )


MAX_NAME_CHARS = 40
MAX_SIGNAL_CHARS = 80


@dataclass(frozen=True)
class Pact:
    """What the couple agreed. Every field has a default, so a couple can start with nothing set.

    `members` are the hashed Alexa accounts that share this pact; `voices` maps a hashed Alexa
    voice profile (personId) to a first name, `accounts` a hashed account to a first name.
    """

    pact_id: str
    version: int = 0
    default_space_minutes: int = DEFAULT_SPACE_MINUTES
    longest_space_minutes: int = MAX_SPACE_MINUTES
    names: tuple[str, ...] = ()
    space_signal: str | None = None
    connection_signal: str | None = None
    reflection_time: str | None = None  # "21:30", local to the device
    reflection_reminder: str | None = None  # the nightly reminder's alert token
    members: tuple[str, ...] = ()
    voices: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    active_space: ActiveSpace | None = None
    patterns: dict[str, PatternResult] = field(default_factory=dict)  # side per speaker key
    slow_motion: dict[str, Any] = field(default_factory=dict)  # pacts/slow_motion.py
    extra: dict[str, Any] = field(default_factory=dict)

    def reminder_tokens(self) -> list[str]:
        """Every reminder this skill created for the pact and still tracks."""
        tokens = [self.reflection_reminder]
        if self.active_space is not None:
            tokens.append(self.active_space.reminder_token)
        return [t for t in tokens if t]

    def with_space(self, space: ActiveSpace | None) -> Pact:
        return replace(self, active_space=space)

    def running_space(self, now: datetime) -> ActiveSpace | None:
        """The space still running at `now` (a space whose return time has passed is over)."""
        space = self.active_space
        if space is None or space.return_at <= now:
            return None
        return space

    def name_of(self, who: str | None) -> str | None:
        """The first name for a speaker key ("v:<voice>" or "a:<account>"), if the pact has one."""
        if not who:
            return None
        kind, _, key = who.partition(":")
        if kind == "v":
            return self.voices.get(key)
        if kind == "a":
            return self.accounts.get(key)
        return None

    def with_member(self, member: str) -> Pact:
        if member in self.members:
            return self
        return replace(self, members=(*self.members, member))

    def without_member(self, member: str) -> Pact:
        accounts = {k: v for k, v in self.accounts.items() if k != member}
        patterns = {k: r for k, r in self.patterns.items() if k != f"a:{member}"}
        return replace(
            self,
            members=tuple(m for m in self.members if m != member),
            accounts=accounts,
            patterns=patterns,
        )

    def to_item(self) -> dict[str, Any]:
        item: dict[str, Any] = dict(self.extra)
        item.update(
            {
                "version": self.version,
                "default_space_minutes": self.default_space_minutes,
                "longest_space_minutes": self.longest_space_minutes,
            }
        )
        optional: dict[str, Any] = {
            "names": list(self.names),
            "space_signal": self.space_signal,
            "connection_signal": self.connection_signal,
            "reflection_time": self.reflection_time,
            "reflection_reminder": self.reflection_reminder,
            "members": list(self.members),
            "voices": dict(self.voices),
            "accounts": dict(self.accounts),
            "active_space": self.active_space.to_item() if self.active_space else None,
            "patterns": results_to_item(self.patterns),
            "slow_motion": dict(self.slow_motion),
        }
        for key, value in optional.items():
            if value:
                item[key] = value
            else:
                item.pop(key, None)
        return item

    @classmethod
    def from_item(cls, pact_id: str, item: dict[str, Any]) -> Pact:
        known = {
            "version", "default_space_minutes", "longest_space_minutes", "active_space", "names",
            "space_signal", "connection_signal", "reflection_time", "reflection_reminder",
            "members", "voices", "accounts", "patterns", "slow_motion",
        }  # fmt: skip
        extra = {k: v for k, v in item.items() if k not in known and k not in ("pk", "sk")}
        longest = _bounded_int(item.get("longest_space_minutes"), MAX_SPACE_MINUTES)
        default = min(
            _bounded_int(item.get("default_space_minutes"), DEFAULT_SPACE_MINUTES), longest
        )
        return cls(
            pact_id=pact_id,
            version=int(item.get("version", 0)),
            default_space_minutes=default,
            longest_space_minutes=longest,
            names=tuple(_strings(item.get("names")))[:2],
            space_signal=_text(item.get("space_signal")),
            connection_signal=_text(item.get("connection_signal")),
            reflection_time=_text(item.get("reflection_time")),
            reflection_reminder=_text(item.get("reflection_reminder")),
            members=tuple(_strings(item.get("members"))),
            voices=_string_map(item.get("voices")),
            accounts=_string_map(item.get("accounts")),
            active_space=ActiveSpace.from_item(item.get("active_space")),
            patterns=results_from_item(item.get("patterns")),
            slow_motion=_map(item.get("slow_motion")),
            extra=extra,
        )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []


def _map(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _string_map(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str) and v}


def _bounded_int(value: Any, fallback: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return fallback
    return max(MIN_SPACE_MINUTES, min(MAX_SPACE_MINUTES, number))


@dataclass(frozen=True)
class Episode:
    """One moment the skill helped with; kept for EPISODE_RETENTION."""

    episode_id: str
    kind: EpisodeKind
    at: datetime
    person: str | None = None
    return_at: datetime | None = None
    returned_at: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def on_time(self) -> bool | None:
        if self.return_at is None or self.returned_at is None:
            return None
        return self.returned_at <= self.return_at + ON_TIME_GRACE

    def to_item(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "kind": self.kind,
            "at": _iso(self.at),
            "expires_at": int((self.at + EPISODE_RETENTION).timestamp()),
        }
        if self.person:
            item["person"] = self.person
        if self.return_at is not None:
            item["return_at"] = _iso(self.return_at)
        if self.returned_at is not None:
            item["returned_at"] = _iso(self.returned_at)
            item["on_time"] = bool(self.on_time)
        for key, value in self.details.items():
            item.setdefault(key, value)
        return item


def new_episode_id(at: datetime) -> str:
    """Episode ids sort by time; a random tail keeps two episodes of the same instant apart
    (two partners, two devices)."""
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ") + "-" + secrets.token_hex(3)
