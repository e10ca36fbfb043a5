"""How long answers take to say (issue 15): espeak-ng at 150 wpm from the espeakng-loader wheel.

Limits: every answer outside the grounding pause at most 20 s; a space answer says its return
time within its first 4 s. Nothing is over (the table in README, from `python -m
tools.speech_length`): the space and "I'm back" answers carry at most one optional part
(intents/space.py, intents/return_time.py), measured here with every part at its longest.
"""

from __future__ import annotations

import platform
import sys

import pytest

from tools import speech_length
from tools.speech_length import MAX_ANSWER_S, MAX_RETURN_TIME_S

LOCALES = ("en-US", "es-US", "es-ES")
WHEELS = {("linux", "x86_64"), ("darwin", "arm64"), ("win32", "AMD64")}


def test_espeak_ng_measures_where_its_wheel_exists():
    if (sys.platform, platform.machine()) not in WHEELS:
        pytest.skip("no espeakng-loader wheel for this platform: the estimate is used")
    assert speech_length.speaker() is not None
    # 150 wpm: twenty plain words take about eight seconds.
    words = " ".join(["table"] * 20) + "."
    assert 6.0 < speech_length.seconds(words, "en") < 10.0


def test_the_estimate_is_near_espeak_ng():
    if speech_length.speaker() is None:
        pytest.skip("no espeak-ng to compare with")
    for locale in LOCALES:
        for secs, answer in speech_length.rows(locale)[:10]:
            guess = speech_length.estimate(answer.text, speech_length.language_of(locale))
            assert abs(guess - secs) / secs < 0.35, (locale, answer.label, guess, secs)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_answer_takes_longer_than_20_seconds(locale: str):
    over = [(a.label, round(s, 1)) for s, a in speech_length.rows(locale) if s > MAX_ANSWER_S]
    assert not over


@pytest.mark.parametrize("locale", LOCALES)
def test_a_space_answer_says_its_return_time_within_4_seconds(locale: str):
    rows = speech_length.return_time_rows(locale)
    late = [(a.label, round(s, 1)) for s, a in rows if s > MAX_RETURN_TIME_S]
    assert not late
    assert len(rows) == 4  # heard, moved; unnamed and named


def test_the_report_has_a_table_per_language():
    table = speech_length.report(2)
    for locale in LOCALES:
        assert table.count(f"| {locale} |") >= 2
