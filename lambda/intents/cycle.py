"""Cycle: "we're in the cycle again". Name the pattern, pause together, slow down, choose."""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Response

import screens
from intents.common import IntentHandler, respond
from intents.grounding import grounding_pause, slow_question
from pacts.model import Episode, new_episode_id
from speech.ssml import Ssml
from turn import Turn


class CycleHandler(IntentHandler):
    intents = ("CycleIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        speech = Ssml().calm(phrases.get("cycle.name"), volume="medium").pause(1)
        speech.extend(grounding_pause(phrases, together=True))
        speech.extend(slow_question(phrases))
        household = turn.household
        household.record(
            Episode(
                episode_id=new_episode_id(turn.now), kind="cycle", at=turn.now, person=turn.speaker
            )
        )
        if not turn.save():
            speech.say(phrases.get("not_saved_soft"))
        speech.say(phrases.get("cycle.offer"))
        turn.session["offer"] = "choice"
        if screens.supports_apl(handler_input):
            handler_input.response_builder.add_directive(
                screens.breathing_screen(locale=turn.locale)
            )
        return respond(handler_input, speech, reprompt=phrases.get("cycle.reprompt"))
