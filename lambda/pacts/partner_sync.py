"""What each member's own Alexa account knows of the other's space (pure: no I/O).

When Sam takes space on one account of a shared pact, Jordan's account gets a return reminder at
the same moment (moved or cancelled with it). The pact is the truth; each member has a *mirror*:
the space their account last reconciled to, the reminder it holds for it, and whether the
reminders permission was missing. A member is *behind* when the mirror differs from what the
pact now wants for them, and only then is a message sent. Reconciling twice, late or out of
order changes nothing (keyed by space id, return time and the pact version it was based on).

Two per-member records live in the pact item, keyed by the member's account hash, and go with
the member (leave, delete, SkillDisabled: `without_account`):

* ``alexa_users``: the member's raw Alexa userId and locale. Skill Messaging needs the userId
  to reach their account; it is never a key, never logged, never spoken.
* ``partner_reminders``: the mirror described above.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from pacts.model import ActiveSpace, Pact

USERS = "alexa_users"
MIRRORS = "partner_reminders"
MESSAGE_TYPE = "PausePact.SpaceChanged"
MAX_USER_ID_CHARS = 512


@dataclass(frozen=True)
class Member:
    account: str
    user_id: str
    locale: str | None = None


@dataclass(frozen=True)
class Mirror:
    """What one member's account last did about the pact's space."""

    version: int = -1  # the pact version it reconciled from
    space: str | None = None  # episode id of the space it reconciled to (None: no space)
    at: str | None = None  # that space's return time (ISO)
    token: str | None = None  # the reminder on this member's account, if any
    permission_missing: bool = False
    told_speaker: bool = False  # the one who took space heard the permission was missing
    told_member: bool = False  # this member heard how to turn reminders on

    def to_item(self) -> dict[str, Any]:
        item: dict[str, Any] = {"version": self.version}
        for key in ("space", "at", "token"):
            value = getattr(self, key)
            if value:
                item[key] = value
        for key in ("permission_missing", "told_speaker", "told_member"):
            if getattr(self, key):
                item[key] = True
        return item

    @classmethod
    def from_item(cls, item: Any) -> Mirror:
        if not isinstance(item, dict):
            return cls()
        version = item.get("version")
        texts = {k: item.get(k) if isinstance(item.get(k), str) else None for k in ("space", "at")}
        token = item.get("token")
        return cls(
            version=version if isinstance(version, int) and not isinstance(version, bool) else -1,
            space=texts["space"],
            at=texts["at"],
            token=token if isinstance(token, str) and token else None,
            permission_missing=item.get("permission_missing") is True,
            told_speaker=item.get("told_speaker") is True,
            told_member=item.get("told_member") is True,
        )


def _section(pact: Pact, name: str) -> dict[str, Any]:
    value = pact.extra.get(name)
    return dict(value) if isinstance(value, dict) else {}


def _with_section(pact: Pact, name: str, value: dict[str, Any]) -> Pact:
    extra = dict(pact.extra)
    if value:
        extra[name] = value
    else:
        extra.pop(name, None)
    return replace(pact, extra=extra)


# -- the members' Alexa user ids ---------------------------------------------------------------


def member(pact: Pact, account: str) -> Member | None:
    entry = _section(pact, USERS).get(account)
    if not isinstance(entry, dict) or account not in pact.members:
        return None
    user_id, locale = entry.get("user_id"), entry.get("locale")
    if not isinstance(user_id, str) or not user_id:
        return None
    return Member(account, user_id, locale if isinstance(locale, str) and locale else None)


def with_user(pact: Pact, account: str, user_id: str, locale: str | None) -> Pact:
    """Remember a member's userId (only for a current member; the id is bounded)."""
    if account not in pact.members or not user_id or len(user_id) > MAX_USER_ID_CHARS:
        return pact
    users = _section(pact, USERS)
    entry: dict[str, Any] = {"user_id": user_id}
    if locale:
        entry["locale"] = locale[:16]
    if users.get(account) == entry:
        return pact
    users[account] = entry
    return _with_section(pact, USERS, users)


def others(pact: Pact, account: str | None) -> list[Member]:
    """The other members whose accounts can be reached."""
    found = [member(pact, m) for m in pact.members if m != account]
    return [m for m in found if m is not None]


# -- mirrors ------------------------------------------------------------------------------------


def mirror(pact: Pact, account: str) -> Mirror:
    return Mirror.from_item(_section(pact, MIRRORS).get(account))


def with_mirror(pact: Pact, account: str, state: Mirror) -> Pact:
    if account not in pact.members:
        return pact
    mirrors = _section(pact, MIRRORS)
    mirrors[account] = state.to_item()
    return _with_section(pact, MIRRORS, mirrors)


def held_by(pact: Pact, account: str | None) -> list[str]:
    """The partner reminders this account's own Alexa holds (its own token cancels them): for
    the other's space, and the nightly one asked "for both of us"."""
    if not account:
        return []
    return [t for t in (mirror(pact, account).token, nightly(pact, account).token) if t]


def held_by_others(pact: Pact, account: str | None) -> list[str]:
    """Partner reminders on the other members' accounts (only their own visits can cancel)."""
    return [t for m in pact.members if m != account for t in held_by(pact, m)]


def without_account(pact: Pact, account: str) -> Pact:
    """Nothing of this account's stays: its userId and its mirror."""
    pact = _with_section(
        pact, USERS, {k: v for k, v in _section(pact, USERS).items() if k != account}
    )
    return _with_section(
        pact, MIRRORS, {k: v for k, v in _section(pact, MIRRORS).items() if k != account}
    )


def space_account(space: ActiveSpace) -> str | None:
    """The account that took the space, when the pact knows it."""
    account = getattr(space, "account", None)
    if isinstance(account, str) and account:
        return account
    kind, _, key = (space.person or "").partition(":")
    return key if kind == "a" and key else None


def wanted(pact: Pact, account: str, now: datetime) -> ActiveSpace | None:
    """The space this member's account should hold a reminder for: a running space that
    another account took (their own space's reminder is theirs to ask for)."""
    space = pact.running_space(now)
    if space is None:
        return None
    taker = space_account(space)
    if taker is None or taker == account:
        return None
    return space


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def behind(pact: Pact, account: str, now: datetime) -> bool:
    """Whether this member's account has not caught up with the pact's space yet."""
    state = mirror(pact, account)
    space = wanted(pact, account, now)
    if space is None:
        return state.token is not None
    return state.space != space.episode_id or state.at != iso(space.return_at)


def message(pact: Pact) -> dict[str, Any]:
    """The message data: which pact, which version, which space. Never names or words."""
    space = pact.active_space
    return {
        "type": MESSAGE_TYPE,
        "pact": pact.pact_id,
        "version": pact.version,
        "space": space.episode_id if space is not None else "",
    }


def read_message(data: Any) -> tuple[str, int] | None:
    """(pact id, version) from a message, or None when it is not one of ours."""
    if not isinstance(data, dict) or data.get("type") != MESSAGE_TYPE:
        return None
    pact_id, version = data.get("pact"), data.get("version")
    if not isinstance(pact_id, str) or not pact_id:
        return None
    if not isinstance(version, int) or isinstance(version, bool):
        return None
    return pact_id, version


# -- the nightly reflection "for both of us" ---------------------------------------------------
#
# The pact's own nightly reminder lives on one account (`Pact.reflection_reminder_by`). When
# the couple asks for it "for both of us", the pact notes who asked (`BOTH`), and every other
# member's account holds a nightly reminder of its own at the pact's reflection time: the
# `NIGHTLY` record, per member like the mirror, reconciled the same way (by message, or on
# their next visit), idempotent by the time it was set for.

BOTH = "nightly_both"
NIGHTLY = "partner_nightly"


@dataclass(frozen=True)
class Nightly:
    """The nightly reminder one member's account holds for the pact's reflection time."""

    at: str | None = None  # the reflection time it was set for ("21:30")
    token: str | None = None
    permission_missing: bool = False
    told_speaker: bool = False  # the one who asked heard the permission was missing
    told_member: bool = False  # this member heard how to turn reminders on

    def to_item(self) -> dict[str, Any]:
        item: dict[str, Any] = {k: v for k, v in (("at", self.at), ("token", self.token)) if v}
        for key in ("permission_missing", "told_speaker", "told_member"):
            if getattr(self, key):
                item[key] = True
        return item

    @classmethod
    def from_item(cls, item: Any) -> Nightly:
        if not isinstance(item, dict):
            return cls()
        at, token = item.get("at"), item.get("token")
        return cls(
            at=at if isinstance(at, str) and at else None,
            token=token if isinstance(token, str) and token else None,
            permission_missing=item.get("permission_missing") is True,
            told_speaker=item.get("told_speaker") is True,
            told_member=item.get("told_member") is True,
        )


def for_both(pact: Pact) -> bool:
    return isinstance(pact.extra.get(BOTH), str)


def with_both(pact: Pact, account: str | None) -> Pact:
    """The nightly reflection on both accounts (asked by `account`), or (None) on one again."""
    extra = dict(pact.extra)
    if account:
        extra[BOTH] = account
    else:
        extra.pop(BOTH, None)
    return replace(pact, extra=extra)


def nightly(pact: Pact, account: str) -> Nightly:
    return Nightly.from_item(_section(pact, NIGHTLY).get(account))


def with_nightly(pact: Pact, account: str, state: Nightly) -> Pact:
    if account not in pact.members:
        return pact
    records = _section(pact, NIGHTLY)
    item = state.to_item()
    if item:
        records[account] = item
    else:
        records.pop(account, None)
    return _with_section(pact, NIGHTLY, records)


def nightly_wanted(pact: Pact, account: str) -> str | None:
    """The reflection time this member's account should hold a nightly reminder for: asked
    "for both of us", every member but the one whose account holds the pact's own."""
    if not for_both(pact) or pact.reflection_time is None or account not in pact.members:
        return None
    holder = pact.reflection_reminder_by or pact.extra.get(BOTH)
    return None if account == holder else pact.reflection_time


def nightly_behind(pact: Pact, account: str) -> bool:
    state, want = nightly(pact, account), nightly_wanted(pact, account)
    return state.token is not None if want is None else state.at != want


def holding_nightly(pact: Pact, account: str) -> Pact:
    """`account` takes over the pact's own nightly reminder: the member who held it keeps that
    one as their own partner nightly (moved or cancelled from their account by message), and a
    partner nightly this account held becomes the pact's."""
    by, token = pact.reflection_reminder_by, pact.reflection_reminder
    if by == account or (by is None and token):  # no holder named: set on this account
        return pact
    mine = nightly(pact, account)
    if by and token and by in pact.members:
        theirs = replace(nightly(pact, by), at=pact.reflection_time, token=token)
        pact = with_nightly(pact, by, theirs)
    pact = with_nightly(pact, account, Nightly())
    return replace(
        pact,
        reflection_reminder=mine.token,
        reflection_reminder_by=account if mine.token else None,
    )


def farewell(
    before: Pact, leaver: str, after: Pact | None, now: datetime
) -> tuple[list[Member], dict[str, Any]]:
    """`leaver` left the pact (`after`: what the others keep) or deleted it (`after` None). The
    members whose account still holds a partner reminder that has no reason left, and the
    message that makes their account catch up: with the pact kept, its new version (their
    account reconciles); deleted, the old pact's id (their account drops what it kept aside)."""
    if after is None:
        gone = {"type": MESSAGE_TYPE, "pact": before.pact_id, "version": before.version + 1}
        holding = [m for m in others(before, leaver) if held_by(before, m.account)]
        return holding, {**gone, "space": ""}
    behind_now = [
        m
        for m in others(after, leaver)
        if behind(after, m.account, now) or nightly_behind(after, m.account)
    ]
    return behind_now, message(after)
