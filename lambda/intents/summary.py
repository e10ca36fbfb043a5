"""How are we doing: the week in a few encouraging, blame-free sentences, and one idea."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ask_sdk_model import Response

from intents import pattern_check
from intents.common import IntentHandler, respond
from pacts.summary import summarize
from speech.formatting import times_words
from speech.ssml import Ssml
from turn import Turn

WEEK = timedelta(days=7)


class SummaryHandler(IntentHandler):
    intents = ("WeeklySummaryIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        household = turn.household
        if not household.loaded:
            return respond(handler_input, Ssml().say(phrases.get("summary.not_loaded")))
        week = summarize(household.pact.recent, turn.now - WEEK)
        if week.empty:
            return respond(handler_input, Ssml().say(phrases.get("summary.none")))
        speech = Ssml().say(phrases.get("summary.lead"))
        if week.cycles:
            speech.say(phrases.get("summary.cycles", times=times_words(week.cycles, turn.locale)))
        if week.spaces:
            # Never a score: kept returns and on-time check-ins are the pact kept.
            if week.settled and week.kept == week.settled:
                key = "summary.spaces_all_on_time"
            elif week.settled:
                key = "summary.spaces_some_on_time"
            else:
                key = "summary.spaces"
            speech.say(phrases.get(key, times=times_words(week.spaces, turn.locale)))
            if week.checked_in:
                speech.say(
                    phrases.get(
                        "summary.checked_in", times=times_words(week.checked_in, turn.locale)
                    )
                )
        if week.connections:
            speech.say(
                phrases.get("summary.connections", times=times_words(week.connections, turn.locale))
            )
        if week.reflections:
            speech.say(
                phrases.get("summary.reflections", times=times_words(week.reflections, turn.locale))
            )
        if week.slow:
            speech.say(phrases.get("summary.slow", times=times_words(week.slow, turn.locale)))
        speech.say(phrases.get("summary.praise")).say(pattern_check.pair_line(turn))
        speech.say(phrases.get(week.suggestion()))
        return respond(handler_input, speech)
