"""Connection: the pursuer's side. "I need connection", "can we talk", "I need you"."""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Response

from intents.common import IntentHandler, left_words, respond, when_words
from pacts.model import Episode, new_episode_id
from speech.ssml import Ssml
from turn import Turn


class ConnectionHandler(IntentHandler):
    intents = ("ConnectionIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        household = turn.household
        running = household.pact.running_space(turn.now)
        household.record(
            Episode(
                episode_id=new_episode_id(turn.now),
                kind="connection",
                at=turn.now,
                person=turn.person,
            )
        )
        saved = turn.save()
        speech = Ssml()
        if running is None:
            speech.say(phrases.get("connection.soft_start"))
            if not saved:
                speech.say(phrases.get("not_saved_soft"))
            return respond(handler_input, speech)
        when = when_words(turn, running.return_at)
        left = left_words(turn, running.return_at)
        if when is not None:
            speech.say(phrases.get("connection.waiting", when=when, left=left))
        else:
            speech.say(phrases.get("connection.waiting_relative", left=left))
        if not saved:
            speech.say(phrases.get("not_saved_soft"))
        speech.say(phrases.get("connection.wait_help"))
        turn.session["offer"] = "pause"
        return respond(handler_input, speech, reprompt=phrases.get("connection.reprompt"))
