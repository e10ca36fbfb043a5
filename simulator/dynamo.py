"""The DynamoDB table of infra/template.yaml, made real in moto (never shipped to Lambda).

* `table_spec` reads the SAM template and returns the `create_table` arguments of its one
  `AWS::DynamoDB::Table` (nothing about the table is written down here), plus
  ``TimeToLiveSpecification`` in the shape `update_time_to_live` takes.
* `create_table` makes that table with any boto3 DynamoDB client (moto's `mock_aws`, the
  embedded server, or real AWS), idempotently, and enables TTL as the template says.
* `EmbeddedDynamo` runs moto's real server (`ThreadedMotoServer`) on 127.0.0.1 for the offline
  simulator and keeps the table's items in ``state_dir/dynamodb.json`` between runs.

moto's backends are process-global. `ThreadedMotoServer` serves the very same in-memory
backends that `mock_aws` patches (``moto.backends`` / ``BackendDict``, keyed by account and
region), so in one process:

* two servers are two doors onto one DynamoDB: a table made through one is listed through the
  other. `EmbeddedDynamo` therefore refuses to start while another live instance in the process
  uses the same table name, drops a leftover table of its name before creating its own (so its
  content is exactly its state file), and deletes its table on `stop()` after saving it;
* `mock_aws()` resets every backend when it starts and when it stops: a `mock_aws` block (or a
  test fixture using it) running while an `EmbeddedDynamo` is up wipes the embedded table. Keep
  the two apart in time, or run the embedded server in its own process.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import functools
import io
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Final

import boto3
import yaml
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server

from simulator.files import write_atomic

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATE: Final = REPO_ROOT / "infra" / "template.yaml"
STATE_FILE: Final = "dynamodb.json"
STATE_FORMAT: Final = "pause-pact/dynamodb-items/1"
REGION: Final = "us-east-1"
DUMMY_CREDENTIAL: Final = "testing"

_TABLE_TYPE = "AWS::DynamoDB::Table"
_BATCH = 25
_BATCH_ATTEMPTS = 5
_WAITER = {"Delay": 1, "MaxAttempts": 60}


# -- the template ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CfnTag:
    """A CloudFormation short-form intrinsic (``!Ref X``, ``!GetAtt A.B``, ``!Sub ...``)."""

    tag: str
    value: Any


class _CfnLoader(yaml.SafeLoader):
    """SafeLoader that keeps unknown ``!Tag`` nodes as `CfnTag` instead of failing."""


def _construct_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> CfnTag:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return CfnTag("!" + suffix, value)


_CfnLoader.add_multi_constructor("!", _construct_tag)


def load_template(template_path: Path = DEFAULT_TEMPLATE) -> dict[str, Any]:
    """The SAM/CloudFormation template as plain data, intrinsics as `CfnTag`.

    A fresh copy every time; the file itself is parsed again only when it changes (every test
    that makes the table reads it, and PyYAML takes tens of milliseconds over it)."""
    path = Path(template_path).resolve()
    status = path.stat()
    return copy.deepcopy(_parsed_template(path, status.st_mtime_ns, status.st_size))


@functools.lru_cache(maxsize=16)
def _parsed_template(path: Path, _mtime_ns: int, _size: int) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a CloudFormation template")
    return data


def table_spec(template_path: Path = DEFAULT_TEMPLATE) -> dict[str, Any]:
    """`create_table` keyword arguments (all but TableName) for the template's DynamoDB table.

    Includes KeySchema, AttributeDefinitions, BillingMode, any GlobalSecondaryIndexes /
    LocalSecondaryIndexes / ProvisionedThroughput / StreamSpecification / SSESpecification /
    DeletionProtectionEnabled / TableClass the template sets, and, under
    ``TimeToLiveSpecification`` (``{"AttributeName", "Enabled"}``, the `update_time_to_live`
    shape, not a `create_table` argument: pop it first), the TTL setting. `!Ref` to a template
    parameter resolves to its Default.
    """
    template = load_template(template_path)
    resources = template.get("Resources") or {}
    tables = [
        res
        for res in resources.values()
        if isinstance(res, dict) and res.get("Type") == _TABLE_TYPE
    ]
    if len(tables) != 1:
        raise ValueError(f"expected one {_TABLE_TYPE} in {template_path}, found {len(tables)}")
    parameters = template.get("Parameters") or {}
    props = _resolve(tables[0].get("Properties") or {}, parameters)

    spec: dict[str, Any] = {
        "KeySchema": props["KeySchema"],
        "AttributeDefinitions": props["AttributeDefinitions"],
        "BillingMode": props.get("BillingMode", "PROVISIONED"),
    }
    provisioned = spec["BillingMode"] == "PROVISIONED"
    if provisioned:
        spec["ProvisionedThroughput"] = _throughput(props["ProvisionedThroughput"])
    if props.get("GlobalSecondaryIndexes"):
        spec["GlobalSecondaryIndexes"] = [
            _index(gsi, with_throughput=provisioned) for gsi in props["GlobalSecondaryIndexes"]
        ]
    if props.get("LocalSecondaryIndexes"):
        spec["LocalSecondaryIndexes"] = [
            _index(lsi, with_throughput=False) for lsi in props["LocalSecondaryIndexes"]
        ]
    stream = props.get("StreamSpecification")
    if stream and stream.get("StreamViewType"):
        spec["StreamSpecification"] = {
            "StreamEnabled": True,
            "StreamViewType": stream["StreamViewType"],
        }
    sse = props.get("SSESpecification")
    if sse and "SSEEnabled" in sse:
        spec["SSESpecification"] = {"Enabled": bool(sse["SSEEnabled"])}
        for key in ("SSEType", "KMSMasterKeyId"):
            if key in sse:
                spec["SSESpecification"][key] = sse[key]
    for key in ("DeletionProtectionEnabled", "TableClass"):
        if key in props:
            spec[key] = props[key]
    ttl = props.get("TimeToLiveSpecification")
    if ttl and ttl.get("AttributeName"):
        spec["TimeToLiveSpecification"] = {
            "AttributeName": ttl["AttributeName"],
            "Enabled": bool(ttl.get("Enabled", False)),
        }
    return spec


def _resolve(value: Any, parameters: dict[str, Any]) -> Any:
    if isinstance(value, CfnTag):
        if value.tag == "!Ref" and isinstance(value.value, str):
            parameter = parameters.get(value.value)
            if isinstance(parameter, dict) and "Default" in parameter:
                return parameter["Default"]
        return value  # left as is; fails loudly only if a table argument needs it
    if isinstance(value, dict):
        return {key: _resolve(item, parameters) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, parameters) for item in value]
    return value


def _throughput(value: dict[str, Any]) -> dict[str, int]:
    return {
        "ReadCapacityUnits": int(value["ReadCapacityUnits"]),
        "WriteCapacityUnits": int(value["WriteCapacityUnits"]),
    }


def _index(index: dict[str, Any], *, with_throughput: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "IndexName": index["IndexName"],
        "KeySchema": index["KeySchema"],
        "Projection": index["Projection"],
    }
    if with_throughput and "ProvisionedThroughput" in index:
        out["ProvisionedThroughput"] = _throughput(index["ProvisionedThroughput"])
    return out


def create_table(client: Any, table_name: str, template_path: Path = DEFAULT_TEMPLATE) -> None:
    """Create the template's table as `table_name` (an existing table is fine), wait until it is
    ACTIVE and enable TTL as the template says."""
    spec = table_spec(template_path)
    ttl = spec.pop("TimeToLiveSpecification", None)
    with contextlib.suppress(client.exceptions.ResourceInUseException):
        client.create_table(TableName=table_name, **spec)
    client.get_waiter("table_exists").wait(TableName=table_name, WaiterConfig=_WAITER)
    if ttl and ttl["Enabled"]:
        current = client.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
        if (
            current.get("TimeToLiveStatus") not in {"ENABLED", "ENABLING"}
            or current.get("AttributeName") != ttl["AttributeName"]
        ):
            client.update_time_to_live(TableName=table_name, TimeToLiveSpecification=ttl)


# -- the embedded server ---------------------------------------------------------------------


class _QuietHandler(MotoRequestHandler):  # type: ignore[misc]
    """moto's request handler without werkzeug's per-request access log on stderr."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return


class _OneAtATime:
    """WSGI middleware: one request at a time through moto's backend, and idempotent
    transactions.

    Real DynamoDB applies each write, and the condition on it, atomically. moto's backend has
    no locks, so two threads can both pass `version = :v` and both write: a lost update that
    could never happen on AWS. Serialising requests restores DynamoDB's guarantee (clients
    still connect and wait concurrently).

    DynamoDB also makes TransactWriteItems idempotent by its ClientRequestToken (botocore
    fills one in and sends the same one on every retry): a repeat within 10 minutes of a
    transaction that succeeded succeeds again without applying anything, and a repeat with
    other parameters is refused with IdempotentParameterMismatchException. moto ignores the
    token, so when an answer came later than the client's read timeout, botocore's retry met
    the client's own committed write as a failed condition (`attribute_not_exists`,
    `version = :v`) and the store reloaded and wrote a second time. Kept here as DynamoDB does.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.lock = threading.Lock()
        # token -> (when, request body, status, headers, response body), oldest first
        self._done: OrderedDict[str, tuple[float, bytes, str, list[Any], bytes]] = OrderedDict()

    def __call__(self, environ: Any, start_response: Any) -> Any:
        token, body = _transaction_token(environ)
        with self.lock:
            if token is None:
                return list(self.app(environ, start_response))
            now = time.monotonic()
            while self._done and now - next(iter(self._done.values()))[0] > IDEMPOTENCY_WINDOW_S:
                self._done.popitem(last=False)
            seen = self._done.get(token)
            if seen is not None:
                _, request, status, headers, payload = seen
                if request != body:
                    status, headers, payload = _mismatch()
                start_response(status, headers)
                return [payload]
            answer: dict[str, Any] = {}

            def keep(status: str, headers: list[Any], exc_info: Any = None) -> Any:
                answer["status"], answer["headers"] = status, headers
                return start_response(status, headers, exc_info)

            chunks = list(self.app(environ, keep))
            if str(answer.get("status", "")).startswith("200"):
                status, headers = answer["status"], answer["headers"]
                self._done[token] = (now, body, status, headers, b"".join(chunks))
            return chunks


IDEMPOTENCY_WINDOW_S: Final = 600.0
_TRANSACT_WRITE = "DynamoDB_20120810.TransactWriteItems"


def _transaction_token(environ: Any) -> tuple[str | None, bytes]:
    """A TransactWriteItems request's ClientRequestToken and body (the body is put back)."""
    if environ.get("HTTP_X_AMZ_TARGET") != _TRANSACT_WRITE:
        return None, b""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    try:
        token = json.loads(body).get("ClientRequestToken")
    except (ValueError, AttributeError):
        return None, body
    return (token if isinstance(token, str) and token else None), body


def _mismatch() -> tuple[str, list[Any], bytes]:
    payload = json.dumps(
        {
            "__type": "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException",
            "message": "The request uses the same client token as a previous, but non-identical"
            " request.",
        }
    ).encode()
    headers = [
        ("Content-Type", "application/x-amz-json-1.0"),
        ("Content-Length", str(len(payload))),
    ]
    return "400 Bad Request", headers, payload


class _QuietMotoServer(ThreadedMotoServer):  # type: ignore[misc]
    """ThreadedMotoServer, same backends and app, with `_QuietHandler`, one request at a time."""

    def _server_entry(self) -> None:
        app = _OneAtATime(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(
            self._ip_address, self._port, app, True, request_handler=_QuietHandler
        )
        self._server_ready_event.set()
        # stop() waits for the loop to look up: at the default 0.5 s that was most of the time
        # a short simulator run (or a dialog test) spent stopping.
        self._server.serve_forever(poll_interval=0.05)


class EmbeddedDynamo:
    """moto's DynamoDB server on 127.0.0.1 with the template's table, persisted to a state dir.

    See the module docstring for what moto's process-global backends mean for several
    instances in one process.
    """

    _live: ClassVar[set[str]] = set()
    _live_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        table_name: str,
        state_dir: Path | None,
        *,
        template_path: Path = DEFAULT_TEMPLATE,
        port: int = 0,
    ) -> None:
        self.table_name = table_name
        self.state_dir = None if state_dir is None else Path(state_dir)
        self.template_path = Path(template_path)
        self._port = port
        self._server: _QuietMotoServer | None = None
        self._endpoint: str | None = None
        self._client: Any = None
        self._lock = threading.RLock()

    @property
    def state_file(self) -> Path | None:
        return None if self.state_dir is None else self.state_dir / STATE_FILE

    @property
    def endpoint_url(self) -> str:
        if self._endpoint is None:
            raise RuntimeError("EmbeddedDynamo is not started")
        return self._endpoint

    def client(self) -> Any:
        """A new boto3 DynamoDB client for this server (us-east-1, dummy credentials)."""
        return boto3.client(
            "dynamodb",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=DUMMY_CREDENTIAL,
            aws_secret_access_key=DUMMY_CREDENTIAL,
        )

    def start(self) -> EmbeddedDynamo:
        """Serve, create the table from the template and load the saved items, if any."""
        with self._lock:
            if self._server is not None:
                raise RuntimeError("EmbeddedDynamo already started")
            items = self._read_state()  # before anything else: a bad file stops us early
            with EmbeddedDynamo._live_lock:
                if self.table_name in EmbeddedDynamo._live:
                    raise RuntimeError(
                        f"another EmbeddedDynamo in this process serves table {self.table_name!r}"
                        " (moto's backends are shared in-process): pick another table name"
                    )
                EmbeddedDynamo._live.add(self.table_name)
            try:
                server = _QuietMotoServer(ip_address="127.0.0.1", port=self._port, verbose=False)
                server.start()
                self._server = server
                host, port = server.get_host_and_port()
                self._endpoint = f"http://{host}:{port}"
                self._client = self.client()
                self._drop_table()  # a leftover of an earlier instance in this process
                create_table(self._client, self.table_name, self.template_path)
                self._load(items)
            except BaseException:
                self._shutdown()
                raise
        return self

    def stop(self) -> None:
        """Save the items (when there is a state dir), drop the table, stop the server."""
        with self._lock:
            if self._server is None:
                return
            try:
                self.save()
                self._drop_table()
            finally:
                self._shutdown()

    def save(self) -> Path | None:
        """Write every item (DynamoDB JSON) to state_dir/dynamodb.json atomically, 0600."""
        with self._lock:
            target = self.state_file
            if target is None:
                return None
            if self._client is None:
                raise RuntimeError("EmbeddedDynamo is not started")
            items = [
                _to_json(item)
                for page in self._client.get_paginator("scan").paginate(
                    TableName=self.table_name, ConsistentRead=True
                )
                for item in page.get("Items", [])
            ]
            document = {"format": STATE_FORMAT, "table": self.table_name, "items": items}
            write_atomic(target, json.dumps(document, indent=1, sort_keys=True).encode("utf-8"))
            return target

    def __enter__(self) -> EmbeddedDynamo:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- internals -----------------------------------------------------------------------------

    def _read_state(self) -> list[dict[str, Any]]:
        target = self.state_file
        if target is None or not target.exists():
            return []
        try:
            document = json.loads(target.read_text(encoding="utf-8"))
            if not isinstance(document, dict) or document.get("format") != STATE_FORMAT:
                raise ValueError(f"not a {STATE_FORMAT} file")
            items = document.get("items")
            if not isinstance(items, list):
                raise ValueError("no item list")
            return [_from_json(item) for item in items]
        except (OSError, ValueError, TypeError, AttributeError, RecursionError) as error:
            reason = "not JSON" if isinstance(error, json.JSONDecodeError) else str(error)
            raise ValueError(
                f"{target} could not be read ({reason}); it was left untouched. "
                "Move it away (or run with --fresh) to start empty."
            ) from None

    def _load(self, items: list[dict[str, Any]]) -> None:
        for start in range(0, len(items), _BATCH):
            requests = [{"PutRequest": {"Item": item}} for item in items[start : start + _BATCH]]
            for attempt in range(_BATCH_ATTEMPTS):
                answer = self._client.batch_write_item(RequestItems={self.table_name: requests})
                requests = answer.get("UnprocessedItems", {}).get(self.table_name, [])
                if not requests:
                    break
                time.sleep(0.05 * (attempt + 1))
            else:
                raise RuntimeError("DynamoDB left items unprocessed while loading state")

    def _drop_table(self) -> None:
        client = self._client
        try:
            client.update_table(TableName=self.table_name, DeletionProtectionEnabled=False)
            client.delete_table(TableName=self.table_name)
        except client.exceptions.ResourceNotFoundException:
            return
        client.get_waiter("table_not_exists").wait(TableName=self.table_name, WaiterConfig=_WAITER)

    def _shutdown(self) -> None:
        server, self._server = self._server, None
        self._client = None
        self._endpoint = None
        try:
            if server is not None:
                server.stop()
                inner = getattr(server, "_server", None)  # ThreadedMotoServer leaves it open
                if inner is not None:
                    inner.server_close()
        finally:
            with EmbeddedDynamo._live_lock:
                EmbeddedDynamo._live.discard(self.table_name)


# -- DynamoDB JSON <-> a JSON file -----------------------------------------------------------


def _to_json(item: dict[str, Any]) -> dict[str, Any]:
    return {name: _value_to_json(value) for name, value in item.items()}


def _from_json(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValueError("state item is not an object")
    return {str(name): _value_from_json(value) for name, value in item.items()}


def _value_to_json(value: dict[str, Any]) -> dict[str, Any]:
    """boto3 client values carry bytes for B/BS; the file keeps them base64 (as AWS exports)."""
    ((kind, inner),) = value.items()
    if kind == "B":
        return {"B": base64.b64encode(bytes(inner)).decode("ascii")}
    if kind == "BS":
        return {"BS": [base64.b64encode(bytes(part)).decode("ascii") for part in inner]}
    if kind == "M":
        return {"M": {key: _value_to_json(part) for key, part in inner.items()}}
    if kind == "L":
        return {"L": [_value_to_json(part) for part in inner]}
    return {kind: inner}


def _value_from_json(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError("state attribute is not DynamoDB JSON")
    ((kind, inner),) = value.items()
    if kind == "B":
        return {"B": base64.b64decode(inner)}
    if kind == "BS":
        return {"BS": [base64.b64decode(part) for part in inner]}
    if kind == "M":
        return {"M": {key: _value_from_json(part) for key, part in inner.items()}}
    if kind == "L":
        return {"L": [_value_from_json(part) for part in inner]}
    return {kind: inner}


class CallCounter:
    """Counts a boto3 DynamoDB client's calls through botocore's event hooks (tests, bench)."""

    READS: ClassVar[frozenset[str]] = frozenset(
        {"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"}
    )
    WRITES: ClassVar[frozenset[str]] = frozenset(
        {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
    )

    def __init__(self, client: Any) -> None:
        self.calls: list[str] = []
        client.meta.events.register("before-call.dynamodb", self._seen)

    def _seen(self, model: Any, **_: Any) -> None:
        self.calls.append(model.name)

    @property
    def reads(self) -> int:
        return sum(1 for c in self.calls if c in self.READS)

    @property
    def writes(self) -> int:
        return sum(1 for c in self.calls if c in self.WRITES)

    def reset(self) -> None:
        self.calls.clear()

    def take(self) -> tuple[int, int, list[str]]:
        """Reads, writes and the calls so far; then start counting afresh."""
        counted = (self.reads, self.writes, list(self.calls))
        self.reset()
        return counted
