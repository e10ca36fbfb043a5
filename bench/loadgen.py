"""A load generator in its own process: keep-alive HTTP on loopback, signed Alexa requests.

`python -m bench.loadgen CONFIG_JSON` where the config names the targets ({name: url}), the
request mixes ({mix: [intent, ...]}), the plan ([[mix, target], ...] in order), seconds per
run, threads, households, the PKI directory (leaf key) and the Alexa API endpoint and tokens for
the envelopes. Every household's requests are signed once, up front; each thread then replays
its households' turns, in order, as fast as the server answers, until the run's time is up.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bench.common import emit, fresh_tables, percentile
from simulator.envelopes import Device
from tests.support.signing import CERT_URL, sign_body

LOCAL = "127.0.0.1"


@dataclass(frozen=True)
class Signed:
    body: bytes
    headers: dict[str, str]


def signed_requests(config: dict[str, Any], intents: list[str]) -> list[list[Signed]]:
    """Per thread, its households' requests (these intents, in this order)."""
    key = serialization.load_pem_private_key(
        (Path(config["pki"]) / "leaf.key").read_bytes(), password=None
    )
    assert isinstance(key, rsa.RSAPrivateKey)
    threads: list[list[Signed]] = [[] for _ in range(config["threads"])]
    tokens = config["tokens"]
    now = datetime.now(UTC)
    for i in range(config["households"]):
        device = Device(api_endpoint=config["alexa"], api_access_token=tokens[i % len(tokens)])
        for intent in intents:
            event = device.intent(intent, now, new_session=True)
            body = json.dumps(event, separators=(",", ":")).encode()
            headers = {
                "Content-Type": "application/json",
                "SignatureCertChainUrl": CERT_URL,
                "Signature-256": sign_body(body, key),
            }
            threads[i % len(threads)].append(Signed(body, headers))
    return threads


def drive(url: str, work: list[list[Signed]], seconds: float) -> dict[str, Any]:
    """Every thread sends its requests in a loop on one kept-alive connection until time's up."""
    parts = urlsplit(url)
    latencies: list[list[float]] = [[] for _ in work]
    errors = [0 for _ in work]
    start_line = threading.Barrier(len(work) + 1)
    deadline = [0.0]

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname or LOCAL, parts.port, timeout=10)
        start_line.wait()
        sent = 0
        while time.perf_counter() < deadline[0]:
            request = work[index][sent % len(work[index])]
            sent += 1
            began = time.perf_counter()
            try:
                connection.request("POST", parts.path or "/", request.body, request.headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(
                    parts.hostname or LOCAL, parts.port, timeout=10
                )
            latencies[index].append(time.perf_counter() - began)
            if not ok:
                errors[index] += 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start_line.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    samples = [value for per_thread in latencies for value in per_thread]
    return {
        "requests": len(samples),
        "errors": sum(errors),
        "seconds": elapsed,
        "rps": len(samples) / elapsed,
        "p50_ms": percentile(samples, 50) * 1000,
        "p99_ms": percentile(samples, 99) * 1000,
    }


def unsigned_is_refused(url: str, work: list[list[Signed]]) -> bool:
    """A sanity check that verification is really on: the same body without its signature."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or LOCAL, parts.port, timeout=10)
    headers = dict(work[0][0].headers)
    headers["Signature-256"] = sign_body(b"another body", _any_key())
    connection.request("POST", "/", work[0][0].body, headers)
    status = connection.getresponse().status
    connection.close()
    return status == 400


def _any_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def main(argv: list[str]) -> int:
    config = json.loads(argv[0])
    work = {mix: signed_requests(config, intents) for mix, intents in config["mixes"].items()}
    targets: dict[str, str] = config["targets"]
    first = next(iter(work.values()))
    checks = {
        name: unsigned_is_refused(url, first) for name, url in targets.items() if name == "on"
    }
    for url in targets.values():  # warm-up: caches, pools, the signing chain's first fetch
        for requests in work.values():
            drive(url, requests, config.get("warmup", 1.0))
    runs = []
    for mix, name in config["plan"]:
        if config.get("fresh_table"):  # every run starts from the same (empty) table
            fresh_tables(os.environ["AWS_ENDPOINT_URL_DYNAMODB"])
        runs.append(
            {"target": name, "mix": mix, **drive(targets[name], work[mix], config["seconds"])}
        )
    emit({"runs": runs, "bad_signature_refused": checks.get("on")})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
