"""Shared by the bench's processes: statistics, child processes, the environment they run in."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LAMBDA_ROOT = REPO / "lambda"
TABLE = "pause-pact"
BASELINE_TABLE = "bench-hello-world"
PYTHON = sys.executable


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * q / 100.0
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return ordered[low]
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(samples: Sequence[float]) -> float:
    return percentile(samples, 50.0)


@dataclass(frozen=True)
class Spread:
    """A median over repeated runs and the range it came from."""

    value: float
    low: float
    high: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Spread:
        return cls(median(samples), min(samples), max(samples))

    def as_json(self, digits: int = 3) -> dict[str, float]:
        return {
            "median": round(self.value, digits),
            "min": round(self.low, digits),
            "max": round(self.high, digits),
        }


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """What every bench child gets: the Lambda root on the path, dummy AWS, no real AWS."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key not in {"PYTHONPATH", "SKILL_ID"}
    }
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(LAMBDA_ROOT), str(REPO)]),
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
            "PACTS_TABLE_NAME": TABLE,
        }
    )
    env.update(extra or {})
    return env


def run_json(args: Sequence[str], env: dict[str, str], *, timeout: float = 240.0) -> dict[str, Any]:
    """Run a bench child (python -m ...) and parse the JSON object it prints last."""
    completed = subprocess.run(  # noqa: S603 - our own interpreter and modules
        [PYTHON, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} failed ({completed.returncode}):\n{completed.stderr[-4000:]}"
        )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(args)} printed no result:\n{completed.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def fresh_tables(endpoint: str, *, baseline: bool = False) -> None:
    """The pact table (and the baseline's) empty again, made anew on moto's server.

    moto copies a whole table for every item of a TransactWriteItems and scans it for a Query,
    so a table that grows during a bench slows later measurements for reasons DynamoDB lacks.
    """
    import boto3  # noqa: PLC0415 - only the processes that talk to DynamoDB need it

    from simulator.dynamo import create_table  # noqa: PLC0415

    client = boto3.client("dynamodb", endpoint_url=endpoint)
    tables = (TABLE, BASELINE_TABLE) if baseline else (TABLE,)
    for table in tables:
        try:
            client.update_table(TableName=table, DeletionProtectionEnabled=False)
            client.delete_table(TableName=table)
        except client.exceptions.ResourceNotFoundException:
            pass
        client.get_waiter("table_not_exists").wait(TableName=table)
    create_table(client, TABLE)
    if baseline:
        # The table ask-sdk's DynamoDbAdapter creates for itself (create_table=True).
        client.create_table(
            TableName=BASELINE_TABLE,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        )
        client.get_waiter("table_exists").wait(TableName=BASELINE_TABLE)


def emit(result: dict[str, Any]) -> None:
    """A child's result: one JSON line on stdout."""
    print(json.dumps(result), flush=True)
