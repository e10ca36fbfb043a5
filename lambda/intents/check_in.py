"""A check-in at the return time: "I need more time", "not yet", "give me ten more minutes".

Checking in on time is keeping the pact (issue 15): the return moves (from the return time, or
from now if that has passed; the pact's default space when no length is said; at most the pact's
longest space per check-in, and never more than a day after the space first started), the
return reminder moves with it (the same path as a space that is moved), the partner's account
catches up through pacts/partner_sync.py like for any moved space, and the space is recorded as
checked in, never as a broken promise. "I'm back" closes it as always.

With no space running, "I need more time" is a request for space; said by the partner who waits,
it is not theirs to move.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ask_sdk_model import Response

from intents import reminders
from intents.common import (
    card_text,
    name_suffix,
    respond,
    slot_value,
    when_words,
)
from intents.return_time import not_yours
from intents.space import space_answer
from pacts.model import ActiveSpace, Episode
from pacts.timing import minutes_duration, plan_check_in
from speech.formatting import minutes_words
from speech.ssml import Ssml
from turn import Turn


def handle(handler_input: Any) -> Response:
    """CheckInIntent (routed here by SpaceHandler)."""
    turn = Turn.of(handler_input)
    asked = slot_value(handler_input, "duration") or slot_value(handler_input, "minutes")
    if not asked and turn.session.get("offer"):
        # "Not yet" to a yes/no question ("Want a reminder at 8:45 PM?") is a no.
        from intents.session import YesNoHandler  # noqa: PLC0415 - session imports half the skill

        return YesNoHandler().handle(handler_input)
    household = turn.household
    space = household.pact.active_space if household.loaded else None
    if space is None:
        # "I need more time" with nothing running: they need space.
        return space_answer(handler_input)
    if not space.taken_by(turn.account, turn.voice):
        return not_theirs(handler_input, turn, space)
    return check_in(handler_input, turn, space)


def check_in(handler_input: Any, turn: Turn, space: ActiveSpace) -> Response:
    phrases = turn.phrases
    household = turn.household
    plan = plan_check_in(
        turn.now,
        household.pact,
        space,
        slot_value(handler_input, "duration")
        or minutes_duration(slot_value(handler_input, "minutes")),
    )
    if plan.return_at is None:
        speech = Ssml().say(phrases.get("checkin.day_over"))
        return respond(handler_input, speech, card=card_text(speech))
    moved = replace(
        space,
        return_at=plan.return_at,
        checked_in=space.checked_in or plan.on_time,
        reminder_token=None,
        reminder_by=None,
    )
    if space.reminder_token:
        moved = reminders.move_reminder(turn, space, moved)
    when = when_words(turn, plan.return_at)
    speech = Ssml()
    if when is not None:
        speech.say(phrases.get("checkin.moved", when=when, name=name_suffix(turn)))
    else:
        duration = minutes_words(
            max(1, round((plan.return_at - turn.now).total_seconds() / 60)), turn.locale
        )
        speech.say(phrases.get("checkin.moved_relative", duration=duration, name=name_suffix(turn)))
    # At most one note (the first that applies), then ONE optional part: the reminder offer
    # (a question with its reprompt) or how to come back - as in the space answer (issue 15).
    notes: list[str] = []
    if plan.unreadable:
        notes.append(
            phrases.get("space.unreadable", duration=minutes_words(plan.minutes, turn.locale))
        )
    if plan.capped:
        notes.append(phrases.get("checkin.capped"))
    if moved.reminder_token and moved.reminder_by in (None, turn.account):
        notes.append(phrases.get("reminder.moved"))
    if notes:
        speech.say(notes[0])
    kept = moved
    household.change(lambda p: p.with_space(kept))
    household.record(
        Episode(
            episode_id=space.episode_id,
            kind="space",
            at=space.started_at,
            person=space.person,
            return_at=plan.return_at,
            checked_in=kept.checked_in,
        )
    )
    if not turn.save():
        speech.say(phrases.get("space.not_reached" if household.unreadable else "not_saved"))
        return respond(handler_input, speech)
    card = card_text(speech)
    question = reminders.offer(turn, kept)
    if question is not None:
        ask, reprompt = question
        return respond(handler_input, speech.say(ask), reprompt=reprompt, card=card)
    speech.say(phrases.get("checkin.after"))
    return respond(handler_input, speech, card=card_text(speech))


def not_theirs(handler_input: Any, turn: Turn, space: ActiveSpace) -> Response:
    """The partner who waits says "not yet": the return time is the other's to move."""
    return not_yours(handler_input, turn, space, phrase="checkin")
