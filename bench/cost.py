"""What a household costs a month at AWS list prices, from the figures this bench measured.

The usage: a couple has one difficult moment three times a week, and each is one journey:

  1. "I need space"                      SpaceIntent, a new session (a running space is moved)
  2. "yes" to "want a reminder?"         AMAZON.YesIntent after SpaceIntent (the reminder set)
  3. the partner: "when are we back?"    ReturnTimeIntent from the partner who joined, cold
                                         container (days apart, no warm container is left)
  4. "I'm back"                          BackIntent, a new session

Each turn's DynamoDB request units are the ones bench.calls counted for that request in that
context (bench.capacity: item sizes by DynamoDB's rules, a TransactWriteItems at 2 write units
per KB per item); each turn's Lambda duration is the measured wall time of a turn (bench.turns:
"I need space" for the turns that write, "when are we coming back" for the one that reads),
billed at 256 MB on arm64, rounded up to the millisecond. That duration is measured against
moto (slower than DynamoDB) on a full core (a 256 MB function gets about a seventh of a vCPU):
it stands in for the real one, with both errors in it. Storage: the pact item and the episodes
the 30-day TTL keeps. Not counted: the free tiers, SnapStart's snapshot cache and restores
(per published version, shared by every household: see README "Deploy"), CloudWatch logs.

`alternative` prices the design without transactions: the episode kept inside the pact item
(a bounded list of recent episodes) so that a turn that records one is a single conditional
PutItem of the pact and episode together at 1 write unit per KB.
"""

from __future__ import annotations

import math
from typing import Any

# AWS list prices, US East (N. Virginia), USD, as published on aws.amazon.com/lambda/pricing and
# aws.amazon.com/dynamodb/pricing/on-demand (DynamoDB on-demand since its 2024-11-01 price
# cut); read for this bench on 2026-12-07.
PRICES_AS_OF = "2026-12-07"
PRICES_REGION = "us-east-1"
LAMBDA_ARM64_GB_SECOND = 0.0000133334  # first 7.5 billion GB-s a month
LAMBDA_PER_REQUEST = 0.20 / 1_000_000
DYNAMODB_PER_WRITE_UNIT = 0.625 / 1_000_000  # on-demand write request unit
DYNAMODB_PER_READ_UNIT = 0.125 / 1_000_000  # on-demand read request unit
DYNAMODB_STORAGE_GB_MONTH = 0.25  # Standard table class, beyond the first 25 GB

MEMORY_GB = 256 / 1024
USES_PER_WEEK = 3
WEEKS_PER_MONTH = 52 / 12
EPISODE_TTL_DAYS = 30
HOUSEHOLDS = 1_000_000

# (request, context in bench.calls, which measured turn's duration it takes)
JOURNEY: tuple[tuple[str, str, str], ...] = (
    ("SpaceIntent", "new session", "i_need_space"),
    ("AMAZON.YesIntent", "after SpaceIntent", "i_need_space"),
    ("ReturnTimeIntent", "partner cold", "when_are_we_coming_back"),
    ("BackIntent", "new session", "i_need_space"),
)


def _turn(calls: dict[str, Any], request: str, context: str) -> dict[str, Any]:
    contexts = calls["requests"][request]["contexts"]
    if context not in contexts:  # e.g. no partner pairing in the model: the household's own
        context = "new session"
    turn: dict[str, Any] = contexts[context]
    return turn


def _episode_writes(turn: dict[str, Any]) -> bool:
    return "TransactWriteItems" in turn.get("calls", [])


def monthly(figures: dict[str, Any]) -> dict[str, Any]:
    """The cost figure (bench.run's `cost_per_household_month`) from the measured figures."""
    calls = figures["dynamodb_calls_per_turn"]
    wall = figures["turn_wall_ratio"]
    sizes = calls.get("item_bytes", {})
    pact_bytes = float(sizes.get("PACT", {}).get("max", 1024))
    episode_bytes = float(sizes.get("EPISODE", {}).get("max", 256))
    uses = USES_PER_WEEK * WEEKS_PER_MONTH

    turns = []
    for request, context, timed in JOURNEY:
        turn = _turn(calls, request, context)
        ms = math.ceil(float(wall[timed]["p50_ms"]))
        alternative_writes = float(turn["write_units"])
        if _episode_writes(turn):  # one PutItem of the pact with the episode inside it
            alternative_writes = float(math.ceil((pact_bytes + episode_bytes) / 1024))
        turns.append(
            {
                "request": request,
                "context": context,
                "billed_ms": ms,
                "read_units": float(turn["read_units"]),
                "write_units": float(turn["write_units"]),
                "write_units_without_transactions": alternative_writes,
                "calls": turn["calls"],
            }
        )

    def month(write_key: str) -> dict[str, float]:
        lambda_cost = uses * sum(
            LAMBDA_PER_REQUEST + t["billed_ms"] / 1000 * MEMORY_GB * LAMBDA_ARM64_GB_SECOND
            for t in turns
        )
        reads = uses * sum(t["read_units"] for t in turns) * DYNAMODB_PER_READ_UNIT
        writes = uses * sum(t[write_key] for t in turns) * DYNAMODB_PER_WRITE_UNIT
        # The episodes the TTL keeps: a month's worth of the turns that record one.
        recorded = sum(1 for t in turns if "TransactWriteItems" in t["calls"])
        kept = uses * recorded * EPISODE_TTL_DAYS / (WEEKS_PER_MONTH * 7)
        stored_bytes = pact_bytes + kept * episode_bytes
        storage = stored_bytes / 1e9 * DYNAMODB_STORAGE_GB_MONTH
        total = lambda_cost + reads + writes + storage
        return {
            "lambda": lambda_cost,
            "dynamodb_reads": reads,
            "dynamodb_writes": writes,
            "dynamodb_storage": storage,
            "total": total,
        }

    current = month("write_units")
    alternative = month("write_units_without_transactions")
    return {
        "cost_per_household_month": {
            "usd": _rounded(current),
            "usd_1m_households": _rounded({k: v * HOUSEHOLDS for k, v in current.items()}),
            "alternative_without_transactions": {
                "usd": _rounded(alternative),
                "usd_1m_households": _rounded({k: v * HOUSEHOLDS for k, v in alternative.items()}),
                "design": "the episode inside the pact item: one conditional PutItem a turn",
            },
            "transactions_write_share": round(
                current["dynamodb_writes"] / max(alternative["dynamodb_writes"], 1e-12), 2
            ),
            "usage": {
                "uses_per_week": USES_PER_WEEK,
                "uses_per_month": round(uses, 1),
                "journey": turns,
            },
            "item_bytes": {"pact_max": pact_bytes, "episode_max": episode_bytes},
            "prices": {
                "as_of": PRICES_AS_OF,
                "region": PRICES_REGION,
                "lambda_arm64_gb_second": LAMBDA_ARM64_GB_SECOND,
                "lambda_per_million_requests": LAMBDA_PER_REQUEST * 1e6,
                "dynamodb_per_million_write_units": DYNAMODB_PER_WRITE_UNIT * 1e6,
                "dynamodb_per_million_read_units": DYNAMODB_PER_READ_UNIT * 1e6,
                "dynamodb_storage_gb_month": DYNAMODB_STORAGE_GB_MONTH,
                "lambda_memory_mb": 256,
            },
            "not_counted": "free tiers, SnapStart cache and restores, CloudWatch logs",
        }
    }


def _rounded(costs: dict[str, float]) -> dict[str, float]:
    return {name: float(f"{value:.6g}") for name, value in costs.items()}
