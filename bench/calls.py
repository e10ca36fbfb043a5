"""DynamoDB calls per turn, for every request the interaction model allows.

`python -m bench.calls` counts, with botocore's event hooks on the skill's own client, the reads
and writes of every turn of every request: each intent of `interaction_models/en-US.json` (with
realistic slot values, its dialog followed to the end as Alexa would: confirmations answered
yes, elicited slots given) plus LaunchRequest and SessionEndedRequest. Always for a household
that already has a running space, in these contexts:

* `new session`: the request opens a session;
* `after X`: inside a session the skill left open after X (every request that leaves one open,
  e.g. the cycle's offer, the delete confirmation), so "yes" and "no" meet every offer;
* `partner warm` / `partner cold`: the partner who joined the pact with a pairing code, on the
  container that paired them and on a fresh container (a cold Lambda).

New intents are measured as soon as the model has them. Beside the calls, every turn's read and
write request units (bench.capacity: what DynamoDB on-demand would bill, a transaction at its
real price), the sizes of the items written, and botocore's retries: a turn whose call was
retried (moto answering after the skill's read timeout) is counted, never silently mixed in.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bench.capacity import Meter, item_size, sort_key_kind
from bench.common import TABLE, emit, fresh_tables, median
from lambda_function import make_handler
from pacts.store import PactStore, dynamodb_client
from settings import Settings
from simulator.dynamo import CallCounter
from simulator.envelopes import Device
from skill import create_skill
from tests.support.model_requests import (
    RequestSpec,
    envelope,
    follow_up,
    requests_from_model,
    slot_values,
    spoken_code,
)

MAX_DIALOG_TURNS = 5
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


@dataclass
class Turn:
    reads: int
    writes: int
    calls: list[str]
    read_units: float
    write_units: float
    retried: list[str]


@dataclass
class Bench:
    client: Any
    counter: CallCounter
    meter: Meter
    handler: Handler
    seen: dict[str, dict[str, list[Turn]]] = field(default_factory=dict)
    sizes: dict[str, list[int]] = field(default_factory=dict)
    retried_turns: list[str] = field(default_factory=list)
    setup_anomalies: list[str] = field(default_factory=list)
    homes: int = 0

    def take(self, label: str) -> Turn:
        """This turn's calls, units and retries; then start counting afresh."""
        reads, writes, calls = self.counter.take()
        metered = self.meter.take()
        for call in metered:
            for item in call.written:
                self.sizes.setdefault(sort_key_kind(item), []).append(item_size(item))
        retried = [c.operation for c in metered if c.attempts > 1]
        if retried:
            self.retried_turns.append(f"{label}: {', '.join(retried)} retried")
        return Turn(
            reads=reads,
            writes=writes,
            calls=calls,
            read_units=sum(c.read_units for c in metered),
            write_units=sum(c.write_units for c in metered),
            retried=retried,
        )

    def fresh_container(self) -> Handler:
        """A new skill and store: nothing cached, as in a cold Lambda."""
        return make_handler(
            create_skill(Settings.from_env(), store=PactStore(TABLE, lambda: self.client))
        )

    def send(self, device: Device, event: dict[str, Any], handler: Handler | None = None) -> Any:
        reply = (handler or self.handler)(event, None)
        device.absorb(reply)
        return reply

    def journey(
        self,
        device: Device,
        spec: RequestSpec,
        *,
        new_session: bool,
        record: str | None = None,
        values: dict[str, str] | None = None,
        handler: Handler | None = None,
    ) -> dict[str, Any]:
        """The request and its dialog to the end; each turn's calls recorded under `record`."""
        values = values if values is not None else slot_values(spec)
        now = datetime.now(UTC)
        event: dict[str, Any] | None = envelope(
            device, spec, now, values, new_session=new_session if spec.is_intent else None
        )
        reply: dict[str, Any] = {}
        for _ in range(MAX_DIALOG_TURNS):
            if event is None:
                break
            self.take("between turns")
            reply = self.send(device, event, handler)
            turn = self.take(f"{spec.name} ({record or 'set-up'})")
            if record is not None:
                self.seen.setdefault(spec.name, {}).setdefault(record, []).append(turn)
            event = follow_up(device, spec, reply, now, values)
        return reply

    def home(self) -> Device:
        """A new household (its own account) with a running space.

        A set-up turn that did not write exactly once is noted (with its calls and retries),
        not fatal: the figures say how many there were. Only when most set-ups fail is
        DynamoDB taken to be unreachable and the step stopped (bench.run records why).
        """
        tokens = os.environ["BENCH_TOKENS"].split(",")
        device = Device(api_endpoint=os.environ["BENCH_ALEXA"], api_access_token=tokens[0])
        self.take("between turns")
        self.send(device, device.intent("SpaceIntent", datetime.now(UTC), new_session=True))
        turn = self.take("set-up space")
        self.homes += 1
        if turn.writes != 1:
            retried = f", retried {turn.retried}" if turn.retried else ""
            self.setup_anomalies.append(f"{turn.writes} writes: {turn.calls}{retried}")
            if len(self.setup_anomalies) > max(3, self.homes // 2):
                raise RuntimeError(
                    f"{len(self.setup_anomalies)} of {self.homes} set-up spaces were not written"
                    f" once (is DynamoDB reachable?): {self.setup_anomalies[-3:]}"
                )
        return device


def measure() -> dict[str, Any]:
    settings = Settings.from_env()
    client = dynamodb_client(
        settings.dynamodb_connect_timeout_s,
        settings.dynamodb_read_timeout_s,
        settings.dynamodb_max_attempts,
    )
    counter = CallCounter(client)
    meter = Meter(client)
    handler = make_handler(create_skill(settings, store=_store(client)))
    bench = Bench(client, counter, meter, handler)
    specs = requests_from_model()
    by_name = {spec.name: spec for spec in specs}

    reset = lambda: fresh_tables(os.environ["AWS_ENDPOINT_URL_DYNAMODB"])  # noqa: E731
    reset()
    openers: list[RequestSpec] = []
    for spec in specs:
        device = bench.home()
        bench.journey(device, spec, new_session=True, record="new session")
        if device.session_id is not None:
            openers.append(spec)
    for opener in openers:
        reset()
        for spec in specs:
            device = bench.home()
            bench.journey(device, opener, new_session=True)
            if device.session_id is not None:
                bench.journey(device, spec, new_session=False, record=f"after {opener.name}")

    reset()
    partner_note = _partners(bench, specs, by_name)
    summary = _summary(bench.seen, partner_note)
    summary["item_bytes"] = {
        kind: {"median": median(sizes), "max": max(sizes), "count": len(sizes)}
        for kind, sizes in sorted(bench.sizes.items())
    }
    summary["retried_turns"] = bench.retried_turns
    summary["setup_anomalies"] = bench.setup_anomalies
    summary["homes"] = bench.homes
    return summary


def _store(client: Any) -> PactStore:
    return PactStore(TABLE, lambda: client)


def _partners(bench: Bench, specs: list[RequestSpec], by_name: dict[str, RequestSpec]) -> str:
    """Every request from a partner who joined with a pairing code (warm and cold container)."""
    connect, join = by_name.get("ConnectPartnerIntent"), by_name.get("JoinPactIntent")
    if connect is None or join is None:
        return "no pairing intents in the model"
    returns = by_name.get("ReturnTimeIntent")
    for spec in specs:
        for where in ("partner warm", "partner cold"):
            first, code = _pairing_code(bench, connect)
            partner = Device(
                api_endpoint=first.api_endpoint, api_access_token=first.api_access_token
            )
            values = {slot.name: code for slot in join.slots}
            joined = bench.journey(partner, join, new_session=True, values=values)
            number = spoken_code(joined)  # the owner says it back: the link is then live
            if number is not None:
                back = {slot.name: number for slot in join.slots}
                bench.journey(first, join, new_session=True, values=back)
            handler = bench.fresh_container() if where == "partner cold" else None
            if where == "partner warm" and returns is not None:  # a turn that caches the link
                bench.journey(partner, returns, new_session=True)
            bench.journey(partner, spec, new_session=True, record=where, handler=handler)
    return "measured"


def _pairing_code(bench: Bench, connect: RequestSpec, attempts: int = 3) -> tuple[Device, str]:
    """A household that asked for a pairing code, and the code. A set-up turn that could not
    reach DynamoDB in time (moto on a busy machine) is noted and tried with a new household;
    only when every attempt fails does the step stop (bench.run records why)."""
    reply: dict[str, Any] = {}
    for _ in range(attempts):
        first = bench.home()
        reply = bench.journey(first, connect, new_session=True)
        code = spoken_code(reply)
        if code is not None:
            return first, code
        bench.setup_anomalies.append(f"no pairing code: {reply.get('response')}")
    raise RuntimeError(f"no pairing code in {attempts} attempts: {reply.get('response')}")


def _summary(seen: dict[str, dict[str, list[Turn]]], partner_note: str) -> dict[str, Any]:
    requests: dict[str, Any] = {}
    over: list[str] = []
    for name, contexts in seen.items():
        worst: dict[str, dict[str, Any]] = {}
        for context, all_turns in contexts.items():
            # A retried call is moto's slowness, not the skill's: count the turns without one
            # (all of them when every turn was retried, so nothing goes unmeasured).
            turns = [t for t in all_turns if not t.retried] or all_turns
            reads = max(t.reads for t in turns)
            writes = max(t.writes for t in turns)
            calls = max(turns, key=lambda t: (t.reads + t.writes, len(t.calls))).calls
            worst[context] = {
                "reads": reads,
                "writes": writes,
                "calls": calls,
                "read_units": max(t.read_units for t in turns),
                "write_units": max(t.write_units for t in turns),
            }
            if reads > 1 or writes > 1:
                over.append(f"{name} ({context}): {reads} reads, {writes} writes {calls}")
        requests[name] = {
            "reads": max(c["reads"] for c in worst.values()),
            "writes": max(c["writes"] for c in worst.values()),
            "contexts": worst,
        }
    groups: dict[str, dict[str, Any]] = {}
    for name, item in requests.items():
        for context, counts in item["contexts"].items():
            group = context if context.startswith("partner") else "household"
            entry = groups.setdefault(group, {"max_reads": 0, "max_writes": 0, "over": {}})
            entry["max_reads"] = max(entry["max_reads"], counts["reads"])
            entry["max_writes"] = max(entry["max_writes"], counts["writes"])
            if counts["reads"] > 1 or counts["writes"] > 1:
                over_by_name: dict[str, tuple[int, int]] = entry["over"]
                mine = (int(counts["reads"]), int(counts["writes"]))
                over_by_name[name] = max(over_by_name.get(name, (0, 0)), mine)
    return {
        "requests": requests,
        "groups": groups,
        "max_reads": max(r["reads"] for r in requests.values()),
        "max_writes": max(r["writes"] for r in requests.values()),
        "over_target": over,
        "partners": partner_note,
    }


def main() -> int:
    emit(measure())
    return 0


if __name__ == "__main__":
    sys.exit(main())
