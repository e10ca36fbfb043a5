"""Warm turns in a fresh process, against moto's server and the Alexa API stand-in (bench.infra).

`python -m bench.turns latency ROUNDS PER_ROUND` - "I need space" and "when are we coming back"
through `lambda_function.lambda_handler`, interleaved turn by turn with the baseline: a
hello-world ask-sdk skill whose one handler reads and saves ask-sdk's DynamoDbAdapter
persistent attributes on the same server. Prints every sample (seconds), per round.

`python -m bench.turns rss ours|baseline TURNS` - TURNS warm turns of a realistic mix, then
the process's peak and current resident memory (MB).

Environment (set by bench.run): AWS_ENDPOINT_URL_DYNAMODB, REQUESTS_CA_BUNDLE, BENCH_ALEXA
(the Alexa API endpoint) and BENCH_TOKENS (comma-separated access tokens).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import BASELINE_TABLE, emit, fresh_tables
from simulator.envelopes import Device

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
HOUSEHOLDS = 40
WARMUP_TURNS = 20


def devices(count: int) -> list[Device]:
    endpoint = os.environ["BENCH_ALEXA"]
    tokens = os.environ["BENCH_TOKENS"].split(",")
    return [
        Device(api_endpoint=endpoint, api_access_token=tokens[i % len(tokens)])
        for i in range(count)
    ]


def ours() -> Handler:
    from lambda_function import lambda_handler  # noqa: PLC0415 - measured process only

    return lambda_handler


def baseline() -> Handler:
    """The hello-world skill with ask-sdk's DynamoDbAdapter (a read and a save per turn)."""
    import boto3  # noqa: PLC0415
    from ask_sdk_core.skill_builder import CustomSkillBuilder  # noqa: PLC0415
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter  # noqa: PLC0415

    adapter = DynamoDbAdapter(
        BASELINE_TABLE,
        create_table=True,
        dynamodb_resource=boto3.resource(
            "dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL_DYNAMODB"]
        ),
    )
    builder = CustomSkillBuilder(persistence_adapter=adapter)

    @builder.request_handler(can_handle_func=lambda _: True)
    def hello(handler_input: Any) -> Any:
        attributes = handler_input.attributes_manager.persistent_attributes
        attributes["turns"] = int(attributes.get("turns", 0)) + 1
        handler_input.attributes_manager.save_persistent_attributes()
        return handler_input.response_builder.speak("Hello world").response

    handler: Handler = builder.lambda_handler()
    return handler


def _timed(handler: Handler, event: dict[str, Any]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one turn (CPU: this process only, not moto's)."""
    wall, cpu = time.perf_counter(), time.process_time()
    reply = handler(event, None)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if "response" not in reply:
        raise RuntimeError("a bench turn did not answer")
    return wall, cpu


KINDS = ("space", "return", "baseline")


def latency(rounds: int, per_round: int) -> dict[str, Any]:
    """Per round and kind: wall-clock and CPU seconds of every turn; then a breakdown pass."""
    skill, hello = ours(), baseline()
    homes = devices(HOUSEHOLDS)
    wall: dict[str, list[list[float]]] = {kind: [] for kind in KINDS}
    cpu: dict[str, list[list[float]]] = {kind: [] for kind in KINDS}
    for _ in range(rounds):
        fresh_tables(os.environ["AWS_ENDPOINT_URL_DYNAMODB"], baseline=True)
        for i, device in enumerate(homes):  # every household has a running space
            skill(device.intent("SpaceIntent", _now(), new_session=True), None)
            if i < WARMUP_TURNS:
                hello(device.intent("SpaceIntent", _now(), new_session=True), None)
                skill(device.intent("ReturnTimeIntent", _now(), new_session=True), None)
        this_wall: dict[str, list[float]] = {kind: [] for kind in KINDS}
        this_cpu: dict[str, list[float]] = {kind: [] for kind in KINDS}
        turn = 0
        for i in range(per_round):
            # Rotate the order so no kind always runs first (caches, GC, the other process).
            plan = [("space", skill), ("baseline", hello), ("return", skill), ("baseline", hello)]
            shift = i % len(plan)
            for kind, handler in plan[shift:] + plan[:shift]:
                device = homes[turn % HOUSEHOLDS]
                turn += 1
                intent = "ReturnTimeIntent" if kind == "return" else "SpaceIntent"
                seconds, cpu_seconds = _timed(
                    handler, device.intent(intent, _now(), new_session=True)
                )
                this_wall[kind].append(seconds)
                this_cpu[kind].append(cpu_seconds)
        for kind in KINDS:
            wall[kind].append(this_wall[kind])
            cpu[kind].append(this_cpu[kind])
    return {"wall": wall, "cpu": cpu, "breakdown": breakdown(skill, homes)}


def breakdown(skill: Handler, homes: list[Device]) -> dict[str, dict[str, float]]:
    """Where a turn's time goes (ms per turn): each DynamoDB operation and the Alexa APIs."""
    from alexa_apis.client import TimedApiClient  # noqa: PLC0415
    from pacts.store import dynamodb_client  # noqa: PLC0415
    from settings import Settings  # noqa: PLC0415

    settings = Settings.from_env()
    client = dynamodb_client(
        settings.dynamodb_connect_timeout_s,
        settings.dynamodb_read_timeout_s,
        settings.dynamodb_max_attempts,
    )
    spent: dict[str, float] = {}
    started: dict[str, float] = {}

    def before(model: Any, **_: Any) -> None:
        started[model.name] = time.perf_counter()

    def after(model: Any, **_: Any) -> None:
        name = f"dynamodb {model.name}"
        spent[name] = spent.get(name, 0.0) + time.perf_counter() - started[model.name]

    client.meta.events.register("before-call.dynamodb", before)
    client.meta.events.register("after-call.dynamodb", after)
    invoke = TimedApiClient.invoke

    def timed_invoke(self: Any, request: Any) -> Any:
        start = time.perf_counter()
        try:
            return invoke(self, request)
        finally:
            spent["alexa api"] = spent.get("alexa api", 0.0) + time.perf_counter() - start

    TimedApiClient.invoke = timed_invoke  # type: ignore[method-assign]
    result: dict[str, dict[str, float]] = {}
    turns = 30
    try:
        for kind, intent in (("space", "SpaceIntent"), ("return", "ReturnTimeIntent")):
            spent.clear()
            start = time.perf_counter()
            for i in range(turns):
                event = homes[i % len(homes)].intent(intent, _now(), new_session=True)
                skill(event, None)
            total = time.perf_counter() - start
            parts = {name: seconds * 1000 / turns for name, seconds in spent.items()}
            parts["skill and ask-sdk"] = total * 1000 / turns - sum(parts.values())
            result[kind] = {name: round(ms, 2) for name, ms in parts.items()}
    finally:
        TimedApiClient.invoke = invoke  # type: ignore[method-assign]
        client.meta.events.unregister("before-call.dynamodb", before)
        client.meta.events.unregister("after-call.dynamodb", after)
    return result


def _now() -> datetime:
    return datetime.now(UTC)


MIX = (
    "SpaceIntent",
    "ReturnTimeIntent",
    "CycleIntent",
    "AMAZON.YesIntent",
    "ConnectionIntent",
    "ReturnTimeIntent",
    "BackIntent",
    "GroundingIntent",
    "AMAZON.HelpIntent",
    "LAUNCH",
)


def memory_mb() -> dict[str, float]:
    fields: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmHWM", "VmRSS"}:
            fields[name] = int(value.split()[0]) / 1024
    return fields


def rss(which: str, turns: int) -> dict[str, Any]:
    handler = ours() if which == "ours" else baseline()
    homes = devices(20)
    for i in range(turns):
        device = homes[i % len(homes)]
        step = MIX[(i // len(homes)) % len(MIX)]
        now = datetime.now(UTC)
        if step == "LAUNCH":
            event = device.launch(now)
        else:
            event = device.intent(step, now, new_session=step != "AMAZON.YesIntent")
        device.absorb(handler(event, None))
    memory = memory_mb()
    return {"turns": turns, "peak_mb": memory["VmHWM"], "current_mb": memory["VmRSS"]}


def main(argv: list[str]) -> int:
    if argv[0] == "latency":
        emit(latency(int(argv[1]), int(argv[2])))
    elif argv[0] == "rss":
        emit(rss(argv[1], int(argv[2])))
    else:
        raise SystemExit(f"unknown mode {argv[0]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
