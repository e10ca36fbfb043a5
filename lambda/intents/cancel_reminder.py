""" "Cancel the reminder", "don't remind me": the return reminder goes, the space stays.

The answer says the return time again: a person mid-conflict always hears it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ask_sdk_model import Response

from intents import reminders
from intents.common import IntentHandler, respond
from intents.return_time import return_time_speech
from pacts.model import Pact
from speech.ssml import Ssml
from turn import Turn


def _without_reminder(pact: Pact, episode_id: str) -> Pact:
    space = pact.active_space
    if space is None or space.episode_id != episode_id:
        return pact
    return pact.with_space(replace(space, reminder_token=None))


class CancelReminderHandler(IntentHandler):
    intents = ("CancelReminderIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        household = turn.household
        if not household.loaded:
            return respond(handler_input, Ssml().say(phrases.get("pact.unreadable")))
        space = household.pact.running_space(turn.now)
        if space is None:
            return respond(handler_input, Ssml().say(phrases.get("reminder.cancel_no_space")))
        speech = Ssml()
        owner = getattr(space, "reminder_by", None)  # set when partners share one pact
        if not space.reminder_token:
            speech.say(phrases.get("reminder.cancel_none"))
        elif owner is not None and owner != turn.account:
            speech.say(phrases.get("reminder.cancel_partner"))  # on the partner's account
        else:
            reminders.cancel(turn, space.reminder_token)
            household.change(lambda p: _without_reminder(p, space.episode_id))
            speech.say(phrases.get("reminder.cancelled"))
            if not turn.save():
                speech.say(phrases.get("not_saved_soft"))
        return respond(handler_input, speech.extend(return_time_speech(turn) or Ssml()))
