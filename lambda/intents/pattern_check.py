"""Which side of the dance: the pattern check, read for the ear, and each person's playbook.

"Take the pattern check" reads eight statements, one a turn; each is answered yes, no or
sometimes (AMAZON.YesIntent / AMAZON.NoIntent / PatternAnswerIntent), and "repeat" (
AMAZON.RepeatIntent), "go back" (AMAZON.PreviousIntent), "help" and "stop" work at every step.
The answers live only in the session; at the end only the side and the day are kept, for the
person speaking (a voice profile, else the account). Anything else said mid-check (a space, a
sign of danger) ends the check: the interceptor below drops its state, and nothing is kept.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_model import Response

from intents import safety
from intents.common import IntentHandler, intent_name, respond, slot_value
from pacts import pattern
from pacts.pattern import ITEMS, Result, Side
from speech.ssml import Ssml
from turn import Turn

_CHECK: Final = "pattern_check"  # session: {"answers": [...]} while the check runs
_OFFER: Final = "pattern_offer"  # session: the playbook was offered after a result

YES, NO, ANSWER = "AMAZON.YesIntent", "AMAZON.NoIntent", "PatternAnswerIntent"
# A bare answer ("sometimes", "never", "a veces") is an intent of its own with literal samples:
# a sample that is only a slot would let the custom type swallow any utterance at all. (The
# names avoid the answer words themselves, which the log-privacy tests use as canaries.)
BARE: Final = {
    "PatternHighIntent": "yes",
    "PatternMidIntent": "sometimes",
    "PatternLowIntent": "no",
}
REPEAT, PREVIOUS, HELP, FALLBACK = (
    "AMAZON.RepeatIntent",
    "AMAZON.PreviousIntent",
    "AMAZON.HelpIntent",
    "AMAZON.FallbackIntent",
)
STOPS: Final = ("AMAZON.StopIntent", "AMAZON.CancelIntent")
# "Not quite", "almost", "partly" (the slow-motion conversation's intent) mean sometimes here.
NOT_QUITE: Final = "NotQuiteIntent"
OWN_STEP_INTENTS: Final = (YES, NO, ANSWER, *BARE, REPEAT, PREVIOUS, HELP, FALLBACK, *STOPS)
STEP_INTENTS: Final = (*OWN_STEP_INTENTS, NOT_QUITE)
# SafetyIntent is answered by the safety handler (danger clears the session there); its carrier
# samples also catch ordinary words ("it depends"), and those must not lose the answers so far.
KEEPS_CHECK: Final = (*STEP_INTENTS, "SafetyIntent")
# PatternAnswerIntent's slot values (the PatternAnswer type's ids) as answers.
SPOKEN: Final = {"often": "yes", "sometimes": "sometimes", "rarely": "no"}


def _state(handler_input: Any) -> dict[str, Any] | None:
    state = handler_input.attributes_manager.session_attributes.get(_CHECK)
    if not isinstance(state, dict) or not isinstance(state.get("answers"), list):
        return None
    answers = state["answers"]
    if len(answers) >= len(ITEMS) or any(a not in pattern.POINTS for a in answers):
        return None
    return state


def in_check(handler_input: Any) -> bool:
    return _state(handler_input) is not None


class PatternSessionInterceptor(AbstractRequestInterceptor):  # type: ignore[misc]
    """Anything but an answer or a step command ends the check (and the playbook offer)."""

    def process(self, handler_input: Any) -> None:
        session = handler_input.request_envelope.session
        if session is None:
            return
        attributes = handler_input.attributes_manager.session_attributes
        if _CHECK not in attributes and _OFFER not in attributes:
            return
        request = handler_input.request_envelope.request
        step = getattr(request, "object_type", None) == "IntentRequest"
        # The safety answer, or its "Are you safe right now?", ends the check for good.
        asked = safety.ASKED in attributes or safety.ANSWERED in attributes
        if asked or not step or intent_name(handler_input) not in KEEPS_CHECK:
            attributes.pop(_CHECK, None)
            attributes.pop(_OFFER, None)
        elif _OFFER in attributes and intent_name(handler_input) not in (YES, NO):
            attributes.pop(_OFFER, None)


class PatternCheckHandler(IntentHandler):
    """ "Which side of the dance am I on?", "take the pattern check", "am I a pursuer"."""

    intents = ("PatternCheckIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        turn.session.pop(_OFFER, None)
        turn.session[_CHECK] = {"answers": []}
        lead = Ssml().say(turn.phrases.get("pattern.intro"))
        return _ask(handler_input, turn, [], lead, "pattern.first")


class PatternStepHandler(IntentHandler):
    """An answer or a step command while the check runs; yes/no to the playbook offer."""

    intents = OWN_STEP_INTENTS  # (and NotQuiteIntent, whose own handler is elsewhere)

    def can_handle(self, handler_input: Any) -> bool:
        request = handler_input.request_envelope.request
        if getattr(request, "object_type", None) != "IntentRequest":
            return False
        if intent_name(handler_input) not in STEP_INTENTS:
            return False
        if in_check(handler_input):
            return True
        offered = _OFFER in handler_input.attributes_manager.session_attributes
        return offered and intent_name(handler_input) in (YES, NO)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        name = intent_name(handler_input)
        state = _state(handler_input)
        if state is None:  # the playbook offer
            turn.session.pop(_OFFER, None)
            if name == YES:
                return playbook_response(handler_input)
            return respond(handler_input, Ssml().say(turn.phrases.get("pattern.offer_declined")))
        answers: list[str] = state["answers"]
        if name in STOPS:
            turn.session.pop(_CHECK, None)
            return respond(handler_input, Ssml().say(turn.phrases.get("pattern.stopped")))
        lead = _step(handler_input, name, answers)
        if lead is None:
            turn.session.pop(_CHECK, None)
            return _finish(handler_input, turn, answers)
        return _ask(handler_input, turn, answers, Ssml(), lead)


def _step(handler_input: Any, name: str | None, answers: list[str]) -> str | None:
    """Apply one answer or command to `answers`; the phrase key that leads the next statement,
    or None when the last statement has been answered."""
    commands = {REPEAT: "pattern.again", HELP: "pattern.help", PREVIOUS: "pattern.at_first"}
    if name == PREVIOUS and answers:
        answers.pop()
        return "pattern.went_back"
    if name in commands:
        return commands[name]
    answer = _answer(handler_input, name)
    if answer is None:
        return "pattern.unclear"
    answers.append(answer)
    if len(answers) == len(ITEMS):
        return None
    return {len(ITEMS) // 2: "pattern.halfway", len(ITEMS) - 1: "pattern.last"}.get(
        len(answers), "pattern.next"
    )


def _answer(handler_input: Any, name: str | None) -> str | None:
    fixed = {YES: "yes", NO: "no", NOT_QUITE: "sometimes", **BARE}
    if name in fixed:
        return fixed[name]
    if name != ANSWER:
        return None
    request = handler_input.request_envelope.request
    slot = (getattr(request.intent, "slots", None) or {}).get("answer")
    resolutions = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    for authority in resolutions or []:
        code = getattr(getattr(getattr(authority, "status", None), "code", None), "value", None)
        if code == "ER_SUCCESS_MATCH" and authority.values:
            value_id = authority.values[0].value.id
            if value_id in SPOKEN:
                return SPOKEN[value_id]
    spoken = slot_value(handler_input, "answer")
    return SPOKEN.get(spoken.lower()) if spoken else None


def _ask(
    handler_input: Any, turn: Turn, answers: list[str], speech: Ssml, lead_key: str
) -> Response:
    phrases = turn.phrases
    item = ITEMS[len(answers)]
    statement = phrases.get(f"pattern.item.{item.key}")
    ask = phrases.get("pattern.ask")
    speech.say(phrases.get(lead_key)).say(statement).say(ask)
    return respond(handler_input, speech, reprompt=f"{statement} {ask}")


def _finish(handler_input: Any, turn: Turn, answers: list[str]) -> Response:
    """Say the result, keep it for this person (replacing an earlier one), offer the playbook."""
    phrases = turn.phrases
    zone = turn.zone  # the day is the person's own day, where the device is
    result = pattern.found(answers, turn.now.astimezone(zone) if zone else turn.now)
    speech = Ssml().say(phrases.get(f"pattern.result.{result.side}"))
    who = turn.speaker
    household = turn.household
    if who is None or not household.loaded:
        speech.say(phrases.get("pattern.not_saved"))
    else:
        before = household.pact.patterns.get(who)
        household.change(lambda p: replace(p, patterns={**p.patterns, who: result}))
        if pattern.changed(before, result):
            speech.say(phrases.get("pattern.changed"))
        if not turn.save():
            speech.say(phrases.get("pattern.not_saved"))
        elif turn.voice is None and not household.shared:
            speech.say(phrases.get("pattern.one_device"))
    turn.session[_OFFER] = result.side
    ask = phrases.get("pattern.offer")
    return respond(handler_input, speech.say(ask), reprompt=phrases.get("pattern.offer_reprompt"))


def side_of(turn: Turn, who: str | None = None) -> Side | None:
    """The kept side of `who` (default: the person speaking), if they have taken the check."""
    who = who or turn.speaker
    if who is None or not turn.household.loaded:
        return None
    result: Result | None = turn.household.pact.patterns.get(who)
    return result.side if result else None


class PlaybookHandler(IntentHandler):
    """ "What's my playbook": the three practices for the speaker's side."""

    intents = ("PlaybookIntent",)

    def handle(self, handler_input: Any) -> Response:
        return playbook_response(handler_input)


def playbook_response(handler_input: Any) -> Response:
    turn = Turn.of(handler_input)
    phrases = turn.phrases
    if turn.user_id and not turn.household.loaded:
        return respond(handler_input, Ssml().say(phrases.get("pact.unreadable")))
    side = side_of(turn)
    if side is None:
        return respond(handler_input, Ssml().say(phrases.get("pattern.playbook.none")))
    speech = Ssml().say(phrases.get(f"pattern.playbook.{side}"))
    for number, practice in enumerate(pattern.playbook(side), start=1):
        speech.say(phrases.get(f"pattern.nth.{number}")).say(
            phrases.get(f"pattern.practice.{practice}")
        )
    speech.say(phrases.get("pattern.playbook.close"))
    return respond(handler_input, speech)


# ----------------------------------------------------------------------------- tailoring
# The other answers call these with a one-line edit each; "" (or the questions unchanged) when
# the speaker's side is unknown, so nothing changes for someone who has not taken the check.

_TIPS: Final[dict[tuple[str, Side], str]] = {
    ("space", "distance"): "pattern.tip.space_distance",
    ("space", "both"): "pattern.tip.space_distance",
    ("space", "pursue"): "pattern.tip.space_pursue",
    ("waiting", "pursue"): "pattern.tip.waiting_pursue",
    ("waiting", "both"): "pattern.tip.waiting_pursue",
    ("waiting", "distance"): "pattern.tip.waiting_distance",
    # Twenty minutes or more to wait: the pursuing side's five-minute question waits for later.
    ("waiting_long", "distance"): "pattern.tip.waiting_distance",
    ("connect", "pursue"): "pattern.tip.connect_pursue",
    ("connect", "both"): "pattern.tip.connect_pursue",
    ("connect", "distance"): "pattern.tip.connect_distance",
    ("back", "distance"): "pattern.tip.back_distance",
    ("back", "both"): "pattern.tip.back_distance",
    ("back", "pursue"): "pattern.tip.back_pursue",
}


def tip(turn: Turn, moment: str) -> str:
    """The speaker's own practice for this moment, or "".

    "space": taking space (replaces the aftercare line: the return commitment for a distancing
    side); "waiting": asking for connection while the partner's space runs (replaces the
    wait help: the five-minute question for a pursuing side; it ends with the same pause offer);
    "connect": asking for connection with no space running (replaces the soft start); "back":
    coming back (replaces the small-step line).
    """
    side = side_of(turn)
    key = _TIPS.get((moment, side)) if side else None
    return turn.phrases.get(key) if key else ""


# The nightly reflection's question that practises each side (intents/reflection.py's bank).
_REFLECTION: Final[dict[Side, str]] = {"pursue": "pause", "distance": "return"}


def reflection_questions(turn: Turn, questions: list[str]) -> list[str]:
    """Tonight's questions, the first one swapped for the speaker's side's practice when it is
    not already among them (same number of questions, same bank)."""
    side = side_of(turn)
    wanted = _REFLECTION.get(side) if side else None
    if wanted is None or wanted in questions or not questions:
        return questions
    return [wanted, *questions[1:]]


def pair_line(turn: Turn) -> str:
    """For the weekly summary: the pattern between the two partners, when both have taken the
    check (voice profiles first, then accounts; the two most recent people), else ""."""
    if not turn.household.loaded:
        return ""
    results = turn.household.pact.patterns
    voices = {k: r for k, r in results.items() if k.startswith("v:")}
    chosen = voices if len(voices) >= 2 else results
    recent = sorted(chosen.values(), key=lambda r: r.on, reverse=True)[:2]
    if len(recent) < 2:
        return ""
    pair = pattern.pair_of(recent[0].side, recent[1].side)
    return turn.phrases.get(f"pattern.pair.{pair}") if pair else ""
