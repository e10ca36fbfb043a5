"""Connection: the pursuer's side. "I need connection", "can we talk", "I need you"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ask_sdk_model import Response

from intents import pattern_check
from intents.common import (
    IntentHandler,
    left_words,
    name_suffix,
    respond,
    until_words,
    when_words,
)
from pacts.model import SETTLE_MINUTES, Episode, new_episode_id
from speech.ssml import Ssml
from turn import Turn

LONG_WAIT = timedelta(minutes=SETTLE_MINUTES)


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
                person=turn.speaker,
            )
        )
        saved = turn.save()
        speech = Ssml()
        if running is None:
            speech.say(pattern_check.tip(turn, "connect") or phrases.get("connection.soft_start"))
            if not saved:
                speech.say(phrases.get("not_saved_soft"))
            return respond(handler_input, speech)
        when = when_words(turn, running.return_at)
        left = left_words(turn, running.return_at)
        until = until_words(turn, running.return_at)
        # Only a voice profile, or partners on separate accounts, tell us who is speaking.
        identified = turn.voice is not None or household.shared
        if identified and running.person == turn.speaker and until:
            speech.say(phrases.get("connection.own_space", until=until))
            return respond(handler_input, speech)
        pact = household.pact
        who = pact.name_of(running.person) or phrases.get("connection.your_partner")
        name = name_suffix(turn)
        if when is not None:
            speech.say(phrases.get("connection.waiting", when=when, left=left, who=who, name=name))
        else:
            speech.say(phrases.get("connection.waiting_relative", left=left, who=who, name=name))
        if not saved:
            speech.say(phrases.get("not_saved_soft"))
        if running.return_at - turn.now >= LONG_WAIT:
            # "What if I waited five minutes?" does not fit twenty minutes or more of waiting.
            help_key, moment = "connection.wait_long", "waiting_long"
        else:
            help_key, moment = "connection.wait_help", "waiting"
        speech.say(pattern_check.tip(turn, moment) or phrases.get(help_key))
        turn.session["offer"] = "pause"
        return respond(handler_input, speech, reprompt=phrases.get("connection.reprompt"))
