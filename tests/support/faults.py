"""DynamoDB that misbehaves on purpose, for the reliability tests.

* `SerialMotoServer`: moto's DynamoDB server on 127.0.0.1 that handles one request at a time.
  moto checks a ConditionExpression and then writes, with nothing in between to stop another
  thread; DynamoDB makes that atomic per item. Serialising requests gives moto DynamoDB's
  guarantee, so a lost update seen in a test is the skill's, never moto's.
* `TcpProxy`: a byte-level proxy in front of it that can refuse connections (nothing
  listening), accept and never answer, or deliver requests and lose the answers.
* `DynamoFaults`: DynamoDB error answers (throttling, conditional-check failures) for chosen
  operations, produced at botocore's `before-send` hook so that botocore parses and retries them
  exactly as it would real ones.

moto's backends are process-wide and `mock_aws()` resets them: keep these apart in time from
tests that use the `dynamodb` fixture (see simulator/dynamo.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from simulator.dynamo import create_table

# -- moto, one request at a time -------------------------------------------------------------


class _Quiet(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return


class _Serial:
    """A WSGI app that lets one request at a time into moto."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with self.lock:
            result = self.app(environ, start_response)
            try:
                return [b"".join(result)]
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()


class SerialMotoServer:
    def __init__(self, table: str) -> None:
        self.table = table
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> SerialMotoServer:
        app = _Serial(DomainDispatcherApplication(create_backend_app))
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
        self._server.request_queue_size = 1024
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self.reset()
        return self

    def reset(self) -> None:
        """The table empty again (dropped and made anew from infra/template.yaml)."""
        client = self.client()
        with contextlib.suppress(client.exceptions.ResourceNotFoundException):
            client.update_table(TableName=self.table, DeletionProtectionEnabled=False)
            client.delete_table(TableName=self.table)
        create_table(client, self.table)

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_port)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, endpoint: str | None = None) -> Any:
        return boto3.client(
            "dynamodb",
            endpoint_url=endpoint or self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def stop(self) -> None:
        if self._server is not None:
            with contextlib.suppress(Exception):
                client = self.client()
                client.update_table(TableName=self.table, DeletionProtectionEnabled=False)
                client.delete_table(TableName=self.table)
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)

    def items(self) -> list[dict[str, Any]]:
        client = self.client()
        pages = client.get_paginator("scan").paginate(TableName=self.table, ConsistentRead=True)
        return [item for page in pages for item in page.get("Items", [])]


# -- a TCP proxy that fails on demand --------------------------------------------------------

PASS = "pass"
HANG = "hang"  # accept and read, never forward, never answer
LOSE_ANSWERS = "lose-answers"  # forward requests (DynamoDB acts on them), drop every answer


class TcpProxy:
    """127.0.0.1:port -> target, with `refuse()`, `mode = HANG | LOSE_ANSWERS` and `heal()`."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.mode = PASS
        self._port = 0
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> TcpProxy:
        self._listen()
        return self

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self._port))
        listener.listen(128)
        self._port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if listener is not self._listener:  # refused meanwhile: this one must not pass
                client.close()
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update({client, upstream})
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, request: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if request and self.mode == HANG:
                    continue  # swallowed: no answer will ever come
                if not request and self.mode == LOSE_ANSWERS:
                    continue
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source, sink)

    def _close(self, *sockets: socket.socket) -> None:
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            with self._lock:
                self._sockets.discard(sock)

    def drop_connections(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        self._close(*sockets)

    def refuse(self) -> None:
        """Nothing listens any more: new connections are refused, open ones are cut."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() and stops listening
            listener.close()
        self.drop_connections()

    def heal(self) -> None:
        """Back to normal, on the same port; connections held by a fault are cut."""
        self.mode = PASS
        self.drop_connections()
        if self._listener is None:
            self._listen()

    def stop(self) -> None:
        self._stopped.set()
        self.refuse()


# -- DynamoDB error answers at botocore's before-send hook -----------------------------------


class _Body(io.BytesIO):
    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.getvalue()


@dataclass
class _Rule:
    operations: frozenset[str]
    status: int
    body: dict[str, Any]
    times: int | None


THROTTLED = "ProvisionedThroughputExceededException"


class DynamoFaults:
    """Error answers for chosen DynamoDB operations of one boto3 client.

    `throttle("Query")`, `conditional_failure("PutItem", "TransactWriteItems")`; `times` limits
    how many requests get the fault; `clear()` ends every fault. `seen` lists every operation
    the client sent (faulted or not).
    """

    def __init__(self, client: Any) -> None:
        self._client = client
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self.seen: list[str] = []
        client.meta.events.register("before-send.dynamodb", self._before_send)

    def close(self) -> None:
        self._client.meta.events.unregister("before-send.dynamodb", self._before_send)

    def throttle(self, *operations: str, times: int | None = None) -> None:
        self._add(
            operations,
            400,
            _error(
                THROTTLED,
                "The level of configured provisioned throughput for the table was exceeded.",
            ),
            times,
        )

    def conditional_failure(self, *operations: str, times: int | None = None) -> None:
        """A lost race: ConditionalCheckFailed (TransactionCanceled for transactions)."""
        single = [op for op in operations if op != "TransactWriteItems"]
        if single:
            body = _error("ConditionalCheckFailedException", "The conditional request failed")
            self._add(single, 400, body, times)
        if "TransactWriteItems" in operations:
            body = _error(
                "TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons "
                "[ConditionalCheckFailed]",
            )
            body["CancellationReasons"] = [
                {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}
            ]
            self._add(["TransactWriteItems"], 400, body, times)

    def server_error(self, *operations: str, times: int | None = None) -> None:
        self._add(operations, 500, _error("InternalServerError", "Internal Server Error"), times)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def _add(
        self, operations: Iterable[str], status: int, body: dict[str, Any], times: int | None
    ) -> None:
        with self._lock:
            self._rules.append(_Rule(frozenset(operations), status, body, times))

    def _before_send(self, request: Any, **_: Any) -> AWSResponse | None:
        target = request.headers.get("X-Amz-Target", b"")
        target = target.decode() if isinstance(target, bytes) else str(target)
        operation = target.rsplit(".", 1)[-1]
        with self._lock:
            self.seen.append(operation)
            for rule in self._rules:
                if operation not in rule.operations:
                    continue
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times <= 0:
                        self._rules.remove(rule)
                body = json.dumps(rule.body).encode()
                headers = {
                    "Content-Type": "application/x-amz-json-1.0",
                    "x-amzn-RequestId": "reliability-test",
                    "Content-Length": str(len(body)),
                }
                return AWSResponse(request.url, rule.status, headers, _Body(body))
        return None


def _error(code: str, message: str) -> dict[str, Any]:
    return {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": message}
