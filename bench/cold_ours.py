"""A fresh process: import lambda_function and build the skill with its DynamoDB client.

Prints the seconds this took (the interpreter's own start is the same for the baseline and is
not counted). Nothing else may be imported before the clock starts.
"""

import time

_START = time.perf_counter()
_CPU = time.process_time()

import json  # noqa: E402

import lambda_function  # noqa: E402, F401
from pacts.store import dynamodb_client  # noqa: E402
from settings import Settings  # noqa: E402
from skill import create_skill  # noqa: E402

settings = Settings.from_env()
skill = create_skill(settings)
# The client the store opens on its first turn; the baseline creates its resource up front.
dynamodb_client(
    settings.dynamodb_connect_timeout_s,
    settings.dynamodb_read_timeout_s,
    settings.dynamodb_max_attempts,
)
print(
    json.dumps(
        {
            "seconds": time.perf_counter() - _START,
            "cpu_seconds": time.process_time() - _CPU,
        }
    ),
    flush=True,
)
