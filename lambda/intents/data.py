"""Your data: "delete our data" (confirmed first), and the account leaving when the skill is
disabled. Pacts and reflections are intimate; deleting them must really delete them, and when
part of it could not be done, the person hears so."""

from __future__ import annotations

import logging
from typing import Any

from ask_sdk_model import Response

from intents import partner_devices, reminders
from intents.common import IntentHandler, respond
from intents.partners import part_ways
from pacts import partner_sync
from pacts.model import Pact
from pacts.store import DeleteIncomplete, Household, PactStore
from speech.ssml import Ssml
from turn import Turn

log = logging.getLogger(__name__)


class DeleteDataHandler(IntentHandler):
    intents = ("DeleteDataIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        turn.session["offer"] = "delete"
        ask = turn.phrases.get("delete.confirm")
        return respond(handler_input, Ssml().say(ask), reprompt=ask)


def delete_confirmed(handler_input: Any) -> Response:
    turn = Turn.of(handler_input)
    phrases = turn.phrases
    household = turn.household
    if not household.loaded:
        return respond(handler_input, Ssml().say(phrases.get("delete.failed")))
    me = household.account
    # Reminders live on the Alexa account that set them: this account cancels its own; the
    # partner's are kept aside for them (pacts/store.py: delete_pact), and that is said.
    pact = household.pact
    mine = [*(pact.reminder_tokens(by=me) if household.exists else []), *household.leftover_tokens]
    theirs = pact.reminders_held_by_others(me) if household.exists else []
    if household.exists:  # the partner reminders (issue 18) on my account; theirs go by message
        mine += partner_sync.held_by(pact, me)
    try:
        turn.store.delete_pact(household)
    except DeleteIncomplete as error:
        # Resumable: this account's copy goes last, so saying it again finishes the job.
        log.warning("delete incomplete: %d items deleted", error.deleted)
        key = "delete.partial" if error.deleted else "delete.failed"
        return respond(handler_input, Ssml().say(phrases.get(key)))
    for token in mine:
        reminders.cancel(turn, token)
    if household.exists:  # the partner's account drops its partner reminders on a message
        partner_devices.after_leaving(handler_input, pact, None)
    speech = Ssml().say(phrases.get("delete.done"))
    if theirs:
        speech.say(phrases.get("delete.partner_reminders"))
    return respond(handler_input, speech)


def delete_household(store: PactStore, household: Household) -> int:
    """The pact, its episodes and reflections, every member's copy, and this account's own
    partition. Returns how many items were deleted."""
    return store.delete_pact(household)


def forget_account(store: PactStore, user_id: str) -> tuple[Pact, Pact] | None:
    """The skill was disabled on this account: nothing of it stays. A pact it shared stays the
    partner's, without this account's name, voices, reminders or reflection answers; a pact it
    had alone is deleted whole. Returns the shared pact before and after, when it was left."""
    household = store.load(user_id)
    if not household.loaded:
        # Never written over, and not deleted blind either: the partner's copy names it.
        log.error("skill disabled, but the pact could not be read; left untouched")
        return None
    if household.exists and household.shared:
        before = household.pact
        part_ways(store, household)
        store.delete_account(household.account)
        return before, household.pact
    store.delete_pact(household)
    return None
