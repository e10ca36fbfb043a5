"""Screens, end to end: envelopes in, lambda_handler, RenderDocument out only where APL exists.

Needs the screens wired into the Space, Cycle and Grounding handlers (see lambda/screens.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

import screens
from intents import grounding
from pacts.store import account_hash
from tests.support.harness import Harness, Reply

RENDER = "Alexa.Presentation.APL.RenderDocument"


def renders(reply: Reply) -> list[dict[str, Any]]:
    return [d for d in reply.directives if d.get("type") == RENDER]


def stored_return_at(dynamodb: Any, user_id: str) -> datetime:
    item = dynamodb.get_item(
        TableName="pause-pact",
        Key={"pk": {"S": f"ACCOUNT#{account_hash(user_id)}"}, "sk": {"S": "PACT"}},
    )["Item"]
    return datetime.fromisoformat(item["active_space"]["M"]["return_at"]["S"])


@pytest.mark.parametrize(
    ("slots", "label"),
    [
        (None, "at 8:45 PM"),
        ({"duration": "PT1H"}, "at 9:25 PM"),
        ({"time": "07:00"}, "tomorrow at 7 AM"),
    ],
)
def test_space_on_a_screen_shows_the_return_time_the_speech_and_card_say(
    skill: Harness, dynamodb: Any, slots: dict[str, str] | None, label: str
) -> None:
    skill.device.screen = True
    reply = skill.say("SpaceIntent", slots)
    [directive] = renders(reply)
    assert directive["token"] == screens.SPACE_TOKEN
    properties = directive["datasources"]["space"]["properties"]
    assert properties["label"] == label
    # The speech's own words, in the first sentence and on the Alexa app's card.
    assert reply.first_sentence.endswith(f"be back {label}.")
    assert label in reply.card
    # The countdown runs to the very instant that was stored (and said).
    stored = stored_return_at(dynamodb, skill.device.user_id)
    assert properties["returnAtMs"] == screens.epoch_ms(stored)
    assert properties["sentAtMs"] == screens.epoch_ms(skill.now)


def test_space_without_a_known_time_zone_shows_the_countdown_only(
    skill: Harness, alexa_api: Any, dynamodb: Any
) -> None:
    alexa_api.inject("/v2/devices", status=500)
    skill.device.screen = True
    reply = skill.say("SpaceIntent", {"duration": "PT30M"})
    assert reply.first_sentence == "I heard you, and you'll be back in 30 minutes."
    [directive] = renders(reply)
    properties = directive["datasources"]["space"]["properties"]
    assert properties["label"] == ""
    assert properties["returnAtMs"] == screens.epoch_ms(
        stored_return_at(dynamodb, skill.device.user_id)
    )


@pytest.mark.parametrize("intent", ["CycleIntent", "GroundingIntent"])
def test_the_grounding_pause_on_a_screen_breathes_with_the_speech(
    skill: Harness, intent: str
) -> None:
    skill.device.screen = True
    reply = skill.say(intent)
    [directive] = renders(reply)
    assert directive["token"] == screens.BREATHING_TOKEN
    properties = directive["datasources"]["breathing"]["properties"]
    assert properties["breaths"] == grounding.BREATHS
    assert properties["inMs"] == grounding.IN_SECONDS * 1000
    assert properties["outMs"] == grounding.OUT_SECONDS * 1000
    assert f'<break time="{grounding.IN_SECONDS}s"/>' in reply.ssml


@pytest.mark.parametrize(
    ("intent", "slots"),
    [
        ("SpaceIntent", None),
        ("SpaceIntent", {"time": "21:00"}),
        ("CycleIntent", None),
        ("GroundingIntent", None),
    ],
)
def test_a_voice_only_device_gets_no_screen(
    skill: Harness, intent: str, slots: dict[str, str] | None
) -> None:
    assert skill.device.screen is False
    reply = skill.say(intent, slots)
    assert reply.text  # it answered
    assert not [
        d for d in reply.directives if str(d.get("type", "")).startswith("Alexa.Presentation")
    ]
