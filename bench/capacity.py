"""What DynamoDB would bill for the calls a client makes: request units, item sizes, retries.

`Meter(client)` watches a boto3 DynamoDB client through botocore's event hooks (the request's
parameters, every attempt on the wire, the parsed answer) and keeps, per call, its operation,
the read and write request units DynamoDB on-demand would charge for it and how many attempts
botocore made. moto does not report consumed capacity, so the units are computed here from the
items themselves, by DynamoDB's published rules:

* item size: attribute names plus values (strings and binary by length, a number about one byte
  per two significant digits plus one, 3 bytes for a list or map plus one per element, 1 for a
  boolean or null);
* reads: one unit per 4 KB, strongly consistent (half eventually consistent); a Query is charged
  on the sum of the items it returns, rounded up once; a GetItem of nothing still costs one;
* writes: one unit per 1 KB of the item written (DynamoDB charges the larger of the old and new
  item: the new one is what a request shows); a delete or update whose item is not in the
  request is counted as one unit;
* transactions: twice that, item by item (TransactWriteItems 2 write units per KB,
  TransactGetItems 2 read units per 4 KB).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

READ_UNIT_BYTES = 4096
WRITE_UNIT_BYTES = 1024


def value_size(value: dict[str, Any]) -> int:
    """Bytes of one attribute value in DynamoDB JSON ({"S": "..."})."""
    ((kind, inner),) = value.items()
    size = _SIZES.get(kind)
    if size is None:
        raise ValueError(f"unknown DynamoDB type {kind!r}")
    return size(inner)


def _text(inner: Any) -> int:
    return len(str(inner).encode("utf-8"))


def _number_size(text: str) -> int:
    digits = format(abs(Decimal(text)).normalize(), "f").replace(".", "").strip("0") or "0"
    return math.ceil(len(digits) / 2) + 1


_SIZES: dict[str, Callable[[Any], int]] = {
    "S": _text,
    "N": lambda inner: _number_size(str(inner)),
    "B": lambda inner: len(bytes(inner)),
    "BOOL": lambda _: 1,
    "NULL": lambda _: 1,
    "SS": lambda inner: sum(_text(part) for part in inner),
    "NS": lambda inner: sum(_number_size(str(part)) for part in inner),
    "BS": lambda inner: sum(len(bytes(part)) for part in inner),
    "L": lambda inner: 3 + sum(1 + value_size(part) for part in inner),
    "M": lambda inner: 3 + sum(1 + _text(name) + value_size(v) for name, v in inner.items()),
}


def item_size(item: dict[str, Any]) -> int:
    """Bytes of an item in DynamoDB JSON, as DynamoDB counts them for capacity."""
    return sum(len(name.encode("utf-8")) + value_size(value) for name, value in item.items())


def _read_units(size: int, consistent: bool) -> float:
    units = max(1, math.ceil(size / READ_UNIT_BYTES))
    return float(units) if consistent else units / 2


def _write_units(item: dict[str, Any] | None) -> int:
    return 1 if item is None else max(1, math.ceil(item_size(item) / WRITE_UNIT_BYTES))


def units(operation: str, params: dict[str, Any], parsed: dict[str, Any]) -> tuple[float, float]:
    """(read units, write units) DynamoDB on-demand charges for one successful call."""
    if operation in _READS:
        return _READS[operation](params, parsed), 0.0
    if operation in _WRITES:
        return 0.0, float(_WRITES[operation](params))
    return 0.0, 0.0


def _query(params: dict[str, Any], parsed: dict[str, Any]) -> float:
    size = sum(item_size(item) for item in parsed.get("Items", []))
    return _read_units(size, bool(params.get("ConsistentRead")))


def _get(params: dict[str, Any], parsed: dict[str, Any]) -> float:
    item = parsed.get("Item")
    return _read_units(item_size(item) if item else 0, bool(params.get("ConsistentRead")))


def _batch_get(params: dict[str, Any], parsed: dict[str, Any]) -> float:
    found = [i for items in parsed.get("Responses", {}).values() for i in items]
    wanted = params.get("RequestItems", {}).values()
    strong = all(bool(spec.get("ConsistentRead")) for spec in wanted)
    return sum(_read_units(item_size(i), strong) for i in found)


def _transact_get(_: dict[str, Any], parsed: dict[str, Any]) -> float:
    found = [r.get("Item") for r in parsed.get("Responses", [])]
    return sum(2 * _read_units(item_size(i) if i else 0, True) for i in found)


def _batch_write(params: dict[str, Any]) -> int:
    writes = 0
    for requests in params.get("RequestItems", {}).values():
        for request in requests:
            put = request.get("PutRequest")
            writes += _write_units(put["Item"]) if put else 1
    return writes


def _transact_write(params: dict[str, Any]) -> int:
    writes = 0
    for entry in params.get("TransactItems", []):
        ((kind, body),) = entry.items()
        writes += 2 * (_write_units(body.get("Item")) if kind == "Put" else 1)
    return writes


_READS: dict[str, Callable[[dict[str, Any], dict[str, Any]], float]] = {
    "Query": _query,
    "Scan": _query,
    "GetItem": _get,
    "BatchGetItem": _batch_get,
    "TransactGetItems": _transact_get,
}
_WRITES: dict[str, Callable[[dict[str, Any]], int]] = {
    "PutItem": lambda params: _write_units(params.get("Item")),
    "UpdateItem": lambda _: 1,
    "DeleteItem": lambda _: 1,
    "BatchWriteItem": _batch_write,
    "TransactWriteItems": _transact_write,
}


@dataclass
class Call:
    operation: str
    params: dict[str, Any]
    attempts: int = 0
    read_units: float = 0.0
    write_units: float = 0.0
    ok: bool = False
    written: list[dict[str, Any]] = field(default_factory=list)


class Meter:
    """Request units, attempts and written items of every call a boto3 DynamoDB client makes."""

    def __init__(self, client: Any) -> None:
        self.calls: list[Call] = []
        events = client.meta.events
        events.register("before-parameter-build.dynamodb", self._params)
        events.register("before-send.dynamodb", self._attempt)
        events.register("after-call.dynamodb", self._answer)

    def _params(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls.append(Call(model.name, params))

    def _attempt(self, **_: Any) -> None:
        if self.calls:
            self.calls[-1].attempts += 1

    def _answer(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if not self.calls or self.calls[-1].operation != model.name:
            return
        call = self.calls[-1]
        call.ok = True
        call.read_units, call.write_units = units(model.name, call.params, parsed)
        call.written = _written(model.name, call.params)

    def take(self) -> list[Call]:
        taken, self.calls = self.calls, []
        return taken


def _written(operation: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    if operation == "PutItem":
        return [params["Item"]]
    if operation == "TransactWriteItems":
        return [
            body["Item"]
            for entry in params.get("TransactItems", [])
            for kind, body in entry.items()
            if kind == "Put"
        ]
    return []


def sort_key_kind(item: dict[str, Any]) -> str:
    """The kind of a pact-table item from its sort key: PACT, EPISODE, LINK, ..."""
    value = item.get("sk", {}).get("S", "?")
    return str(value).split("#", 1)[0]
