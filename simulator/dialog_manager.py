"""Alexa's side of ASK dialog management, for the offline simulator.

The skill's interaction model may carry a dialog model (``interactionModel.dialog``: per intent
``delegationStrategy``, ``confirmationRequired`` + ``prompts.confirmation``, and per slot
``elicitationRequired`` / ``confirmationRequired`` / ``prompts`` / ``validations``) and prompts
(``interactionModel.prompts[]``: ``id`` + ``variations[{type: PlainText|SSML, value}]``). With it,
a skill can answer with the Dialog directives, and Alexa then runs part of the conversation.
:class:`DialogManager` plays that part, the way Amazon documents it ("Dialog Interface
Reference", "Delegate the Dialog to Alexa", "Define the Dialog to Collect and Confirm Required
Information", "Validate Slot Values", the ``dialogState`` field of the IntentRequest):

* ``Dialog.Delegate`` (optional ``updatedIntent``): Alexa takes the next step itself. First any
  filled slot failing a validation rule (the rule's prompt, then the slot is asked for again),
  then a just-filled slot that needs confirmation, then in dialog-model order: a denied slot
  (asked for again), an empty slot with ``elicitationRequired`` (its elicitation prompt), a
  filled slot with ``confirmationRequired`` (its confirmation prompt); then the intent's
  confirmation prompt when ``confirmationRequired``. When nothing is left, Alexa sends the skill
  the intent with ``dialogState: COMPLETED`` (in the same turn). Prompts: the first variation
  (or a random one with ``rng``); ``{slotName}`` is filled with the slot's current value.
* Delegation strategy ``ALWAYS`` (the intent's own, else the dialog model's; default
  ``SKILL_RESPONSE``): Alexa runs the whole dialog without asking the skill, which gets one
  request, ``COMPLETED``. ``SKILL_RESPONSE``: the first request is ``STARTED``; after each answer
  to one of Alexa's prompts the skill gets ``IN_PROGRESS`` (``COMPLETED`` once nothing is left)
  with the updated intent and answers with another directive or a final response.
* ``Dialog.ElicitSlot`` (``slotToElicit``), ``Dialog.ConfirmSlot`` (``slotToConfirm``),
  ``Dialog.ConfirmIntent``, each with an optional ``updatedIntent``: Alexa speaks the skill's
  ``outputSpeech``, and sends the answer back as ``IN_PROGRESS`` (no ``dialogState`` for an intent
  without a dialog model): the new slot value, or the slot's / intent's ``confirmationStatus``.
* Intent confirmation: "yes" gives ``CONFIRMED``, "no" ``DENIED``. The docs: "COMPLETED is only
  possible when you use the Dialog.Delegate directive. If you use intent confirmation,
  dialogState is considered COMPLETED if the user denies the entire intent". So a confirmation
  Alexa asked (delegation) is followed by ``COMPLETED`` either way; after the skill's own
  ``Dialog.ConfirmIntent`` a "yes" comes back ``IN_PROGRESS`` and a "no" ``COMPLETED``.
* Validation rules: ``hasEntityResolutionMatch``, ``isInSet`` / ``isNotInSet`` (the value or its
  resolved name, ignoring case), ``isGreaterThan`` / ``isGreaterThanOrEqualTo`` / ``isLessThan`` /
  ``isLessThanOrEqualTo`` (AMAZON.NUMBER; "?" fails), ``isInDuration`` / ``isNotInDuration``
  (AMAZON.DATE as YYYY-MM-DD, AMAZON.TIME as hh:mm; ``start`` / ``end`` either ISO durations
  relative to the request's local time or absolute dates / times). As documented, Alexa checks
  them only when it runs the step (Delegate or auto-delegation); with ``SKILL_RESPONSE`` the skill
  first receives the rejected value.
* While Alexa waits for a slot, the answer is understood with
  ``Nlu.parse(text, eliciting=(intent, slot))``. "Stop", "cancel", "help" and "go home" always
  interrupt: Alexa sends that intent and the dialog is over. Otherwise an answer that reads as
  the slot (or another slot of the same intent) fills it, even if it is also another intent's
  sample ("I need space" as a signal phrase): Alexa favours the slot it asked for. Words that
  cannot be a value of a built-in type Alexa converts (DURATION, TIME, NUMBER, DATE...) give the
  value "?" (heard, not converted). Something that is clearly another intent interrupts.
  While Alexa waits for a confirmation, "yes" / "no" (and their usual variants) answer it and
  never reach the skill as AMAZON.YesIntent / NoIntent; anything else is a new request. An
  utterance with the invocation name starts a new session (the dialog ends with the old one).
* The dialog belongs to the device's session (``Device.dialog``): a closed session ends it, and
  so does a skill response without a Dialog directive.
* Responses Alexa refuses (the session ends with a ``SessionEndedRequest``, reason ``ERROR``,
  error ``INVALID_RESPONSE``, and Alexa says "There was a problem with the requested skill's
  response"): more than one Dialog directive; a Dialog directive with ``shouldEndSession: true``;
  ``Dialog.Delegate`` with ``outputSpeech`` / ``reprompt`` (allowed only when ``updatedIntent``
  names another intent: intent chaining, where Alexa speaks the skill's words first), for an
  intent without a dialog model, or after ``COMPLETED``; a slot directive naming a slot the
  intent does not have; a directive without an intent to act on; an unknown intent.

Left out: ``Dialog.UpdateDynamicEntities`` (no effect on the dialog), multiple-value slots,
the Alexa Conversations ``Dialog.DelegateRequest``, retry limits, the differences between
Alexa's statistical NLU and the literal one here, and validation of AMAZON.DATE values that are
not single days (weeks, months, seasons: they pass) or AMAZON.TIME periods (MO, AF, EV, NI: they
pass). A value of "?" counts as given (Alexa does not re-ask for it): the skill decides.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Final, Literal
from xml.sax.saxutils import escape

import isodate

from simulator.envelopes import Device
from simulator.nlu import FALLBACK_INTENT, Nlu, NluResult, Slot, normalise

__all__ = [
    "ALWAYS",
    "COMPLETED",
    "ERROR_SPEECH",
    "IN_PROGRESS",
    "SKILL_RESPONSE",
    "STARTED",
    "Awaiting",
    "Dialog",
    "DialogManager",
    "DialogModel",
    "Exchange",
    "Heard",
    "IntentRules",
    "Outcome",
    "SlotRules",
    "Spoken",
    "Step",
    "Validation",
    "speech_ssml",
]

Json = dict[str, Any]
Send = Callable[[Json], Json]
"""The skill: a request envelope in, its response envelope out (as over the wire)."""

DELEGATE: Final = "Dialog.Delegate"
ELICIT_SLOT: Final = "Dialog.ElicitSlot"
CONFIRM_SLOT: Final = "Dialog.ConfirmSlot"
CONFIRM_INTENT: Final = "Dialog.ConfirmIntent"
DIALOG_DIRECTIVES: Final = frozenset({DELEGATE, ELICIT_SLOT, CONFIRM_SLOT, CONFIRM_INTENT})
_SLOT_KEYS: Final = {ELICIT_SLOT: "slotToElicit", CONFIRM_SLOT: "slotToConfirm"}

ALWAYS: Final = "ALWAYS"
SKILL_RESPONSE: Final = "SKILL_RESPONSE"
STARTED: Final = "STARTED"
IN_PROGRESS: Final = "IN_PROGRESS"
COMPLETED: Final = "COMPLETED"
NONE: Final = "NONE"
CONFIRMED: Final = "CONFIRMED"
DENIED: Final = "DENIED"

YES_INTENT: Final = "AMAZON.YesIntent"
NO_INTENT: Final = "AMAZON.NoIntent"
ERROR_SPEECH: Final = "There was a problem with the requested skill's response"
NOT_CONVERTED: Final = "?"
"""The value Alexa gives a built-in slot it heard an answer for but could not convert."""

INTERRUPTING_INTENTS: Final = frozenset(
    {
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.HelpIntent",
        "AMAZON.NavigateHomeIntent",
    }
)
"""Built-in intents that end a dialog whatever Alexa was asking."""

CONVERTED_TYPES: Final = frozenset(
    {
        "AMAZON.DURATION",
        "AMAZON.TIME",
        "AMAZON.DATE",
        "AMAZON.NUMBER",
        "AMAZON.ORDINAL",
        "AMAZON.FOUR_DIGIT_NUMBER",
        "AMAZON.PhoneNumber",
    }
)
"""Built-in slot types whose value Alexa converts (the spoken words are not the value)."""

_SLOT_REF: Final = re.compile(r"\{\s*([^{}\s]+)\s*\}")
_SPEAK: Final = re.compile(r"^\s*<speak>(.*)</speak>\s*$", re.DOTALL)
_CLOCK: Final = re.compile(r"^(\d{1,2}):(\d{2})$")
_DAY: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# --------------------------------------------------------------------------- the dialog model


@dataclass(frozen=True)
class Validation:
    """One rule of ``slots[].validations[]``."""

    type: str
    prompt: str
    values: tuple[str, ...] = ()
    value: str | None = None
    start: str | None = None
    end: str | None = None

    @classmethod
    def of(cls, rule: Mapping[str, Any]) -> Validation:
        value = rule.get("value")
        return cls(
            type=str(rule.get("type", "")),
            prompt=str(rule.get("prompt", "")),
            values=tuple(str(v) for v in rule.get("values") or ()),
            value=None if value is None else str(value),
            start=rule.get("start"),
            end=rule.get("end"),
        )


@dataclass(frozen=True)
class SlotRules:
    """What the dialog model says about one slot of an intent."""

    name: str
    type: str
    elicitation_required: bool = False
    confirmation_required: bool = False
    elicitation_prompt: str | None = None
    confirmation_prompt: str | None = None
    validations: tuple[Validation, ...] = ()

    @classmethod
    def of(cls, slot: Mapping[str, Any]) -> SlotRules:
        prompts = slot.get("prompts") or {}
        return cls(
            name=str(slot["name"]),
            type=str(slot.get("type", "")),
            elicitation_required=bool(slot.get("elicitationRequired")),
            confirmation_required=bool(slot.get("confirmationRequired")),
            elicitation_prompt=prompts.get("elicitation"),
            confirmation_prompt=prompts.get("confirmation"),
            validations=tuple(Validation.of(v) for v in slot.get("validations") or ()),
        )


@dataclass(frozen=True)
class IntentRules:
    """``interactionModel.dialog.intents[]``: one intent's dialog model."""

    name: str
    delegation: str = SKILL_RESPONSE
    confirmation_required: bool = False
    confirmation_prompt: str | None = None
    slots: tuple[SlotRules, ...] = ()

    @property
    def auto(self) -> bool:
        """Auto-delegation: Alexa runs the whole dialog and the skill only sees COMPLETED."""
        return self.delegation == ALWAYS

    def slot(self, name: str | None) -> SlotRules | None:
        return next((s for s in self.slots if s.name == name), None)


@dataclass(frozen=True)
class Variation:
    type: str
    value: str


class DialogModel:
    """The dialog model and prompts of an interaction model (ASK JSON)."""

    def __init__(self, model: Mapping[str, Any]) -> None:
        interaction = model.get("interactionModel", model)
        language = interaction.get("languageModel", {})
        dialog = interaction.get("dialog") or {}
        default = str(dialog.get("delegationStrategy") or SKILL_RESPONSE)
        self.delegation = default
        self.intents: dict[str, IntentRules] = {}
        for intent in dialog.get("intents") or ():
            prompts = intent.get("prompts") or {}
            self.intents[str(intent["name"])] = IntentRules(
                name=str(intent["name"]),
                delegation=str(intent.get("delegationStrategy") or default),
                confirmation_required=bool(intent.get("confirmationRequired")),
                confirmation_prompt=prompts.get("confirmation"),
                slots=tuple(SlotRules.of(s) for s in intent.get("slots") or ()),
            )
        self.prompts: dict[str, tuple[Variation, ...]] = {
            str(p["id"]): tuple(
                Variation(str(v.get("type", "PlainText")), str(v.get("value", "")))
                for v in p.get("variations") or ()
            )
            for p in interaction.get("prompts") or ()
        }
        self.slot_types: dict[str, dict[str, str]] = {
            str(i["name"]): {str(s["name"]): str(s.get("type", "")) for s in i.get("slots") or ()}
            for i in language.get("intents") or ()
        }

    def rules(self, intent: str | None) -> IntentRules | None:
        """The intent's dialog model, or None when it has none."""
        return self.intents.get(intent) if intent else None

    def declares(self, intent: str) -> bool:
        return intent in self.slot_types


# --------------------------------------------------------------------------- dialog state


AwaitKind = Literal["elicit", "confirm_slot", "confirm_intent"]
StepKind = Literal["elicit", "confirm_slot", "confirm_intent", "complete"]
_AWAITS: Final[dict[str, AwaitKind]] = {
    "elicit": "elicit",
    "confirm_slot": "confirm_slot",
    "confirm_intent": "confirm_intent",
    ELICIT_SLOT: "elicit",
    CONFIRM_SLOT: "confirm_slot",
    CONFIRM_INTENT: "confirm_intent",
}


@dataclass(frozen=True)
class Awaiting:
    """What Alexa asked and now waits for; ``by`` says whose question it was."""

    kind: AwaitKind
    slot: str | None = None
    by: Literal["alexa", "skill"] = "alexa"

    def describe(self) -> str:
        if self.kind == "elicit":
            return f"eliciting {self.slot}"
        if self.kind == "confirm_slot":
            return f"confirming {self.slot}"
        return "confirming the intent"


@dataclass(frozen=True)
class Spoken:
    """What Alexa itself said (a dialog model prompt, or the error sentence)."""

    ssml: str
    reprompt: str | None = None
    error: bool = False


@dataclass
class Dialog:
    """The dialog of one session: the intent as Alexa holds it and what Alexa waits for."""

    intent: Json
    auto: bool = False
    awaiting: Awaiting | None = None
    fresh: tuple[str, ...] = ()
    """Slots filled by the latest answer (a just-filled slot is confirmed first)."""
    question: Spoken | None = None
    """What Alexa asks again when an answer is not understood."""
    unseen_session: bool = False
    """Auto-delegation opened the session; the skill's first request says ``new: true``."""

    @property
    def name(self) -> str:
        return str(self.intent["name"])

    @property
    def slots(self) -> dict[str, Json]:
        slots: dict[str, Json] = self.intent.setdefault("slots", {})
        return slots

    def value(self, slot: str) -> str | None:
        value = self.slots.get(slot, {}).get("value")
        return str(value) if value not in (None, "") else None

    def describe(self) -> str:
        waiting = f", {self.awaiting.describe()}" if self.awaiting else ""
        return f"{self.name}{waiting}"


@dataclass(frozen=True)
class Step:
    """The next thing Alexa does in a delegated dialog."""

    kind: StepKind
    slot: str | None = None
    validation: Validation | None = None


@dataclass(frozen=True)
class Exchange:
    """One request the skill received and its response."""

    request: Json
    response: Json


@dataclass
class Outcome:
    """Everything one utterance (or one delivered event) led to."""

    understood: NluResult | None = None
    exchanges: list[Exchange] = field(default_factory=list)
    spoken: Spoken | None = None
    notes: list[str] = field(default_factory=list)
    answered: Awaiting | None = None


@dataclass(frozen=True)
class Heard:
    """How Alexa takes an utterance while it waits on a dialog question."""

    kind: Literal["answer", "yes", "no", "other", "new_session", "unclear"]
    understood: NluResult | None = None

    @property
    def continues(self) -> bool:
        """True when the utterance answers the question (the dialog goes on)."""
        return self.kind in ("answer", "yes", "no")


# --------------------------------------------------------------------------- helpers


def speech_ssml(speech: Mapping[str, Any] | None) -> str | None:
    """An ``outputSpeech`` object as SSML (PlainText escaped into ``<speak>``)."""
    if not speech:
        return None
    if speech.get("type") == "SSML" or "ssml" in speech:
        return str(speech.get("ssml") or "")
    return f"<speak>{escape(str(speech.get('text') or ''))}</speak>"


def _inner(ssml: str) -> str:
    match = _SPEAK.match(ssml)
    return match.group(1).strip() if match else ssml.strip()


def _join(*parts: str | None) -> str:
    return "<speak>" + " ".join(_inner(p) for p in parts if p and _inner(p)) + "</speak>"


def _empty_slot(name: str) -> Json:
    return {"name": name, "confirmationStatus": NONE}


def _clear(slot: Json) -> None:
    for key in ("value", "resolutions", "slotValue", "source"):
        slot.pop(key, None)
    slot["confirmationStatus"] = NONE


def _resolved_names(slot: Mapping[str, Any]) -> list[str]:
    names: list[str] = []
    for authority in (slot.get("resolutions") or {}).get("resolutionsPerAuthority") or ():
        for entry in authority.get("values") or ():
            name = (entry.get("value") or {}).get("name")
            if name:
                names.append(str(name))
    return names


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _bound_date(spec: str, today: date) -> date | None:
    if _DAY.match(spec):
        return date.fromisoformat(spec)
    try:
        shifted: date = today + isodate.parse_duration(spec)
    except (isodate.ISO8601Error, ValueError, TypeError):
        return None
    return shifted


def _bound_time(spec: str, now: datetime) -> time | None:
    match = _CLOCK.match(spec)
    if match:
        return time(int(match.group(1)) % 24, int(match.group(2)))
    try:
        delta = isodate.parse_duration(spec)
    except (isodate.ISO8601Error, ValueError):
        return None
    if not isinstance(delta, timedelta):
        return None
    return (now + delta).time().replace(second=0, microsecond=0)


def _within(value: Any, start: Any, end: Any, *, wraps: bool) -> bool:
    if wraps and start is not None and end is not None and start > end:
        return bool(value >= start or value <= end)  # a time range over midnight
    return (start is None or value >= start) and (end is None or value <= end)


def _in_duration(rule: Validation, value: str, slot_type: str, now: datetime) -> bool | None:
    """Whether ``value`` lies in the rule's interval; None when it cannot be judged."""
    if slot_type == "AMAZON.DATE" and _DAY.match(value):
        today = now.date()
        start = _bound_date(rule.start, today) if rule.start else None
        end = _bound_date(rule.end, today) if rule.end else None
        return _within(date.fromisoformat(value), start, end, wraps=False)
    clock = _CLOCK.match(value)
    if slot_type == "AMAZON.TIME" and clock:
        moment = time(int(clock.group(1)) % 24, int(clock.group(2)))
        begin = _bound_time(rule.start, now) if rule.start else None
        finish = _bound_time(rule.end, now) if rule.end else None
        return _within(moment, begin, finish, wraps=True)
    return None


def passes(rule: Validation, slot: Mapping[str, Any], slot_type: str, now: datetime) -> bool:
    """Whether a filled slot passes one validation rule (unknown rules pass)."""
    value = str(slot.get("value"))
    if rule.type == "hasEntityResolutionMatch":
        authorities = (slot.get("resolutions") or {}).get("resolutionsPerAuthority") or ()
        codes = [(a.get("status") or {}).get("code") for a in authorities]
        return not codes or "ER_SUCCESS_MATCH" in codes
    if rule.type in ("isInSet", "isNotInSet"):
        heard = {value.casefold(), *(n.casefold() for n in _resolved_names(slot))}
        inside = bool(heard & {v.casefold() for v in rule.values})
        return inside if rule.type == "isInSet" else not inside
    comparisons: dict[str, Callable[[float, float], bool]] = {
        "isGreaterThan": lambda a, b: a > b,
        "isGreaterThanOrEqualTo": lambda a, b: a >= b,
        "isLessThan": lambda a, b: a < b,
        "isLessThanOrEqualTo": lambda a, b: a <= b,
    }
    if rule.type in comparisons:
        number, limit = _number(value), _number(rule.value)
        return number is not None and limit is not None and comparisons[rule.type](number, limit)
    if rule.type in ("isInDuration", "isNotInDuration"):
        inside_interval = _in_duration(rule, value, slot_type, now)
        if inside_interval is None:
            return True
        return inside_interval if rule.type == "isInDuration" else not inside_interval
    return True


# --------------------------------------------------------------------------- the manager


class DialogManager:
    """Alexa's dialog management over one interaction model.

    The engine calls :meth:`interpret` for an utterance while ``device.dialog`` waits on a
    question, then :meth:`answer` (the dialog goes on) or :meth:`leave` (it is over); it calls
    :meth:`begin` for an intent the user starts and :meth:`deliver` for any other envelope. Each
    returns an :class:`Outcome`: the requests the skill got (through ``send``) with its
    responses, and what Alexa said on its own.
    """

    def __init__(
        self, model: Mapping[str, Any], nlu: Nlu, *, rng: random.Random | None = None
    ) -> None:
        self.model = DialogModel(model)
        self.nlu = nlu
        self.rng = rng
        interaction = model.get("interactionModel", model)
        self._language: Mapping[str, Any] = interaction.get("languageModel", interaction)
        self._restricted: dict[str, Nlu] = {}
        self._yes_no = self._sub_nlu([self._intent_definition(i) for i in (YES_INTENT, NO_INTENT)])

    # ----------------------------------------------------------------------- understanding

    def _intent_definition(self, name: str) -> Json:
        declared = next((i for i in self._language.get("intents") or () if i["name"] == name), None)
        return dict(declared) if declared else {"name": name, "samples": []}

    def _sub_nlu(self, intents: list[Json]) -> Nlu:
        language = {
            "invocationName": self._language.get("invocationName", ""),
            "types": self._language.get("types") or [],
            "intents": intents,
        }
        return Nlu(
            {"interactionModel": {"languageModel": language}},
            self.nlu.locale,
            skill_id=self.nlu.skill_id,
        )

    def _only(self, intent: str) -> Nlu:
        """An NLU that knows nothing but ``intent`` (how the answer reads as that intent)."""
        if intent not in self._restricted:
            self._restricted[intent] = self._sub_nlu([self._intent_definition(intent)])
        return self._restricted[intent]

    def interpret(self, dialog: Dialog, text: str) -> Heard:
        """How Alexa takes ``text`` while ``dialog`` waits on a question."""
        awaiting = dialog.awaiting
        if awaiting is None or self.nlu.split_invocation(text).invoked:
            return Heard("new_session", None)
        if awaiting.kind == "elicit" and awaiting.slot:
            return self._interpret_answer(dialog, awaiting.slot, text)
        verdict = self._yes_no.parse(text)
        if verdict.intent == YES_INTENT:
            return Heard("yes", verdict)
        if verdict.intent == NO_INTENT:
            return Heard("no", verdict)
        result = self.nlu.parse(text)
        return Heard("other" if result.intent is not None else "unclear", result)

    def _interpret_answer(self, dialog: Dialog, slot: str, text: str) -> Heard:
        eliciting = (dialog.name, slot)
        result = self.nlu.parse(text, eliciting=eliciting)
        if result.intent == dialog.name:
            return Heard("answer", result)
        if result.intent in INTERRUPTING_INTENTS:
            return Heard("other", result)
        reading = self._only(dialog.name).parse(text, eliciting=eliciting)
        if reading.intent == dialog.name:
            return Heard("answer", reading)
        if result.intent not in (None, FALLBACK_INTENT, YES_INTENT, NO_INTENT):
            return Heard("other", result)
        slot_type = self.model.slot_types.get(dialog.name, {}).get(slot, "")
        if slot_type in CONVERTED_TYPES and normalise(text):
            heard = Slot(slot, NOT_CONVERTED, normalise(text), slot_type=slot_type)
            return Heard("answer", NluResult(dialog.name, {slot: heard}, utterance=heard.raw or ""))
        return Heard("other" if result.intent is not None else "unclear", result)

    # ----------------------------------------------------------------------- the dialog model

    def next_step(self, dialog: Dialog, now: datetime) -> Step:
        """What Alexa does next when the dialog is delegated to it."""
        rules = self.model.rules(dialog.name)
        if rules is None:
            return Step("complete")
        fresh = [r for r in rules.slots if r.name in dialog.fresh]
        for slot_rules in [*fresh, *(r for r in rules.slots if r.name not in dialog.fresh)]:
            failed = self._failed_validation(dialog, slot_rules, now)
            if failed is not None:
                return Step("elicit", slot_rules.name, failed)
        for slot_rules in fresh:
            if self._needs_confirmation(dialog, slot_rules):
                return Step("confirm_slot", slot_rules.name)
        for slot_rules in rules.slots:
            step = self._slot_step(dialog, slot_rules)
            if step is not None:
                return step
        if rules.confirmation_required and dialog.intent.get("confirmationStatus", NONE) == NONE:
            return Step("confirm_intent")
        return Step("complete")

    def _slot_step(self, dialog: Dialog, rules: SlotRules) -> Step | None:
        filled = dialog.value(rules.name) is not None
        denied = (dialog.slots.get(rules.name) or {}).get("confirmationStatus") == DENIED
        if (filled and denied) or (not filled and rules.elicitation_required):
            return Step("elicit", rules.name)
        if self._needs_confirmation(dialog, rules):
            return Step("confirm_slot", rules.name)
        return None

    @staticmethod
    def _needs_confirmation(dialog: Dialog, rules: SlotRules) -> bool:
        slot = dialog.slots.get(rules.name) or {}
        return (
            rules.confirmation_required
            and dialog.value(rules.name) is not None
            and slot.get("confirmationStatus", NONE) == NONE
        )

    def _failed_validation(
        self, dialog: Dialog, rules: SlotRules, now: datetime
    ) -> Validation | None:
        slot = dialog.slots.get(rules.name) or {}
        if dialog.value(rules.name) is None or slot.get("confirmationStatus") == DENIED:
            return None
        return next((v for v in rules.validations if not passes(v, slot, rules.type, now)), None)

    def render(self, prompt_id: str | None, dialog: Dialog) -> str | None:
        """A prompt as SSML, ``{slot}`` references filled; None when the model lacks it."""
        variations = self.model.prompts.get(prompt_id or "")
        if not variations:
            return None
        chosen = self.rng.choice(variations) if self.rng is not None else variations[0]
        ssml = chosen.type.upper() == "SSML"

        def fill(match: re.Match[str]) -> str:
            value = dialog.value(match.group(1)) or ""
            return escape(value) if ssml else value

        text = _SLOT_REF.sub(fill, chosen.value)
        if ssml:
            return text if _SPEAK.match(text) else f"<speak>{text}</speak>"
        return f"<speak>{escape(text)}</speak>"

    def complete_intent(self, intent: Mapping[str, Any]) -> Json:
        """The intent as Alexa sends it: every declared slot present, no stale values."""
        result: Json = copy.deepcopy(dict(intent))
        result.setdefault("confirmationStatus", NONE)
        slots: dict[str, Json] = {
            name: dict(slot) for name, slot in (result.get("slots") or {}).items()
        }
        for name in self.model.slot_types.get(str(result["name"]), {}):
            slots.setdefault(name, _empty_slot(name))
        for name, slot in slots.items():
            slot.setdefault("name", name)
            slot.setdefault("confirmationStatus", NONE)
            if slot.get("value") in (None, ""):
                for key in ("value", "resolutions", "slotValue", "source"):
                    slot.pop(key, None)
        result["slots"] = slots
        return result

    # ----------------------------------------------------------------------- conversation

    def begin(
        self,
        device: Device,
        intent: Mapping[str, Any],
        now: datetime,
        send: Send,
        *,
        new_session: bool,
    ) -> Outcome:
        """The user asked for ``intent``: with a dialog model, Alexa starts its dialog."""
        full = self.complete_intent(intent)
        name = str(full["name"])
        rules = self.model.rules(name)
        if rules is None:
            event = device.intent(
                name,
                now,
                full["slots"],
                new_session=new_session,
                confirmation_status=full["confirmationStatus"],
            )
            return self.deliver(device, event, now, send)
        dialog = Dialog(full, auto=rules.auto)
        dialog.fresh = tuple(n for n in full["slots"] if dialog.value(n) is not None)
        turn = _Turn(device, now, send)
        if rules.auto:
            if new_session or device.session_id is None:
                device.session(new=True)
                dialog.unseen_session = True
            device.dialog = dialog
            self._advance(turn, dialog)
        else:
            event = self._request(device, dialog, STARTED, now, new_session=new_session)
            device.dialog = dialog
            self._exchange(turn, event)
        return turn.outcome

    def deliver(self, device: Device, event: Json, now: datetime, send: Send) -> Outcome:
        """Send ``event`` to the skill and play Alexa's part in whatever it answers."""
        turn = _Turn(device, now, send)
        self._exchange(turn, event)
        return turn.outcome

    def answer(self, device: Device, heard: Heard, now: datetime, send: Send) -> Outcome:
        """The user answered the question ``device.dialog`` waits on."""
        dialog = device.dialog
        assert dialog is not None and dialog.awaiting is not None
        awaiting = dialog.awaiting
        turn = _Turn(device, now, send)
        turn.outcome.understood = heard.understood
        turn.outcome.answered = awaiting
        status = CONFIRMED if heard.kind == "yes" else DENIED
        if awaiting.kind == "elicit":
            dialog.fresh = self._fill(dialog, heard.understood)
        elif awaiting.kind == "confirm_slot":
            slot = dialog.slots.setdefault(awaiting.slot or "", _empty_slot(awaiting.slot or ""))
            slot["confirmationStatus"] = status
        else:
            dialog.intent["confirmationStatus"] = status
        dialog.awaiting = None
        dialog.question = None
        if awaiting.by == "alexa" and dialog.auto:
            self._advance(turn, dialog)
        else:
            state = self._state_after(dialog, awaiting, heard, now)
            self._exchange(turn, self._request(device, dialog, state, now))
        return turn.outcome

    def ask_again(self, dialog: Dialog, heard: Heard) -> Outcome:
        """Nothing in the utterance answers the question: Alexa asks it again."""
        outcome = Outcome(understood=heard.understood)
        question = dialog.question
        if question is not None:
            outcome.spoken = Spoken(question.reprompt or question.ssml, question.reprompt)
        outcome.notes.append("Alexa did not understand that as an answer and asks again")
        return outcome

    @staticmethod
    def leave(device: Device, heard: Heard) -> list[str]:
        """The utterance is a new request: the dialog is over. Returns a note saying why."""
        dialog = device.dialog
        device.dialog = None
        if dialog is None:
            return []
        if heard.kind == "new_session":
            return [f"a new session: the dialog for {dialog.name} ended"]
        heard_as = heard.understood.intent if heard.understood else None
        return [f"Alexa heard {heard_as}, not an answer: the dialog for {dialog.name} ended"]

    # ----------------------------------------------------------------------- internals

    def _fill(self, dialog: Dialog, understood: NluResult | None) -> tuple[str, ...]:
        filled: list[str] = []
        for name, slot in (understood.slots if understood else {}).items():
            if slot.value is None or name not in dialog.slots:
                continue
            dialog.slots[name] = slot.to_alexa()
            filled.append(name)
        return tuple(filled)

    def _state_after(
        self, dialog: Dialog, awaiting: Awaiting, heard: Heard, now: datetime
    ) -> str | None:
        if self.model.rules(dialog.name) is None:
            return None
        if awaiting.by == "alexa":
            return COMPLETED if self.next_step(dialog, now).kind == "complete" else IN_PROGRESS
        if awaiting.kind == "confirm_intent" and heard.kind == "no":
            return COMPLETED
        return IN_PROGRESS

    @staticmethod
    def _request(
        device: Device,
        dialog: Dialog,
        state: str | None,
        now: datetime,
        *,
        new_session: bool = False,
    ) -> Json:
        event = device.intent(
            dialog.name,
            now,
            copy.deepcopy(dialog.slots),
            new_session=new_session,
            dialog_state=state,
            confirmation_status=str(dialog.intent.get("confirmationStatus", NONE)),
        )
        if dialog.unseen_session:
            event["session"]["new"] = True
            dialog.unseen_session = False
        return event

    def _advance(self, turn: _Turn, dialog: Dialog, lead: str | None = None) -> None:
        """Alexa takes the next step of a delegated dialog."""
        step = self.next_step(dialog, turn.now)
        if step.kind != "complete":
            self._ask(dialog, step, turn.outcome, lead)
            return
        if lead:
            turn.outcome.notes.append("the skill's words before Dialog.Delegate were not heard")
        self._exchange(turn, self._request(turn.device, dialog, COMPLETED, turn.now))

    def _ask(self, dialog: Dialog, step: Step, outcome: Outcome, lead: str | None) -> None:
        rules = self.model.rules(dialog.name)
        assert rules is not None
        slot_rules = rules.slot(step.slot)
        if step.kind == "elicit":
            prompt_id = (
                step.validation.prompt
                if step.validation
                else (slot_rules.elicitation_prompt if slot_rules else None)
            )
        elif step.kind == "confirm_slot":
            prompt_id = slot_rules.confirmation_prompt if slot_rules else None
        else:
            prompt_id = rules.confirmation_prompt
        ssml = self.render(prompt_id, dialog)  # before a rejected value is cleared: it may quote it
        if step.kind == "elicit" and step.slot in dialog.slots:
            slot = dialog.slots[step.slot]
            if step.validation is not None or slot.get("confirmationStatus") == DENIED:
                _clear(slot)
        if ssml is None:
            outcome.notes.append(
                f"the dialog model has no prompt {prompt_id!r}: Alexa says nothing"
            )
            ssml = "<speak></speak>"
        spoken = Spoken(_join(lead, ssml) if lead else ssml, reprompt=ssml)
        dialog.awaiting = Awaiting(_AWAITS[step.kind], step.slot, "alexa")
        dialog.question = spoken
        dialog.fresh = ()
        outcome.spoken = spoken

    def _exchange(self, turn: _Turn, event: Json) -> None:
        """One request to the skill, and Alexa's part in its response."""
        response = turn.send(event)
        turn.outcome.exchanges.append(Exchange(event, response))
        problem = self._problem(turn.device, event, response)
        if problem is not None:
            self._reject(turn, problem)
            return
        turn.device.absorb(response)
        body = response.get("response") or {}
        directive = next(
            (d for d in body.get("directives") or () if d.get("type") in DIALOG_DIRECTIVES), None
        )
        if directive is None:
            turn.device.dialog = None  # the skill answered for itself: Alexa leaves dialog mode
            return
        self._follow(turn, event, body, directive)

    @staticmethod
    def _current_intent(device: Device, request: Mapping[str, Any]) -> Json | None:
        if request.get("type") == "IntentRequest" and request.get("intent"):
            intent: Json = request["intent"]
            return intent
        return device.dialog.intent if device.dialog is not None else None

    def _problem(self, device: Device, event: Json, response: Json) -> str | None:
        """Why Alexa would refuse this response, or None."""
        body = response.get("response") or {}
        found = [d for d in body.get("directives") or () if d.get("type") in DIALOG_DIRECTIVES]
        if not found:
            return None
        kind = str(found[0]["type"])
        request = event.get("request") or {}
        current = self._current_intent(device, request)
        current_name = str(current["name"]) if current else None
        target = (found[0].get("updatedIntent") or {}).get("name") or current_name
        problems = [
            "more than one Dialog directive in one response" if len(found) > 1 else None,
            f"{kind} with shouldEndSession true" if body.get("shouldEndSession") is True else None,
            None if target else f"{kind} without updatedIntent in answer to {request.get('type')}",
        ]
        if target and not self.model.declares(str(target)):
            problems.append(f"{kind} for {target}, which the interaction model does not declare")
        elif target and kind == DELEGATE:
            problems.append(self._delegate_problem(body, request, str(target), current_name))
        elif target and kind in _SLOT_KEYS:
            slot = found[0].get(_SLOT_KEYS[kind])
            if slot not in self.model.slot_types.get(str(target), {}):
                problems.append(f"{kind} {_SLOT_KEYS[kind]}={slot!r} is not a slot of {target}")
        return next((p for p in problems if p), None)

    def _delegate_problem(
        self, body: Mapping[str, Any], request: Mapping[str, Any], target: str, current: str | None
    ) -> str | None:
        if self.model.rules(target) is None:
            return f"Dialog.Delegate for {target}, which has no dialog model"
        if target != current:
            return None  # intent chaining: the skill may speak first
        if body.get("outputSpeech") or body.get("reprompt"):
            return "Dialog.Delegate with outputSpeech or reprompt (Alexa speaks the prompts)"
        if request.get("dialogState") == COMPLETED:
            return "Dialog.Delegate after dialogState COMPLETED"
        return None

    @staticmethod
    def _reject(turn: _Turn, problem: str) -> None:
        error = {"type": "INVALID_RESPONSE", "message": problem}
        ended = turn.device.session_ended(turn.now, "ERROR", error=error)
        turn.outcome.exchanges.append(Exchange(ended, turn.send(ended)))
        turn.outcome.spoken = Spoken(f"<speak>{ERROR_SPEECH}</speak>", error=True)
        turn.outcome.notes.append(
            f"Alexa refused the skill's response ({problem}); the session ended"
        )

    def _follow(
        self, turn: _Turn, event: Json, body: Mapping[str, Any], directive: Mapping[str, Any]
    ) -> None:
        """Alexa acts on a Dialog directive (already checked by :meth:`_problem`)."""
        device = turn.device
        current = self._current_intent(device, event.get("request") or {})
        intent = self.complete_intent(directive.get("updatedIntent") or current or {})
        name = str(intent["name"])
        rules = self.model.rules(name)
        dialog = device.dialog
        if dialog is None or dialog.name != name:
            dialog = Dialog(intent, auto=rules.auto if rules else False)
            dialog.fresh = tuple(n for n in intent["slots"] if dialog.value(n) is not None)
        dialog.intent = intent
        device.dialog = dialog
        kind = str(directive["type"])
        speech = speech_ssml(body.get("outputSpeech"))
        if kind == DELEGATE:
            chained = current is None or str(current["name"]) != name
            self._advance(turn, dialog, speech if chained else None)
            return
        slot_key = _SLOT_KEYS.get(kind)
        slot = directive.get(slot_key) if slot_key else None
        dialog.awaiting = Awaiting(_AWAITS[kind], slot, "skill")
        reprompt = speech_ssml((body.get("reprompt") or {}).get("outputSpeech"))
        dialog.question = Spoken(speech or "<speak></speak>", reprompt or speech)
        dialog.fresh = ()
        if speech is None:
            turn.outcome.notes.append(f"the skill's {kind} has no outputSpeech: Alexa asks nothing")


@dataclass
class _Turn:
    """One utterance's worth of conversation: the device, its clock, the skill, the result."""

    device: Device
    now: datetime
    send: Send
    outcome: Outcome = field(default_factory=Outcome)
