"""Bad input, the wrong skill, and DynamoDB or the Settings API failing: calm answers, in time."""

from __future__ import annotations

import copy
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from lambda_function import SkillIdMismatch, make_handler
from settings import Settings
from simulator.envelopes import Device
from skill import create_skill
from tests.support.harness import Harness

ALEXA_DEADLINE_S = 8.0


@pytest.mark.parametrize(
    "event",
    [
        {},
        [],
        "not json",
        None,
        {"request": "x"},
        {"version": "1.0", "request": {"type": "IntentRequest"}},
        {"version": "1.0", "context": {}, "request": {"type": "LaunchRequest", "locale": "en-US"}},
    ],
)
def test_malformed_envelopes_get_a_calm_valid_answer(event, dynamodb):
    handler = make_handler(create_skill(Settings()))
    reply = handler(event, None)
    speech = reply["response"]["outputSpeech"]["ssml"]
    assert "I'm still here" in speech
    assert reply["response"]["shouldEndSession"] is True


def test_wrong_field_types_inside_a_real_envelope(skill: Harness):
    event = skill.device.intent("SpaceIntent", skill.now, {"duration": "PT1H"})
    broken = copy.deepcopy(event)
    broken["request"]["intent"]["slots"] = ["not", "a", "map"]
    reply = skill.send(broken)
    assert reply.ssml  # answered, with well-formed speech (checked by the harness)
    assert "something went wrong" not in reply.text.lower()


def test_request_for_another_skill_is_refused(evening, dynamodb):
    settings = Settings(skill_id="amzn1.ask.skill.ours")
    handler = make_handler(create_skill(settings))
    device = Device(skill_id="amzn1.ask.skill.someone-else", api_access_token=None)
    with pytest.raises(SkillIdMismatch):
        handler(device.intent("SpaceIntent", evening), None)
    ours = Device(skill_id="amzn1.ask.skill.ours", api_access_token=None)
    reply = handler(ours.intent("SpaceIntent", evening), None)
    assert "I heard you" in reply["response"]["outputSpeech"]["ssml"]


def test_skill_id_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SKILL_ID", "amzn1.ask.skill.abc")
    monkeypatch.setenv("PACTS_TABLE_NAME", "other-table")
    settings = Settings.from_env()
    assert settings.skill_id == "amzn1.ask.skill.abc"
    assert settings.table_name == "other-table"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def hanging_endpoint() -> Iterator[str]:
    """A TCP server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                held.append(conn)
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=2)
    for conn in held:
        conn.close()
    server.close()


def _timed(harness: Harness, intent: str) -> tuple[str, float]:
    start = time.monotonic()
    reply = harness.say(intent)
    return reply.text, time.monotonic() - start


@pytest.mark.parametrize("failure", ["unreachable", "hanging"])
def test_dynamodb_down_still_says_the_return_time_and_grounds(
    failure, hanging_endpoint, device, evening, monkeypatch
):
    endpoint = hanging_endpoint if failure == "hanging" else f"http://127.0.0.1:{_closed_port()}"
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
    harness = Harness(now=evening, device=device)  # the real boto3 client, real timeouts
    text, seconds = _timed(harness, "SpaceIntent")
    assert text.startswith("I heard you, and you'll be back at 8:45 PM.")
    assert "couldn't write this down" in text
    assert seconds < ALEXA_DEADLINE_S
    text, seconds = _timed(harness, "CycleIntent")
    assert "against the cycle" in text and "Breathe in slowly" in text
    assert seconds < ALEXA_DEADLINE_S
    text, seconds = _timed(harness, "ReturnTimeIntent")
    # Never "there's no space running" about a pact it could not read.
    assert text.startswith("I couldn't reach your pact just now")
    assert seconds < ALEXA_DEADLINE_S


def test_dynamodb_throttling_is_not_a_lost_turn(skill: Harness, dynamodb, monkeypatch):
    from botocore.exceptions import ClientError

    def throttled(*_args, **_kwargs):
        raise ClientError(
            {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}},
            "Query",
        )

    monkeypatch.setattr(dynamodb, "query", throttled)
    monkeypatch.setattr(dynamodb, "get_item", throttled)
    reply = skill.say("SpaceIntent")
    assert reply.first_sentence == "I heard you, and you'll be back at 8:45 PM."
    assert "couldn't write this down" in reply.text
    # Nothing was written over a pact that could not be read.
    assert dynamodb.scan(TableName="pause-pact")["Items"] == []


def test_settings_api_hanging_still_answers_in_time(skill: Harness, alexa_api):
    alexa_api.inject("/v2/devices", delay_s=4.0)
    text, seconds = _timed(skill, "SpaceIntent")
    assert text.startswith("I heard you, and you'll be back in 20 minutes.")
    assert seconds < ALEXA_DEADLINE_S


@pytest.mark.parametrize("status", [401, 403, 404, 429, 500, 503])
def test_settings_api_errors_mean_relative_time(skill: Harness, alexa_api, status):
    alexa_api.inject("/v2/devices", status=status)
    assert skill.say("SpaceIntent").first_sentence.endswith("in 20 minutes.")


def test_a_crash_inside_a_handler_still_grounds(skill: Harness, monkeypatch):
    import intents.cycle

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom with private words")

    monkeypatch.setattr(intents.cycle, "slow_question", broken)
    reply = skill.say("CycleIntent")
    assert "Breathe in slowly" in reply.text
    space_reply = None
    monkeypatch.setattr("intents.space.plan_return", broken)
    space_reply = skill.say("SpaceIntent")
    assert "take twenty minutes" in space_reply.text
