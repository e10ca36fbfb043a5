"""Return reminders: offered with the space, set on "yes", asked permission for by voice.

"Space is only safe when there's a return commitment": the reminder keeps it audible. Whatever
happens with the Reminders API, the space that was just recorded stands.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from ask_sdk_model import Response

from alexa_apis import reminders
from alexa_apis.reminders import Failure, Reminder, ReminderError
from intents import partner_devices
from intents.common import left_words, respond, when_words
from pacts.model import ActiveSpace
from speech.ssml import Ssml
from turn import Turn

log = logging.getLogger(__name__)
# Correlation ids for the permission request (Connections.SendRequest token), not secrets.
RETURN_REQUEST = "return-reminder"
REFLECTION_REQUEST = "nightly-reflection"


def offer(turn: Turn, space: ActiveSpace) -> tuple[str, str] | None:
    """ "Want a reminder at 8:45 PM?" and its reprompt, when a reminder could be set."""
    system = turn.handler_input.request_envelope.context.system
    if not system.api_access_token or space.reminder_token:
        return None
    phrases = turn.phrases
    when = when_words(turn, space.return_at)
    question = (
        phrases.get("reminder.offer", when=when)
        if when
        else phrases.get("reminder.offer_relative", duration=left_words(turn, space.return_at))
    )
    turn.session["offer"] = "reminder"
    return question, phrases.get("reminder.offer_reprompt")


def return_reminder(turn: Turn, space: ActiveSpace) -> Reminder:
    return Reminder(
        trigger=reminders.return_trigger(turn.now, space.return_at, turn.zone),
        text=turn.phrases.get("reminder.return_text"),
        locale=turn.locale,
    )


def ask_permission(handler_input: Any, token: str, speech: Ssml | None = None) -> Response:
    """Alexa asks the user for the reminders permission; the answer comes as Connections.Response.

    Amazon requires the session to be left open-ended for this directive.
    """
    builder = handler_input.response_builder
    if speech is not None and not speech.empty:
        builder.speak(speech.build())
    builder.add_directive(reminders.ask_permission_directive(token))
    response: Response = builder.response
    response.should_end_session = None
    return response


def set_return_reminder(handler_input: Any, lead: Ssml | None = None) -> Response:
    """Set the reminder for the running space; ask permission when it is missing. `lead` is
    what was already said this turn (a space just recorded)."""
    turn = Turn.of(handler_input)
    phrases = turn.phrases
    household = turn.household
    speech = lead or Ssml()
    space = household.pact.running_space(turn.now)
    if space is None:
        return respond(handler_input, speech.say(phrases.get("reminder.no_space")))
    if not reminders.has_permission(handler_input):
        return ask_permission(handler_input, RETURN_REQUEST, speech)
    when = when_words(turn, space.return_at)
    duration = left_words(turn, space.return_at)
    try:
        token = reminders.create(handler_input, turn.now, return_reminder(turn, space))
    except ReminderError as error:
        if error.failure is Failure.NO_PERMISSION:
            return ask_permission(handler_input, RETURN_REQUEST, speech)
        key = "reminder.unavailable" if when else "reminder.unavailable_relative"
        return respond(
            handler_input, speech.say(phrases.get(key, when=when or "", duration=duration))
        )
    household.change(lambda p: _with_reminder(p, space.episode_id, token, turn.account))
    note = partner_devices.speaker_note(turn)  # once: the partner's account has no permission
    turn.save()  # the reminder exists either way; the token only lets "I'm back" cancel it
    key = "reminder.set" if when else "reminder.set_relative"
    speech.say(phrases.get(key, when=when or "", duration=duration))
    return respond(handler_input, speech.say(note) if note else speech)


def _with_reminder(pact: Any, episode_id: str, token: str | None, by: str | None) -> Any:
    space = pact.active_space
    if space is None or space.episode_id != episode_id:
        return pact
    return pact.with_space(replace(space, reminder_token=token, reminder_by=by))


def move_reminder(turn: Turn, old: ActiveSpace, new: ActiveSpace) -> ActiveSpace:
    """A space that was replaced: its reminder moves to the new return time (or goes)."""
    token = old.reminder_token
    if not token:
        return new
    if old.reminder_by and old.reminder_by != turn.account:
        # It lives on the partner's Alexa account: this one can neither move nor cancel it.
        return replace(new, reminder_token=token, reminder_by=old.reminder_by)
    try:
        reminders.update(turn.handler_input, token, turn.now, return_reminder(turn, new))
    except ReminderError:
        cancel(turn, token)
        return new
    return replace(new, reminder_token=token, reminder_by=old.reminder_by or turn.account)


def cancel(turn: Turn, token: str | None) -> None:
    """Delete one of our reminders; a reminder already gone is fine."""
    if not token:
        return
    try:
        reminders.delete(turn.handler_input, token)
    except ReminderError as error:
        if error.failure is not Failure.GONE:
            log.info("could not cancel a reminder: %s", error.failure.value)
