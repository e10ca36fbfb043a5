"""Return time and coming back: "when are we coming back", "I'm back"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ask_sdk_model import Response

from intents import pattern_check, reminders
from intents.common import (
    IntentHandler,
    card_text,
    left_words,
    respond,
    until_words,
    when_words,
)
from pacts.model import ON_TIME_GRACE, Episode
from speech.ssml import Ssml
from turn import Turn

EARLY = timedelta(minutes=2)


def return_time_speech(turn: Turn) -> Ssml | None:
    """What to say about the running (or just ended) space; None when there is none."""
    phrases = turn.phrases
    space = turn.household.pact.active_space
    if space is None:
        return None
    when = when_words(turn, space.return_at)
    if space.return_at > turn.now:
        left = left_words(turn, space.return_at)
        who = turn.household.pact.name_of(space.person)
        until = until_words(turn, space.return_at)
        if who and until:
            return Ssml().say(phrases.get("return.running_named", who=who, until=until, left=left))
        if when is not None:
            return Ssml().say(phrases.get("return.running", when=when, left=left))
        return Ssml().say(phrases.get("return.running_relative", left=left))
    if when is not None:
        return Ssml().say(phrases.get("return.ended", when=when))
    return Ssml().say(phrases.get("return.ended_relative"))


class ReturnTimeHandler(IntentHandler):
    intents = ("ReturnTimeIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        if not turn.household.loaded:
            return respond(handler_input, Ssml().say(turn.phrases.get("pact.unreadable")))
        speech = return_time_speech(turn)
        if speech is None:
            speech = Ssml().say(turn.phrases.get("return.none"))
        return respond(handler_input, speech, card=card_text(speech))


class BackHandler(IntentHandler):
    intents = ("BackIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        household = turn.household
        space = household.pact.active_space
        speech = Ssml()
        name = turn.speaker_name
        if name:
            speech.say(phrases.get("back.named", name=name))
        if space is None:
            if not name:
                speech.say(phrases.get("back.none"))
        else:
            if turn.now < space.return_at - EARLY:
                verdict = phrases.get("back.early")
            elif turn.now <= space.return_at + ON_TIME_GRACE:
                verdict = phrases.get("back.on_time")
            else:
                verdict = phrases.get("back.late")
            speech.say(
                verdict if not name else verdict.removeprefix(phrases.get("back.none") + " ")
            )
            reminders.cancel(turn, space.reminder_token)
            household.change(lambda p: p.with_space(None))
            household.record(
                Episode(
                    episode_id=space.episode_id,
                    kind="space",
                    at=space.started_at,
                    person=space.person,
                    return_at=space.return_at,
                    returned_at=turn.now,
                )
            )
            if not turn.save():
                speech.say(phrases.get("not_saved_soft"))
        speech.say((space and pattern_check.tip(turn, "back")) or phrases.get("back.step"))
        return respond(handler_input, speech)
