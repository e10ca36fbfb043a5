"""Return time and coming back: "when are we coming back", "I'm back"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from ask_sdk_model import Response

from intents import pattern_check, reminders, slow_motion
from intents.common import (
    IntentHandler,
    card_text,
    left_words,
    respond,
    until_words,
    when_words,
)
from pacts.model import ON_TIME_GRACE, ActiveSpace, Episode
from speech.ssml import Ssml
from turn import Turn

EARLY = timedelta(minutes=2)
# How long the partner who waited hears "Sam came back at 8:30 PM".
CAME_BACK_NEWS = timedelta(hours=6)


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def return_time_speech(turn: Turn) -> Ssml | None:
    """What to say about the running (or just ended) space; None when there is none."""
    phrases = turn.phrases
    space = turn.household.pact.active_space
    if space is None:
        return came_back_speech(turn)
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


def came_back_speech(turn: Turn) -> Ssml | None:
    """ "Sam came back at 8:30 PM.": for the partner who waited (within CAME_BACK_NEWS)."""
    last = turn.household.pact.last_return
    at = _moment(last.get("at"))
    if at is None or turn.now - at > CAME_BACK_NEWS or at > turn.now:
        return None
    person, account = last.get("person"), last.get("account")
    space = ActiveSpace(episode_id="", started_at=at, return_at=at, person=person, account=account)
    if space.taken_by(turn.account, turn.voice):
        return None  # the one who came back knows
    pact = turn.household.pact
    who = pact.name_of(person if isinstance(person, str) else None)
    when = when_words(turn, at)
    key = "return.came_back" if when else "return.came_back_relative"
    return Ssml().say(
        turn.phrases.get(key, who=who or turn.phrases.get("back.partner"), when=when or "")
    )


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


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
    """ "I'm back": the welcome (with the name), how the return went, then at most ONE optional
    part so the answer stays under 20 s: back early, the body check ("check how your body
    feels", the verdict itself) and nothing more; else slow_motion.after_space (a slow
    conversation to pick up, the speaker's practice, or how to talk it through slowly). With no
    space running: the welcome and one small step."""

    intents = ("BackIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        household = turn.household
        space = household.pact.active_space
        if space is not None and not space.taken_by(turn.account, turn.voice):
            return not_yours(handler_input, turn, space)
        speech = Ssml()
        name = turn.speaker_name
        early = space is not None and turn.now < space.return_at - EARLY
        if name:
            speech.say(phrases.get("back.named", name=name))
        if space is None:
            if not name:
                speech.say(phrases.get("back.none"))
        else:
            if early:
                verdict = phrases.get("back.early")
            elif turn.now <= space.return_at + ON_TIME_GRACE:
                verdict = phrases.get("back.on_time")
            else:
                verdict = phrases.get("back.late")
            speech.say(
                verdict if not name else verdict.removeprefix(phrases.get("back.none") + " ")
            )
            reminders.cancel(turn, space.reminder_token)
            came_back = {"person": space.person, "account": space.account, "at": _iso(turn.now)}
            household.change(lambda p: replace(p.with_space(None), last_return=came_back))
            household.record(
                Episode(
                    episode_id=space.episode_id,
                    kind="space",
                    at=space.started_at,
                    person=space.person,
                    return_at=space.return_at,
                    returned_at=turn.now,
                    checked_in=space.checked_in,
                )
            )
            if not turn.save():
                speech.say(phrases.get("not_saved_soft"))
        if early:  # the body check is this answer's one optional part
            return respond(handler_input, speech)
        if space is not None:  # back from a space: one optional part (after_space)
            return slow_motion.after_space(
                handler_input, turn, speech, pattern_check.tip(turn, "back")
            )
        return respond(handler_input, speech.say(phrases.get("back.step")))


def not_yours(
    handler_input: Any, turn: Turn, space: ActiveSpace, *, phrase: str = "back"
) -> Response:
    """Someone else took this space: only they end it (or, with `phrase="checkin"`, move it).
    Hear when they come back, and a pause while waiting."""
    phrases = turn.phrases
    who = turn.household.pact.name_of(space.person) or phrases.get("back.partner")
    until = until_words(turn, space.return_at)
    when = when_words(turn, space.return_at)
    left = left_words(turn, space.return_at)
    if space.return_at <= turn.now:
        key = "not_yours_ended" if when else "not_yours_ended_relative"
    else:
        key = "not_yours" if until else "not_yours_relative"
    fields = {"who": who, "until": until or "", "when": when or "", "left": left}
    speech = Ssml().say(phrases.get(f"{phrase}.{key}", **fields))
    turn.session["offer"] = "pause"
    ask = phrases.get("back.wait_offer")
    return respond(handler_input, speech.say(ask), reprompt=ask)
