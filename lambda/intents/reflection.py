"""The nightly reflection: a daily reminder, and a short guided look back at the day.

Questions come from the pact's own practice (pause before chasing, signal before leaving, come
back when you said, one small step, one appreciation), two or three a night, rotating. Answers
are kept with the other episodes (180 days) and feed the weekly summary. Every answer passes the
safety check first (intents/safety.py, ahead of this handler): danger ends the reflection with the
danger answer and nothing of it is kept; fear or hurt without an act is asked "Are you safe right
now?", and a yes brings the answer back here to be kept. reflect() checks again for danger.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import time
from typing import Any

from ask_sdk_model import Intent, Response, Slot

from alexa_apis import reminders
from alexa_apis.reminders import Failure, Reminder, ReminderError
from intents import pattern_check, slow_motion
from intents.common import IntentHandler, elicit, respond, slot_value
from intents.reminders import (
    REFLECTION_REQUEST,
    ask_permission,
    cancel,
)
from intents.safety import danger_response
from pacts.model import Episode, new_episode_id
from pacts.safety import assess
from pacts.setup import is_skip, reflection_clock
from speech.formatting import clock_time
from speech.ssml import Ssml
from turn import Turn

log = logging.getLogger(__name__)

QUESTIONS = ("pause", "signal", "return", "step", "appreciate", "need")
PER_NIGHT = 3
MAX_ANSWER_CHARS = 300
_SESSION = "reflection"


def questions_for(day: int) -> list[str]:
    """Three questions for a given day number, rotating through the bank."""
    return [QUESTIONS[(day * PER_NIGHT + i) % len(QUESTIONS)] for i in range(PER_NIGHT)]


def _clock_words(at: str, locale: str) -> str:
    hour, minute = (int(part) for part in at.split(":"))
    return clock_time(time(hour, minute), locale)


def schedule_reflection(handler_input: Any, at: str | None) -> Response:
    """Keep the reflection time and set (or move) the daily reminder for it."""
    turn = Turn.of(handler_input)
    phrases = turn.phrases
    household = turn.household
    if at is not None and at != household.pact.reflection_time:
        household.change(lambda p: replace(p, reflection_time=at))
        if not turn.save():
            return respond(handler_input, Ssml().say(turn.not_saved()))
    at = household.pact.reflection_time
    if at is None:
        return respond(handler_input, Ssml().say(phrases.get("reflection.none")))
    said = _clock_words(at, turn.locale)
    if not reminders.has_permission(handler_input):
        return ask_permission(handler_input, REFLECTION_REQUEST)
    nightly = Reminder(
        trigger=reminders.nightly_trigger(turn.now, at, turn.zone),
        text=phrases.get("reflection.reminder_text"),
        locale=turn.locale,
    )
    token = household.pact.reflection_reminder
    try:
        if token:
            try:
                reminders.update(handler_input, token, turn.now, nightly)
            except ReminderError as error:
                if error.failure is not Failure.GONE:
                    raise
                token = None
        if not token:
            token = reminders.create(handler_input, turn.now, nightly)
    except ReminderError as error:
        if error.failure is Failure.NO_PERMISSION:
            return ask_permission(handler_input, REFLECTION_REQUEST)
        return respond(handler_input, Ssml().say(phrases.get("reflection.unavailable", time=said)))
    kept = token
    by = turn.account
    household.change(lambda p: replace(p, reflection_reminder=kept, reflection_reminder_by=by))
    turn.save()
    return respond(handler_input, Ssml().say(phrases.get("reflection.scheduled", time=said)))


class ScheduleReflectionHandler(IntentHandler):
    """ "Set our nightly reflection for nine thirty", "move our nightly reflection to ten"."""

    intents = ("ReflectionScheduleIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        spoken = slot_value(handler_input, "time")
        at = reflection_clock(spoken) if spoken else None
        if at is None:
            return elicit(handler_input, "time", turn.phrases.get("reflection.what_time"))
        return schedule_reflection(handler_input, at)


class StopReflectionHandler(IntentHandler):
    intents = ("StopReflectionIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        household = turn.household
        if not household.loaded:
            return respond(handler_input, Ssml().say(phrases.get("pact.unreadable")))
        pact = household.pact
        # Reminders kept aside for this account when a partner deleted the pact they shared.
        leftover = household.leftover_tokens
        if pact.reflection_time is None and pact.reflection_reminder is None and not leftover:
            return respond(handler_input, Ssml().say(phrases.get("reflection.none")))
        for token in leftover:
            cancel(turn, token)
        if leftover:
            turn.store.forget_leftover(household.account)
        if pact.reflection_time is None and pact.reflection_reminder is None:
            return respond(handler_input, Ssml().say(phrases.get("reflection.stopped")))
        # A reminder lives on the Alexa account that set it: only that account can cancel it.
        by = pact.reflection_reminder_by
        theirs = bool(pact.reflection_reminder) and by not in (None, turn.account)
        if theirs:
            household.change(lambda p: replace(p, reflection_time=None))
        else:
            cancel(turn, pact.reflection_reminder)
            household.change(
                lambda p: replace(
                    p, reflection_time=None, reflection_reminder=None, reflection_reminder_by=None
                )
            )
        if not turn.save():
            return respond(handler_input, Ssml().say(turn.not_saved()))
        key = "reflection.partner_reminder" if theirs else "reflection.stopped"
        return respond(handler_input, Ssml().say(phrases.get(key)))


class ReflectionHandler(IntentHandler):
    """ "Start tonight's reflection", then each answer (the `answer` slot, elicited)."""

    intents = ("ReflectionIntent",)

    def handle(self, handler_input: Any) -> Response:
        return reflect(handler_input, slot_value(handler_input, "answer"))


def in_reflection(handler_input: Any) -> bool:
    return _SESSION in handler_input.attributes_manager.session_attributes


def reflect(handler_input: Any, answer: str | None) -> Response:
    turn = Turn.of(handler_input)
    phrases = turn.phrases
    state = turn.session.get(_SESSION)
    if not isinstance(state, dict):
        day = ((turn.zone and turn.now.astimezone(turn.zone)) or turn.now).toordinal()
        state = {
            "questions": slow_motion.reflection_questions(
                turn, pattern_check.reflection_questions(turn, questions_for(day))
            ),
            "answers": [],
        }
        turn.session[_SESSION] = state
        return _ask(handler_input, turn, state, Ssml().say(phrases.get("reflection.intro")))
    if answer is not None:
        found = assess(answer)
        if found.danger:
            return danger_response(handler_input, turn, found.kind or "harm")
        state["answers"].append("" if is_skip(answer) else answer[:MAX_ANSWER_CHARS])
    if len(state["answers"]) < len(state["questions"]):
        return _ask(handler_input, turn, state, Ssml().say(phrases.get("reflection.thanks")))
    turn.session.pop(_SESSION, None)
    turn.household.record(
        Episode(
            episode_id=new_episode_id(turn.now),
            kind="reflection",
            at=turn.now,
            person=turn.speaker,
            details={"questions": state["questions"], "answers": state["answers"]},
        )
    )
    speech = Ssml()
    if not turn.save():
        speech.say(phrases.get("reflection.not_saved"))
    return respond(handler_input, speech.say(phrases.get("reflection.close")))


def _ask(handler_input: Any, turn: Turn, state: dict[str, Any], lead: Ssml) -> Response:
    question = turn.phrases.get(f"reflection.q.{state['questions'][len(state['answers'])]}")
    request = handler_input.request_envelope.request
    intent = getattr(request, "intent", None)
    if intent is None or intent.name != "ReflectionIntent":
        intent = Intent(name="ReflectionIntent", slots={"answer": Slot(name="answer")})
    for slot in (intent.slots or {}).values():
        slot.value = None
    return elicit(handler_input, "answer", question, lead=lead, intent=intent)
