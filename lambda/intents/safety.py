"""Safety first: violence, fear, threats or self-harm get hotlines, not coaching.

Nothing of what was said is stored or logged, and the session ends.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Response

from intents.common import IntentHandler, all_slot_values, card_text, respond
from pacts import hotlines
from pacts.safety import mentions_danger
from speech.ssml import Ssml
from turn import Turn


def safety_speech(turn: Turn) -> Ssml:
    """The market's numbers (pacts/hotlines.py) in the locale's words."""
    return hotlines.safety_speech(turn.phrases.get, turn.locale)


class SafetyHandler(IntentHandler):
    """Registered first, so a sign of danger in any intent's words wins over everything."""

    intents = ("SafetyIntent",)

    def can_handle(self, handler_input: Any) -> bool:
        if super().can_handle(handler_input):
            return True
        return any(mentions_danger(value) for value in all_slot_values(handler_input))

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        turn.session.clear()
        speech = safety_speech(turn)
        return respond(handler_input, speech, card=card_text(speech))
