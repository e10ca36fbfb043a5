"""Safety first: violence, fear, threats or self-harm get hotlines, not coaching.

Nothing of what was said is stored or logged, and the session ends.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Response

from intents.common import IntentHandler, all_slot_values, card_text, respond
from pacts.safety import mentions_danger
from speech.ssml import Ssml
from turn import Turn

# United States (DESIGN.md §4): emergency 911; National Domestic Violence Hotline
# 1-800-799-7233, text START to 88788 (thehotline.org);
# 988 Suicide & Crisis Lifeline (988lifeline.org).
EMERGENCY = "911"
DV_HOTLINE = "1-800-799-7233"
DV_TEXT = "88788"
CRISIS_LINE = "988"


def safety_speech(turn: Turn) -> Ssml:
    phrases = turn.phrases
    speech = Ssml().say(phrases.get("safety.lead"))
    speech.say(phrases.get("safety.emergency")).say_as(EMERGENCY, "digits").say(".")
    speech.say(phrases.get("safety.dv")).say_as(DV_HOTLINE, "telephone").say(",")
    speech.say(phrases.get("safety.dv_text")).say_as(DV_TEXT, "digits").say(".")
    speech.say(phrases.get("safety.crisis")).say_as(CRISIS_LINE, "digits").say(".")
    return speech.say(phrases.get("safety.close"))


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
