"""Load: 500 household conversations at once through the web service (`pause-pact serve`).

The real Flask app on werkzeug's threaded server (as `pause-pact serve` runs it), signatures
verified against a local PKI, DynamoDB on moto's server, the Alexa APIs on their stand-in, all
on 127.0.0.1. Each household changes its pact (a name and its usual space length), every fifth
also takes a space, and each reads its pact back. Afterwards every household's stored pact is
read straight from DynamoDB: no pact update is lost, no household ever hears or holds another's
data, every request got a 200 and a real answer, and no log line carries a name or a slot value.

moto runs one request at a time in one Python process, so DynamoDB calls queue far longer here
than on DynamoDB; the skill gets longer DynamoDB and Alexa API timeouts for this test only, so
that what is measured is correctness under concurrency, not moto's speed.
"""

from __future__ import annotations

import http.client
import json
import logging
import random
import string
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from werkzeug.serving import make_server

from pacts.model import Pact
from pacts.store import account_hash, account_key, from_dynamo, pact_key
from settings import Settings
from simulator.alexa_api import AlexaApiServer
from simulator.envelopes import Device
from skill import create_skill
from speech.catalog import Phrases
from tests.support.harness import TABLE, Reply
from tests.support.moto_process import moto_in_another_process
from tests.support.reliability import CATCH_ALL, errors_logged, leaked, valid_response
from tests.support.signing import CERT_URL, make_ca, make_leaf, pem_chain, rsa_key, sign_body
from webservice import create_app

HOUSEHOLDS = 500
SPACE_EVERY = 5  # every fifth household also takes a space
PHRASES = Phrases("en-US")
FAILURE_WORDS = [PHRASES.get(k) for k in ("not_saved", "not_saved_soft", "change.not_saved")]


def name_of(i: int) -> str:
    """A unique, pronounceable-enough first name per household (Zaba, Zabb, ...)."""
    letters = string.ascii_lowercase
    return "Za" + letters[i // 26 % 26] + letters[i % 26] + "lin"


@dataclass
class Household:
    index: int
    device: Device
    replies: list[tuple[str, int, dict[str, Any] | None]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return name_of(self.index)

    @property
    def default_minutes(self) -> int:
        return 6 + self.index  # 6 .. 505 minutes, one value per household


@pytest.fixture
def moto_endpoint() -> Iterator[str]:
    with moto_in_another_process(TABLE) as endpoint:
        yield endpoint


@pytest.fixture
def web_service(
    moto_endpoint: str, alexa_api: AlexaApiServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Any]]:
    """`pause-pact serve`'s app and server, with a local signing chain valid now."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", moto_endpoint)
    now = datetime.now(UTC) - timedelta(minutes=5)
    root_key, mid_key, leaf_key = (rsa_key(f"load-{n}") for n in ("root", "mid", "leaf"))
    root = make_ca("Load Root", root_key, now=now)
    mid = make_ca("Load Signing", mid_key, issuer=(root, root_key), now=now)
    leaf = make_leaf((mid, mid_key), leaf_key, now=now)
    chain = pem_chain(leaf, mid, root)
    settings = Settings(
        dynamodb_connect_timeout_s=10,
        dynamodb_read_timeout_s=60,
        alexa_api_timeout_s=60,
    )
    app = create_app(
        create_skill(settings), verify=True, trust_store=[root], cert_fetcher=lambda _: chain
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.request_queue_size = 1024
    server.socket.listen(1024)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_port}", leaf_key
    server.shutdown()
    server.server_close()


def signed_turns(home: Household, key: Any) -> list[tuple[str, bytes, dict[str, str]]]:
    """The household's requests, made and signed before the clock starts (as Alexa would)."""
    steps: list[tuple[str, dict[str, Any]]] = [
        (
            "ChangePactIntent",
            {"firstName": home.name, "defaultSpace": f"PT{home.default_minutes}M"},
        ),
    ]
    if home.index % SPACE_EVERY == 0:
        steps.append(("SpaceIntent", {"duration": "PT30M"}))
    steps.append(("ReadPactIntent", {}))
    turns = []
    for intent, slots in steps:
        event = home.device.intent(intent, datetime.now(UTC), slots, new_session=True)
        body = json.dumps(event).encode()
        headers = {
            "Content-Type": "application/json",
            "SignatureCertChainUrl": CERT_URL,
            "Signature-256": sign_body(body, key),
        }
        turns.append((intent, body, headers))
    return turns


def converse(
    address: str,
    home: Household,
    turns: list[tuple[str, bytes, dict[str, str]]],
    failures: list[str],
) -> None:
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    rng = random.Random(home.index)
    threading.Event().wait(rng.uniform(0, 1.5))  # people do not all speak in the same instant
    try:
        for intent, body, headers in turns:
            connection.request("POST", "/", body, headers)
            response = connection.getresponse()
            data = response.read()
            parsed = json.loads(data) if response.status == 200 else None
            home.replies.append((intent, response.status, parsed))
    except Exception as error:
        failures.append(f"household {home.index}: {type(error).__name__}: {error}")
    finally:
        connection.close()


def _scan(endpoint: str) -> list[dict[str, Any]]:
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1")
    pages = client.get_paginator("scan").paginate(TableName=TABLE, ConsistentRead=True)
    return [from_dynamo(item) for page in pages for item in page.get("Items", [])]


def test_500_households_at_once_lose_nothing_and_never_cross(
    web_service: tuple[str, Any],
    moto_endpoint: str,
    alexa_api: AlexaApiServer,
    caplog: pytest.LogCaptureFixture,
):
    caplog.set_level(logging.DEBUG)
    address, key = web_service
    homes = [
        Household(
            i, Device(api_endpoint=alexa_api.endpoint, api_access_token=alexa_api.issue_token())
        )
        for i in range(HOUSEHOLDS)
    ]
    failures: list[str] = []
    threads = [
        threading.Thread(target=converse, args=(address, home, signed_turns(home, key), failures))
        for home in homes
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []

    all_names = {home.name for home in homes}
    requests = 0
    for home in homes:
        others = all_names - {home.name}
        for intent, status, raw in home.replies:
            requests += 1
            assert status == 200, (home.index, intent, status)
            assert raw is not None and valid_response(raw), (home.index, intent)
            text = Reply(raw).text
            for words in (*FAILURE_WORDS, CATCH_ALL):
                assert words not in text, (home.index, intent, text)
            assert not [n for n in others if n in text], (home.index, intent, text)
        read_back = Reply(home.replies[-1][2] or {}).text
        assert home.name in read_back, read_back
    assert requests == sum(2 if h.index % SPACE_EVERY else 3 for h in homes)

    # Straight from DynamoDB: every update of every household, and nothing of anyone else's.
    partitions: dict[str, dict[str, dict[str, Any]]] = {}
    for item in _scan(moto_endpoint):
        partitions.setdefault(item["pk"], {})[item["sk"]] = item
    copies = {pk: items for pk, items in partitions.items() if pk.startswith("ACCOUNT#")}
    assert len(copies) == HOUSEHOLDS
    for home in homes:
        account = account_hash(home.device.user_id)
        copy = partitions.pop(account_key(account))
        pact = Pact.from_item("", copy.pop("PACT"))
        assert copy == {}
        items = partitions.pop(pact_key(pact.pact_id), {})
        assert pact.members == (account,)
        assert pact.names[:1] == (home.name,)
        assert pact.default_space_minutes == home.default_minutes
        stored = json.dumps([pact.to_item(), items], default=str)
        assert not [n for n in all_names - {home.name} if n in stored]
        if home.index % SPACE_EVERY == 0:
            space = pact.active_space
            assert space is not None and space.return_at - space.started_at == timedelta(minutes=30)
            assert [sk.split("#")[0] for sk in items] == ["EPISODE"]
        else:
            assert pact.active_space is None
            assert items == {}
    assert errors_logged(caplog.records) == []
    assert leaked(caplog.records, all_names) == []
