"""The partner hears it too: a space on one account reaches the other member's own devices.

* `PartnerMessageInterceptor` (after every turn of a member of a shared pact): remembers the
  speaker's Alexa userId once, and when another member's account is behind the pact's space,
  sends them a Skill Messaging message. The send runs in a thread; the turn waits for it at
  most `Settings.messaging_wait_s`, so the speaker's answer is never held up by it.
* `MessageReceivedHandler` (``Messaging.MessageReceived`` for the other member): reads the pact
  and reconciles that account's reminder with the request's own apiAccessToken. Messages that
  arrive late, twice or out of order change nothing (the mirror's version, space id and time).
* `return_speech` / `launch_notes`: opening the skill, the partner hears the return time, their
  account catches up (a failed delivery is made good here), and, once, how to turn reminders on
  when the permission is missing (with a consent card).
* `speaker_note`: the one who took space hears once that their partner's account could not get
  a reminder for want of the permission.

Only names and times are ever said or sent; never what was said.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.dispatch_components import (
    AbstractRequestHandler,
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_model import Response
from ask_sdk_model.ui import AskForPermissionsConsentCard

from alexa_apis import reminders
from alexa_apis.messaging import Message, Messenger
from alexa_apis.reminders import REMINDERS_SCOPE, Failure, Reminder, ReminderError
from intents.common import left_words, when_words
from pacts import partner_sync as sync
from pacts.model import ActiveSpace, Pact
from pacts.store import Household, StoreError
from speech.catalog import Phrases
from speech.ssml import Ssml
from turn import Turn

log = logging.getLogger(__name__)

MESSAGE_REQUEST = "Messaging.MessageReceived"
# Requests a person made (an event or a message never sends one on).
_SPOKEN = ("IntentRequest", "LaunchRequest", "Connections.Response")
EXPIRY_GRACE = timedelta(minutes=10)
_STARTED = "pause_pact.turn_started"
_FAREWELL = "pause_pact.farewell"  # messages for the members a leaver leaves behind


def _household(turn: Turn) -> Household | None:
    """The household if this turn read it (never a read just for this)."""
    household = getattr(turn, "_household", None)
    return household if isinstance(household, Household) else None


def _member_pact(turn: Turn) -> Pact | None:
    household = _household(turn)
    if household is None or not household.loaded or not household.exists or not turn.account:
        return None
    pact = household.pact
    if turn.account not in pact.members or len(pact.members) < 2:
        return None
    return pact


def _name(pact: Pact, who: str | None) -> str | None:
    return pact.name_of(who) if who else None


# -- sending -----------------------------------------------------------------------------------


class TurnClockInterceptor(AbstractRequestInterceptor):  # type: ignore[misc]
    """Notes when the turn began, so the message wait can stay inside the turn's budget."""

    def process(self, handler_input: Any) -> None:
        handler_input.attributes_manager.request_attributes[_STARTED] = time.monotonic()


class PartnerMessageInterceptor(AbstractResponseInterceptor):  # type: ignore[misc]
    def __init__(self, messenger: Messenger, wait_s: float, turn_budget_s: float) -> None:
        self.messenger = messenger
        self.wait_s = wait_s
        self.turn_budget_s = turn_budget_s

    def wait_for(self, handler_input: Any) -> float:
        """How long this turn may wait for its message: `wait_s`, less whatever the turn has
        already spent beyond `turn_budget_s - wait_s` (a slow turn waits less, or not at all)."""
        started = handler_input.attributes_manager.request_attributes.get(_STARTED)
        if not isinstance(started, float):
            return self.wait_s
        left = self.turn_budget_s - (time.monotonic() - started)
        return max(0.0, min(self.wait_s, left))

    def process(self, handler_input: Any, response: Any) -> None:
        farewell = handler_input.attributes_manager.request_attributes.pop(_FAREWELL, None)
        farewell = farewell or _left_this_turn(handler_input)
        if farewell and self.messenger.configured:  # leave, delete, SkillDisabled
            endpoint = getattr(handler_input.request_envelope.context.system, "api_endpoint", None)
            if endpoint:
                self.messenger.send_soon(endpoint, farewell).wait(self.wait_for(handler_input))
            return
        request = handler_input.request_envelope.request
        if getattr(request, "object_type", None) not in _SPOKEN:
            return
        turn = Turn.of(handler_input)
        pact = _member_pact(turn)
        household = _household(turn)
        if pact is None or household is None or household.dirty or turn.save_failed:
            return
        account, user_id = turn.account, turn.user_id
        assert account is not None
        known = sync.member(pact, account)
        if user_id and (known is None or known.user_id != user_id or known.locale != turn.locale):
            household.change(lambda p: sync.with_user(p, account, user_id, turn.locale))
            turn.save()
            pact = household.pact
        if not self.messenger.configured:
            return
        behind = [
            m
            for m in sync.others(pact, account)
            if sync.behind(pact, m.account, turn.now) or sync.nightly_behind(pact, m.account)
        ]
        endpoint = getattr(handler_input.request_envelope.context.system, "api_endpoint", None)
        if not behind or not endpoint:
            return
        if any(sync.nightly_behind(pact, m.account) for m in behind):
            _ = turn.zone  # a nightly reminder is set at the pact's clock time in this zone
        data = sync.message(pact)
        zone = getattr(turn, "_zone", None)  # the speaker's zone, if this turn asked for it
        if isinstance(zone, ZoneInfo):
            data["zone"] = zone.key
        expiry = 3600
        if pact.active_space is not None:
            expiry = int((pact.active_space.return_at + EXPIRY_GRACE - turn.now).total_seconds())
        messages = [Message(m.user_id, data, expiry) for m in behind]
        self.messenger.send_soon(endpoint, messages).wait(self.wait_for(handler_input))


def after_leaving(handler_input: Any, before: Pact, after: Pact | None) -> None:
    """This turn's account left `before` (`after`: what the others keep) or deleted it (None):
    the others' accounts are told at the end of the turn, so a partner reminder whose space or
    nightly reflection went with it is cancelled now, not at their next visit."""
    turn = Turn.of(handler_input)
    if not turn.account:
        return
    recipients, data = sync.farewell(before, turn.account, after, turn.now)
    if recipients:
        messages = [Message(m.user_id, data, 3600) for m in recipients]
        handler_input.attributes_manager.request_attributes[_FAREWELL] = messages


def _left_this_turn(handler_input: Any) -> list[Message]:
    """The messages for the members this turn's account just left ("leave the pact"): its own
    household then holds the pact the others keep, without it."""
    turn = Turn.of(handler_input)
    household = _household(turn)
    if household is None or not household.loaded or not household.exists or household.dirty:
        return []
    pact = household.pact
    if not turn.account or not pact.members or turn.account in pact.members:
        return []
    recipients, data = sync.farewell(pact, turn.account, pact, turn.now)
    return [Message(m.user_id, data, 3600) for m in recipients]


def drop_leftover_partner(turn: Turn) -> None:
    """Cancel the partner reminders kept aside for this account when its pact was deleted."""
    household = turn.household
    try:
        for token in household.leftover_partner_tokens:
            _delete(turn, token)  # gone already, or no permission: nothing left to do
    except ReminderError:
        log.info("partner reminders kept aside: reminders unavailable, next time")
        return
    try:
        turn.store.forget_leftover_partner(household)
    except StoreError as error:
        log.info("partner reminders cancelled, not yet forgotten: %s", error)
    household.leftover = {
        k: v for k, v in (household.leftover or {}).items() if k != "partner_tokens"
    }


# -- receiving ---------------------------------------------------------------------------------


class MessageReceivedHandler(AbstractRequestHandler):  # type: ignore[misc]
    """Messaging.MessageReceived: catch this account up; answer with an empty success."""

    def can_handle(self, handler_input: Any) -> bool:
        request = handler_input.request_envelope.request
        return getattr(request, "object_type", None) == MESSAGE_REQUEST

    def handle(self, handler_input: Any) -> Response:
        request = handler_input.request_envelope.request
        parsed = sync.read_message(getattr(request, "message", None))
        turn = Turn.of(handler_input)
        if parsed is None:
            log.info("message ignored: not ours")
        elif turn.user_id:
            pact_id, version = parsed
            household = turn.household
            pact = household.pact
            if not household.loaded:
                log.info("message not applied: pact unreadable")
            elif household.leftover_partner_tokens and (
                not household.exists or pact.pact_id != pact_id
            ):
                drop_leftover_partner(turn)  # the partner deleted the pact they shared
            elif (
                not household.exists or pact.pact_id != pact_id or turn.account not in pact.members
            ):
                log.info("message ignored: this account is not in that pact")
            elif sync.mirror(pact, turn.account or "").version >= version and not (
                sync.nightly_behind(pact, turn.account or "")
            ):
                log.info("message ignored: already caught up")
            else:
                message = getattr(request, "message", None)
                if sync.mirror(pact, turn.account or "").version < version:
                    reconcile(turn, _zone(message))
                if sync.nightly_behind(household.pact, turn.account or ""):
                    # Without a zone, Alexa reads the clock time in the device's own.
                    reconcile_nightly(turn, _message_zone(message))
        response: Response = handler_input.response_builder.response
        return response


def _zone(message: Any) -> ZoneInfo:
    """The zone the message names (the speaker's), else UTC: either way the same instant."""
    return _message_zone(message) or ZoneInfo("UTC")


def _message_zone(message: Any) -> ZoneInfo | None:
    name = message.get("zone") if isinstance(message, dict) else None
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _reminder(
    turn: Turn, pact: Pact, space: ActiveSpace, at: Any, zone: ZoneInfo | None
) -> Reminder:
    locale = turn.locale
    known = sync.member(pact, turn.account or "")
    if known is not None and known.locale:
        locale = known.locale
    phrases = Phrases(locale)
    who = _name(pact, space.person) or phrases.get("partner.who")
    return Reminder(
        # An absolute time in a real zone: the same minute as the speaker's own reminder.
        trigger=reminders.return_trigger(turn.now, at, turn.zone or zone),
        text=phrases.get("partner.reminder_text", who=who),
        locale=locale,
    )


def reconcile(turn: Turn, zone: ZoneInfo | None = None) -> sync.Mirror | None:
    """Bring this account's reminder in line with the pact's space; None when the pact could
    not be written (a reminder made for it is taken back) or the Reminders API is unavailable
    (nothing is written: the next message or visit tries again)."""
    household = turn.household
    pact = household.pact
    account = turn.account
    if not account or account not in pact.members:
        return None
    state = sync.mirror(pact, account)
    space = sync.wanted(pact, account, turn.now)
    at = space.return_at.replace(second=0, microsecond=0) if space is not None else None
    if space is not None and at is not None and at <= turn.now:
        space = at = None  # over within the minute: nothing left to remind of
    try:
        new, created = _target(turn, pact, state=state, space=space, at=at, zone=zone)
    except ReminderError:
        log.info("partner reminder not reconciled: reminders unavailable")
        return None
    new = replace(new, version=pact.version)
    if new == state:
        return state
    return _store_reminder(
        turn,
        new,
        created,
        read=lambda p: sync.mirror(p, account),
        write=lambda p, state: sync.with_mirror(p, account, state),
        same=lambda fresh: fresh.space == new.space,
    )


def _target(
    turn: Turn,
    pact: Pact,
    *,
    state: sync.Mirror,
    space: ActiveSpace | None,
    at: Any,
    zone: ZoneInfo | None,
) -> tuple[sync.Mirror, str | None]:
    """The mirror after acting at Alexa, and the reminder token created for it (if any)."""
    if space is None or at is None:
        if state.token:
            _delete(turn, state.token)
        return replace(state, space=None, at=None, token=None), None
    when = sync.iso(space.return_at)
    same = state.space == space.episode_id and state.at == when
    has_permission = _may_have_permission(turn.handler_input)
    if same and (state.token or (state.permission_missing and not has_permission)):
        return state, None
    if not has_permission:
        missing = replace(
            state, space=space.episode_id, at=when, token=None, permission_missing=True
        )
        return missing, None
    token, created = _set(turn, state.token, _reminder(turn, pact, space, at, zone))
    new = replace(
        state, space=space.episode_id, at=when, token=token, permission_missing=token is None
    )
    if token is not None:
        new = replace(new, told_speaker=False, told_member=False)
    return new, created


def _may_have_permission(handler_input: Any) -> bool:
    """Granted, or the request does not say (Amazon's Messaging.MessageReceived example carries
    no permissions object): then the Reminders API answers, and a 401 means it is missing."""
    user = getattr(handler_input.request_envelope.context.system, "user", None)
    if getattr(user, "permissions", None) is None:
        return True
    return reminders.has_permission(handler_input)


def _set(turn: Turn, token: str | None, reminder: Reminder) -> tuple[str | None, str | None]:
    """(the token now held, the token created this time); (None, None) without permission."""
    handler_input = turn.handler_input
    if token:
        try:
            reminders.update(handler_input, token, turn.now, reminder)
            return token, None
        except ReminderError as error:
            if error.failure is Failure.NO_PERMISSION:
                return None, None
            if error.failure is not Failure.GONE:
                raise
    try:
        created = reminders.create(handler_input, turn.now, reminder)
    except ReminderError as error:
        if error.failure is Failure.NO_PERMISSION:
            return None, None
        raise
    return created, created


def _delete(turn: Turn, token: str) -> None:
    try:
        reminders.delete(turn.handler_input, token)
    except ReminderError as error:
        if error.failure is Failure.UNAVAILABLE:
            raise


class _Held(Protocol):
    @property
    def token(self) -> str | None: ...


_S = TypeVar("_S", bound=_Held)


def _store_reminder(
    turn: Turn,
    new: _S,
    created: str | None,
    *,
    read: Callable[[Pact], _S],
    write: Callable[[Pact, _S], Pact],
    same: Callable[[_S], bool],
) -> _S | None:
    """Write this account's reminder state `new` (whose reminder `created`, if any, this turn
    made). If another delivery already stored a reminder for the same thing, keep theirs and
    take ours back; if the pact cannot be written, take ours back and answer None."""
    duplicate: list[str] = []

    def keep(p: Pact) -> Pact:
        fresh = read(p)
        if created and fresh.token and fresh.token != created and same(fresh):
            duplicate.append(created)  # another delivery got there first: keep theirs
            return p
        return write(p, new)

    turn.household.change(keep)
    if not turn.save():
        if created:
            _delete_quietly(turn, created)
        return None
    for token in duplicate:
        _delete_quietly(turn, token)
    return new


def _delete_quietly(turn: Turn, token: str) -> None:
    try:
        reminders.delete(turn.handler_input, token)
    except ReminderError as error:
        log.info("could not take back a partner reminder: %s", error.failure.value)


def reconcile_nightly(turn: Turn, zone: ZoneInfo | None = None) -> sync.Nightly | None:
    """This account's nightly reminder in line with the pact's reflection time asked "for both
    of us" (set, moved or cancelled); None when the pact could not be written or the Reminders
    API is unavailable (the next message or visit tries again)."""
    household = turn.household
    pact = household.pact
    account = turn.account
    if not account or account not in pact.members:
        return None
    state = sync.nightly(pact, account)
    try:
        new, created = _nightly_target(turn, pact, state, sync.nightly_wanted(pact, account), zone)
    except ReminderError:
        log.info("partner nightly reminder not reconciled: reminders unavailable")
        return None
    if new == state:
        return state
    return _store_reminder(
        turn,
        new,
        created,
        read=lambda p: sync.nightly(p, account),
        write=lambda p, state: sync.with_nightly(p, account, state),
        same=lambda fresh: fresh.at == new.at,
    )


def _nightly_target(
    turn: Turn, pact: Pact, state: sync.Nightly, want: str | None, zone: ZoneInfo | None
) -> tuple[sync.Nightly, str | None]:
    if want is None:
        if state.token:
            _delete(turn, state.token)
        return sync.Nightly(), None
    has_permission = _may_have_permission(turn.handler_input)
    if state.at == want and (state.token or (state.permission_missing and not has_permission)):
        return state, None
    if not has_permission:
        return replace(state, at=want, token=None, permission_missing=True), None
    known = sync.member(pact, turn.account or "")
    locale = known.locale if known is not None and known.locale else turn.locale
    reminder = Reminder(
        # The pact's clock time in the zone the speaker's own reminder uses: the same minute.
        trigger=reminders.nightly_trigger(turn.now, want, turn.zone or zone),
        text=Phrases(locale).get("reflection.reminder_text"),
        locale=locale,
    )
    token, created = _set(turn, state.token, reminder)
    new = replace(state, at=want, token=token, permission_missing=token is None)
    if token is not None:
        new = replace(new, told_speaker=False, told_member=False)
    return new, created


# -- what people hear ----------------------------------------------------------------------------


def return_speech(turn: Turn) -> Ssml | None:
    """ "Sam heard you and will come back to this at 8:45 PM." for the other member's account."""
    household = turn.household
    if not household.loaded or not turn.account:
        return None
    pact = household.pact
    space = sync.wanted(pact, turn.account, turn.now)
    if space is None:
        return None
    when = when_words(turn, space.return_at)
    if when is None:
        return None
    who = _name(pact, space.person) or turn.phrases.get("partner.who")
    left = left_words(turn, space.return_at)
    return Ssml().say(turn.phrases.get("partner.return", who=who, when=when, left=left))


def launch_notes(turn: Turn) -> tuple[list[str], bool]:
    """On opening the skill: catch this account up, and say once how to turn reminders on.
    Returns the sentences to add and whether to send the reminders consent card."""
    if turn.household.leftover_partner_tokens:
        drop_leftover_partner(turn)  # a message that never came: the partner deleted the pact
    pact = _member_pact(turn)
    if pact is None or not turn.account:
        return [], False
    account = turn.account
    allowed = reminders.has_permission(turn.handler_input)
    # Behind (a message failed or is late), or reminders were just turned on: catch up now.
    if sync.behind(pact, account, turn.now) or (
        allowed and sync.mirror(pact, account).permission_missing
    ):
        reconcile(turn)
        pact = turn.household.pact
    notes, card = _nightly_launch_notes(turn, account, allowed)
    pact = turn.household.pact
    state = sync.mirror(pact, account)
    space = sync.wanted(pact, account, turn.now)
    if space is None or not state.permission_missing or state.told_member or allowed:
        return notes, card
    who = _name(pact, space.person) or turn.phrases.get("partner.who_inline")
    turn.household.change(partial(_told, account=account, member=True))
    turn.save()
    hint = turn.phrases.get("partner.permission_hint", who=who)
    return [hint, *(n for n in notes if n != turn.phrases.get("partner.nightly_hint"))], True


def _nightly_launch_notes(turn: Turn, account: str, allowed: bool) -> tuple[list[str], bool]:
    """The nightly reflection asked "for both of us", on opening the skill: this account
    catches up; the one who asked hears once that the partner lacks the permission; the
    partner hears once how to turn it on (with the consent card)."""
    pact = turn.household.pact
    if sync.nightly_behind(pact, account) or (
        allowed and sync.nightly(pact, account).permission_missing
    ):
        reconcile_nightly(turn)
        pact = turn.household.pact
    notes = [note] if (note := nightly_note(turn)) is not None else []
    state = sync.nightly(pact, account)
    due = sync.nightly_wanted(pact, account) is not None and state.permission_missing
    if not due or state.told_member or allowed:
        if notes:
            turn.save()
        return notes, False
    turn.household.change(partial(_told_nightly, account=account, member=True))
    turn.save()
    return [*notes, turn.phrases.get("partner.nightly_hint")], True


def nightly_note(turn: Turn) -> str | None:
    """Once: a partner's account could not get the nightly reminder asked "for both of us"
    (its permission is missing, or was the last time it was tried). The caller saves."""
    pact = _member_pact(turn)
    if pact is None:
        return None
    for other in sync.others(pact, turn.account):
        state = sync.nightly(pact, other.account)
        missing = state.permission_missing or (
            state.token is None and sync.mirror(pact, other.account).permission_missing
        )
        if not missing or state.told_speaker or sync.nightly_wanted(pact, other.account) is None:
            continue
        turn.household.change(partial(_told_nightly, account=other.account, speaker=True))
        who = pact.accounts.get(other.account) or turn.phrases.get("partner.who")
        return turn.phrases.get("partner.nightly_no_permission", who=who)
    return None


def consent_card() -> AskForPermissionsConsentCard:
    return AskForPermissionsConsentCard(permissions=[REMINDERS_SCOPE])


def speaker_note(turn: Turn) -> str | None:
    """Once: the partner's account could not get the reminder (the permission is missing).
    The caller saves the turn (the note is marked as said with this turn's write)."""
    pact = _member_pact(turn)
    if pact is None:
        return None
    for other in sync.others(pact, turn.account):
        state = sync.mirror(pact, other.account)
        if not state.permission_missing or state.told_speaker:
            continue
        if sync.wanted(pact, other.account, turn.now) is None:
            continue
        who = pact.accounts.get(other.account) or turn.phrases.get("partner.who")
        turn.household.change(partial(_told, account=other.account, speaker=True))
        return turn.phrases.get("partner.no_permission", who=who)
    return None


def _told(pact: Pact, account: str, *, speaker: bool = False, member: bool = False) -> Pact:
    state = sync.mirror(pact, account)
    state = replace(
        state,
        told_speaker=state.told_speaker or speaker,
        told_member=state.told_member or member,
    )
    return sync.with_mirror(pact, account, state)


def _told_nightly(pact: Pact, account: str, *, speaker: bool = False, member: bool = False) -> Pact:
    state = sync.nightly(pact, account)
    state = replace(
        state,
        told_speaker=state.told_speaker or speaker,
        told_member=state.told_member or member,
    )
    return sync.with_nightly(pact, account, state)
