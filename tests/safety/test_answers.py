"""The skill's three answers (intents/safety.py): danger, the gentle question, and no alarm."""

from __future__ import annotations

import json
import logging

import pytest

from tests.support.harness import Harness


def stored(dynamodb) -> str:
    return json.dumps(dynamodb.scan(TableName="pause-pact")["Items"])


def test_danger_opens_with_the_number_stores_nothing_and_logs_no_words(
    skill: Harness, dynamodb, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    reply = skill.say("SafetyIntent", {"partnerSaid": "is choking me"})
    assert reply.first_sentence == "If you're in danger, call 911."
    assert not reply.ends_session and reply.reprompt == "Say repeat to hear this again."
    assert stored(dynamodb) == "[]"
    assert "choking" not in caplog.text


def test_the_card_is_discreet(skill: Harness) -> None:
    card = skill.say("SafetyIntent").body["card"]
    assert card == {
        "type": "Simple",
        "title": "Useful numbers",
        "content": "911\n1-800-799-7233 · 88788\n988",
    }


def test_repeat_says_it_again_and_anything_else_ends_quietly(skill: Harness) -> None:
    first = skill.say("SafetyIntent")
    again = skill.say("AMAZON.RepeatIntent")
    assert again.text == first.text and not again.ends_session
    after = skill.say("ReturnTimeIntent")
    assert after.ends_session and "outputSpeech" not in after.body
    assert skill.device.session_attributes == {}


def test_repeat_outside_a_danger_answer_is_no_alarm(skill: Harness) -> None:
    reply = skill.say("AMAZON.RepeatIntent")
    assert "911" not in reply.text


def test_fear_of_hurting_someone_has_its_own_answer(skill: Harness) -> None:
    reply = skill.say("SafetyIntent", {"feeling": "afraid I'll hurt someone"})
    assert reply.text.startswith("Leave the room now, and put a door between you.")
    assert "call 911." in reply.text and "988" in reply.text
    assert "1-800-799-7233" not in reply.text
    assert reply.body["card"]["content"] == "911\n988"


def test_fear_is_asked_once_and_no_gives_the_numbers(skill: Harness, dynamodb) -> None:
    asked = skill.say("SafetyIntent", {"feeling": "scared"})
    assert asked.text == "Are you safe right now?" and asked.reprompt == asked.text
    assert not asked.ends_session
    answer = skill.say("AMAZON.NoIntent")
    assert answer.first_sentence == "If you're in danger, call 911."
    assert stored(dynamodb) == "[]"


def test_everything_hurts_is_asked(skill: Harness) -> None:
    assert skill.say("SafetyIntent", {"state": "hurts"}).text == "Are you safe right now?"
    assert "I'm glad." in skill.say("AMAZON.YesIntent").text


def test_it_hurts_in_another_intents_words_is_asked(skill: Harness) -> None:
    """'it hurts' reaches the skill as a pattern-check answer ("it {answer}"): still asked."""
    assert skill.say("PatternAnswerIntent", {"answer": "hurts"}).text == "Are you safe right now?"


def test_yes_goes_on_with_what_was_asked(skill: Harness) -> None:
    """Fear in a signal: the question first; "yes" is the signal request again, answered."""
    asked = skill.say("SignalIntent", {"signal": "I'm scared"})
    assert asked.text == "Are you safe right now?"
    went_on = skill.say("AMAZON.YesIntent")
    assert "Are you safe" not in went_on.text and "911" not in went_on.text
    assert went_on.text == skill.say("SignalIntent", {"signal": "pineapple"}).text


def test_a_reflection_answer_with_fear_is_kept_after_yes(skill: Harness, dynamodb) -> None:
    skill.say("ReflectionIntent")
    asked = skill.say("ReflectionIntent", {"answer": "I'm scared"})
    assert asked.text == "Are you safe right now?"
    next_question = skill.say("AMAZON.YesIntent")
    assert next_question.text.startswith("Thank you.") and next_question.text.endswith("?")
    skill.say("ReflectionIntent", {"answer": "skip"})
    skill.say("ReflectionIntent", {"answer": "a walk together"})
    assert "I'm scared" in stored(dynamodb)


def test_a_reflection_answer_naming_a_fear_of_loss_is_simply_kept(skill: Harness) -> None:
    skill.say("ReflectionIntent")
    reply = skill.say("ReflectionIntent", {"answer": "I was scared he was leaving me"})
    assert reply.text.startswith("Thank you.") and "safe" not in reply.text


def test_danger_in_a_reflection_answer_keeps_nothing(skill: Harness, dynamodb) -> None:
    skill.say("ReflectionIntent")
    skill.say("ReflectionIntent", {"answer": "we talked"})
    reply = skill.say("ReflectionIntent", {"answer": "he hit me"})
    assert reply.first_sentence == "If you're in danger, call 911."
    assert skill.device.session_attributes == {"safety": "harm"}
    assert stored(dynamodb) == "[]"


def test_ordinary_words_in_a_safety_carrier_get_the_fallback(skill: Harness) -> None:
    reply = skill.say("SafetyIntent", {"feeling": "so angry"})
    assert reply.text.startswith("I didn't catch that.")
    assert reply.text.endswith("If you ever don't feel safe, say: I'm not safe.")
    assert not reply.ends_session


def test_fallback_and_help_name_the_safe_phrase(skill: Harness) -> None:
    line = "If you ever don't feel safe, say: I'm not safe."
    assert line in skill.say("AMAZON.FallbackIntent").text
    help_text = skill.say("AMAZON.HelpIntent").text
    assert line in help_text and "where you both feel safe" in help_text


def test_only_a_new_users_first_launch_says_who_it_is_for(skill: Harness) -> None:
    first = skill.launch()
    assert "Pause Pact is for arguments where you both feel safe." in first.text
    assert "say: I'm not safe." in first.text
    skill.say("SpaceIntent", {"duration": "PT20M"})  # now there is a pact
    skill.wait(minutes=30)
    skill.say("BackIntent")
    later = skill.launch()
    assert "where you both feel safe" not in later.text


@pytest.mark.parametrize(
    ("locale", "said", "first"),
    [
        ("en-GB", {"partnerSaid": "is choking me"}, "If you're in danger, call 999."),
        ("es-US", {"selfSaid": "está ahorcando"}, "Si estás en peligro, llama al 911."),
        ("es-ES", {"selfSaid": "está ahorcando"}, "Si estás en peligro, llama al 112."),
        ("es-MX", {"negated": "me deja salir"}, "Si estás en peligro, llama al 911."),
    ],
)
def test_each_market_opens_with_its_number(
    skill: Harness, locale: str, said: dict[str, str], first: str
) -> None:
    skill.device.locale = locale
    assert skill.say("SafetyIntent", said).first_sentence == first
