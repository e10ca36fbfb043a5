"""The bench's own machinery: steps that fail are recorded, request units, the cost model."""

from __future__ import annotations

import math
from typing import Any

import pytest

from bench import reports
from bench.capacity import item_size, units
from bench.cost import DYNAMODB_PER_WRITE_UNIT, HOUSEHOLDS, JOURNEY, monthly
from bench.run import Steps, table


def test_a_failing_step_is_recorded_and_the_rest_run() -> None:
    steps = Steps(set())

    def broken() -> dict[str, Any]:
        raise RuntimeError("the set-up space was not written\nmore detail")

    steps.run("calls", broken)
    steps.run("zip", lambda: {"lambda_zip_mb": {"value": None, "note": "n/a"}})
    assert steps.errors == {"calls": "RuntimeError: the set-up space was not written\nmore detail"}
    assert "lambda_zip_mb" in steps.figures
    shown = table({**steps.figures, "errors": steps.errors})
    assert "| ERROR calls | not measured |" in shown and "set-up space" in shown


def test_only_runs_the_steps_asked_for() -> None:
    steps = Steps({"zip"})
    steps.run("calls", lambda: pytest.fail("not asked for"))
    steps.run("zip", lambda: {"lambda_zip_mb": {}})
    assert list(steps.figures) == ["lambda_zip_mb"] and steps.errors == {}


def test_item_size_follows_dynamodbs_rules() -> None:
    # name bytes + value bytes; a number is about one byte per two significant digits, plus one
    assert item_size({"pk": {"S": "PACT#ab"}}) == 2 + 7
    assert item_size({"n": {"N": "123.40"}}) == 1 + 3  # 1234: two bytes, plus one
    assert item_size({"b": {"BOOL": True}, "z": {"NULL": True}}) == 4
    # a map: 3 bytes, and per element one byte plus its name and value
    assert item_size({"m": {"M": {"a": {"S": "xy"}}}}) == 1 + 3 + 1 + 1 + 2


def test_request_units_as_dynamodb_bills_them() -> None:
    small = {"Put": {"Item": {"pk": {"S": "x"}}}}
    big = {"Put": {"Item": {"pk": {"S": "y" * 1500}}}}
    # a transaction: 2 write units per KB, item by item
    assert units("TransactWriteItems", {"TransactItems": [small, small]}, {}) == (0.0, 4.0)
    assert units("TransactWriteItems", {"TransactItems": [small, big]}, {}) == (0.0, 6.0)
    assert units("PutItem", big["Put"], {}) == (0.0, 2.0)
    # a Query: the items it returns, summed and rounded up once, per 4 KB
    found = {"Items": [{"pk": {"S": "z" * 3000}}, {"pk": {"S": "z" * 3000}}]}
    assert units("Query", {"ConsistentRead": True}, found) == (2.0, 0.0)
    assert units("Query", {}, found) == (1.0, 0.0)  # eventually consistent: half
    assert units("GetItem", {"ConsistentRead": True}, {}) == (1.0, 0.0)  # nothing still costs


def _figures(write_units: float, calls: list[str]) -> dict[str, Any]:
    turn = {"read_units": 1.0, "write_units": write_units, "calls": calls}
    requests = {
        name: {"contexts": {context: turn, "new session": turn}} for name, context, _ in JOURNEY
    }
    return {
        "dynamodb_calls_per_turn": {
            "requests": requests,
            "item_bytes": {"PACT": {"max": 400}, "EPISODE": {"max": 250}},
        },
        "turn_wall_ratio": {
            "i_need_space": {"p50_ms": 20.2},
            "when_are_we_coming_back": {"p50_ms": 10.0},
        },
    }


def test_the_cost_counts_every_turn_of_three_uses_a_week() -> None:
    cost = monthly(_figures(4.0, ["Query", "TransactWriteItems"]))["cost_per_household_month"]
    uses = 3 * 52 / 12
    writes = uses * len(JOURNEY) * 4.0 * DYNAMODB_PER_WRITE_UNIT
    assert math.isclose(cost["usd"]["dynamodb_writes"], writes, rel_tol=1e-5)
    assert math.isclose(
        cost["usd_1m_households"]["total"], cost["usd"]["total"] * HOUSEHOLDS, rel_tol=1e-4
    )
    assert [t["billed_ms"] for t in cost["usage"]["journey"]] == [21, 21, 10, 21]
    # Without transactions: the pact and its episode (650 bytes) in one 1-unit PutItem.
    alternative = cost["alternative_without_transactions"]["usd"]["dynamodb_writes"]
    assert math.isclose(alternative * 4, writes, rel_tol=1e-5)
    assert cost["transactions_write_share"] == 4.0


def test_held_out_figures_are_never_made_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(reports.SOURCES, "safety", ("tools.no_such_report",))
    assert reports.gather("safety") == {
        "available": False,
        "note": "not available: no tools.no_such_report.held_out_figures()",
    }
    monkeypatch.setitem(reports.SOURCES, "safety", ("bench.reports",))  # has no such function
    assert reports.gather("safety")["available"] is False
