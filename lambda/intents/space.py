"""Space: "I need space", "give me an hour", "I'll be back at nine". One turn does the job."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ask_sdk_model import Response

import screens
from intents import pattern_check, reminders
from intents.common import (
    IntentHandler,
    card_text,
    intent_name,
    respond,
    slot_value,
    when_words,
)
from pacts.model import ActiveSpace, Episode, Pact, new_episode_id
from pacts.timing import Clamp, minutes_duration, plan_return
from speech.formatting import minutes_words, spoken_clock
from speech.ssml import Ssml
from turn import Turn


class SpaceHandler(IntentHandler):
    """Space, a short space, and more time for a space.

    ShortSpaceIntent: "give me a sec", "one moment" (literal samples: a custom slot would take
    "a day" too). CheckInIntent: "I need more time" at the return time (intents/check_in.py);
    with no space running it is a request for space."""

    intents = ("SpaceIntent", "ShortSpaceIntent", "CheckInIntent")

    def handle(self, handler_input: Any) -> Response:
        if intent_name(handler_input) == "CheckInIntent":
            from intents import check_in  # noqa: PLC0415 - check_in builds on this module

            return check_in.handle(handler_input)
        return space_answer(handler_input)


def space_answer(handler_input: Any) -> Response:
    """The space answer, short by construction (issue 15: at most 20 s, the time within 4 s).

    1. The heard line with the return time: "I heard you. You'll be back at 8:45 PM." (named:
       "Sam heard you, and will be back at 8:45 PM.").
    2. At most one note, when something differs from what was asked (`record_space`).
    3. At most ONE optional part, the first that applies:
       a. why twenty minutes helps, with an account's first short space (said once, so it
          is never skipped);
       b. the reminder offer, a question with its reprompt (the return is the promise the
          pact rests on);
       c. the speaker's practice for taking space (pattern_check.tip);
       d. the aftercare line.
    """
    turn = Turn.of(handler_input)
    speech, space, why = record_space(handler_input, turn)
    card = card_text(speech)
    if space is not None and screens.supports_apl(handler_input):
        label = when_words(turn, space.return_at) or ""
        handler_input.response_builder.add_directive(
            screens.space_screen(space.return_at, turn.now, label, turn.locale)
        )
    if why:
        return respond(handler_input, speech, card=card)
    if space is not None:
        question = reminders.offer(turn, space)
        if question is not None:
            ask, reprompt = question
            return respond(handler_input, speech.say(ask), reprompt=reprompt, card=card)
    speech.say(pattern_check.tip(turn, "space") or turn.phrases.get("space.aftercare"))
    return respond(handler_input, speech, card=card_text(speech))


def record_space(handler_input: Any, turn: Turn) -> tuple[Ssml, ActiveSpace | None, bool]:
    """Hear the request, decide the return time, keep it: the first sentence says both.

    Then at most one note, the first that applies: the pact could not be kept (keep the time
    yourselves), the clock could not be read, the length was not understood (the usual one was
    used), it was longer than the pact allows, the reminder moved with the return. Then, with
    an account's first short space, why twenty minutes helps (said once).

    Returns what to say so far, the space if it could be kept, and whether why twenty minutes
    helps was said (the answer's one optional part).
    """
    phrases = turn.phrases
    household = turn.household
    pact = household.pact
    running = pact.running_space(turn.now)
    plan = plan_return(
        turn.now,
        turn.zone,
        pact,
        # "give me ten": a bare number is minutes (SpaceIntent.minutes)
        duration=slot_value(handler_input, "duration")
        or minutes_duration(slot_value(handler_input, "minutes")),
        clock=slot_value(handler_input, "time"),
        # "give me a sec", "one moment": a short space, not a misheard length
        moment=intent_name(handler_input) == "ShortSpaceIntent",
    )
    speech = Ssml()
    if plan.return_at is None:
        # A clock time was asked for but the device's zone is unknown: repeat their own
        # time back (never a computed, possibly wrong one); it cannot be kept as a moment.
        assert plan.spoken_clock is not None
        said = spoken_clock(plan.spoken_clock, turn.locale)
        speech.say(heard_line(turn, "space.heard", when=said))
        speech.say(phrases.get("space.no_clock"))
        return speech, None, False

    when = when_words(turn, plan.return_at)
    duration = minutes_words(plan.minutes or pact.default_space_minutes, turn.locale)
    moving = running is not None and running.return_at != plan.return_at
    if when is not None:
        key = "space.moved" if moving else "space.heard"
        speech.say(heard_line(turn, key, when=when))
    else:
        key = "space.moved_relative" if moving else "space.heard_relative"
        speech.say(heard_line(turn, key, duration=duration))
    notes: list[str] = []  # by priority: only the first is said
    if plan.unreadable:
        notes.append(phrases.get("space.unreadable", duration=duration))
    if plan.clamp is Clamp.TOO_LONG:
        notes.append(phrases.get("space.too_long"))
    account = turn.account
    why = bool(plan.short and account and not short_space_told(household.pact, account))
    if why and account:
        household.change(lambda p: with_short_space_told(p, account))

    # A new return time for the space that runs is the same space (one in the weekly summary).
    episode_id = running.episode_id if running is not None else new_episode_id(turn.now)
    started = running.started_at if running is not None else turn.now
    space = ActiveSpace(
        episode_id=episode_id,
        started_at=started,
        return_at=plan.return_at,
        person=turn.speaker,
        account=turn.account,
    )
    if running is not None and running.reminder_token:
        space = reminders.move_reminder(turn, running, space)
        if space.reminder_token and space.reminder_by in (None, turn.account):
            notes.append(phrases.get("reminder.moved"))
    kept = space
    household.change(lambda p: p.with_space(kept))
    household.record(
        Episode(
            episode_id=episode_id,
            kind="space",
            at=started,
            person=turn.speaker,
            return_at=plan.return_at,
        )
    )
    if not turn.save():
        speech.say(phrases.get("space.not_reached" if household.unreadable else "not_saved"))
        return speech, None, False
    if notes:
        speech.say(notes[0])
    if why:
        speech.say(phrases.get("space.short_why"))
    return speech, space, why


def heard_line(turn: Turn, key: str, **fields: str) -> str:
    """ "I heard you. You'll be back at 8:45 PM." - or, when the speaker has a name, said the
    way round it is meant, to the partner who stays: "Sam heard you, and will be back at
    8:45 PM." (`key`: space.heard / space.moved, and their _relative.)"""
    name = turn.speaker_name
    if name:
        named = key.replace("space.heard", "space.heard_named").replace(
            "space.moved", "space.moved_named"
        )
        return turn.phrases.get(named, name=name, **fields)
    return turn.phrases.get(key, **fields)


# Accounts that have heard why twenty minutes helps (said once, with their first short space).
SHORT_SPACE_TOLD = "short_space_told"


def short_space_told(pact: Pact, account: str) -> bool:
    told = pact.extra.get(SHORT_SPACE_TOLD)
    return isinstance(told, dict) and told.get(account) is True


def with_short_space_told(pact: Pact, account: str) -> Pact:
    told = pact.extra.get(SHORT_SPACE_TOLD)
    accounts = dict(told) if isinstance(told, dict) else {}
    accounts[account] = True
    return replace(pact, extra={**pact.extra, SHORT_SPACE_TOLD: accounts})


class ReminderHandler(IntentHandler):
    """ "Remind us to come back at nine" (a space until then, with its reminder), or "set a
    return reminder" for the space that runs."""

    intents = ("ReminderIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        if slot_value(handler_input, "time") is None:
            return reminders.set_return_reminder(handler_input)
        speech, space, _ = record_space(handler_input, turn)
        if space is None:
            return respond(handler_input, speech)
        return reminders.set_return_reminder(handler_input, speech)
