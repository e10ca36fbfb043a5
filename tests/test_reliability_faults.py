"""Faults: DynamoDB refusing, hanging, throttling, losing answers, conditional-check storms; the
Alexa APIs failing or hanging. Every turn answers in time with the right words, nothing is lost
or half-written (read back after the fault clears), and no log line carries what was said.

DynamoDB here is moto's real server on 127.0.0.1 (one request at a time, as DynamoDB is atomic
per item) behind a proxy that can fail, and the skill uses its production boto3 client
(timeouts, retries). Every request of the interaction model is covered, so new intents are too.
tests/test_robustness.py covers the first faults for the core intents; this goes wider.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

import pytest

from lambda_function import make_handler
from pacts.model import Pact
from pacts.store import MAX_CONFLICT_RETRIES, PactStore, StoreError, account_hash, dynamodb_client
from settings import Settings
from simulator.alexa_api import AlexaApiServer
from simulator.envelopes import Device
from skill import create_skill
from speech.catalog import Phrases
from tests.support.faults import HANG, LOSE_ANSWERS, DynamoFaults, SerialMotoServer, TcpProxy
from tests.support.harness import TABLE
from tests.support.model_requests import (
    SESSION_ENDED,
    RequestSpec,
    canaries,
    requests_from_model,
    slot_values,
)
from tests.support.reliability import (
    ALEXA_DEADLINE_S,
    CATCH_ALL,
    Conversation,
    Turn,
    errors_logged,
    leaked,
)

T = TypeVar("T")
R = TypeVar("R")
SPECS = requests_from_model()
PHRASES = Phrases("en-US")
NOT_SAVED = PHRASES.get("not_saved")
CLOCK_TIME = re.compile(r"\b\d{1,2}(:\d{2})?\s?(AM|PM)\b")


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def moto_server() -> Iterator[SerialMotoServer]:
    server = SerialMotoServer(TABLE).start()
    yield server
    server.stop()


@dataclass
class Dynamo:
    server: SerialMotoServer
    proxy: TcpProxy
    faults: DynamoFaults

    def items(self) -> list[dict[str, Any]]:
        """Every item, read straight from moto (not through the proxy), in a stable order."""
        return sorted(self.server.items(), key=lambda i: (i["pk"]["S"], i["sk"]["S"]))


@pytest.fixture
def dynamo(moto_server: SerialMotoServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Dynamo]:
    """An empty pact table behind a fault proxy; the skill's production client goes through it."""
    moto_server.reset()
    proxy = TcpProxy(moto_server.port).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint)
    settings = Settings()
    faults = DynamoFaults(
        dynamodb_client(
            settings.dynamodb_connect_timeout_s,
            settings.dynamodb_read_timeout_s,
            settings.dynamodb_max_attempts,
        )
    )
    yield Dynamo(moto_server, proxy, faults)
    faults.close()
    proxy.stop()


@pytest.fixture(autouse=True)
def _logs_stay_private(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every logger at DEBUG (root; libraries keep the level the skill gives them)."""
    caplog.set_level(logging.DEBUG)
    yield
    records = caplog.get_records("setup") + caplog.get_records("call")
    assert leaked(records, canaries()) == []


@pytest.fixture
def new_device(alexa_api: AlexaApiServer) -> Callable[[], Device]:
    def make() -> Device:
        return Device(api_endpoint=alexa_api.endpoint, api_access_token=alexa_api.issue_token())

    return make


def skill_handler(clock: Callable[[], datetime]) -> Any:
    return make_handler(create_skill(Settings(), clock=clock))


def in_parallel(job: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """`job` for every item at once (one thread each unless `workers` says otherwise)."""
    with ThreadPoolExecutor(max_workers=workers or max(1, len(items))) as pool:
        return list(pool.map(job, items))


def speech_of(turns: list[Turn]) -> str:
    return " ".join(turn.reply.text for turn in turns)


def assert_in_time_and_calm(spec: RequestSpec, turns: list[Turn]) -> None:
    for turn in turns:
        assert turn.seconds < ALEXA_DEADLINE_S, (spec.name, turn.seconds)
        assert turn.reply.raw.get("version") == "1.0", spec.name
        if spec.name != SESSION_ENDED:
            assert turn.reply.ssml, spec.name
        assert CATCH_ALL not in turn.reply.text, spec.name


# -- DynamoDB refusing or throttling: every request, every dialog turn -----------------------


@pytest.mark.parametrize("fault", ["refused", "hanging", "throttled"])
def test_every_request_answers_in_time_and_nothing_is_lost(
    fault: str, dynamo: Dynamo, new_device: Callable[[], Device], evening: datetime, caplog
):
    handler = skill_handler(lambda: evening)
    talks = {spec.name: Conversation(handler, new_device(), lambda: evening) for spec in SPECS}
    # Every household has a running space, written while DynamoDB was well (back at 8:45 PM).
    # One at a time: 47 writes at once queue behind the serial server past the 1 s read timeout
    # on a loaded machine, which is a fault this set-up is not meant to inject.
    for talk in talks.values():
        assert NOT_SAVED not in talk.say("SpaceIntent").reply.text
    before = dynamo.items()

    if fault == "refused":
        dynamo.proxy.refuse()
    elif fault == "hanging":
        dynamo.proxy.mode = HANG
        dynamo.proxy.drop_connections()  # kept-alive connections meet the fault too
    else:
        dynamo.faults.throttle(
            "Query",
            "GetItem",
            "PutItem",
            "TransactWriteItems",
            "BatchWriteItem",
            "DeleteItem",
            "UpdateItem",
        )
    results = in_parallel(lambda s: talks[s.name].journey(s, slot_values(s, canary=True)), SPECS)
    for spec, turns in zip(SPECS, results, strict=True):
        assert_in_time_and_calm(spec, turns)
    by_name = dict(zip([s.name for s in SPECS], results, strict=True))
    # The right words: the return time is still said, and that it could not be kept.
    space = speech_of(by_name["SpaceIntent"])
    assert "9:12 PM" in space and NOT_SAVED in space  # PT47M from 8:25 PM
    assert "Breathe" in speech_of(by_name["CycleIntent"])
    assert "Breathe" in speech_of(by_name["GroundingIntent"])
    assert errors_logged(caplog.records) == []

    dynamo.proxy.heal()
    dynamo.faults.clear()
    assert dynamo.items() == before  # nothing written over, nothing half-written
    survivors = [t for name, t in talks.items() if name not in {"DeleteDataIntent", "SafetyIntent"}]
    for talk in survivors[:4]:
        assert "8:45 PM" in talk.say("ReturnTimeIntent").reply.text


# -- hanging, lost answers: the write path ---------------------------------------------------


def test_a_write_that_hangs_is_told_and_not_half_done(
    dynamo: Dynamo, new_device: Callable[[], Device], evening: datetime
):
    talk = Conversation(skill_handler(lambda: evening), new_device(), lambda: evening)
    talk.say("SpaceIntent", {"duration": "PT20M"})
    before = dynamo.items()
    # The read answers; the write is accepted and never answered.
    faults_on_write = threading.Event()

    def hang_writes(request: Any, **_: Any) -> None:
        target = str(request.headers.get("X-Amz-Target", b""), "utf-8", "replace")
        if "Write" in target or "PutItem" in target:
            faults_on_write.set()
            dynamo.proxy.mode = HANG

    dynamo.faults._client.meta.events.register("before-send.dynamodb", hang_writes)
    try:
        turn = talk.say("SpaceIntent", {"duration": "PT1H"})
    finally:
        dynamo.faults._client.meta.events.unregister("before-send.dynamodb", hang_writes)
    assert faults_on_write.is_set()
    assert turn.seconds < ALEXA_DEADLINE_S
    assert "9:25 PM" in turn.reply.text and NOT_SAVED in turn.reply.text
    dynamo.proxy.heal()
    assert dynamo.items() == before
    assert "8:45 PM" in talk.say("ReturnTimeIntent").reply.text


def test_a_write_whose_answer_is_lost_leaves_whole_data(
    dynamo: Dynamo, new_device: Callable[[], Device], evening: datetime
):
    """DynamoDB acts on the write, the answer never arrives, botocore retries: the turn says it
    could not keep it, yet what is stored is complete and consistent (never half a change)."""
    talk = Conversation(skill_handler(lambda: evening), new_device(), lambda: evening)
    talk.say("SpaceIntent", {"duration": "PT20M"})

    def lose_write_answers(request: Any, **_: Any) -> None:
        target = str(request.headers.get("X-Amz-Target", b""), "utf-8", "replace")
        dynamo.proxy.mode = LOSE_ANSWERS if "Write" in target else "pass"

    client = dynamo.faults._client
    client.meta.events.register("before-send.dynamodb", lose_write_answers)
    try:
        turn = talk.say("SpaceIntent", {"duration": "PT1H"})
    finally:
        client.meta.events.unregister("before-send.dynamodb", lose_write_answers)
    dynamo.proxy.heal()
    assert turn.seconds < ALEXA_DEADLINE_S
    assert "9:25 PM" in turn.reply.text
    # Stored: the new space in full (pact and its episode), whatever the turn could confirm.
    after = talk.say("ReturnTimeIntent").reply.text
    assert "9:25 PM" in after
    store = PactStore(TABLE, dynamo.server.client)
    episodes = store.episodes(talk.device.user_id)
    # One space whose return time moved: one episode, with the new return time.
    assert [str(e.get("return_at")) for e in episodes] == ["2026-11-23T05:25:00+00:00"]


@pytest.mark.parametrize(
    ("operation", "intent", "slots", "told"),
    [
        ("Query", "SpaceIntent", {"duration": "PT1H"}, "not_saved"),
        ("TransactWriteItems", "SpaceIntent", {"duration": "PT1H"}, "not_saved"),
        ("PutItem", "ChangePactIntent", {"defaultSpace": "PT47M"}, "change.not_saved"),
        ("TransactWriteItems", "BackIntent", {}, "not_saved_soft"),
    ],
)
def test_throttled_operation_then_read_back(
    operation: str,
    intent: str,
    slots: dict[str, str],
    told: str,
    dynamo: Dynamo,
    new_device: Callable[[], Device],
    evening: datetime,
):
    talk = Conversation(skill_handler(lambda: evening), new_device(), lambda: evening)
    talk.say("SpaceIntent", {"duration": "PT20M"})
    before = dynamo.items()
    dynamo.faults.throttle(operation)
    turn = talk.say(intent, slots)
    assert turn.seconds < ALEXA_DEADLINE_S
    assert CATCH_ALL not in turn.reply.text
    if operation != "Query":  # a failed read writes nothing, so there is nothing to report
        assert PHRASES.get(told) in turn.reply.text
    dynamo.faults.clear()
    assert dynamo.items() == before
    assert "8:45 PM" in talk.say("ReturnTimeIntent").reply.text
    # And the same change succeeds once DynamoDB is well again.
    again = talk.say(intent, slots)
    assert PHRASES.get(told) not in again.reply.text
    assert dynamo.items() != before


# -- conditional-check storms ----------------------------------------------------------------


def _accounts(store: PactStore, user: str) -> Pact:
    return store.load(user).pact


def _add_account(store: PactStore, user: str, member: str, name: str) -> bool:
    household = store.load(user)
    household.change(lambda p: replace(p, accounts={**p.accounts, member: name}))
    try:
        store.save(household)
    except StoreError:
        return False
    return True


ROUNDS = 2


def test_conflicting_writers_within_the_retry_budget_all_land(dynamo: Dynamo):
    """As many writers at once as the store has attempts: every update lands, none is lost."""
    store = PactStore(TABLE, lambda: dynamo.server.client(dynamo.proxy.endpoint))
    user = "amzn1.ask.account.storm"
    writers = MAX_CONFLICT_RETRIES + 1
    for round_ in range(ROUNDS):
        start = threading.Barrier(writers)

        def write(i: int, round_: int = round_, start: threading.Barrier = start) -> bool:
            start.wait()
            return _add_account(store, user, f"{round_}-{i}", f"writer {i}")

        assert in_parallel(write, range(writers)) == [True] * writers
    pact = _accounts(store, user)
    assert len(pact.accounts) == ROUNDS * writers
    assert pact.version == ROUNDS * writers


def test_a_storm_of_writers_loses_no_acknowledged_update(dynamo: Dynamo):
    """Many more writers than attempts: a write either lands or is refused (and the skill then
    says so); an acknowledged write is never lost, a refused one never half-applied."""
    store = PactStore(TABLE, lambda: dynamo.server.client(dynamo.proxy.endpoint))
    user = "amzn1.ask.account.big-storm"
    writers = MAX_CONFLICT_RETRIES + 5  # more than the store has attempts
    start = threading.Barrier(writers)

    def write(i: int) -> bool:
        start.wait()
        return _add_account(store, user, f"w{i}", f"writer {i}")

    landed = in_parallel(write, range(writers))
    pact = _accounts(store, user)
    assert set(pact.accounts) == {f"w{i}" for i, ok in enumerate(landed) if ok}
    assert pact.version == sum(landed)
    assert sum(landed) >= min(writers, MAX_CONFLICT_RETRIES + 1)


def test_partners_speaking_at_once_keep_one_whole_space(
    dynamo: Dynamo, alexa_api: AlexaApiServer, evening: datetime
):
    """Six voices on one account ask for space at the same moment: each hears its return time;
    what is stored is exactly the spaces that were confirmed (an episode each), never a mix."""
    handler = skill_handler(lambda: evening)
    user = "amzn1.ask.account.six-voices"
    token = alexa_api.issue_token()
    voices = [
        Device(
            user_id=user,
            person_id=f"amzn1.ask.person.{i}",
            api_endpoint=alexa_api.endpoint,
            api_access_token=token,
        )
        for i in range(6)
    ]
    talks = [Conversation(handler, d, lambda: evening) for d in voices]
    start = threading.Barrier(len(talks))

    def speak(i: int) -> Turn:
        start.wait()
        return talks[i].say("SpaceIntent", {"duration": f"PT{20 + i}M"})

    turns = in_parallel(speak, range(len(talks)))
    saved = [i for i, t in enumerate(turns) if NOT_SAVED not in t.reply.text]
    for i, turn in enumerate(turns):
        assert turn.seconds < ALEXA_DEADLINE_S
        assert f"8:{45 + i} PM" in turn.reply.text
    if len(talks) <= MAX_CONFLICT_RETRIES + 1:  # within the store's attempts: all must land
        assert saved == list(range(len(talks)))
    store = PactStore(TABLE, dynamo.server.client)
    household = store.load(user)
    assert household.pact.version == len(saved)
    space = household.pact.active_space
    assert space is not None
    assert space.person in {f"v:{account_hash(f'amzn1.ask.person.{i}')}" for i in saved}
    assert len(store.episodes(user)) == len(saved)


def test_an_endless_conditional_failure_is_told_in_time_and_writes_nothing(
    dynamo: Dynamo, new_device: Callable[[], Device], evening: datetime
):
    talk = Conversation(skill_handler(lambda: evening), new_device(), lambda: evening)
    talk.say("SpaceIntent", {"duration": "PT20M"})
    before = dynamo.items()
    dynamo.faults.conditional_failure("PutItem", "TransactWriteItems")
    dynamo.faults.seen.clear()
    turn = talk.say("SpaceIntent", {"duration": "PT1H"})
    assert turn.seconds < ALEXA_DEADLINE_S
    assert "9:25 PM" in turn.reply.text and NOT_SAVED in turn.reply.text
    writes = [op for op in dynamo.faults.seen if op in {"PutItem", "TransactWriteItems"}]
    assert len(writes) == MAX_CONFLICT_RETRIES + 1  # bounded: re-read, re-apply, give up
    dynamo.faults.clear()
    assert dynamo.items() == before
    assert NOT_SAVED not in talk.say("SpaceIntent", {"duration": "PT1H"}).reply.text
    assert "9:25 PM" in talk.say("ReturnTimeIntent").reply.text


# -- the Alexa APIs failing, for every request that calls one --------------------------------


_api_callers: list[RequestSpec] = []


@pytest.fixture
def api_callers(
    dynamo: Dynamo, alexa_api: AlexaApiServer, new_device: Callable[[], Device], evening: datetime
) -> list[RequestSpec]:
    """The requests that call an Alexa API (found once, by asking each with everything well)."""
    if not _api_callers:
        handler = skill_handler(lambda: evening)
        for spec in SPECS:
            talk = Conversation(handler, new_device(), lambda: evening)
            talk.say("SpaceIntent")
            alexa_api.clear_requests()
            talk.journey(spec)
            if alexa_api.requests_seen:
                _api_callers.append(spec)
        assert any(spec.name == "SpaceIntent" for spec in _api_callers)
    return _api_callers


@pytest.mark.parametrize("fault", [401, 403, 429, 500, "hang"])
def test_alexa_api_faults_for_every_request_that_calls_one(
    fault: int | str,
    api_callers: list[RequestSpec],
    alexa_api: AlexaApiServer,
    new_device: Callable[[], Device],
    evening: datetime,
    caplog,
):
    handler = skill_handler(lambda: evening)
    talks = [Conversation(handler, new_device(), lambda: evening) for _ in api_callers]
    for talk in talks:
        talk.say("SpaceIntent", {"duration": "PT20M"})
    if fault == "hang":
        alexa_api.inject("/", delay_s=2.5)
    else:
        alexa_api.inject("/", status=int(fault))
    results = in_parallel(
        lambda pair: pair[0].journey(pair[1], slot_values(pair[1], canary=True)),
        list(zip(talks, api_callers, strict=True)),
    )
    alexa_api.clear_faults()
    for spec, turns in zip(api_callers, results, strict=True):
        assert_in_time_and_calm(spec, turns)
        if spec.name in {"SpaceIntent", "ReturnTimeIntent", "ConnectionIntent", "LaunchRequest"}:
            # Without the device's time zone no clock time may be said: it could be wrong.
            assert not CLOCK_TIME.search(speech_of(turns)), (spec.name, speech_of(turns))
    assert errors_logged(caplog.records) == []
    # Once the APIs answer again, so does the clock time.
    assert "PM" in talks[0].say("ReturnTimeIntent").reply.text


# An unreadable pact must not be spoken of as an empty one.
ABSENCE = {
    "ReturnTimeIntent": ("return.none",),
    "ReadPactIntent": ("pact.none",),
    "SignalIntent": ("signal.none", "signal.unknown"),
    "StopReflectionIntent": ("reflection.none",),
}


@pytest.mark.parametrize("intent", [name for name in ABSENCE if name in {s.name for s in SPECS}])
def test_an_unreadable_pact_is_never_called_empty(
    intent: str, dynamo: Dynamo, new_device: Callable[[], Device], evening: datetime
):
    talk = Conversation(skill_handler(lambda: evening), new_device(), lambda: evening)
    setup = next(s for s in SPECS if s.name == "SetupPactIntent")
    talk.journey(setup)  # names, signals, reflection time: a pact that exists
    talk.say("SpaceIntent")  # and a space that runs until 8:45 PM
    assert "8:45 PM" in talk.say("ReturnTimeIntent").reply.text
    dynamo.proxy.refuse()
    spec = next(s for s in SPECS if s.name == intent)
    text = speech_of(talk.journey(spec))
    for key in ABSENCE[intent]:
        assert PHRASES.get(key) not in text, text
