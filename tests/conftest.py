"""Shared fixtures: moto DynamoDB (table from infra/template.yaml), the HTTPS Alexa API stand-in."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import boto3
import moto.kms.models as moto_kms
import pytest
from moto import mock_aws

from pacts.store import PactStore
from simulator.alexa_api import AlexaApiServer
from simulator.dynamo import CallCounter, create_table
from simulator.envelopes import Device
from simulator.tls import LocalTls, ensure_local_tls
from tests.support.harness import TABLE, Harness

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture(autouse=True)
def _aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach AWS: dummy credentials, a fixed region, no stray endpoint."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    # A spoken question with a closed session or no reprompt fails the turn (intents/questions.py).
    monkeypatch.setenv("PAUSE_PACT_STRICT", "1")
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE", "SKILL_ID"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session", autouse=True)
def _one_kms_key_pair() -> Iterator[None]:
    """moto makes a KMS key for every table with server-side encryption (the template's),
    and generates an RSA key pair for each: a large part of every test's set-up. No test uses
    that key material: one pair per key spec, made once, serves them all."""
    once = functools.cache(moto_kms.generate_private_key)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(moto_kms, "generate_private_key", once)
        yield


@pytest.fixture(scope="session")
def _boto3_session() -> boto3.session.Session:
    """One boto3 session per test process: its service models are loaded once. (moto resets
    boto3's default session every time a mock starts, so `boto3.client` loaded them anew for
    every test.) Credentials come from the test environment when its first client is made."""
    return boto3.session.Session()


@pytest.fixture
def dynamodb(_boto3_session: boto3.session.Session) -> Iterator[Any]:
    """moto's in-process DynamoDB with the table made from infra/template.yaml."""
    with mock_aws():
        client = _boto3_session.client("dynamodb", region_name="us-east-1")
        create_table(client, TABLE)
        yield client


@pytest.fixture
def calls(dynamodb: Any) -> CallCounter:
    return CallCounter(dynamodb)


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> LocalTls:
    return ensure_local_tls(Path(tmp_path_factory.mktemp("tls")))


@pytest.fixture(scope="session")
def _alexa_server(tls: LocalTls) -> Iterator[AlexaApiServer]:
    server = AlexaApiServer(tls, default_time_zone="America/Los_Angeles")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def alexa_api(
    _alexa_server: AlexaApiServer, tls: LocalTls, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AlexaApiServer]:
    """The HTTPS Alexa service API stand-in, trusted through REQUESTS_CA_BUNDLE."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls.ca_file))
    _alexa_server.clear_faults()
    yield _alexa_server
    _alexa_server.clear_faults()


@pytest.fixture
def device(alexa_api: AlexaApiServer) -> Device:
    return Device(api_endpoint=alexa_api.endpoint, api_access_token=alexa_api.issue_token())


@pytest.fixture
def store(dynamodb: Any) -> PactStore:
    return PactStore(TABLE, lambda: dynamodb)


@pytest.fixture
def evening() -> datetime:
    """Sunday 22 November 2026, 8:25 PM in Los Angeles."""
    return datetime(2026, 11, 22, 20, 25, tzinfo=LA)


@pytest.fixture
def skill(evening: datetime, device: Device, store: PactStore, calls: CallCounter) -> Harness:
    return Harness(now=evening, device=device, store=store)
