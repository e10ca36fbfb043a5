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
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any
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
from pacts.store import Household
from speech.catalog import Phrases
from speech.ssml import Ssml
from turn import Turn

log = logging.getLogger(__name__)

MESSAGE_REQUEST = "Messaging.MessageReceived"
# Requests a person made (an event or a message never sends one on).
_SPOKEN = ("IntentRequest", "LaunchRequest", "Connections.Response")
EXPIRY_GRACE = timedelta(minutes=10)
_STARTED = "pause_pact.turn_started"


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
        behind = [m for m in sync.others(pact, account) if sync.behind(pact, m.account, turn.now)]
        endpoint = getattr(handler_input.request_envelope.context.system, "api_endpoint", None)
        if not behind or not endpoint:
            return
        data = sync.message(pact)
        zone = getattr(turn, "_zone", None)  # the speaker's zone, if this turn asked for it
        if isinstance(zone, ZoneInfo):
            data["zone"] = zone.key
        expiry = 3600
        if pact.active_space is not None:
            expiry = int((pact.active_space.return_at + EXPIRY_GRACE - turn.now).total_seconds())
        messages = [Message(m.user_id, data, expiry) for m in behind]
        self.messenger.send_soon(endpoint, messages).wait(self.wait_for(handler_input))


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
            elif (
                not household.exists or pact.pact_id != pact_id or turn.account not in pact.members
            ):
                log.info("message ignored: this account is not in that pact")
            elif sync.mirror(pact, turn.account or "").version >= version:
                log.info("message ignored: already caught up")
            else:
                reconcile(turn, _zone(getattr(request, "message", None)))
        response: Response = handler_input.response_builder.response
        return response


def _zone(message: Any) -> ZoneInfo:
    """The zone the message names (the speaker's), else UTC: either way the same instant."""
    name = message.get("zone") if isinstance(message, dict) else None
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


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
    duplicate: list[str] = []

    def keep(p: Pact) -> Pact:
        fresh = sync.mirror(p, account)
        if created and fresh.token and fresh.token != created and fresh.space == new.space:
            duplicate.append(created)  # another delivery got there first: keep theirs
            return p
        return sync.with_mirror(p, account, new)

    household.change(keep)
    if not turn.save():
        if created:
            _delete_quietly(turn, created)
        return None
    for token in duplicate:
        _delete_quietly(turn, token)
    return new


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


def _delete_quietly(turn: Turn, token: str) -> None:
    try:
        reminders.delete(turn.handler_input, token)
    except ReminderError as error:
        log.info("could not take back a partner reminder: %s", error.failure.value)


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
    state = sync.mirror(pact, account)
    space = sync.wanted(pact, account, turn.now)
    if space is None or not state.permission_missing or state.told_member or allowed:
        return [], False
    who = _name(pact, space.person) or turn.phrases.get("partner.who_inline")
    turn.household.change(partial(_told, account=account, member=True))
    turn.save()
    return [turn.phrases.get("partner.permission_hint", who=who)], True


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
