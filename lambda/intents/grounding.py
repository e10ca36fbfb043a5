"""Grounding: a spoken pause with paced breathing and real silences."""

from __future__ import annotations

from typing import Any, Final

from ask_sdk_model import Response

import screens
from intents.common import IntentHandler, respond
from pacts.breathing import BREATHS, IN_SECONDS, LEAD_IN_SECONDS, OUT_SECONDS, WORDED_BREATHS
from speech.catalog import Phrases
from speech.ssml import Ssml
from turn import Turn

__all__ = [  # the timings are pacts.breathing's, re-exported for callers of this module
    "BREATHS",
    "IN_SECONDS",
    "OUT_SECONDS",
    "GroundingHandler",
    "grounding_pause",
    "grounding_response",
    "slow_question",
]


def grounding_pause(phrases: Phrases, *, together: bool = False) -> Ssml:
    """The breathing pause; `together` speaks to both partners (Spanish "ustedes"/"vosotros"),
    so an answer that names the couple keeps one form of address throughout."""
    key = "grounding.together." if together else "grounding."
    speech = Ssml().calm(phrases.get(key + "start")).pause(LEAD_IN_SECONDS)
    for breath in range(BREATHS):
        worded = breath < WORDED_BREATHS
        speech.calm(phrases.get(key + ("in" if worded else "in_short")))
        speech.pause(IN_SECONDS)
        speech.calm(phrases.get(key + ("out" if worded else "out_short")))
        speech.pause(OUT_SECONDS)
    return speech.calm(phrases.get(key + "end")).pause(1)


# The slow-motion question gets real time to be answered silently before anything else is said.
SLOW_QUESTION_SECONDS: Final = 10


def slow_question(phrases: Phrases) -> Ssml:
    return Ssml().calm(phrases.get("slow.question"), volume="medium").pause(SLOW_QUESTION_SECONDS)


class GroundingHandler(IntentHandler):
    """ "Help me calm down", "breathe with me", "I'm flooded", "another pause"."""

    intents = ("GroundingIntent",)

    def handle(self, handler_input: Any) -> Response:
        return grounding_response(handler_input)


def grounding_response(handler_input: Any) -> Response:
    turn = Turn.of(handler_input)
    phrases = turn.phrases
    speech = grounding_pause(phrases).say(phrases.get("grounding.after"))
    turn.session["offer"] = "choice"
    if screens.supports_apl(handler_input):
        handler_input.response_builder.add_directive(screens.breathing_screen(locale=turn.locale))
    return respond(handler_input, speech, reprompt=phrases.get("grounding.reprompt"))
