"""Skill Messaging parts: the SSM credentials (moto), ask-sdk's SkillMessagingServiceClient and
LwaClient against the HTTPS stand-in's LWA and messaging endpoints, and the time budget."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from moto import mock_aws

from alexa_apis import messaging
from alexa_apis.messaging import Message, Messenger, Outcome
from alexa_apis.secrets import CredentialStore, SkillCredentials, parse_credentials
from simulator.alexa_api import AlexaApiServer
from simulator.tls import LocalTls

PARAMETER = "/pause-pact/skill-messaging"
CLIENT_ID = "amzn1.application-oa2-client.0123456789abcdef"
CLIENT_SECRET = "amzn1.oa2-cs.v1.secret-value-never-logged"
USER = "amzn1.ask.account.sim-partner"


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ssm() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("ssm", region_name="us-east-1")
        client.put_parameter(
            Name=PARAMETER,
            Type="SecureString",
            Value=json.dumps({"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET}),
        )
        yield client


@pytest.fixture
def standin(alexa_api: AlexaApiServer) -> Iterator[AlexaApiServer]:
    alexa_api.set_skill_credentials(CLIENT_ID, CLIENT_SECRET)
    alexa_api.take_messages()
    alexa_api.clear_requests()
    yield alexa_api
    alexa_api.take_messages()


def messenger(store: CredentialStore, api: AlexaApiServer, timeout_s: float = 1.0) -> Messenger:
    return Messenger(store, lwa_endpoint=api.endpoint, timeout_s=timeout_s)


# -- credentials ---------------------------------------------------------------------------


def test_credentials_come_from_the_secure_string_and_are_cached(ssm: Any) -> None:
    ticks = Ticks()
    store = CredentialStore(PARAMETER, ttl_s=900, clock=ticks)
    first = store.get()
    assert first == SkillCredentials(CLIENT_ID, CLIENT_SECRET)
    assert store.get() == first
    assert store.reads == 1, "a warm container reads the parameter once per TTL"
    ticks.now += 901
    assert store.get() == first
    assert store.reads == 2


def test_a_missing_parameter_is_none_and_not_asked_again_at_once(
    ssm: Any, caplog: pytest.LogCaptureFixture
) -> None:
    ticks = Ticks()
    store = CredentialStore("/pause-pact/nothing-here", clock=ticks)
    with caplog.at_level(logging.INFO):
        assert store.get() is None
        assert store.get() is None
    assert store.reads == 1
    assert "ParameterNotFound" in caplog.text
    ticks.now += 31
    assert store.get() is None
    assert store.reads == 2


def test_no_parameter_name_means_messaging_is_off() -> None:
    store = CredentialStore(None)
    assert not store.configured
    assert store.get() is None
    assert store.reads == 0


@pytest.mark.parametrize(
    "value",
    ["not json", "[]", '{"clientId": "x"}', '{"clientId": " ", "clientSecret": "y"}', "{}"],
)
def test_a_malformed_value_is_refused(value: str) -> None:
    assert parse_credentials(value) is None


def test_the_secret_never_shows_in_a_repr_or_the_logs(
    ssm: Any, caplog: pytest.LogCaptureFixture
) -> None:
    ssm.put_parameter(Name=PARAMETER, Type="SecureString", Value="{broken", Overwrite=True)
    with caplog.at_level(logging.DEBUG):
        assert CredentialStore(PARAMETER).get() is None
    credentials = SkillCredentials(CLIENT_ID, CLIENT_SECRET)
    assert CLIENT_SECRET not in repr(credentials) and CLIENT_ID not in str(credentials)
    assert CLIENT_SECRET not in caplog.text and "{broken" not in caplog.text


# -- the stand-in's LWA and messaging endpoints, through ask-sdk's clients --------------------


def test_a_message_is_accepted_and_queued_for_the_user(ssm: Any, standin: AlexaApiServer) -> None:
    sender = messenger(CredentialStore(PARAMETER), standin)
    outcome = sender.send(standin.endpoint, Message(USER, {"space": "e1", "version": 3}, 900))
    assert outcome is Outcome.SENT
    [queued] = standin.take_messages()
    assert queued.user_id == USER
    assert queued.data == {"space": "e1", "version": 3}
    assert queued.expires_at - queued.accepted_at == timedelta(seconds=900)
    assert standin.take_messages() == []


def test_the_lwa_token_is_reused_across_messages(ssm: Any, standin: AlexaApiServer) -> None:
    sender = messenger(CredentialStore(PARAMETER), standin)
    for version in range(3):
        assert sender.send(standin.endpoint, Message(USER, {"v": version})) is Outcome.SENT
    paths = [r.path for r in standin.requests_seen]
    assert paths.count("/auth/O2/token") == 1
    assert paths.count(f"/v1/skillmessages/users/{USER}") == 3
    assert all(r.json is None for r in standin.requests_seen if r.path == "/auth/O2/token")


def test_wrong_credentials_are_refused_and_read_again(ssm: Any, standin: AlexaApiServer) -> None:
    standin.set_skill_credentials(CLIENT_ID, "another-secret")
    store = CredentialStore(PARAMETER)
    sender = messenger(store, standin)
    assert sender.send(standin.endpoint, Message(USER, {})) is Outcome.REFUSED
    assert standin.take_messages() == []
    standin.set_skill_credentials(CLIENT_ID, CLIENT_SECRET)
    assert sender.send(standin.endpoint, Message(USER, {})) is Outcome.SENT
    assert store.reads == 2, "a refused secret is read again (it may have been rotated)"


def test_the_lwa_endpoint_wants_the_messaging_scope(standin: AlexaApiServer) -> None:
    form = {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scope": "alexa::alerts:reminders:skill:readwrite",
    }
    reply = requests.post(f"{standin.endpoint}/auth/o2/token", data=form, timeout=5)
    assert reply.status_code == 400 and reply.json()["error"] == "invalid_scope"
    form["scope"] = "alexa:skill_messaging"
    reply = requests.post(f"{standin.endpoint}/auth/o2/token", data=form, timeout=5)
    assert reply.status_code == 200
    assert reply.json()["token_type"] == "bearer" and reply.json()["expires_in"] == 3600


def test_messaging_wants_an_lwa_token_not_a_user_token(standin: AlexaApiServer) -> None:
    user_token = standin.issue_token()
    reply = requests.post(
        f"{standin.endpoint}/v1/skillmessages/users/{USER}",
        json={"data": {}},
        headers={"Authorization": f"Bearer {user_token}"},
        timeout=5,
    )
    assert reply.status_code == 403
    assert standin.take_messages() == []


@pytest.mark.parametrize(
    ("user", "body", "status"),
    [
        ("someone", {"data": {}}, 404),
        (USER, {"data": "text"}, 400),
        (USER, {"data": {}, "expiresAfterSeconds": 10}, 400),
        (USER, {"data": {"big": "x" * 7000}}, 400),
    ],
)
def test_bad_messages_are_refused(
    standin: AlexaApiServer, user: str, body: dict[str, Any], status: int
) -> None:
    form = {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scope": "alexa:skill_messaging",
    }
    token = requests.post(f"{standin.endpoint}/auth/O2/token", data=form, timeout=5).json()
    reply = requests.post(
        f"{standin.endpoint}/v1/skillmessages/users/{user}",
        json=body,
        headers={"Authorization": f"Bearer {token['access_token']}"},
        timeout=5,
    )
    assert reply.status_code == status
    assert standin.take_messages() == []


def test_unknown_user_and_failures_have_their_outcomes(ssm: Any, standin: AlexaApiServer) -> None:
    sender = messenger(CredentialStore(PARAMETER), standin)
    assert sender.send(standin.endpoint, Message("not-an-alexa-user", {})) is Outcome.UNKNOWN_USER
    standin.inject("/v1/skillmessages", status=500, times=1)
    assert sender.send(standin.endpoint, Message(USER, {})) is Outcome.UNAVAILABLE
    standin.inject("/v1/skillmessages", status=429, times=1)
    assert sender.send(standin.endpoint, Message(USER, {})) is Outcome.UNAVAILABLE
    assert standin.take_messages() == []
    assert sender.send(standin.endpoint, Message(USER, {})) is Outcome.SENT


def test_a_refused_lwa_token_is_fetched_again_once(ssm: Any, standin: AlexaApiServer) -> None:
    """403: the cached LWA token expired or was revoked; one more try with a new token."""
    sender = messenger(CredentialStore(PARAMETER), standin)
    assert sender.send(standin.endpoint, Message(USER, {"v": 1})) is Outcome.SENT
    standin.inject("/v1/skillmessages", status=403, times=1)
    assert sender.send(standin.endpoint, Message(USER, {"v": 2})) is Outcome.SENT
    paths = [r.path for r in standin.requests_seen]
    assert paths.count("/auth/O2/token") == 2
    assert [m.data for m in standin.take_messages()] == [{"v": 1}, {"v": 2}]
    standin.inject("/v1/skillmessages", status=403, times=2)
    assert sender.send(standin.endpoint, Message(USER, {"v": 3})) is Outcome.REFUSED, "once"


def test_not_configured_sends_nothing(standin: AlexaApiServer) -> None:
    sender = messenger(CredentialStore(None), standin)
    assert sender.send(standin.endpoint, Message(USER, {})) is Outcome.NOT_CONFIGURED
    assert standin.requests_seen == []


def test_a_hanging_service_costs_the_caller_only_its_wait(
    ssm: Any, standin: AlexaApiServer
) -> None:
    sender = messenger(CredentialStore(PARAMETER), standin, timeout_s=1.0)
    assert sender.send(standin.endpoint, Message(USER, {})) is Outcome.SENT  # warm: token cached
    standin.take_messages()
    standin.inject("/v1/skillmessages", delay_s=5.0)
    started = time.perf_counter()
    delivery = sender.send_soon(standin.endpoint, [Message(USER, {"v": 1})])
    finished = delivery.wait(0.25)
    waited = time.perf_counter() - started
    assert not finished
    assert waited < 0.4, f"the caller waited {waited:.2f} s"
    assert messaging.drain(3.0)
    assert delivery.outcomes == [Outcome.UNAVAILABLE], "the read timeout ended the send"
    standin.clear_faults()


def test_stand_in_state_keeps_reminders_and_consent_between_runs(
    local_standin_state: tuple[LocalTls, Path],
) -> None:
    tls, path = local_standin_state
    clock_now = [datetime(2026, 11, 22, 20, 25, tzinfo=UTC)]
    body = {
        "trigger": {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 1200},
        "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": "Time to return"}]}},
        "pushNotification": {"status": "ENABLED"},
    }
    with AlexaApiServer(tls, clock=lambda: clock_now[0], state_file=path) as first:
        token = first.issue_token(user="partner")
        first.grant_reminders(token)
        reply = requests.post(
            f"{first.endpoint}/v1/alerts/reminders",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        )
        assert reply.status_code == 201
    assert path.exists()
    clock_now[0] += timedelta(minutes=20)
    with AlexaApiServer(tls, clock=lambda: clock_now[0], state_file=path) as second:
        assert second.consented("partner")
        [due] = second.due_reminders(clock_now[0])
        assert due.user == "partner" and due.text == "Time to return"
        assert due.due_at == datetime(2026, 11, 22, 20, 45, tzinfo=UTC)


def test_a_corrupt_state_file_is_named_and_left_alone(
    local_standin_state: tuple[LocalTls, Path],
) -> None:
    tls, path = local_standin_state
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="left untouched"):
        AlexaApiServer(tls, state_file=path)
    assert path.read_text(encoding="utf-8") == "{not json"


@pytest.fixture
def local_standin_state(
    tls: LocalTls, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[LocalTls, Path]:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls.ca_file))
    return tls, tmp_path / "alexa_api.json"
