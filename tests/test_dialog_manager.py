"""The simulator plays Alexa's part in dialog management (simulator/dialog_manager.py).

A small interaction model with a dialog model, and a small ask-sdk skill built here, run through
`Simulator` (model and handler injected): what the skill receives (dialogState, slot values,
confirmation statuses) and what Alexa says, turn by turn.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils import get_dialog_state, is_intent_name, is_request_type
from ask_sdk_model import Intent, IntentConfirmationStatus, RequestEnvelope, Response, Slot
from ask_sdk_model.dialog import ConfirmIntentDirective, DelegateDirective, ElicitSlotDirective
from ask_sdk_model.dialog_state import DialogState

from simulator.cli import Printer
from simulator.dialog_manager import (
    ERROR_SPEECH,
    Dialog,
    DialogManager,
    DialogModel,
    Validation,
    passes,
)
from simulator.dialogs import run_dialog
from simulator.engine import REPO, Options, Simulator, Turn
from simulator.nlu import Nlu

LA = ZoneInfo("America/Los_Angeles")

MODEL: dict[str, Any] = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "trip planner",
            "types": [
                {
                    "name": "COLOR",
                    "values": [
                        {"id": "RED", "name": {"value": "red"}},
                        {"id": "BLUE", "name": {"value": "blue", "synonyms": ["navy"]}},
                    ],
                }
            ],
            "intents": [
                {
                    "name": "BookBreakIntent",
                    "slots": [
                        {
                            "name": "guest",
                            "type": "AMAZON.FirstName",
                            "samples": ["{guest}", "it's {guest}", "with {guest}"],
                        },
                        {
                            "name": "length",
                            "type": "AMAZON.DURATION",
                            "samples": ["{length}", "for {length}"],
                        },
                        {
                            "name": "people",
                            "type": "AMAZON.NUMBER",
                            "samples": ["{people}", "{people} people"],
                        },
                    ],
                    "samples": [
                        "book a break",
                        "book a break with {guest}",
                        "book a break with {guest} for {length}",
                        "book a break with {guest} for {length} for {people} people",
                    ],
                },
                {
                    "name": "RenameIntent",
                    "slots": [
                        {
                            "name": "nickname",
                            "type": "AMAZON.FirstName",
                            "samples": ["{nickname}", "call me {nickname}"],
                        }
                    ],
                    "samples": ["rename me", "change my name"],
                },
                {
                    "name": "ColorIntent",
                    "slots": [{"name": "color", "type": "COLOR", "samples": ["{color}"]}],
                    "samples": ["pick a color", "pick {color}"],
                },
                {"name": "AMAZON.StopIntent", "samples": []},
                {"name": "AMAZON.CancelIntent", "samples": []},
                {"name": "AMAZON.HelpIntent", "samples": []},
                {"name": "AMAZON.YesIntent", "samples": []},
                {"name": "AMAZON.NoIntent", "samples": []},
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
        },
        "dialog": {
            "delegationStrategy": "SKILL_RESPONSE",
            "intents": [
                {
                    "name": "BookBreakIntent",
                    "confirmationRequired": True,
                    "prompts": {"confirmation": "Confirm.Intent.Book"},
                    "slots": [
                        {
                            "name": "guest",
                            "type": "AMAZON.FirstName",
                            "elicitationRequired": True,
                            "confirmationRequired": True,
                            "prompts": {
                                "elicitation": "Elicit.guest",
                                "confirmation": "Confirm.guest",
                            },
                            "validations": [
                                {
                                    "type": "isNotInSet",
                                    "prompt": "Invalid.guest",
                                    "values": ["voldemort"],
                                }
                            ],
                        },
                        {
                            "name": "length",
                            "type": "AMAZON.DURATION",
                            "elicitationRequired": True,
                            "confirmationRequired": False,
                            "prompts": {"elicitation": "Elicit.length"},
                        },
                        {
                            "name": "people",
                            "type": "AMAZON.NUMBER",
                            "elicitationRequired": False,
                            "confirmationRequired": False,
                            "prompts": {},
                            "validations": [
                                {"type": "isLessThan", "prompt": "Invalid.people", "value": "10"}
                            ],
                        },
                    ],
                },
                {
                    "name": "RenameIntent",
                    "confirmationRequired": False,
                    "prompts": {},
                    "slots": [
                        {
                            "name": "nickname",
                            "type": "AMAZON.FirstName",
                            "elicitationRequired": False,
                            "confirmationRequired": False,
                            "prompts": {},
                        }
                    ],
                },
                {
                    "name": "ColorIntent",
                    "delegationStrategy": "ALWAYS",
                    "confirmationRequired": False,
                    "prompts": {},
                    "slots": [
                        {
                            "name": "color",
                            "type": "COLOR",
                            "elicitationRequired": True,
                            "confirmationRequired": False,
                            "prompts": {"elicitation": "Elicit.color"},
                            "validations": [
                                {"type": "hasEntityResolutionMatch", "prompt": "Invalid.color"}
                            ],
                        }
                    ],
                },
            ],
        },
        "prompts": [
            {
                "id": "Elicit.guest",
                "variations": [
                    {"type": "PlainText", "value": "Who is coming with you?"},
                    {"type": "PlainText", "value": "Who's joining you?"},
                ],
            },
            {
                "id": "Confirm.guest",
                "variations": [{"type": "PlainText", "value": "{guest}, is that right?"}],
            },
            {
                "id": "Invalid.guest",
                "variations": [{"type": "PlainText", "value": "{guest} can't come. Who else?"}],
            },
            {
                "id": "Elicit.length",
                "variations": [
                    {"type": "SSML", "value": "<speak>How long <break time='1s'/> a break?</speak>"}
                ],
            },
            {
                "id": "Invalid.people",
                "variations": [{"type": "PlainText", "value": "At most nine. How many people?"}],
            },
            {
                "id": "Confirm.Intent.Book",
                "variations": [
                    {"type": "PlainText", "value": "A break with {guest} for {length}. Book it?"}
                ],
            },
            {"id": "Elicit.color", "variations": [{"type": "PlainText", "value": "Which color?"}]},
            {
                "id": "Invalid.color",
                "variations": [{"type": "PlainText", "value": "We have no {color}. Red or blue?"}],
            },
        ],
    }
}

NOW = datetime(2026, 11, 22, 20, 25)


# --------------------------------------------------------------------------- the little skill


def get_slot_value(handler_input: Any, name: str) -> str | None:
    slot = handler_input.request_envelope.request.intent.slots.get(name)
    return None if slot is None else slot.value


def _speak(handler_input: Any, text: str, *, end: bool) -> Response:
    builder = handler_input.response_builder.speak(text)
    if not end:
        builder.ask(text)
    return builder.set_should_end_session(end).response


class Handler(AbstractRequestHandler):  # type: ignore[misc]
    """One handler from two functions (keeps the skill below short)."""

    def __init__(self, can: Callable[[Any], bool], do: Callable[[Any], Response]) -> None:
        self._can, self._do = can, do

    def can_handle(self, handler_input: Any) -> bool:
        return self._can(handler_input)

    def handle(self, handler_input: Any) -> Response:
        return self._do(handler_input)


def book_break(handler_input: Any) -> Response:
    """Delegates until Alexa says COMPLETED, then answers."""
    if get_dialog_state(handler_input) != DialogState.COMPLETED:
        handler_input.response_builder.add_directive(DelegateDirective())
        return handler_input.response_builder.response
    intent = handler_input.request_envelope.request.intent
    if intent.confirmation_status == IntentConfirmationStatus.DENIED:
        return _speak(handler_input, "Okay, no break.", end=True)
    guest = get_slot_value(handler_input, "guest")
    length = get_slot_value(handler_input, "length")
    return _speak(handler_input, f"Booked a break with {guest} for {length}.", end=True)


def rename(handler_input: Any) -> Response:
    """Runs its own dialog: Dialog.ElicitSlot, then Dialog.ConfirmIntent."""
    intent: Intent = handler_input.request_envelope.request.intent
    nickname = get_slot_value(handler_input, "nickname")
    builder = handler_input.response_builder
    if nickname is None:
        builder.add_directive(ElicitSlotDirective(slot_to_elicit="nickname"))
        return _speak(handler_input, "What should I call you?", end=False)
    if intent.confirmation_status == IntentConfirmationStatus.NONE:
        builder.add_directive(ConfirmIntentDirective(updated_intent=intent))
        return _speak(handler_input, f"Call you {nickname}?", end=False)
    if intent.confirmation_status == IntentConfirmationStatus.DENIED:
        return _speak(handler_input, "Okay, your name stays.", end=True)
    return _speak(handler_input, f"Okay, {nickname}.", end=True)


def pick_color(handler_input: Any) -> Response:
    """Auto-delegated: the skill only ever sees COMPLETED."""
    assert get_dialog_state(handler_input) == DialogState.COMPLETED
    slot = handler_input.request_envelope.request.intent.slots["color"]
    resolved = slot.resolutions.resolutions_per_authority[0].values[0].value.name
    return _speak(handler_input, f"You picked {slot.value}, which is {resolved}.", end=True)


def welcome(handler_input: Any) -> Response:
    return _speak(handler_input, "Welcome to trip planner. What would you like?", end=False)


def chain_to_booking(handler_input: Any) -> Response:
    """Intent chaining: a LaunchRequest answered with Dialog.Delegate to another intent."""
    handler_input.response_builder.speak("Welcome back.")
    slots = {name: Slot(name=name) for name in ("guest", "length", "people")}
    booking = Intent(name="BookBreakIntent", slots=slots)
    handler_input.response_builder.add_directive(DelegateDirective(updated_intent=booking))
    return handler_input.response_builder.response


def intent(name: str) -> Callable[[Any], bool]:
    return lambda handler_input: bool(is_intent_name(name)(handler_input))


def request(kind: str) -> Callable[[Any], bool]:
    return lambda handler_input: bool(is_request_type(kind)(handler_input))


def build_skill(book: Callable[[Any], Response] = book_break, launch: Any = welcome) -> Any:
    builder = CustomSkillBuilder()
    handlers = [
        (request("LaunchRequest"), launch),
        (intent("BookBreakIntent"), book),
        (intent("RenameIntent"), rename),
        (intent("ColorIntent"), pick_color),
        (intent("AMAZON.HelpIntent"), lambda h: _speak(h, "Ask me to book a break.", end=False)),
        (intent("AMAZON.StopIntent"), lambda h: _speak(h, "Goodbye.", end=True)),
        (intent("AMAZON.CancelIntent"), lambda h: _speak(h, "Cancelled.", end=True)),
        (intent("AMAZON.FallbackIntent"), lambda h: _speak(h, "Sorry, what?", end=False)),
        (intent("AMAZON.YesIntent"), lambda h: _speak(h, "Yes to what?", end=False)),
        (intent("AMAZON.NoIntent"), lambda h: _speak(h, "No to what?", end=False)),
        (request("SessionEndedRequest"), lambda h: h.response_builder.response),
    ]
    for can, do in handlers:
        builder.add_request_handler(Handler(can, do))
    return builder.create()


class Recorder:
    """The skill as a Lambda-style handler that keeps every request it receives."""

    def __init__(self, skill: Any) -> None:
        self.skill = skill
        self.events: list[dict[str, Any]] = []

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self.events.append(json.loads(json.dumps(event)))
        envelope = self.skill.serializer.deserialize(json.dumps(event), RequestEnvelope)
        response = self.skill.invoke(request_envelope=envelope, context=context)
        result: dict[str, Any] = self.skill.serializer.serialize(response)
        return result

    def take(self) -> list[dict[str, Any]]:
        events, self.events = self.events, []
        return events


@pytest.fixture
def skill() -> Recorder:
    return Recorder(build_skill())


@pytest.fixture
def sim(skill: Recorder, tmp_path: Path) -> Iterator[Simulator]:
    with Simulator(Options(now=NOW, state_dir=tmp_path), handler=skill, model=MODEL) as simulator:
        yield simulator


def summary(event: dict[str, Any]) -> tuple[Any, ...]:
    """(intent, dialogState, intent confirmationStatus, {slot: (value, confirmationStatus)})."""
    req = event["request"]
    if req["type"] != "IntentRequest":
        return (req["type"],)
    slots = {
        name: (slot.get("value"), slot["confirmationStatus"])
        for name, slot in req["intent"]["slots"].items()
    }
    return (
        req["intent"]["name"],
        req.get("dialogState"),
        req["intent"]["confirmationStatus"],
        slots,
    )


def empty(*names: str) -> dict[str, tuple[None, str]]:
    return {name: (None, "NONE") for name in names}


# --------------------------------------------------------------------------- Dialog.Delegate


def test_delegate_elicits_validates_confirms_and_completes(sim: Simulator, skill: Recorder):
    turn = sim.say("ask trip planner to book a break")
    [started] = skill.take()
    assert summary(started) == (
        "BookBreakIntent",
        "STARTED",
        "NONE",
        empty("guest", "length", "people"),
    )
    assert started["session"]["new"] is True
    assert [d["type"] for d in turn.directives] == ["Dialog.Delegate"]
    assert turn.text == "Who is coming with you?"  # the first variation of the prompt
    assert turn.reprompt == "Who is coming with you?"
    assert turn.dialog is not None and turn.dialog.describe() == "eliciting guest"
    assert turn.session_open

    turn = sim.say("voldemort")
    [rejected] = skill.take()  # with SKILL_RESPONSE the skill sees the value first
    assert summary(rejected)[1:] == (
        "IN_PROGRESS",
        "NONE",
        {"guest": ("Voldemort", "NONE"), **empty("length", "people")},
    )
    assert rejected["session"]["new"] is False
    assert rejected["session"]["sessionId"] == started["session"]["sessionId"]
    assert turn.text == "Voldemort can't come. Who else?"
    assert turn.answered is not None and turn.answered.describe() == "eliciting guest"
    assert turn.dialog is not None and turn.dialog.describe() == "eliciting guest"

    turn = sim.say("it's sam")
    assert summary(skill.take()[0])[3]["guest"] == ("Sam", "NONE")
    assert turn.text == "Sam, is that right?"
    assert turn.dialog is not None and turn.dialog.describe() == "confirming guest"

    turn = sim.say("no")
    [denied] = skill.take()
    assert summary(denied)[1:] == (
        "IN_PROGRESS",
        "NONE",
        {"guest": ("Sam", "DENIED"), **empty("length", "people")},
    )
    assert turn.text == "Who is coming with you?"  # asked again, the denied value dropped

    sim.say("alex")
    turn = sim.say("yes")
    [confirmed] = skill.take()[-1:]
    assert summary(confirmed)[3]["guest"] == ("Alex", "CONFIRMED")
    assert turn.ssml == "<speak>How long <break time='1s'/> a break?</speak>"  # an SSML prompt

    turn = sim.say("two hours")
    assert summary(skill.take()[0])[1:] == (
        "IN_PROGRESS",
        "NONE",
        {"guest": ("Alex", "CONFIRMED"), "length": ("PT2H", "NONE"), **empty("people")},
    )
    assert turn.text == "A break with Alex for PT2H. Book it?"
    assert turn.dialog is not None and turn.dialog.describe() == "confirming the intent"

    turn = sim.say("yes")
    [completed] = skill.take()
    assert summary(completed)[1:3] == ("COMPLETED", "CONFIRMED")
    assert turn.prompt is None and turn.text == "Booked a break with Alex for PT2H."
    assert turn.dialog is None and not turn.session_open
    assert sim.device.dialog is None and sim.device.session_id is None


def test_slot_json_is_what_alexa_sends(sim: Simulator, skill: Recorder):
    sim.say("ask trip planner to book a break with sam")
    [started] = skill.take()
    assert started["request"]["intent"] == {
        "name": "BookBreakIntent",
        "confirmationStatus": "NONE",
        "slots": {
            "guest": {
                "name": "guest",
                "value": "Sam",
                "confirmationStatus": "NONE",
                "source": "USER",
                "slotValue": {"type": "Simple", "value": "Sam"},
            },
            "length": {"name": "length", "confirmationStatus": "NONE"},
            "people": {"name": "people", "confirmationStatus": "NONE"},
        },
    }


def test_denied_intent_confirmation_completes_denied(sim: Simulator, skill: Recorder):
    turn = sim.say("ask trip planner to book a break with sam for an hour for twelve people")
    assert summary(skill.take()[0])[1] == "STARTED"
    assert turn.text == "At most nine. How many people?"  # a validation of an optional slot
    turn = sim.say("three")
    assert summary(skill.take()[0])[3]["people"] == ("3", "NONE")
    assert turn.text == "Sam, is that right?"  # the slot filled in the first utterance
    sim.say("yeah")
    turn = sim.say("nope")
    [denied] = skill.take()[-1:]
    assert summary(denied)[1:3] == ("COMPLETED", "DENIED")
    assert turn.text == "Okay, no break."
    assert all(e["request"]["intent"]["name"] == "BookBreakIntent" for e in skill.events)


def test_a_turn_can_send_the_skill_two_requests(sim: Simulator, skill: Recorder):
    """The skill delegates with nothing left to ask: Alexa sends COMPLETED at once."""
    sim.say("ask trip planner to book a break with sam for an hour")
    sim.say("yes")  # Sam, is that right?
    skill.take()
    dialog = sim.device.dialog
    assert dialog is not None
    dialog.intent["confirmationStatus"] = "CONFIRMED"  # as if the intent needed no confirmation
    event = sim.device.intent(
        "BookBreakIntent",
        sim.now,
        dialog.slots,
        dialog_state="IN_PROGRESS",
        confirmation_status="CONFIRMED",
    )
    turn = sim.send("(direct)", None, event)
    assert [summary(e)[1] for e in skill.take()] == ["IN_PROGRESS", "COMPLETED"]
    assert len(turn.exchanges) == 2
    assert turn.text == "Booked a break with Sam for PT1H."


# --------------------------------------------------------------------------- the skill's own dialog


def test_elicit_slot_and_confirm_intent_from_the_skill(sim: Simulator, skill: Recorder):
    turn = sim.say("ask trip planner to rename me")
    assert summary(skill.take()[0]) == ("RenameIntent", "STARTED", "NONE", empty("nickname"))
    assert turn.text == "What should I call you?" and turn.prompt is None
    assert turn.dialog is not None
    assert (turn.dialog.kind, turn.dialog.slot, turn.dialog.by) == ("elicit", "nickname", "skill")

    turn = sim.say("call me robin")
    assert summary(skill.take()[0]) == (
        "RenameIntent",
        "IN_PROGRESS",
        "NONE",
        {"nickname": ("Robin", "NONE")},
    )
    assert turn.text == "Call you Robin?"
    assert turn.dialog is not None and turn.dialog.describe() == "confirming the intent"

    turn = sim.say("yes please")
    assert summary(skill.take()[0])[1:3] == ("IN_PROGRESS", "CONFIRMED")
    assert turn.text == "Okay, Robin." and not turn.session_open

    sim.say("ask trip planner to rename me")
    sim.say("robin")
    turn = sim.say("no")
    assert [summary(e)[1:3] for e in skill.take()] == [
        ("STARTED", "NONE"),
        ("IN_PROGRESS", "NONE"),
        ("COMPLETED", "DENIED"),  # "dialogState is considered COMPLETED if the user denies"
    ]
    assert turn.text == "Okay, your name stays."


def test_yes_and_no_answer_the_confirmation_not_the_skill(sim: Simulator, skill: Recorder):
    sim.say("ask trip planner to rename me")
    sim.say("robin")
    sim.say("um yes")
    names = [e["request"]["intent"]["name"] for e in skill.events]
    assert names == ["RenameIntent"] * 3
    assert skill.events[-1]["request"]["intent"]["confirmationStatus"] == "CONFIRMED"


# --------------------------------------------------------------------------- auto-delegation


def test_auto_delegation_sends_only_completed(sim: Simulator, skill: Recorder):
    turn = sim.say("ask trip planner to pick a color")
    assert skill.take() == [] and turn.request is None
    assert turn.text == "Which color?" and turn.session_open
    turn = sim.say("green")
    assert skill.take() == []
    assert turn.text == "We have no green. Red or blue?"  # hasEntityResolutionMatch failed
    turn = sim.say("navy")
    [completed] = skill.take()
    assert summary(completed) == ("ColorIntent", "COMPLETED", "NONE", {"color": ("navy", "NONE")})
    assert completed["session"]["new"] is True  # the first request of the session the skill sees
    resolution = completed["request"]["intent"]["slots"]["color"]["resolutions"]
    assert resolution["resolutionsPerAuthority"][0]["values"][0]["value"]["id"] == "BLUE"
    assert turn.text == "You picked navy, which is blue."


def test_auto_delegation_with_everything_given_completes_at_once(sim: Simulator, skill: Recorder):
    turn = sim.say("ask trip planner to pick red")
    assert [summary(e)[1] for e in skill.take()] == ["COMPLETED"]
    assert turn.text == "You picked red, which is red."


def test_leaving_an_auto_delegated_dialog_opens_the_skills_session(sim: Simulator, skill: Recorder):
    sim.say("ask trip planner to pick a color")
    turn = sim.say("cancel")
    [cancelled] = skill.take()
    assert summary(cancelled)[0] == "AMAZON.CancelIntent"
    assert cancelled["session"]["new"] is True  # the skill never saw Alexa's dialog
    assert turn.text == "Cancelled."


# --------------------------------------------------------------------------- interruptions


def test_stop_and_help_interrupt_the_dialog(sim: Simulator, skill: Recorder):
    sim.say("ask trip planner to book a break")
    turn = sim.say("help")
    [helped] = skill.take()[-1:]
    assert summary(helped) == ("AMAZON.HelpIntent", None, "NONE", {})
    assert turn.text == "Ask me to book a break." and turn.dialog is None
    assert any("dialog for BookBreakIntent ended" in note for note in turn.notes)
    turn = sim.say("sam")  # no longer an answer: nothing asked for a name
    assert summary(skill.take()[0])[0] == "AMAZON.FallbackIntent"

    sim.say("ask trip planner to book a break")
    turn = sim.say("stop")
    assert summary(skill.take()[-1])[0] == "AMAZON.StopIntent"
    assert not turn.session_open and sim.device.dialog is None


def test_another_intent_interrupts_and_unconvertible_words_give_a_question_mark(
    sim: Simulator, skill: Recorder
):
    sim.say("ask trip planner to book a break with sam")
    sim.say("yes")
    skill.take()
    turn = sim.say("a banana")  # How long a break? - heard, but not a duration
    assert summary(skill.take()[0])[3]["length"] == ("?", "NONE")
    assert turn.text.startswith("A break with Sam for ?.")
    sim.say("ask trip planner to book a break with sam")
    sim.say("yes")
    turn = sim.say("rename me")  # How long a break? - clearly another intent
    [renamed] = skill.take()[-1:]
    assert summary(renamed)[:2] == ("RenameIntent", "STARTED")
    assert renamed["session"]["new"] is False
    assert turn.text == "What should I call you?"


def test_the_invocation_name_starts_a_new_session(sim: Simulator, skill: Recorder):
    sim.say("ask trip planner to book a break")
    first = skill.take()[0]["session"]["sessionId"]
    turn = sim.say("ask trip planner to rename me")
    [event] = skill.take()
    assert event["session"]["new"] is True and event["session"]["sessionId"] != first
    assert turn.notes == ["a new session: the dialog for BookBreakIntent ended"]


def test_words_that_answer_nothing_are_asked_again(tmp_path: Path):
    model = json.loads(json.dumps(MODEL))
    intents = model["interactionModel"]["languageModel"]["intents"]
    intents[:] = [i for i in intents if i["name"] != "AMAZON.FallbackIntent"]
    skill = Recorder(build_skill())
    with Simulator(Options(now=NOW, state_dir=tmp_path), handler=skill, model=model) as sim:
        sim.say("ask trip planner to book a break")
        turn = sim.say("the quick brown fox jumps")  # not a first name, not an intent
        assert turn.text == "Who is coming with you?" and turn.request is None
        assert turn.dialog is not None and turn.dialog.describe() == "eliciting guest"
        assert len(skill.events) == 1


# --------------------------------------------------------------------------- chaining, errors


def test_intent_chaining_from_launch(tmp_path: Path):
    skill = Recorder(build_skill(launch=chain_to_booking))
    with Simulator(Options(now=NOW, state_dir=tmp_path), handler=skill, model=MODEL) as sim:
        turn = sim.say("open trip planner")
        assert turn.text == "Welcome back. Who is coming with you?"
        assert turn.reprompt == "Who is coming with you?"
        turn = sim.say("sam")
        assert summary(skill.events[-1])[:2] == ("BookBreakIntent", "IN_PROGRESS")
        assert turn.text == "Sam, is that right?"


def _delegate_with_speech(handler_input: Any) -> Response:
    handler_input.response_builder.add_directive(DelegateDirective())
    return handler_input.response_builder.speak("Let me ask.").response


def _elicit_unknown_slot(handler_input: Any) -> Response:
    handler_input.response_builder.add_directive(ElicitSlotDirective(slot_to_elicit="color"))
    return _speak(handler_input, "Which color?", end=False)


def _delegate_and_end(handler_input: Any) -> Response:
    handler_input.response_builder.add_directive(DelegateDirective())
    return handler_input.response_builder.set_should_end_session(True).response


@pytest.mark.parametrize(
    ("book", "problem"),
    [
        (_delegate_with_speech, "Dialog.Delegate with outputSpeech"),
        (_elicit_unknown_slot, "slotToElicit='color' is not a slot of BookBreakIntent"),
        (_delegate_and_end, "Dialog.Delegate with shouldEndSession true"),
    ],
)
def test_alexa_refuses_invalid_dialog_responses(tmp_path: Path, book: Any, problem: str):
    skill = Recorder(build_skill(book=book))
    with Simulator(Options(now=NOW, state_dir=tmp_path), handler=skill, model=MODEL) as sim:
        turn = sim.say("ask trip planner to book a break")
        ended = skill.events[-1]["request"]
        assert ended["type"] == "SessionEndedRequest" and ended["reason"] == "ERROR"
        assert ended["error"]["type"] == "INVALID_RESPONSE"
        assert problem in ended["error"]["message"]
        assert turn.text == ERROR_SPEECH
        assert not turn.session_open and sim.device.session_id is None


def test_delegate_after_completed_is_refused(sim: Simulator, skill: Recorder):
    dialog_event = sim.device.intent(
        "BookBreakIntent", sim.now, {"guest": "Sam", "length": "PT1H"}, dialog_state="COMPLETED"
    )
    dialog_event["request"]["intent"]["confirmationStatus"] = "CONFIRMED"
    skill.skill = build_skill(
        book=lambda h: h.response_builder.add_directive(DelegateDirective()).response
    )
    turn = sim.send("(direct)", None, dialog_event)
    assert "after dialogState COMPLETED" in skill.events[-1]["request"]["error"]["message"]
    assert turn.text == ERROR_SPEECH


# --------------------------------------------------------------------------- sessions, voices


def test_closing_the_session_ends_the_dialog(sim: Simulator, skill: Recorder):
    sim.say("ask trip planner to book a break")
    assert sim.device.dialog is not None
    sim.device.end_session()
    assert sim.device.dialog is None
    turn = sim.say("sam")  # heard as a new one-shot request: no dialog waits for it
    assert summary(skill.events[-1])[0] == "AMAZON.FallbackIntent"
    assert turn.answered is None


def test_voices_on_one_account_share_the_dialog(sim: Simulator, skill: Recorder):
    sim.say("ask trip planner to book a break")
    sim.switch(person="Robin")
    turn = sim.say("sam")
    assert summary(skill.events[-1])[3]["guest"] == ("Sam", "NONE")
    assert turn.text == "Sam, is that right?"


# --------------------------------------------------------------------------- CLI


def test_cli_shows_prompts_and_what_alexa_waits_for(sim: Simulator):
    out = io.StringIO()
    printer = Printer(out, quiet=False, speak=False, wav=None)
    for text in ("ask trip planner to pick a color", "ask trip planner to book a break", "sam"):
        printer.turn(sim.say(text))
    shown = out.getvalue()
    assert "alexa> Which color?" in shown  # Alexa's own words, no request to the skill
    assert "[dialog: eliciting color]" in shown
    assert "[request] IntentRequest BookBreakIntent · STARTED" in shown
    assert "[directive] Dialog.Delegate" in shown
    assert "→ BookBreakIntent (guest=Sam) [answers: eliciting guest]" in shown
    assert "[dialog: confirming guest]" in shown

    quiet = io.StringIO()
    Printer(quiet, quiet=True, speak=False, wav=None).turn(sim.say("yes"))
    assert quiet.getvalue() == "alexa> How long a break?\n"


# --------------------------------------------------------------------------- the model itself


def test_validation_rules():
    now = datetime(2026, 11, 22, 20, 25, tzinfo=LA)

    def check(rule: dict[str, Any], value: str, slot_type: str, **extra: Any) -> bool:
        slot = {"name": "s", "value": value, **extra}
        return passes(Validation.of({"prompt": "p", **rule}), slot, slot_type, now)

    number = "AMAZON.NUMBER"
    assert check({"type": "isGreaterThan", "value": "2"}, "3", number)
    assert not check({"type": "isGreaterThan", "value": "3"}, "3", number)
    assert check({"type": "isGreaterThanOrEqualTo", "value": "3"}, "3", number)
    assert check({"type": "isLessThanOrEqualTo", "value": "3"}, "3", number)
    assert not check({"type": "isLessThan", "value": "3"}, "?", number)
    assert check({"type": "isInSet", "values": ["1", "2"]}, "2", number)
    assert not check({"type": "isNotInSet", "values": ["Sam"]}, "sam", "AMAZON.FirstName")
    resolved = {
        "resolutions": {
            "resolutionsPerAuthority": [
                {"status": {"code": "ER_SUCCESS_MATCH"}, "values": [{"value": {"name": "blue"}}]}
            ]
        }
    }
    assert check({"type": "isInSet", "values": ["Blue"]}, "navy", "COLOR", **resolved)
    assert check({"type": "hasEntityResolutionMatch"}, "navy", "COLOR", **resolved)
    no_match = {
        "resolutions": {"resolutionsPerAuthority": [{"status": {"code": "ER_SUCCESS_NO_MATCH"}}]}
    }
    assert not check({"type": "hasEntityResolutionMatch"}, "teal", "COLOR", **no_match)
    week = {"type": "isInDuration", "start": "P0D", "end": "P7D"}
    assert check(week, "2026-11-22", "AMAZON.DATE")
    assert check(week, "2026-11-29", "AMAZON.DATE")
    assert not check(week, "2026-11-30", "AMAZON.DATE")
    assert not check(week, "2026-11-21", "AMAZON.DATE")
    assert check(week, "2026-W48", "AMAZON.DATE")  # not a single day: cannot judge, passes
    assert not check({**week, "type": "isNotInDuration"}, "2026-11-23", "AMAZON.DATE")
    assert check({"type": "isInDuration", "end": "2026-12-01"}, "2026-11-01", "AMAZON.DATE")
    next_hour = {"type": "isInDuration", "start": "PT0H", "end": "PT1H"}
    assert check(next_hour, "21:00", "AMAZON.TIME")
    assert not check(next_hour, "22:00", "AMAZON.TIME")
    overnight = {"type": "isInDuration", "start": "22:00", "end": "06:00"}
    assert check(overnight, "23:30", "AMAZON.TIME") and check(overnight, "05:00", "AMAZON.TIME")
    assert not check(overnight, "12:00", "AMAZON.TIME")
    assert check({"type": "someFutureRule"}, "x", "COLOR")  # unknown rules pass


def test_prompts_fill_slot_values_and_pick_variations():
    nlu = Nlu(MODEL)
    manager = DialogManager(MODEL, nlu)
    dialog = Dialog(manager.complete_intent({"name": "BookBreakIntent", "slots": {}}))
    dialog.slots["guest"]["value"] = "Sam & Jo"
    assert manager.render("Confirm.guest", dialog) == "<speak>Sam &amp; Jo, is that right?</speak>"
    assert manager.render("Missing.prompt", dialog) is None
    manager.rng = random.Random(7)
    heard = {manager.render("Elicit.guest", dialog) for _ in range(40)}
    assert heard == {"<speak>Who is coming with you?</speak>", "<speak>Who's joining you?</speak>"}


def test_the_real_model_set_up_dialog_has_the_expected_shape():
    model = json.loads((REPO / "interaction_models" / "en-US.json").read_text(encoding="utf-8"))
    dialog_model = DialogModel(model)
    setup = dialog_model.rules("SetupPactIntent")
    assert setup is not None and not setup.auto
    for slot in setup.slots:
        if slot.elicitation_required:
            assert slot.elicitation_prompt in dialog_model.prompts, slot.name
        if slot.confirmation_required:
            assert slot.confirmation_prompt in dialog_model.prompts, slot.name
        for rule in slot.validations:
            assert rule.prompt in dialog_model.prompts, (slot.name, rule.type)
    if setup.confirmation_required:
        assert setup.confirmation_prompt in dialog_model.prompts


def test_yaml_dialogs_answer_prompts_of_the_real_skill(tmp_path: Path):
    """A YAML step's `say` answers Alexa's question; `expect.says` checks the prompt."""
    spec = tmp_path / "setup.yaml"
    spec.write_text(
        """
name: set up by voice
now: 2026-11-22T20:25
steps:
  - say: alexa tell pause pact to set up our pact
    expect: {says: "what's your first name?", session: open}
  - say: sam
    intent: SetupPactIntent
    slots: {firstName: Sam}
    expect: {says: "partner's first name", session: open}
  - say: help
    intent: AMAZON.HelpIntent
  - say: set up our pact
    expect: {says: "what's your first name?"}
  - say: my name is sam
  - say: alex
  - say: i need space
    slots: {spaceSignal: i need space}
    expect: {says: "when you need connection"}
  - say: skip
  - say: twenty minutes
    expect: {says: "longest space"}
  - say: skip
    slots: {longestSpace: "?"}
  - say: nine pm
    expect: {says: ["Shall I save it?", "your signal is: i need space"], session: open}
  - say: "yes"
    intent: AMAZON.YesIntent
    expect: {says: "Your pact is saved.", session: closed}
""",
        encoding="utf-8",
    )
    result = run_dialog(spec, tmp_path / "state")
    assert result.ok, "\n".join([*result.failures, *result.transcript])


def test_turn_defaults_keep_the_old_meaning():
    response = {"response": {"outputSpeech": {"type": "SSML", "ssml": "<speak>Hi.</speak>"}}}
    turn = Turn("hi", None, {"request": {}}, response)
    assert turn.text == "Hi." and turn.directives == [] and not turn.session_open
