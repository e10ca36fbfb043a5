"""The slow-motion conversation's pure step engine (pacts/slow_motion.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pacts import slow_motion as sm

NOW = datetime(2026, 11, 23, 4, 25, tzinfo=UTC)


def test_a_default_conversation_has_even_rounds_and_every_kind_of_step() -> None:
    progress = sm.begin({}, NOW)
    assert progress.pace == 20
    assert progress.rounds % 2 == 0 and progress.rounds >= 4
    kinds = [sm.step_at(progress, n).kind for n in range(progress.last_step + 1)]
    assert kinds[0] == "intro" and kinds[-1] == "ending"
    assert kinds[1:-1] == ["speak", "mirror"] * progress.rounds


def test_roles_swap_every_round_and_both_speak_as_often() -> None:
    progress = sm.begin({}, NOW, first=1)
    speakers = [sm.step_at(progress, 1 + 2 * r).speaker for r in range(progress.rounds)]
    assert speakers[:4] == [1, 0, 1, 0]
    assert speakers.count(0) == speakers.count(1)
    mirror = sm.step_at(progress, 2)
    assert (mirror.speaker, mirror.listener) == (1, 0)


def test_the_partner_who_started_last_time_does_not_start_again() -> None:
    first = sm.begin({}, NOW)
    state = sm.with_progress({}, first)
    second = sm.begin(state, NOW + timedelta(days=1))
    assert second.first == 1 - first.first
    third = sm.begin(sm.with_progress(state, second), NOW + timedelta(days=2))
    assert third.first == first.first


def test_each_turn_gets_the_next_check_so_all_three_are_asked() -> None:
    progress = sm.begin({}, NOW)
    checks = [sm.step_at(progress, n).check for n in range(1, 7)]
    assert checks == ["feeling", "differently", "need"] * 2


@pytest.mark.parametrize("pace", [10, 15, 20, 25, 30])
def test_the_plan_fits_the_pace(pace: int) -> None:
    progress = sm.begin({"pace": pace}, NOW)
    silence = sum(
        sm.silences_for(sm.step_at(progress, n), progress.scale).total
        for n in range(progress.last_step + 1)
    )
    estimate = silence + sm.FIXED_SPEECH_S + progress.rounds * (sm.ROUND_SPEECH_S + 2 * sm.ANSWER_S)
    assert abs(estimate / 60 - pace) <= pace * 0.2, (estimate / 60, progress)


def test_pace_is_held_to_ten_to_thirty_minutes() -> None:
    assert sm.clamp_pace(None) == 20
    assert sm.clamp_pace(3) == 10
    assert sm.clamp_pace(90) == 30
    assert sm.begin({}, NOW, pace=45).pace == 30
    assert sm.begin({"pace": 12}, NOW).pace == 12
    assert sm.begin({"pace": "nonsense"}, NOW).pace == 20


def test_slower_stretches_silences_and_stops_at_a_limit() -> None:
    progress = sm.begin({}, NOW).advanced(NOW)
    before = progress.silences().turn
    slowed = progress
    for _ in range(6):
        slowed = slowed.slowed(NOW)
    assert slowed.slower == sm.MAX_SLOWER
    assert slowed.step == progress.step
    assert slowed.silences().turn > before


def test_not_quite_keeps_the_step_and_gives_the_speaker_more_time() -> None:
    progress = sm.begin({}, NOW).advanced(NOW).advanced(NOW)
    assert progress.current.kind == "mirror"
    again = progress.retried(NOW)
    assert again.step == progress.step and again.retries == 1
    silences = again.silences(again=True)
    assert silences.again > progress.silences().turn
    assert again.advanced(NOW).retries == 0


def test_time_is_counted_between_turns_but_not_across_a_long_gap() -> None:
    progress = sm.begin({}, NOW)
    later = progress.advanced(NOW + timedelta(minutes=2))
    assert later.active_s == 120
    after_break = later.touched(NOW + timedelta(minutes=50))
    assert after_break.active_s == 120 + sm.MAX_STEP_GAP.total_seconds()
    assert after_break.minutes == 7


def test_progress_survives_a_round_trip_and_bad_items_are_none() -> None:
    progress = sm.begin({}, NOW).advanced(NOW + timedelta(seconds=70)).slowed(NOW)
    stored = sm.with_progress({"pace": 20}, progress)
    assert sm.running(stored) == progress
    assert sm.running({}) is None
    assert sm.Progress.from_item({"started_at": "yesterday"}) is None
    naive = dict(progress.to_item(), started_at="2026-11-23T04:25:00")
    assert sm.Progress.from_item(naive) is None
    assert sm.with_progress(stored, None) == {"pace": 20, "last_first": progress.first}


def test_resume_only_within_the_hour_and_never_a_finished_conversation() -> None:
    progress = sm.begin({}, NOW).advanced(NOW)
    assert progress.resumable(NOW + timedelta(minutes=59))
    assert not progress.resumable(NOW + timedelta(minutes=61))
    finished = progress
    while not finished.finished:
        finished = finished.advanced(NOW)
    assert finished.current.kind == "ending"
    assert not finished.resumable(NOW)
    assert finished.advanced(NOW).step == finished.last_step
