"""The Lambda handler and odd envelopes: a calm spoken answer, never an exception (issue 12, 10)."""

from __future__ import annotations

import copy
import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils import is_request_type

from lambda_function import make_handler
from settings import Settings
from simulator.envelopes import Device
from skill import create_skill

NOW = datetime(2026, 11, 22, 4, 25, tzinfo=UTC)
CALM = "I'm still here"

ODD_KEYS = [
    "__dict__",
    "__class__",
    "__init__",
    "__setattr__",
    "__getattribute__",
    "__weakref__",
    "__slots__",
    "_private",
    "to_dict",
    "to_str",
    "attribute_map",
    "deserialized_types",
    "get_real_child_model",
    "discriminator_value_class_map",
]
PLACES = [(), ("request",), ("context",), ("context", "System"), ("session",), ("session", "user")]
VALUES: list[Any] = [{"x": 1}, 5, "text", None, [1, 2]]


def launch() -> dict[str, Any]:
    return Device(api_access_token=None).launch(NOW)


def assert_calm(reply: Any) -> None:
    assert isinstance(reply, dict)
    json.dumps(reply)  # a real JSON answer
    assert reply["version"] == "1.0"
    speech = reply["response"]["outputSpeech"]["ssml"]
    assert speech.startswith("<speak>")
    assert CALM in speech


@pytest.fixture
def handler(dynamodb: Any) -> Any:
    return make_handler(create_skill(Settings()))


@pytest.fixture(scope="module")
def offline_handler() -> Any:
    """The real skill with no DynamoDB behind it: enough for answers that never read a pact."""
    return make_handler(create_skill(Settings()))


def test_a_top_level_dunder_dict_key_gets_a_calm_answer(offline_handler: Any) -> None:
    for value in ({}, {"x": 1}, {"request": None}, "text", None):
        event = launch()
        event["__dict__"] = value
        assert_calm(offline_handler(event, None))


def test_odd_keys_anywhere_get_a_calm_answer(offline_handler: Any) -> None:
    not_calm = []
    for key in ODD_KEYS:
        for place in PLACES:
            for value in VALUES:
                event = copy.deepcopy(launch())
                target = event
                for name in place:
                    target = target[name]
                target[key] = value
                try:
                    assert_calm(offline_handler(event, None))
                except Exception as error:
                    not_calm.append(f"{'/'.join(place)}.{key}={value!r}: {type(error).__name__}")
    assert not_calm == []


def test_odd_keys_in_an_intent_and_its_slots(offline_handler: Any) -> None:
    event = Device(api_access_token=None).intent("SpaceIntent", NOW, {"duration": "PT1H"})
    event["request"]["intent"]["__dict__"] = {}
    assert_calm(offline_handler(event, None))
    event = Device(api_access_token=None).intent("SpaceIntent", NOW, {"duration": "PT1H"})
    event["request"]["intent"]["slots"]["duration"]["__dict__"] = {}
    assert_calm(offline_handler(event, None))


def test_an_ordinary_unknown_key_is_still_answered_normally(handler: Any) -> None:
    event = launch()
    event["somethingAlexaAddsLater"] = {"x": 1}
    event["request"]["newField"] = "x"
    reply = handler(event, None)
    assert CALM not in reply["response"]["outputSpeech"]["ssml"]


def test_the_skills_own_session_attributes_are_not_screened(handler: Any) -> None:
    device = Device(api_access_token=None)
    event = device.intent("AMAZON.HelpIntent", NOW)
    event["session"]["attributes"] = {"__dict__": 1, "_mine": {"__class__": 2}}
    reply = handler(event, None)
    assert CALM not in reply["response"]["outputSpeech"]["ssml"]


def test_deeply_nested_junk_gets_a_calm_answer(offline_handler: Any) -> None:
    event = launch()
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(5000):
        node["a"] = {}
        node = node["a"]
    event["request"]["junk"] = deep
    assert_calm(offline_handler(event, None))


def test_an_error_escaping_the_sdk_is_a_calm_answer_and_a_one_line_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    builder = CustomSkillBuilder()

    @builder.request_handler(can_handle_func=is_request_type("LaunchRequest"))
    def launch_handler(handler_input: Any) -> Any:
        raise RuntimeError("SECRET detail from the request")

    handler = make_handler(builder.create())
    with caplog.at_level(logging.INFO):
        assert_calm(handler(launch(), None))
    assert "SECRET" not in caplog.text
    assert "RuntimeError" in caplog.text
    assert all(record.exc_info is None for record in caplog.records)
