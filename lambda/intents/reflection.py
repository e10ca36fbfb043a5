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
from intents.partner_devices import nightly_note
from intents.reminders import (
    REFLECTION_REQUEST,
    ask_permission,
    cancel,
)
from intents.safety import danger_response
from pacts import partner_sync as sync
from pacts.model import Episode, Pact, new_episode_id
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


def for_both(handler_input: Any) -> bool:
    """Whether the request says "for both of us" (the `together` slot resolved to `both`)."""
    request = handler_input.request_envelope.request
    slot = (getattr(getattr(request, "intent", None), "slots", None) or {}).get("together")
    resolutions = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    for authority in resolutions or []:
        code = getattr(getattr(getattr(authority, "status", None), "code", None), "value", None)
        if code == "ER_SUCCESS_MATCH" and authority.values:
            return bool(authority.values[0].value.id == "both")
    return False


def _both(account: str) -> Any:
    """The nightly reflection on both accounts: this one holds the pact's own reminder."""

    def change(p: Pact) -> Pact:
        return sync.with_both(sync.holding_nightly(p, account), account)

    return change


def schedule_reflection(handler_input: Any, at: str | None, both: bool = False) -> Response:
    """Keep the reflection time and set (or move) the daily reminder for it; asked "for both
    of us" in a shared pact, the partner's account gets one too (partner_devices.py)."""
    turn = Turn.of(handler_input)
    phrases = turn.phrases
    household = turn.household
    both = both and household.shared and turn.account is not None
    if turn.account and (both or sync.for_both(household.pact)):
        household.change(_both(turn.account))  # before the time moves: theirs is behind
    if at is not None and at != household.pact.reflection_time:
        household.change(lambda p: replace(p, reflection_time=at))
    if household.dirty and not turn.save():
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
    speech = _scheduled(turn, said)
    turn.save()
    return respond(handler_input, speech)


def _scheduled(turn: Turn, said: str) -> Ssml:
    """ "Done. Every night at 9:30 PM...", naming the partner when it is for both of them (and,
    once, that the partner's account lacks the permission)."""
    pact, phrases = turn.household.pact, turn.phrases
    if not (sync.for_both(pact) and turn.household.shared):
        return Ssml().say(phrases.get("reflection.scheduled", time=said))
    other = next(iter(m for m in pact.members if m != turn.account), None)
    who = (pact.accounts.get(other) if other else None) or phrases.get("partner.who_inline")
    speech = Ssml().say(phrases.get("reflection.scheduled_both", time=said, who=who))
    note = nightly_note(turn)
    return speech.say(note) if note else speech


class ScheduleReflectionHandler(IntentHandler):
    """ "Set our nightly reflection for nine thirty", "move our nightly reflection to ten"."""

    intents = ("ReflectionScheduleIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        spoken = slot_value(handler_input, "time")
        at = reflection_clock(spoken) if spoken else None
        if at is None:
            return elicit(handler_input, "time", turn.phrases.get("reflection.what_time"))
        return schedule_reflection(handler_input, at, for_both(handler_input))


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
        if household.shared and (for_both(handler_input) or sync.for_both(pact)):
            stopped = _stop_for_both(turn)
            if stopped is not None:
                return respond(handler_input, Ssml().say(stopped))
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


def _stop_for_both(turn: Turn) -> str | None:
    """ "Stop the nightly reflection for both of us": this account's reminder is cancelled now;
    one on the partner's account is handed to their record, so a message (or their next visit)
    cancels it there. What to say, or None when the partner's account cannot be reached (the
    caller then says who can stop it)."""
    household, me = turn.household, turn.account
    pact = household.pact
    by = pact.reflection_reminder_by
    theirs = bool(pact.reflection_reminder) and by not in (None, me)
    if me is None or (theirs and by is not None and sync.member(pact, by) is None):
        return None
    cancel(turn, sync.nightly(pact, me).token)
    if not theirs:
        cancel(turn, pact.reflection_reminder)

    def stop(p: Pact) -> Pact:
        holder, token = p.reflection_reminder_by, p.reflection_reminder
        if holder not in (None, me) and token:
            p = sync.with_nightly(p, holder, replace(sync.nightly(p, holder), token=token))
        p = sync.with_both(sync.with_nightly(p, me, sync.Nightly()), None)
        return replace(
            p, reflection_time=None, reflection_reminder=None, reflection_reminder_by=None
        )

    household.change(stop)
    if not turn.save():
        return turn.not_saved()
    return turn.phrases.get("reflection.stopped_both")


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
