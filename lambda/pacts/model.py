"""Records the skill keeps: the couple's pact, the running space, episodes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from pacts.pattern import Result as PatternResult
from pacts.pattern import results_from_item, results_to_item

DEFAULT_SPACE_MINUTES = 20
MIN_SPACE_MINUTES = 5  # the shortest default or longest space a pact can be set to
# A space itself may be shorter, if asked for (the answer says once why twenty helps).
SHORTEST_SPACE_MINUTES = 1
# "Give me a sec", "one moment": a short space of a few minutes, not a literal second.
MOMENT_SPACE_MINUTES = 5
# The body needs about this long to settle (Gottman): a shorter space is explained once.
SETTLE_MINUTES = 20
# A space moved by check-ins never runs past this long from its first start.
LONGEST_SPACE_SPAN = timedelta(hours=24)
MAX_SPACE_MINUTES = 24 * 60
# Episodes are intimate history: kept for a stated period, then DynamoDB's TTL removes them.
EPISODE_RETENTION = timedelta(days=180)
# Coming back up to this long after the agreed time still counts as on time.
ON_TIME_GRACE = timedelta(minutes=2)

EpisodeKind = Literal["space", "cycle", "grounding", "connection", "reflection", "slow_motion"]
# The pact keeps a light log of the last days (kinds and times, never words) for the weekly
# summary, so that summary is one read like every other turn.
RECENT_DAYS = timedelta(days=8)
MAX_RECENT = 300


class UnreadablePact(ValueError):
    """A stored pact whose fields have the wrong types: it must not be written over."""


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
    account: str | None = None  # the account that took the space
    reminder_by: str | None = None  # the account whose Alexa holds the return reminder
    checked_in: bool = False  # a check-in on time moved the return: the pact was kept

    def to_item(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "episode_id": self.episode_id,
            "started_at": _iso(self.started_at),
            "return_at": _iso(self.return_at),
        }
        if self.checked_in:
            item["checked_in"] = True
        optional = {
            "person": self.person,
            "reminder_token": self.reminder_token,
            "account": self.account,
            "reminder_by": self.reminder_by,
        }
        item.update({k: v for k, v in optional.items() if v})
        return item

    def taken_by(self, account: str | None, voice: str | None) -> bool:
        """Whether the speaker (account, voice) is the one who took this space.

        Another account never is; on the same account, two known voices that differ are two
        people. When either voice is unknown the account decides (Alexa did not tell them apart).
        """
        if self.account and account and self.account != account:
            return False
        kind, _, key = (self.person or "").partition(":")
        if kind == "v" and voice:
            return key == voice
        if kind == "a" and account and not self.account:
            return key == account
        return True

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
        account = item.get("account")
        by = item.get("reminder_by")
        return cls(
            episode_id=episode_id,
            started_at=started,
            return_at=returns,
            person=person if isinstance(person, str) else None,
            reminder_token=token if isinstance(token, str) else None,
            account=account if isinstance(account, str) else None,
            reminder_by=by if isinstance(by, str) else None,
            checked_in=item.get("checked_in") is True,
        )


MAX_NAME_CHARS = 40
MAX_SIGNAL_CHARS = 80


@dataclass(frozen=True)
class Pact:
    """What the couple agreed. Every field has a default, so a couple can start with nothing set.

    `pact_id` is the pact's own random id (never an account's). `members` are the hashed Alexa
    accounts that share this pact; `voices` maps a hashed Alexa voice profile (personId) to a
    first name and `voice_owners` that voice to the account it spoke on; `accounts` maps a
    hashed account to a first name. `recent` is the last days' activity (kinds and times only).
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
    reflection_reminder_by: str | None = None  # the account whose Alexa holds that reminder
    pairing_code: str | None = None  # the live pairing code, so it dies with the pact
    members: tuple[str, ...] = ()
    voices: dict[str, str] = field(default_factory=dict)
    voice_owners: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    active_space: ActiveSpace | None = None
    last_return: dict[str, Any] = field(default_factory=dict)  # {person, account, at}
    recent: tuple[dict[str, Any], ...] = ()
    slow_motion: dict[str, Any] = field(default_factory=dict)  # pacts/slow_motion.py
    patterns: dict[str, PatternResult] = field(default_factory=dict)  # side per speaker key
    extra: dict[str, Any] = field(default_factory=dict)

    def reminder_tokens(self, by: str | None = None) -> list[str]:
        """Reminders this skill created for the pact and still tracks (only those set on the
        account `by`, when given: a reminder can be cancelled only by the account that holds it).
        """
        found: list[tuple[str | None, str | None]] = [
            (self.reflection_reminder, self.reflection_reminder_by)
        ]
        if self.active_space is not None:
            found.append((self.active_space.reminder_token, self.active_space.reminder_by))
        return [t for t, owner in found if t and (by is None or owner in (None, by))]

    def reminders_held_by_others(self, account: str) -> list[str]:
        """Reminder tokens that live on another member's Alexa account."""
        mine = set(self.reminder_tokens(by=account))
        return [t for t in self.reminder_tokens() if t not in mine]

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

    def without_person(self, member: str) -> Pact:
        """The pact once `member` has gone for good: off the members, and their name, their
        voices' names, the reminders on their account and their pairing code with them."""
        theirs = {v for v, owner in self.voice_owners.items() if owner == member}
        gone_names = {self.accounts[member]} if member in self.accounts else set()
        gone_names |= {self.voices[v] for v in theirs if v in self.voices}
        pact = self.without_member(member)
        kept_names = set(pact.accounts.values()) | {
            n for v, n in pact.voices.items() if v not in theirs
        }
        names = tuple(n for n in pact.names if n not in gone_names or n in kept_names)
        space = pact.active_space
        if space is not None and space.account == member:
            space = None
        elif space is not None and space.reminder_by == member:
            space = replace(space, reminder_token=None, reminder_by=None)
        reminder, by = pact.reflection_reminder, pact.reflection_reminder_by
        if by == member:
            reminder, by = None, None
        # Records other parts keep per member, keyed by account (e.g. pacts/partner_sync.py).
        extra = {
            k: (
                {a: v for a, v in value.items() if a != member}
                if isinstance(value, dict)
                else value
            )
            for k, value in pact.extra.items()
        }
        return replace(
            pact,
            extra=extra,
            names=names,
            voices={v: n for v, n in pact.voices.items() if v not in theirs},
            voice_owners={v: o for v, o in pact.voice_owners.items() if o != member},
            active_space=space,
            reflection_reminder=reminder,
            reflection_reminder_by=by,
            pairing_code=None,
            last_return={},
            patterns={
                k: r
                for k, r in pact.patterns.items()
                if k != f"a:{member}" and k.removeprefix("v:") not in theirs
            },
        )

    def claiming_voices(self, before: Pact, account: str) -> Pact:
        """Voices named since `before` belong to `account` (a voice only ever names itself)."""
        new = {v: account for v in self.voices if v not in before.voices}
        new = {v: o for v, o in new.items() if v not in self.voice_owners}
        if not new:
            return self
        return replace(self, voice_owners={**self.voice_owners, **new})

    def noting(self, episode: Episode) -> Pact:
        """The activity log with this episode in it (an episode id already there is updated:
        a space whose return time moved, then came back, is one space)."""
        entry: dict[str, Any] = {
            "id": episode.episode_id,
            "kind": episode.kind,
            "at": int(episode.at.timestamp()),
        }
        if episode.returned_at is not None:
            entry["returned"] = True
            entry["on_time"] = bool(episode.on_time)
        if episode.checked_in:
            entry["checked_in"] = True
        horizon = int((episode.at - RECENT_DAYS).timestamp())
        kept = [e for e in self.recent if e.get("id") != episode.episode_id]
        kept = [e for e in kept if _int(e.get("at"), 0) >= horizon]
        kept.append(entry)
        kept.sort(key=lambda e: _int(e.get("at"), 0))
        return replace(self, recent=tuple(kept[-MAX_RECENT:]))

    def to_item(self) -> dict[str, Any]:
        item: dict[str, Any] = dict(self.extra)
        item.update(
            {
                "pact_id": self.pact_id,
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
            "reflection_reminder_by": self.reflection_reminder_by,
            "pairing_code": self.pairing_code,
            "members": list(self.members),
            "voices": dict(self.voices),
            "voice_owners": dict(self.voice_owners),
            "accounts": dict(self.accounts),
            "active_space": self.active_space.to_item() if self.active_space else None,
            "last_return": dict(self.last_return),
            "recent": [dict(e) for e in self.recent],
            "slow_motion": dict(self.slow_motion),
            "patterns": results_to_item(self.patterns),
        }
        for key, value in optional.items():
            if value:
                item[key] = value
            else:
                item.pop(key, None)
        return item

    @classmethod
    def from_item(cls, pact_id: str, item: dict[str, Any]) -> Pact:
        """The pact from its stored item; UnreadablePact when a known field has the wrong type
        (such an item is never written over: see pacts/store.py)."""
        _check_types(item)
        extra = {k: v for k, v in item.items() if k not in _FIELD_TYPES and k not in ("pk", "sk")}
        longest = _bounded_int(item.get("longest_space_minutes"), MAX_SPACE_MINUTES)
        default = min(
            _bounded_int(item.get("default_space_minutes"), DEFAULT_SPACE_MINUTES), longest
        )
        raw_space = item.get("active_space")
        space = ActiveSpace.from_item(raw_space)
        if raw_space is not None and space is None:
            raise UnreadablePact("active_space")
        stored_id = item.get("pact_id")
        return cls(
            pact_id=stored_id if isinstance(stored_id, str) and stored_id else pact_id,
            version=_int(item.get("version"), 0),
            default_space_minutes=default,
            longest_space_minutes=longest,
            names=tuple(_strings(item.get("names")))[:2],
            space_signal=_text(item.get("space_signal")),
            connection_signal=_text(item.get("connection_signal")),
            reflection_time=_text(item.get("reflection_time")),
            reflection_reminder=_text(item.get("reflection_reminder")),
            reflection_reminder_by=_text(item.get("reflection_reminder_by")),
            pairing_code=_text(item.get("pairing_code")),
            members=tuple(_strings(item.get("members"))),
            voices=_string_map(item.get("voices")),
            voice_owners=_string_map(item.get("voice_owners")),
            accounts=_string_map(item.get("accounts")),
            active_space=space,
            last_return=dict(item.get("last_return") or {}),
            recent=tuple(e for e in item.get("recent") or [] if isinstance(e, dict)),
            slow_motion=dict(item.get("slow_motion") or {}),
            patterns=results_from_item(item.get("patterns")),
            extra=extra,
        )


# The type every known field must have when present; anything else makes the item unreadable.
_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "pact_id": str,
    "version": int,
    "default_space_minutes": (int, float),
    "longest_space_minutes": (int, float),
    "names": list,
    "space_signal": str,
    "connection_signal": str,
    "reflection_time": str,
    "reflection_reminder": str,
    "reflection_reminder_by": str,
    "pairing_code": str,
    "members": list,
    "voices": dict,
    "voice_owners": dict,
    "accounts": dict,
    "active_space": dict,
    "last_return": dict,
    "recent": list,
    "slow_motion": dict,
    "patterns": dict,
}
_LIST_OF_STRINGS = ("names", "members")


def _check_types(item: dict[str, Any]) -> None:
    for name, kind in _FIELD_TYPES.items():
        value = item.get(name)
        if value is None:
            continue
        if not isinstance(value, kind) or isinstance(value, bool):
            raise UnreadablePact(name)
        if name in _LIST_OF_STRINGS and not all(isinstance(v, str) for v in item[name]):
            raise UnreadablePact(name)
    if "version" in item and item["version"] < 0:
        raise UnreadablePact("version")


def _int(value: Any, fallback: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else fallback


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []


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
    checked_in: bool = False  # checked in on time and set a new return time (kept the pact)

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
        if self.checked_in:
            item["checked_in"] = True
        for key, value in self.details.items():
            item.setdefault(key, value)
        return item


def new_episode_id(at: datetime) -> str:
    """Episode ids sort by time; a random tail keeps two episodes of the same instant apart
    (two partners, two devices)."""
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ") + "-" + secrets.token_hex(3)
