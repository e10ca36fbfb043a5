"""Opening, help, yes/no to an offer, fallback, stop and session end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from intents import partner_devices
from intents.common import IntentHandler, intent_name, respond
from intents.data import delete_confirmed
from intents.grounding import grounding_response
from intents.partners import ask_for_number, leave_confirmed, name_confirmed, name_denied
from intents.reflection import in_reflection, reflect
from intents.reminders import set_return_reminder
from intents.return_time import return_time_speech
from intents.safety import fallback_response, first_visit
from speech.ssml import Ssml
from turn import Turn


class LaunchHandler(AbstractRequestHandler):  # type: ignore[misc]
    """A running space: its return time first. Otherwise: what you can say."""

    def can_handle(self, handler_input: Any) -> bool:
        return bool(is_request_type("LaunchRequest")(handler_input))

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        speech = None
        if turn.user_id:  # the partner's space first ("Sam heard you ... at 8:45 PM")
            speech = partner_devices.return_speech(turn) or return_time_speech(turn)
        notes, card = partner_devices.launch_notes(turn) if turn.user_id else ([], False)
        if speech is None and notes:  # the nightly reflection for both, with no space running
            speech = Ssml().say(phrases.get("launch.welcome"))
        if speech is not None:
            for note in notes:
                speech.say(note)
            if card:
                handler_input.response_builder.set_card(partner_devices.consent_card())
        if turn.user_id:
            # Someone redeemed this account's pairing code: the owner's word makes it live.
            asked = ask_for_number(handler_input, speech)
            if asked is not None:
                return asked
        if speech is None:
            speech = Ssml().say(phrases.get("launch.welcome"))
            if first_visit(turn):  # who the skill is for, and the safe phrase
                speech.say(phrases.get("safety.for_whom")).say(phrases.get("safety.line"))
        return respond(handler_input, speech, reprompt=phrases.get("launch.reprompt"))


class HelpHandler(IntentHandler):
    intents = ("AMAZON.HelpIntent",)

    def handle(self, handler_input: Any) -> Response:
        phrases = Turn.of(handler_input).phrases
        return respond(
            handler_input, Ssml().say(phrases.get("help")), reprompt=phrases.get("launch.reprompt")
        )


class YesNoHandler(IntentHandler):
    """Answers to the offers the skill makes ("Would you like a short breathing pause?")."""

    intents = (
        "AMAZON.YesIntent",
        "AMAZON.NoIntent",
    )

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        yes = intent_name(handler_input) == "AMAZON.YesIntent"
        if in_reflection(handler_input):
            return reflect(handler_input, "yes" if yes else "no")
        offer = turn.session.pop("offer", None)
        if offer is None:
            return fallback_response(handler_input)
        if yes and offer in YES:
            return YES[offer](handler_input)
        if not yes and offer in NO_DOES:
            return NO_DOES[offer](handler_input)
        return respond(handler_input, Ssml().say(turn.phrases.get(NO.get(offer, "goodbye"))))


# What "yes" does to each offer the skill makes, and what "no" says.
YES: dict[str, Callable[[Any], Response]] = {
    "pause": grounding_response,
    "choice": grounding_response,
    "leave": leave_confirmed,
    "delete": delete_confirmed,
    "reminder": set_return_reminder,
    "name": name_confirmed,
}
# What "no" does where it is more than a phrase: a doubtful name is asked for again.
NO_DOES: dict[str, Callable[[Any], Response]] = {"name": name_denied}
NO = {"leave": "leave.cancelled", "delete": "delete.cancelled", "reminder": "reminder.no_thanks"}


class FallbackHandler(IntentHandler):
    intents = ("AMAZON.FallbackIntent",)

    def handle(self, handler_input: Any) -> Response:
        return fallback_response(handler_input)


class StopHandler(IntentHandler):
    intents = (
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.NavigateHomeIntent",
    )

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        turn.session.clear()
        return respond(handler_input, Ssml().say(turn.phrases.get("goodbye")))


class SessionEndedHandler(AbstractRequestHandler):  # type: ignore[misc]
    """Alexa closed the session; nothing may be spoken."""

    def can_handle(self, handler_input: Any) -> bool:
        return bool(is_request_type("SessionEndedRequest")(handler_input))

    def handle(self, handler_input: Any) -> Response:
        response: Response = handler_input.response_builder.response
        return response


class UnknownIntentHandler(AbstractRequestHandler):  # type: ignore[misc]
    """Any intent or request type this version does not know: a calm pointer, never an error."""

    def can_handle(self, handler_input: Any) -> bool:
        return bool(is_request_type("IntentRequest")(handler_input))

    def handle(self, handler_input: Any) -> Response:
        return fallback_response(handler_input)
