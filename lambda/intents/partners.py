"""Two partners: naming voices, pairing two Alexa accounts with a code, leaving the pact."""

from __future__ import annotations

import logging
import secrets
from dataclasses import replace
from typing import Any

from ask_sdk_model import Response

from intents.common import IntentHandler, elicit, respond, slot_value
from pacts import pairing
from pacts.model import Pact
from pacts.setup import clean_name
from pacts.store import Household, StoreError, key, pact_key, to_dynamo
from speech.ssml import Ssml
from turn import Turn

log = logging.getLogger(__name__)


class NameHandler(IntentHandler):
    """ "This is Sam": a voice profile (or this account) gets a first name."""

    intents = ("NameIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        spoken = slot_value(handler_input, "name")
        name = clean_name(spoken) if spoken else None
        if not name:
            return respond(handler_input, Ssml().say(phrases.get("name.missing")))
        household = turn.household
        voice, account = turn.voice, turn.account

        def named(pact: Pact) -> Pact:
            names = pact.names if name in pact.names else (*pact.names, name)[-2:]
            if voice:
                return replace(pact, voices={**pact.voices, voice: name}, names=names)
            accounts = {**pact.accounts, account: name} if account else pact.accounts
            return replace(pact, accounts=accounts, names=names)

        household.change(named)
        if not turn.save():
            return respond(handler_input, Ssml().say(phrases.get("change.not_saved")))
        key_ = "name.voice" if voice else "name.account"
        return respond(handler_input, Ssml().say(phrases.get(key_, name=name)))


class ConnectPartnerHandler(IntentHandler):
    """ "Connect my partner": a six-digit code, single use, ten minutes."""

    intents = ("ConnectPartnerIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        household = turn.household
        if len(household.pact.members) >= pairing.MAX_MEMBERS:
            return respond(handler_input, Ssml().say(phrases.get("pair.full")))
        code = pairing.new_code()
        expires = int((turn.now + pairing.CODE_LIFETIME).timestamp())
        household.also(
            {
                "Put": {
                    "Item": to_dynamo(
                        {
                            "pk": pairing.pair_key(code),
                            "sk": "PAIR",
                            "pact_id": household.pact.pact_id,
                            "attempts": 0,
                            "expires_at": expires,
                        }
                    ),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            }
        )
        if not turn.save():
            return respond(handler_input, Ssml().say(phrases.get("change.not_saved")))
        speech = Ssml().say(phrases.get("pair.code")).say_as(code, "digits").say(".")
        speech.say(phrases.get("pair.how"))
        return respond(handler_input, speech)


class JoinPactHandler(IntentHandler):
    """ "Join my partner's pact" + the code. Every failure sounds the same."""

    intents = ("JoinPactIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        spoken = slot_value(handler_input, "code")
        if spoken is None:
            return elicit(handler_input, "code", phrases.get("join.ask_code"))
        household = turn.load(guard=True)
        if not household.loaded or not turn.account:
            return respond(handler_input, Ssml().say(phrases.get("change.not_saved")))
        code = pairing.normalize_code(spoken)
        try:
            outcome = self._join(turn, household, code)
        except StoreError as error:
            log.warning("pairing failed to store: %s", error)
            return respond(handler_input, Ssml().say(phrases.get("change.not_saved")))
        return respond(handler_input, Ssml().say(phrases.get(outcome)))

    def _join(self, turn: Turn, household: Household, code: str | None) -> str:
        store = turn.store
        account = turn.account
        assert account is not None
        guard = pairing.Guard.from_item(household.guard, turn.now)
        pair = store.get(pairing.pair_key(code), "PAIR") if code else None
        target = pair.get("pact_id") if pair else None
        if target == household.pact.pact_id:
            return "join.already"
        if not guard.blocked and pairing.code_usable(pair, turn.now) and isinstance(target, str):
            joined = store.transact(
                [
                    {
                        "Update": {
                            "Key": key(pact_key(target), "PACT"),
                            "UpdateExpression": (
                                "SET members = list_append(if_not_exists(members, :none), :me), "
                                "version = if_not_exists(version, :zero) + :one"
                            ),
                            "ConditionExpression": (
                                "attribute_exists(pk) AND (attribute_not_exists(members) OR "
                                "(NOT contains(members, :account) AND size(members) < :max))"
                            ),
                            "ExpressionAttributeValues": {
                                ":none": {"L": []},
                                ":me": {"L": [{"S": account}]},
                                ":account": {"S": account},
                                ":zero": {"N": "0"},
                                ":one": {"N": "1"},
                                ":max": {"N": str(pairing.MAX_MEMBERS)},
                            },
                        }
                    },
                    {
                        "Put": {
                            "Item": to_dynamo(
                                {"pk": pact_key(account), "sk": "LINK", "pact_id": target}
                            )
                        }
                    },
                    {
                        "Delete": {
                            "Key": key(pairing.pair_key(str(code)), "PAIR"),
                            "ConditionExpression": "attempts < :max AND expires_at > :now",
                            "ExpressionAttributeValues": {
                                ":max": {"N": str(pairing.MAX_CODE_ATTEMPTS)},
                                ":now": {"N": str(int(turn.now.timestamp()))},
                            },
                        }
                    },
                ]
            )
            if joined:
                store.forget_link(account)
                return "join.ok"
        failure: list[dict[str, Any]] = [
            {
                "Put": {
                    "Item": to_dynamo(
                        {"pk": pact_key(account), "sk": "GUARD", **guard.failed(turn.now).to_item()}
                    )
                }
            }
        ]
        if pair is not None and code:
            failure.append(
                {
                    "Update": {
                        "Key": key(pairing.pair_key(code), "PAIR"),
                        "UpdateExpression": "ADD attempts :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                }
            )
        store.transact(failure)
        return "join.failed"


class LeavePactHandler(IntentHandler):
    """ "Leave the pact": confirmed first (see the Yes/No offers)."""

    intents = ("LeavePactIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        if not turn.household.shared:
            return respond(handler_input, Ssml().say(phrases.get("leave.alone")))
        turn.session["offer"] = "leave"
        ask = phrases.get("leave.confirm")
        return respond(handler_input, Ssml().say(ask), reprompt=ask)


def leave_confirmed(handler_input: Any) -> Response:
    """The account leaves: off the members list, and its own partition points to a fresh pact."""
    turn = Turn.of(handler_input)
    phrases = turn.phrases
    household = turn.household
    account = turn.account
    if account is None or not household.shared:
        return respond(handler_input, Ssml().say(phrases.get("leave.alone")))
    household.change(lambda p: p.without_member(account))
    household.also(
        {
            "Put": {
                "Item": to_dynamo(
                    {"pk": pact_key(account), "sk": "LINK", "pact_id": secrets.token_hex(16)}
                )
            }
        }
    )
    if not turn.save():
        return respond(handler_input, Ssml().say(phrases.get("change.not_saved")))
    turn.store.forget_link(account)
    return respond(handler_input, Ssml().say(phrases.get("leave.done")))
