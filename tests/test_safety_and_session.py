"""Safety first; help, fallback, stop, session end, skill events, unknown intents."""

from __future__ import annotations

import pytest

from tests.support.harness import Harness

HOTLINES = ("911", "1-800-799-7233", "START", "88788", "988")


def table_items(dynamodb) -> list[dict]:
    return dynamodb.scan(TableName="pause-pact")["Items"]


def test_safety_gives_hotlines_not_coaching_and_stores_nothing(skill: Harness, dynamodb, calls):
    reply = skill.say("SafetyIntent")
    assert calls.calls == []  # not even read
    for number in HOTLINES:
        assert number in reply.text
    assert reply.first_sentence == "If you're in danger, call 911."
    assert "breath" not in reply.text.lower() and "space" not in reply.text.lower()
    assert not reply.ends_session  # open for "repeat", and only that
    assert reply.reprompt == "Say repeat to hear this again."
    assert '<say-as interpret-as="telephone">1-800-799-7233</say-as>' in reply.ssml
    assert "911" in reply.card
    assert table_items(dynamodb) == []


def test_danger_words_in_any_slot_win(skill: Harness, dynamodb):
    reply = skill.say("SpaceIntent", {"duration": "he hit me"})
    assert reply.first_sentence == "If you're in danger, call 911."
    assert table_items(dynamodb) == []


def test_safety_mid_session_clears_the_offer(skill: Harness):
    skill.say("CycleIntent")
    reply = skill.say("SafetyIntent")
    assert not reply.ends_session
    assert skill.device.session_attributes == {"safety": "harm"}  # nothing of the cycle kept


def test_help_and_fallback_keep_the_session_open(skill: Harness):
    help_reply = skill.say("AMAZON.HelpIntent")
    assert "I need space" in help_reply.text and not help_reply.ends_session
    fallback = skill.say("AMAZON.FallbackIntent")
    assert fallback.text.startswith("I didn't catch that.")
    assert not fallback.ends_session


@pytest.mark.parametrize(
    "intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"]
)
def test_stop_cancel_home(skill: Harness, intent: str):
    reply = skill.say(intent)
    assert reply.text == "Okay. Be gentle with each other."
    assert reply.ends_session


def test_yes_without_an_offer_is_a_gentle_fallback(skill: Harness):
    assert skill.say("AMAZON.YesIntent").text.startswith("I didn't catch that.")


def test_unknown_intent_is_answered_calmly(skill: Harness):
    reply = skill.say("SomethingNewIntent", {"thing": "x"})
    assert reply.text.startswith("I didn't catch that.")


def test_session_ended_is_silent(skill: Harness):
    skill.launch()
    reply = skill.send(skill.device.session_ended(skill.now))
    assert "outputSpeech" not in reply.body


def test_skill_disabled_event_does_not_crash(skill: Harness):
    reply = skill.send(
        skill.device.skill_event(
            "AlexaSkillEvent.SkillDisabled",
            skill.now,
            {"userInformation": {"consentToken": None}},
        )
    )
    assert "outputSpeech" not in reply.body
