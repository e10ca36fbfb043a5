"""Cycle and grounding: us against the cycle, a real pause, a slow question, a choice."""

from __future__ import annotations

import re

from speech.ssml import total_break_seconds
from tests.support.harness import Harness
from tests.test_space import episodes

SLOW_QUESTIONS = ("what am I feeling now?", "can I say this differently?", "what do I need?")


def breaks(ssml: str) -> list[float]:
    return [
        float(a) / (1000 if u == "ms" else 1)
        for a, u in re.findall(r'<break time="(\d+(?:\.\d+)?)(ms|s)"/>', ssml)
    ]


def test_cycle_names_the_cycle_grounds_asks_and_offers(skill: Harness, dynamodb, calls):
    reply = skill.say("CycleIntent")
    assert (calls.reads, calls.writes) == (1, 1)
    assert "against the cycle" in reply.text
    assert "not either of you" in reply.text
    assert 55 <= total_break_seconds(reply.ssml) <= 90
    assert max(breaks(reply.ssml)) <= 10
    assert '<prosody rate="slow"' in reply.ssml
    assert any(q in reply.text for q in SLOW_QUESTIONS)
    assert "space, connection, or another pause" in reply.text
    assert not reply.ends_session
    assert "space, connection, or another pause" in reply.reprompt
    [episode] = episodes(dynamodb, skill.device.user_id)
    assert episode["kind"]["S"] == "cycle"


def test_after_the_cycle_each_choice_works(skill: Harness):
    skill.say("CycleIntent")
    assert skill.say("SpaceIntent").first_sentence.endswith("at 8:45 PM.")
    skill.say("CycleIntent")
    again = skill.say("GroundingIntent")
    assert total_break_seconds(again.ssml) >= 55
    assert not again.ends_session
    connection = skill.say("ConnectionIntent")
    assert "come back at 8:45 PM" in connection.text


def test_grounding_alone_is_the_pause_without_the_cycle(skill: Harness, dynamodb, calls):
    reply = skill.say("GroundingIntent")
    assert (calls.reads, calls.writes) == (0, 0)
    assert "cycle" not in reply.text.split("space or connection")[0]
    assert 55 <= total_break_seconds(reply.ssml) <= 75
    assert not reply.ends_session
    assert episodes(dynamodb, skill.device.user_id) == []


def test_yes_to_another_pause(skill: Harness):
    skill.say("CycleIntent")
    reply = skill.say("AMAZON.YesIntent")
    assert total_break_seconds(reply.ssml) >= 55
