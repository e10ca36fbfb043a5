"""Alexa's answer to our request for the reminders permission (Connections.Response AskFor)."""

from __future__ import annotations

from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_model import Response
from ask_sdk_model.ui import AskForPermissionsConsentCard

from alexa_apis.reminders import REMINDERS_SCOPE
from intents.common import respond
from intents.reflection import schedule_reflection
from intents.reminders import REFLECTION_REQUEST, RETURN_REQUEST, set_return_reminder
from speech.ssml import Ssml
from turn import Turn


class PermissionResponseHandler(AbstractRequestHandler):  # type: ignore[misc]
    """ACCEPTED sets what was asked for (the return reminder or the nightly one); DENIED or
    NOT_ANSWERED: a calm way on, a consent card, and the space that was recorded still stands."""

    def can_handle(self, handler_input: Any) -> bool:
        request = handler_input.request_envelope.request
        return (
            getattr(request, "object_type", None) == "Connections.Response"
            and getattr(request, "name", None) == "AskFor"
        )

    def handle(self, handler_input: Any) -> Response:
        request = handler_input.request_envelope.request
        turn = Turn.of(handler_input)
        payload = request.payload if isinstance(request.payload, dict) else {}
        if payload.get("status") == "ACCEPTED":
            if request.token == REFLECTION_REQUEST:
                return schedule_reflection(handler_input, None)
            return set_return_reminder(handler_input)
        running = request.token == RETURN_REQUEST and turn.household.pact.running_space(turn.now)
        key = "reminder.denied" if running else "reminder.denied_plain"
        handler_input.response_builder.set_card(
            AskForPermissionsConsentCard(permissions=[REMINDERS_SCOPE])
        )
        return respond(handler_input, Ssml().say(turn.phrases.get(key)))
