"""Your data: "delete our data" (confirmed first), and the account leaving when the skill is
disabled. Pacts and reflections are intimate; deleting them must really delete them."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from ask_sdk_model import Response

from intents import reminders
from intents.common import IntentHandler, respond
from pacts.store import Household, PactStore, StoreError, pact_key, to_dynamo
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
    for token in household.pact.reminder_tokens():
        reminders.cancel(turn, token)
    try:
        delete_household(turn.store, household)
    except StoreError as error:
        log.warning("delete failed: %s", error)
        return respond(handler_input, Ssml().say(phrases.get("delete.failed")))
    return respond(handler_input, Ssml().say(phrases.get("delete.done")))


def delete_household(store: PactStore, household: Household) -> int:
    """The pact, its episodes and reflections, and every member's own partition (links, old
    history, guards). Returns how many items were deleted."""
    members = set(household.pact.members) | ({household.account} if household.account else set())
    deleted = store.delete_partitions([household.pact.pact_id, *sorted(members)])
    for member in members:
        store.forget_link(member)
    log.info("household deleted (%d items)", deleted)
    return deleted


def forget_account(store: PactStore, user_id: str) -> None:
    """The skill was disabled on this account: its link goes, and the pact when no one is left."""
    household = store.load(user_id)
    account = household.account
    remaining = [m for m in household.pact.members if m != account]
    if not household.exists or not remaining:
        delete_household(store, household)
        return
    household.change(lambda p: p.without_member(account))
    if household.pact.pact_id == account:
        # The pact lives in this account's own partition; the partner keeps it, and this
        # account, should it come back, starts fresh elsewhere.
        link = {"pk": pact_key(account), "sk": "LINK", "pact_id": secrets.token_hex(16)}
        household.also({"Put": {"Item": to_dynamo(link)}})
        store.save(household)
    else:
        store.save(household)
        # Its own partition (its link, any history from before it joined) is its own data.
        store.delete_partitions([account])
    store.forget_link(account)
