"""Log privacy: no name, signal word, reflection answer or other slot value in any log line.

Every request of the interaction model, its dialog followed to the end, carries canaries in
every slot (see tests/support/model_requests.py) while every logger reports at DEBUG; the
canaries must reach DynamoDB (so the test really carried them through the skill) and must
never reach a log line - through lambda_handler, through the web service, and when a handler
fails with the words in its exception. The fault, fuzz and load tests check the same under
their conditions.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from lambda_function import make_handler
from settings import Settings
from simulator.alexa_api import AlexaApiServer
from simulator.envelopes import Device
from skill import create_skill
from tests.support.model_requests import (
    CANARIES_BY_TYPE,
    canaries,
    envelope,
    follow_up,
    requests_from_model,
    slot_values,
)
from tests.support.reliability import Conversation, leaked, record_text
from tests.support.signing import CERT_URL, NOW, CountingFetcher, make_pki, sign_body
from webservice import create_app

SPECS = requests_from_model()
FREE_TEXT = [*CANARIES_BY_TYPE["AMAZON.FirstName"], *CANARIES_BY_TYPE["AMAZON.SearchQuery"]]


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    yield caplog


def _stored_text(dynamodb: Any) -> str:
    items = dynamodb.scan(TableName="pause-pact")["Items"]
    return json.dumps(items)


def test_every_request_with_canaries_logs_none_of_them(
    dynamodb: Any, alexa_api: AlexaApiServer, evening: datetime, debug_logs
):
    handler = make_handler(create_skill(Settings(), clock=lambda: evening))
    for spec in SPECS:
        device = Device(api_endpoint=alexa_api.endpoint, api_access_token=alexa_api.issue_token())
        talk = Conversation(handler, device, lambda: evening)
        talk.say("SpaceIntent")
        talk.journey(spec, slot_values(spec, canary=True))
        # Inside a session too: after the cycle's offer, and after this very request.
        talk.say("CycleIntent")
        talk.journey(spec, slot_values(spec, canary=True), new=False)
    stored = _stored_text(dynamodb)
    # The canaries went all the way through: names and signal words are kept...
    assert [word for word in FREE_TEXT if word in stored], "no canary was ever stored"
    # ...and never logged, by the skill or any library, at any level.
    assert leaked(debug_logs.records, canaries()) == []
    assert logging.getLogger().getEffectiveLevel() == logging.DEBUG  # root really was at DEBUG


def test_a_failing_handler_does_not_log_the_words_that_broke_it(
    dynamodb: Any, alexa_api: AlexaApiServer, evening: datetime, monkeypatch, debug_logs
):
    import intents.space

    name = CANARIES_BY_TYPE["AMAZON.FirstName"][0]

    def broken(*_args: Any, duration: str | None = None, **_kwargs: Any) -> Any:
        message = f"cannot plan {duration} for {name}"
        raise ValueError(message)

    monkeypatch.setattr(intents.space, "plan_return", broken)
    handler = make_handler(create_skill(Settings(), clock=lambda: evening))
    device = Device(api_endpoint=alexa_api.endpoint, api_access_token=alexa_api.issue_token())
    reply = handler(device.intent("SpaceIntent", evening, {"duration": "PT47M"}), None)
    assert reply["response"]["outputSpeech"]["ssml"]
    errors = [r for r in debug_logs.records if r.levelno >= logging.ERROR]
    assert errors and "ValueError" in record_text(errors[0])  # the type is logged...
    assert leaked(debug_logs.records, ["PT47M", name]) == []  # ...the words are not


def test_web_service_logs_no_canaries(dynamodb: Any, alexa_api: AlexaApiServer, debug_logs):
    pki = make_pki("privacy")
    app = create_app(
        create_skill(Settings(), clock=lambda: NOW),
        trust_store=[pki.root],
        cert_fetcher=CountingFetcher({CERT_URL: pki.chain()}),
        clock=lambda: NOW,
    )
    client = app.test_client()
    statuses = []
    for spec in SPECS:
        device = Device(api_endpoint=alexa_api.endpoint, api_access_token=alexa_api.issue_token())
        values = slot_values(spec, canary=True)
        event: dict[str, Any] | None = envelope(device, spec, NOW, values)
        for _ in range(5):
            if event is None:
                break
            body = json.dumps(event).encode()
            headers = {
                "SignatureCertChainUrl": CERT_URL,
                "Signature-256": sign_body(body, pki.leaf_key),
            }
            response = client.post("/", data=body, headers=headers)
            statuses.append(response.status_code)
            raw = response.get_json()
            device.absorb(raw)
            event = follow_up(device, spec, raw, NOW, values)
        # A tampered copy is refused (400) without its words reaching the log either.
        client.post("/", data=body.replace(b"}", b" }", 1), headers=headers)
    assert set(statuses) == {200}
    assert leaked(debug_logs.records, canaries()) == []
