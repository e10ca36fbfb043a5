"""The pact by voice: set it up (a dialog), read it back, change one thing, use a signal."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import Any

from ask_sdk_model import Intent, Response

from intents.common import IntentHandler, elicit, respond, slot_value
from intents.connection import ConnectionHandler
from intents.space import SpaceHandler
from pacts import setup
from pacts.model import Pact
from speech.formatting import clock_time, minutes_words
from speech.ssml import Ssml
from turn import Turn

# What a refused one-sentence change says (the set-up dialog asks again instead).
REFUSED_CHANGES = {
    "setup.bad_duration": "change.bad_duration",
    "setup.longest_short": "change.bad_duration",
    "setup.too_long_text": "change.too_long_text",
    "setup.not_a_name": "change.not_a_name",
}


def describe_pact(turn: Turn, pact: Pact) -> Ssml:
    """The pact in a few sentences (what is set; defaults when nothing is)."""
    phrases = turn.phrases
    speech = Ssml()
    if len(pact.names) == 2:
        speech.say(phrases.get("pact.names_two", a=pact.names[0], b=pact.names[1]))
    elif pact.names:
        speech.say(phrases.get("pact.names_one", a=pact.names[0]))
    if pact.space_signal:
        speech.say(phrases.get("pact.space_signal", signal=pact.space_signal))
    if pact.connection_signal:
        speech.say(phrases.get("pact.connection_signal", signal=pact.connection_signal))
    speech.say(
        phrases.get(
            "pact.spaces",
            default=minutes_words(pact.default_space_minutes, turn.locale),
            longest=minutes_words(pact.longest_space_minutes, turn.locale),
        )
    )
    if pact.reflection_time:
        hour, minute = (int(part) for part in pact.reflection_time.split(":"))
        speech.say(phrases.get("pact.reflection", time=clock_time(time(hour, minute), turn.locale)))
    if len(pact.members) > 1:
        speech.say(phrases.get("pact.shared"))
    return speech


def _is_customised(pact: Pact) -> bool:
    return pact != replace(
        Pact(pact_id=pact.pact_id),
        version=pact.version,
        members=pact.members,
        active_space=pact.active_space,
        extra=pact.extra,
    )


class SetupPactHandler(IntentHandler):
    """ "Set up our pact" / "change our pact": Alexa asks (Dialog.Delegate), the skill checks
    each answer (Dialog.ElicitSlot again when it cannot stand) and confirms the whole pact
    (Dialog.ConfirmIntent) before saving. "Skip" keeps what is there (or the default)."""

    intents = ("SetupPactIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        request = handler_input.request_envelope.request
        intent: Intent = request.intent
        values = {name: slot_value(handler_input, name) for name in setup.SETUP_SLOTS}
        status = getattr(intent.confirmation_status, "value", intent.confirmation_status)
        if status == "DENIED":
            return respond(handler_input, Ssml().say(phrases.get("setup.denied")))
        household = turn.household
        if status == "CONFIRMED":
            household.change(lambda p: setup.apply(p, values, turn.voice))
            if not turn.save():
                return respond(handler_input, Ssml().say(turn.not_saved()))
            speech = Ssml().say(phrases.get("setup.saved"))
            speech.extend(describe_pact(turn, household.pact))
            at = household.pact.reflection_time
            if at and not household.pact.reflection_reminder:
                hour, minute = (int(part) for part in at.split(":"))
                hint = phrases.get(
                    "setup.reflection_hint", time=clock_time(time(hour, minute), turn.locale)
                )
                speech.say(hint)
            return respond(handler_input, speech)
        trouble = setup.problem(values, household.pact)
        if trouble is not None:
            slot, key = trouble
            intent.slots[slot].value = None
            duration = minutes_words(
                setup.space_minutes(values.get("defaultSpace") or "")
                or household.pact.default_space_minutes,
                turn.locale,
            )
            return elicit(handler_input, slot, phrases.get(key, duration=duration), intent=intent)
        from ask_sdk_model.dialog import (  # noqa: PLC0415 - only a set-up dialog needs them
            ConfirmIntentDirective,
            DelegateDirective,
        )

        if all(values[name] is not None for name in setup.SETUP_SLOTS):
            proposed = setup.apply(household.pact, values, turn.voice)
            ask = phrases.get("setup.confirm_ask")
            speech = Ssml().say(phrases.get("setup.confirm_lead"))
            speech.extend(describe_pact(turn, proposed)).say(ask)
            handler_input.response_builder.add_directive(
                ConfirmIntentDirective(updated_intent=intent)
            )
            return respond(handler_input, speech, reprompt=ask)
        handler_input.response_builder.add_directive(DelegateDirective(updated_intent=intent))
        response: Response = handler_input.response_builder.set_should_end_session(False).response
        return response


class ReadPactHandler(IntentHandler):
    """ "What's our pact": read it back in a few sentences."""

    intents = ("ReadPactIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        if not turn.household.loaded:
            return respond(handler_input, Ssml().say(turn.phrases.get("pact.unreadable")))
        pact = turn.household.pact
        if not _is_customised(pact) and len(pact.members) < 2:
            return respond(handler_input, Ssml().say(turn.phrases.get("pact.none")))
        return respond(handler_input, describe_pact(turn, pact))


class ChangePactHandler(IntentHandler):
    """One change in one sentence: "make our default space thirty minutes"."""

    intents = ("ChangePactIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        values = {name: slot_value(handler_input, name) for name in setup.SETUP_SLOTS}
        given = {
            name: value for name, value in values.items() if value and not setup.is_skip(value)
        }
        if not given:
            return respond(handler_input, Ssml().say(phrases.get("change.nothing")))
        household = turn.household
        trouble = setup.problem(given, household.pact, may_lower_default=True)
        if trouble is not None:
            # Said plainly, not asked: a one-sentence change has no dialog to take an answer.
            refused = REFUSED_CHANGES.get(trouble[1], "change.bad_duration")
            return respond(handler_input, Ssml().say(phrases.get(refused)))
        before = household.pact
        after = household.change(lambda p: setup.apply(p, given, turn.voice))
        if not turn.save():
            return respond(handler_input, Ssml().say(turn.not_saved()))
        speech = Ssml()
        if "defaultSpace" in given:
            speech.say(
                phrases.get(
                    "change.default",
                    duration=minutes_words(after.default_space_minutes, turn.locale),
                )
            )
        if "longestSpace" in given:
            longest = minutes_words(after.longest_space_minutes, turn.locale)
            speech.say(phrases.get("change.longest", duration=longest))
            if after.default_space_minutes != before.default_space_minutes and (
                "defaultSpace" not in given
            ):
                speech.say(phrases.get("change.default_lowered", duration=longest))
        if "spaceSignal" in given and after.space_signal:
            speech.say(phrases.get("change.space_signal", signal=after.space_signal))
        if "connectionSignal" in given and after.connection_signal:
            speech.say(phrases.get("change.connection_signal", signal=after.connection_signal))
        if "partnerName" in given and len(after.names) > 1:
            speech.say(phrases.get("change.partner_name", name=after.names[1]))
        if "firstName" in given and after.names:
            speech.say(phrases.get("change.first_name", name=after.names[0]))
        return respond(handler_input, speech)


class SignalHandler(IntentHandler):
    """A partner says the couple's own signal: it works like "I need space" / "connection"."""

    intents = ("SignalIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        said = slot_value(handler_input, "signal") or ""
        if not turn.household.loaded:
            return respond(handler_input, Ssml().say(turn.phrases.get("pact.unreadable")))
        pact = turn.household.pact
        if setup.signal_matches(said, pact.space_signal):
            return SpaceHandler().handle(handler_input)
        if setup.signal_matches(said, pact.connection_signal):
            return ConnectionHandler().handle(handler_input)
        speech = Ssml().say(turn.phrases.get("signal.unknown"))
        if pact.space_signal or pact.connection_signal:
            if pact.space_signal:
                speech.say(turn.phrases.get("pact.space_signal", signal=pact.space_signal))
            if pact.connection_signal:
                speech.say(
                    turn.phrases.get("pact.connection_signal", signal=pact.connection_signal)
                )
        else:
            speech.say(turn.phrases.get("signal.none"))
        return respond(handler_input, speech)
