"""Fuzzing with Hypothesis: whatever arrives, the skill answers.

* Arbitrary JSON and real envelopes bent out of shape: `lambda_handler` never raises past
  ask-sdk's exception handler and always returns a response Alexa accepts.
* Any slot values for every intent of the model: a real answer, never the catch-all (an
  exception in a handler), and no slot value in any log line (at DEBUG).
* The web service (signatures verified on a local PKI): 200 or 400, never a 500, for any body,
  any signed envelope, any headers.

DynamoDB is moto's in-process mock; the Alexa APIs are the local HTTPS stand-in; name lookups of
anything but 127.0.0.1 fail while these run.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambda_function import make_handler
from settings import Settings
from simulator.alexa_api import AlexaApiServer
from simulator.envelopes import Device
from skill import create_skill
from tests.support.fuzz import (
    MARKER,
    build,
    json_values,
    loopback_only,
    mutated,
    spec_and_slots,
)
from tests.support.model_requests import requests_from_model, slot_values
from tests.support.reliability import CATCH_ALL, errors_logged, leaked, valid_response
from tests.support.signing import CERT_URL, NOW, CountingFetcher, make_pki, sign_body
from webservice import create_app

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SPECS = requests_from_model()


@pytest.fixture(autouse=True)
def _local_only() -> Iterator[None]:
    with loopback_only():
        yield


@pytest.fixture
def handler(dynamodb: Any, evening: datetime) -> Any:
    return make_handler(create_skill(Settings(), clock=lambda: evening))


@pytest.fixture
def household(alexa_api: AlexaApiServer) -> Device:
    return Device(api_endpoint=alexa_api.endpoint, api_access_token=alexa_api.issue_token())


def _calm_and_valid(reply: Any) -> None:
    assert valid_response(reply), reply


@settings(FUZZ, max_examples=150)
@given(
    event=json_values
    | st.dictionaries(st.sampled_from(["version", "session", "context", "request"]), json_values)
)
def test_arbitrary_json_gets_a_valid_answer(handler: Any, event: Any):
    _calm_and_valid(handler(event, None))


@settings(FUZZ, max_examples=250)
@given(data=st.data())
def test_mutated_envelopes_get_a_valid_answer(
    handler: Any, household: Device, evening: datetime, data: st.DataObject, caplog
):
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    spec, slots = data.draw(spec_and_slots())
    base = build(household, spec, evening, slots)
    if data.draw(st.booleans()):
        base.setdefault("session", {})["attributes"] = data.draw(
            st.dictionaries(st.sampled_from(["offer", "pause_pact", "x"]), json_values, max_size=2)
        )
    event = data.draw(mutated(base))
    _calm_and_valid(handler(event, None))
    household.end_session()
    assert leaked(caplog.records, [MARKER]) == []


@settings(FUZZ, max_examples=250)
@given(request=spec_and_slots())
def test_any_slot_values_get_a_real_answer_and_stay_out_of_logs(
    handler: Any, household: Device, evening: datetime, request: Any, caplog
):
    """Slot values are what people said: nothing they say may crash a handler or be logged."""
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    spec, slots = request
    reply = handler(build(household, spec, evening, slots), None)
    household.end_session()
    _calm_and_valid(reply)
    speech = (reply["response"].get("outputSpeech") or {}).get("ssml", "")
    assert CATCH_ALL not in speech, (spec.name, slots)
    assert errors_logged(caplog.records) == [], (spec.name, slots)
    assert leaked(caplog.records, [MARKER]) == []


# -- the web service -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pki() -> Any:
    return make_pki("fuzz")


@pytest.fixture
def client(pki: Any, dynamodb: Any) -> Any:
    app = create_app(
        create_skill(Settings(), clock=lambda: NOW),
        verify=True,
        trust_store=[pki.root],
        cert_fetcher=CountingFetcher({CERT_URL: pki.chain()}),
        clock=lambda: NOW,
    )
    return app.test_client()


def _post(client: Any, body: bytes, headers: dict[str, str]) -> int:
    return int(client.post("/", data=body, headers=headers).status_code)


def _signed(pki: Any, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "SignatureCertChainUrl": CERT_URL,
        "Signature-256": sign_body(body, pki.leaf_key),
    }


@settings(FUZZ, max_examples=120)
@given(body=st.binary(max_size=2048) | json_values.map(lambda v: json.dumps(v).encode()))
def test_web_service_any_signed_body_is_200_or_400(client: Any, pki: Any, body: bytes):
    assert _post(client, body, _signed(pki, body)) in {200, 400}


@settings(FUZZ, max_examples=80)
@given(data=st.data())
def test_web_service_signed_mutated_envelopes_are_200_or_400(
    client: Any, pki: Any, alexa_api: AlexaApiServer, data: st.DataObject, caplog
):
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    device = Device(api_endpoint=alexa_api.endpoint, api_access_token=alexa_api.issue_token())
    spec, slots = data.draw(spec_and_slots())
    event = build(device, spec, NOW, slots)
    if data.draw(st.booleans()):
        event = data.draw(mutated(event))
    body = json.dumps(event).encode()
    status = _post(client, body, _signed(pki, body))
    assert status in {200, 400}
    assert leaked(caplog.records, [MARKER]) == []


@settings(FUZZ, max_examples=100)
@given(
    headers=st.dictionaries(
        st.sampled_from(["SignatureCertChainUrl", "Signature-256", "Signature", "Content-Type"]),
        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80)
        | st.sampled_from([CERT_URL, "https://s3.amazonaws.com/echo.api/../x.pem", "AAAA"]),
        max_size=4,
    )
)
def test_web_service_any_headers_are_200_or_400(
    client: Any, household: Device, headers: dict[str, str]
):
    spec = next(s for s in SPECS if s.name == "SpaceIntent")
    body = json.dumps(build(household, spec, NOW, {})).encode()
    assert _post(client, body, headers) in {200, 400}


def test_fuzz_strategies_reach_every_request_kind():
    """The slot strategy can produce every request of the model (new intents included)."""
    assert {s.name for s in SPECS} >= {"LaunchRequest", "SessionEndedRequest", "SpaceIntent"}
    assert all(isinstance(v, str) for s in SPECS for v in slot_values(s).values())


@pytest.mark.parametrize("name", ["Sam\x08", "Sam\x00", "Sam\x1b", "Sam\ufffe"])
def test_control_characters_in_a_name_still_give_valid_ssml(
    handler: Any, household: Device, evening: datetime, name: str
):
    reply = handler(household.intent("NameIntent", evening, {"name": name}), None)
    assert valid_response(reply)
    later = handler(household.intent("ReadPactIntent", evening, new_session=True), None)
    assert valid_response(later)
