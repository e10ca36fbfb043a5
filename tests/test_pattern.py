"""Which side of the dance (issue 17): the statements, their scoring, what is kept."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest

from pacts import pattern
from pacts.pattern import ITEMS, Result, Score, score

PURSUE = [i for i, item in enumerate(ITEMS) if item.leans == "pursue"]
DISTANCE = [i for i, item in enumerate(ITEMS) if item.leans == "distance"]


def answers(pursue: list[str], distance: list[str]) -> list[str]:
    """Answers in ITEMS order from the answers to each side's statements."""
    out = [""] * len(ITEMS)
    for index, answer in zip(PURSUE, pursue, strict=True):
        out[index] = answer
    for index, answer in zip(DISTANCE, distance, strict=True):
        out[index] = answer
    return out


def test_eight_statements_four_each_way_interleaved() -> None:
    assert len(ITEMS) == 8
    assert len(PURSUE) == len(DISTANCE) == 4
    assert len({item.key for item in ITEMS}) == 8
    # never two statements of the same side in a row
    assert all(a.leans != b.leans for a, b in itertools.pairwise(ITEMS))


@pytest.mark.parametrize(
    ("pursue", "distance", "side"),
    [
        (["yes", "yes", "yes", "sometimes"], ["no", "no", "sometimes", "no"], "pursue"),
        (["no", "sometimes", "no", "no"], ["yes", "yes", "sometimes", "no"], "distance"),
        (["yes", "yes", "sometimes", "no"], ["yes", "sometimes", "yes", "no"], "both"),
        (["sometimes", "no", "no", "no"], ["no", "sometimes", "no", "no"], "neither"),
        (["no"] * 4, ["no"] * 4, "neither"),
        (["yes"] * 4, ["yes"] * 4, "both"),
        # strong on one side but only one point ahead of a strong other side: both
        (["yes", "yes", "sometimes", "no"], ["yes", "yes", "no", "no"], "both"),
        # two points ahead but not strong: nothing stands out
        (["sometimes", "sometimes", "sometimes", "no"], ["sometimes", "no", "no", "no"], "neither"),
        # exactly strong and exactly two ahead: that side
        (["yes", "yes", "no", "no"], ["yes", "no", "no", "no"], "pursue"),
        (["sometimes", "no", "no", "no"], ["sometimes", "sometimes", "sometimes", "no"], "neither"),
        (["sometimes", "no", "no", "no"], ["sometimes"] * 4, "distance"),
        (["no"] * 4, ["sometimes"] * 4, "distance"),
    ],
)
def test_sides(pursue: list[str], distance: list[str], side: str) -> None:
    assert score(answers(pursue, distance)).side == side


def test_scores_count_two_for_yes_and_one_for_sometimes() -> None:
    result = score(answers(["yes", "sometimes", "no", "no"], ["yes", "yes", "yes", "sometimes"]))
    assert result == Score(pursue=3, distance=7)


def test_every_possible_answer_set_has_exactly_one_side() -> None:
    """All 3^8 answer sets: sides are symmetric, and more yes never moves a side away."""
    seen = set()
    for combination in itertools.product(pattern.ANSWERS, repeat=len(ITEMS)):
        result = score(combination)
        side = result.side
        seen.add(side)
        mirrored = Score(pursue=result.distance, distance=result.pursue).side
        swap = {"pursue": "distance", "distance": "pursue"}
        assert mirrored == swap.get(side, side)
    assert seen == set(pattern.SIDES)


@pytest.mark.parametrize("bad", [["yes"] * 7, ["yes"] * 9, ["yes"] * 7 + ["maybe"]])
def test_bad_answers_are_refused(bad: list[str]) -> None:
    with pytest.raises(ValueError):
        score(bad)


def test_result_keeps_the_side_and_the_day_only() -> None:
    at = datetime(2026, 11, 22, 20, 25, tzinfo=UTC)
    result = pattern.found(answers(["yes"] * 4, ["no"] * 4), at)
    assert result == Result("pursue", date(2026, 11, 22))
    assert result.to_item() == {"side": "pursue", "on": "2026-11-22"}
    assert Result.from_item(result.to_item()) == result


@pytest.mark.parametrize(
    "item",
    [None, "pursue", {}, {"side": "anxious", "on": "2026-11-22"}, {"side": "pursue", "on": "x"},
     {"side": "pursue"}, {"side": "pursue", "on": 20261122}],
)  # fmt: skip
def test_unreadable_results_are_dropped(item: object) -> None:
    assert Result.from_item(item) is None
    assert pattern.results_from_item({"v:1": item}) == {}


def test_results_round_trip() -> None:
    results = {
        "v:abc": Result("distance", date(2026, 1, 2)),
        "a:def": Result("both", date(2026, 3, 4)),
    }
    assert pattern.results_from_item(pattern.results_to_item(results)) == results
    assert pattern.results_from_item(["not", "a", "map"]) == {}


@pytest.mark.parametrize(
    ("before", "after", "noted"),
    [
        (None, "pursue", False),
        ("pursue", "pursue", False),
        ("pursue", "distance", True),
        ("distance", "both", True),
        ("both", "pursue", True),
        ("neither", "pursue", False),
        ("distance", "neither", False),
    ],
)
def test_a_change_of_side(before: str | None, after: str, noted: bool) -> None:
    day = date(2026, 11, 22)
    old = Result(before, day) if before else None  # type: ignore[arg-type]
    assert pattern.changed(old, Result(after, day)) is noted  # type: ignore[arg-type]


def test_playbook_has_three_practices_for_every_side() -> None:
    for side in pattern.SIDES:
        practices = pattern.playbook(side)
        assert len(practices) == len(set(practices)) == 3
    assert pattern.playbook("pursue") == ("wait_five", "gentle_ask", "space_not_loss")
    assert pattern.playbook("distance") == ("signal", "return", "small_step")


def test_pairs_name_the_pattern_not_a_partner() -> None:
    assert pattern.pair_of("pursue", "distance") == "pursue_distance"
    assert pattern.pair_of("distance", "pursue") == "pursue_distance"
    assert pattern.pair_of("pursue", "pursue") == "both_pursue"
    assert pattern.pair_of("distance", "distance") == "both_distance"
    assert pattern.pair_of("both", "distance") == "mixed"
    assert pattern.pair_of("neither", "distance") is None
