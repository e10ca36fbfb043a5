"""The bench's stand-ins in their own process: moto's DynamoDB server and the Alexa APIs.

`python -m bench.infra STATE_DIR TOKENS` prints one JSON line (endpoints, CA file, tokens) and
serves on 127.0.0.1 until its standard input closes. Keeping them out of the measured processes
means RSS and latency figures are the skill's own, not moto's.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.common import TABLE, emit
from simulator.alexa_api import AlexaApiServer
from simulator.dynamo import EmbeddedDynamo
from simulator.tls import ensure_local_tls


def main(argv: list[str]) -> int:
    state = Path(argv[0])
    tokens = int(argv[1]) if len(argv) > 1 else 64
    tls = ensure_local_tls(state / "tls")
    dynamo = EmbeddedDynamo(TABLE, None).start()
    api = AlexaApiServer(tls, default_time_zone="America/Los_Angeles").start()
    try:
        emit(
            {
                "dynamodb": dynamo.endpoint_url,
                "alexa": api.endpoint,
                "ca_file": str(tls.ca_file),
                "tokens": [api.issue_token(user=f"bench-{i}") for i in range(tokens)],
            }
        )
        sys.stdin.read()  # until the bench closes our stdin
    finally:
        api.stop()
        dynamo.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
