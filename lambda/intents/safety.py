"""Safety first, in three tiers (pacts/safety.py), for every intent and every slot value.

*Danger now*: the emergency number first and alone in the first sentence, then one
domestic-violence line and one crisis line for the market (pacts/hotlines.py), under twenty
seconds; "I'm afraid I'll hurt someone" gets its own answer (leave the room, the emergency
number, the crisis line). Nothing of what was said is stored or logged; the card is discreet (a
neutral title and the numbers). The session stays open for "repeat" only: anything else ends it.

*Uncertain*: one gentle question, "Are you safe right now?". Yes goes on with what the person
asked (a reflection answer is kept; a fear said on its own, "I'm shaking", is offered the
breathing pause); no gives the danger answer. Only the interrupted request
(intent and slot values) waits in the session for that one turn; nothing is written.

SafetyIntent's samples are how danger phrasings reach the skill at all (AMAZON.FallbackIntent
carries no words). Its carrier slots ("he {partnerSaid}", "i'm {feeling}", "me {selfSaid}") hand
the rest of the sentence to the detector with its carrier put back, so "I'm scared" is asked the
question, "I'm so angry" gets the ordinary fallback answer and "he's choking me" the numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ask_sdk_model import Intent, IntentConfirmationStatus, Response, Slot
from ask_sdk_model.ui import SimpleCard

from intents.common import IntentHandler, all_slot_values, intent_name, respond
from pacts import hotlines
from pacts.hotlines import AnswerKind
from pacts.safety import DANGER, NONE, Assessment, assess_all
from speech.ssml import Ssml
from turn import Turn

SAFETY_INTENT: Final = "SafetyIntent"
REPEAT_INTENT: Final = "AMAZON.RepeatIntent"
YES, NO = "AMAZON.YesIntent", "AMAZON.NoIntent"
ANSWERED: Final = "safety"  # session: the kind of danger answer given ("harm" / "others")
ASKED: Final = "safety_check"  # session: the request waiting on "Are you safe right now?"
_CLEARED: Final = "pause_pact.safety_cleared"  # request: "yes, I'm safe" was just said

# SafetyIntent's carrier slots: the words each slot's carrier stood for, per language, so the
# detector reads "he is choking me", not "is choking me".
CARRIERS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "partnerSaid": "he",
        "selfSaid": "i",
        "feeling": "i am",
        "state": "it",
        "negated": "nobody",
        "having": "we",
        "wanting": "my",
        "other": "he said",
    },
    "es": {
        "partnerSaid": "él",
        "selfSaid": "me",
        "feeling": "estoy",
        "state": "está",
        "negated": "no",
        "having": "tengo",
        "wanting": "quiero",
        "other": "le",
    },
}


def _slots(handler_input: Any) -> dict[str, str | None]:
    request = handler_input.request_envelope.request
    slots = getattr(getattr(request, "intent", None), "slots", None) or {}
    if not isinstance(slots, dict):
        return {}
    values = {name: getattr(slot, "value", None) for name, slot in slots.items()}
    return {name: v if isinstance(v, str) and v.strip() else None for name, v in values.items()}


def heard(handler_input: Any, locale: str) -> list[str]:
    """Every piece of free text in the request, SafetyIntent's with its carrier put back."""
    if intent_name(handler_input) != SAFETY_INTENT:
        return all_slot_values(handler_input)
    return carried(_slots(handler_input), locale)


def carried(slots: Mapping[str, str | None], locale: str) -> list[str]:
    """SafetyIntent's slot values with the words their carriers stood for put back."""
    carriers = CARRIERS["es" if locale.lower().startswith("es") else "en"]
    return [f"{carriers.get(name, '')} {value}".strip() for name, value in slots.items() if value]


def assessment(handler_input: Any, locale: str) -> Assessment:
    """The tier of this request. A SafetyIntent sample without a slot is itself a danger
    phrasing ("he hit me", "I'm not safe"): those samples are written for danger only."""
    name = intent_name(handler_input)
    if name == SAFETY_INTENT and not any(_slots(handler_input).values()):
        return DANGER
    return assess_all(heard(handler_input, locale))


def danger_response(handler_input: Any, turn: Turn, kind: AnswerKind) -> Response:
    """The danger answer; the session stays open for "repeat" and knows nothing else."""
    turn.session.clear()
    turn.session[ANSWERED] = kind
    phrases = turn.phrases
    speech = hotlines.safety_speech(phrases.get, turn.locale, kind)
    handler_input.response_builder.set_card(
        SimpleCard(
            title=phrases.get("safety.card_title"),
            content=hotlines.card_numbers(turn.locale, kind),
        )
    )
    return respond(handler_input, speech, reprompt=phrases.get("safety.repeat"))


def safety_speech(turn: Turn) -> Ssml:
    """The danger answer's words for this turn's market (pacts/hotlines.py)."""
    return hotlines.safety_speech(turn.phrases.get, turn.locale)


def fallback_response(handler_input: Any) -> Response:
    """What to say when the words were not understood, with the safe phrase."""
    phrases = Turn.of(handler_input).phrases
    speech = Ssml().say(phrases.get("fallback")).say(phrases.get("safety.line"))
    return respond(handler_input, speech, reprompt=phrases.get("launch.reprompt"))


def first_visit(turn: Turn) -> bool:
    """No pact is stored for this account yet (or the account is unknown): a new user."""
    if not turn.user_id:
        return True
    household = turn.household
    return household.loaded and not household.exists


def _pending(handler_input: Any) -> dict[str, Any]:
    """The request to take up again if the answer is "yes, I'm safe"."""
    return {"intent": intent_name(handler_input), "slots": _slots(handler_input)}


def _resume(handler_input: Any, pending: Mapping[str, Any]) -> None:
    """Turn this "yes" back into the request it interrupted, for the handler that owns it."""
    slots = pending.get("slots") or {}
    handler_input.request_envelope.request.intent = Intent(
        name=str(pending.get("intent")),
        slots={str(name): Slot(name=str(name), value=value) for name, value in slots.items()},
        confirmation_status=IntentConfirmationStatus.NONE,
    )
    handler_input.attributes_manager.request_attributes[_CLEARED] = True


class SafetyHandler(IntentHandler):
    """Registered first, so a sign of danger in any intent's words wins over everything.

    After "Are you safe right now?", a "yes" to an interrupted request (a reflection answer, a
    signal, a name) is turned back into that request here and left to its own handler."""

    intents = (SAFETY_INTENT, REPEAT_INTENT)

    def can_handle(self, handler_input: Any) -> bool:
        request = handler_input.request_envelope.request
        if getattr(request, "object_type", None) != "IntentRequest":
            return False
        if handler_input.attributes_manager.request_attributes.get(_CLEARED):
            return False
        turn = Turn.of(handler_input)
        name = intent_name(handler_input)
        if turn.session.get(ANSWERED) or name == SAFETY_INTENT:
            return True
        answer = _answer_to_question(handler_input, turn, name)
        if answer is not None:
            return answer
        return assessment(handler_input, turn.locale).tier != "none"

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        name = intent_name(handler_input)
        found = NONE if name in (YES, NO, REPEAT_INTENT) else assessment(handler_input, turn.locale)
        if turn.session.get(ANSWERED):
            return _after_danger_answer(handler_input, turn, name, found)
        if name == NO and isinstance(turn.session.pop(ASKED, None), dict):
            return danger_response(handler_input, turn, "harm")
        if name == YES:  # safe, after "I'm scared" / "I'm shaking" said on its own
            # Go on with what they came with: a body in fear is offered the breathing pause
            # (a question with its reprompt; "yes" leads it, session.YES["pause"]).
            phrases = turn.phrases
            ask = phrases.get("connection.reprompt")  # "Would you like a short breathing pause?"
            turn.session["offer"] = "pause"
            speech = Ssml().say(phrases.get("safety.glad")).say(ask)
            return respond(handler_input, speech, reprompt=ask)
        if found.danger:
            return danger_response(handler_input, turn, found.kind or "harm")
        if found.uncertain:
            turn.session[ASKED] = _pending(handler_input)
            question = turn.phrases.get("safety.check")
            return respond(handler_input, Ssml().say(question), reprompt=question)
        return fallback_response(handler_input)  # SafetyIntent's carrier, ordinary words


def _answer_to_question(handler_input: Any, turn: Turn, name: str | None) -> bool | None:
    """After "Are you safe right now?": True when this handler answers (no, or yes to a
    SafetyIntent of its own), False when a "yes" was turned back into the interrupted request,
    None when no question is waiting (or something else was said, which drops the question)."""
    pending = turn.session.get(ASKED)
    if not isinstance(pending, dict):
        return None
    if name == NO:
        return True
    turn.session.pop(ASKED, None)
    if name != YES:
        return None
    if pending.get("intent") in (None, SAFETY_INTENT):
        return True
    _resume(handler_input, pending)
    return False


def _after_danger_answer(
    handler_input: Any, turn: Turn, name: str | None, found: Assessment
) -> Response:
    """ "Repeat" (or more danger) says the answer again; anything else ends the session."""
    if name != REPEAT_INTENT and found.tier == "none":
        return _end_quietly(handler_input, turn)
    kind: AnswerKind = "others" if turn.session.get(ANSWERED) == "others" else "harm"
    if found.danger and found.kind is not None:
        kind = found.kind
    return danger_response(handler_input, turn, kind)


def _end_quietly(handler_input: Any, turn: Turn) -> Response:
    """Anything but "repeat" after the danger answer ends the session, saying nothing more."""
    turn.session.clear()
    builder = handler_input.response_builder
    builder.set_should_end_session(True)
    response: Response = builder.response
    return response
