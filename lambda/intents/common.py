"""Small helpers every handler uses: speaking, slots, and how to say a return time."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any, ClassVar

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_model import Intent, Response
from ask_sdk_model.ui import SimpleCard

from intents.questions import guard
from speech.formatting import local_return_time, minutes_words, until_time
from speech.ssml import Ssml, to_plain_text
from turn import Turn

CARD_TITLE = "Pause Pact"


def intent_name(handler_input: Any) -> str | None:
    request = handler_input.request_envelope.request
    intent = getattr(request, "intent", None)
    name = getattr(intent, "name", None)
    return name if isinstance(name, str) else None


class IntentHandler(AbstractRequestHandler):  # type: ignore[misc]
    """A handler for the intents it names in `intents` (the model lint reads these too)."""

    intents: ClassVar[tuple[str, ...]] = ()

    def can_handle(self, handler_input: Any) -> bool:
        request = handler_input.request_envelope.request
        return getattr(request, "object_type", None) == "IntentRequest" and (
            intent_name(handler_input) in self.intents
        )


def slot_value(handler_input: Any, name: str) -> str | None:
    request = handler_input.request_envelope.request
    slots = getattr(getattr(request, "intent", None), "slots", None) or {}
    slot = slots.get(name) if isinstance(slots, dict) else None
    value = getattr(slot, "value", None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def all_slot_values(handler_input: Any) -> list[str]:
    request = handler_input.request_envelope.request
    slots = getattr(getattr(request, "intent", None), "slots", None) or {}
    if not isinstance(slots, dict):
        return []
    values = [getattr(slot, "value", None) for slot in slots.values()]
    return [v for v in values if isinstance(v, str)]


def when_words(turn: Turn, moment: datetime) -> str | None:
    """ "at 8:45 PM" in the device's zone, or None when the zone is unknown."""
    zone = turn.zone
    if zone is None:
        return None
    return local_return_time(moment.astimezone(zone), turn.now.astimezone(zone), turn.locale)


def until_words(turn: Turn, moment: datetime) -> str | None:
    """ "8:45 PM" or "tomorrow at 7 AM" (for "until ..."), or None when the zone is unknown."""
    zone = turn.zone
    if zone is None:
        return None
    return until_time(moment.astimezone(zone), turn.now.astimezone(zone), turn.locale)


def name_suffix(turn: Turn) -> str:
    """ ", Sam" when the speaker's name is known, else nothing."""
    name = turn.speaker_name
    return f", {name}" if name else ""


def left_words(turn: Turn, moment: datetime) -> str:
    minutes = max(1, math.ceil((moment - turn.now).total_seconds() / 60))
    return minutes_words(minutes, turn.locale)


def respond(
    handler_input: Any,
    speech: Ssml,
    *,
    reprompt: str | None = None,
    end_session: bool | None = True,
    card: str | None = None,
) -> Response:
    builder = handler_input.response_builder
    builder.speak(speech.build())
    if reprompt:
        builder.ask(Ssml().say(reprompt).build())
        end_session = False
    if card:
        builder.set_card(SimpleCard(title=CARD_TITLE, content=card))
    builder.set_should_end_session(end_session)
    response: Response = builder.response
    return guard(response)  # a question never goes out closed (QuestionGuard checks again)


def elicit(
    handler_input: Any,
    slot: str,
    question: str,
    *,
    lead: Ssml | None = None,
    intent: Intent | None = None,
) -> Response:
    """Ask for one slot (Dialog.ElicitSlot): Alexa fills it from the answer."""
    # ask_sdk_model.dialog is 14 modules: a cold start that asks nothing does not load them.
    from ask_sdk_model.dialog import ElicitSlotDirective  # noqa: PLC0415

    intent = intent or handler_input.request_envelope.request.intent
    handler_input.response_builder.add_directive(
        ElicitSlotDirective(slot_to_elicit=slot, updated_intent=intent)
    )
    return respond(handler_input, (lead or Ssml()).say(question), reprompt=question)


def card_text(speech: Ssml) -> str:
    return to_plain_text(speech.build())
