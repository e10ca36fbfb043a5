"""Households stay apart (issue 12): who may read and write a pact, and what survives whom.

Every test here failed on the code before the fix it guards.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from pacts.store import PactStore, account_hash, to_dynamo
from simulator.envelopes import Device
from tests.support.harness import Harness, Reply
from tools.migrate_layout import main

CONNECTED = "You're connected."


@pytest.fixture
def partner(device: Device, alexa_api: Any) -> Device:
    """The partner's own Alexa account on their own Echo."""
    return Device(api_endpoint=device.api_endpoint, api_access_token=alexa_api.issue_token())


def digits(reply: Reply) -> str:
    match = re.search(r'<say-as interpret-as="digits">(\d{6})</say-as>', reply.ssml)
    assert match, reply.ssml
    return match.group(1)


def pair(skill: Harness, partner: Device) -> None:
    """The owner (skill.device) asks for a code, the partner redeems it, the owner confirms."""
    code = digits(skill.say("ConnectPartnerIntent"))
    joined = skill.say_as(partner, "JoinPactIntent", {"code": code})
    if joined.text.startswith(CONNECTED):
        return
    number = digits(joined)
    asked = skill.launch()
    assert "Someone used your pairing code" in asked.text, asked.text
    assert skill.say("JoinPactIntent", {"code": number}).text.startswith("Done."), number


def items(dynamodb: Any) -> list[dict[str, Any]]:
    return list(dynamodb.scan(TableName="pause-pact")["Items"])


def voice(device: Device, person: str) -> Device:
    """Another voice profile on the same account and Echo."""
    return Device(
        user_id=device.user_id,
        device_id=device.device_id,
        api_endpoint=device.api_endpoint,
        api_access_token=device.api_access_token,
        person_id=f"amzn1.ask.person.{person}",
    )


# -- 1. a pact's identity is its own; membership is checked on every read and write ----------


def test_a_partner_who_left_and_deleted_cannot_touch_the_pact(skill: Harness, partner: Device):
    pair(skill, partner)
    skill.say("ChangePactIntent", {"spaceSignal": "time out"})
    skill.say_as(partner, "ReflectionIntent")  # a reflection in the shared pact
    skill.say("LeavePactIntent")
    assert skill.say("AMAZON.YesIntent").text.startswith("Done. You've left")
    skill.say("DeleteDataIntent")
    assert "deleted" in skill.say("AMAZON.YesIntent").text
    # The partner keeps the whole pact...
    assert "time out" in skill.say_as(partner, "ReadPactIntent").text
    # ...and what they change next stays theirs: the one who left neither sees nor hears it.
    skill.say_as(partner, "ChangePactIntent", {"connectionSignal": "hold me"})
    skill.say_as(partner, "SpaceIntent")
    skill.say_as(partner, "CycleIntent")
    mine = skill.say("ReadPactIntent").text
    assert mine.startswith("You haven't set up a pact"), mine
    assert skill.say("ReturnTimeIntent").text.startswith("There's no space running")
    assert skill.say("WeeklySummaryIntent").text.startswith("Nothing was recorded this week.")
    theirs = skill.say_as(partner, "ReadPactIntent").text
    assert "time out" in theirs and "hold me" in theirs


def test_a_partner_who_left_and_disabled_the_skill_leaves_the_pact_whole(
    skill: Harness, partner: Device
):
    pair(skill, partner)
    skill.say("ChangePactIntent", {"spaceSignal": "time out"})
    skill.say("LeavePactIntent")
    skill.say("AMAZON.YesIntent")
    skill.send(skill.device.skill_event("AlexaSkillEvent.SkillDisabled", skill.now))
    assert "time out" in skill.say_as(partner, "ReadPactIntent").text
    skill.say_as(partner, "SpaceIntent")
    assert skill.say("ReturnTimeIntent").text.startswith("There's no space running")
    assert skill.say_as(partner, "ReturnTimeIntent").text.startswith("You agreed to come back")


def test_the_founder_leaving_keeps_nothing_the_partner_still_uses(
    skill: Harness, partner: Device, dynamodb: Any
):
    """After the founder leaves, nothing stored under the founder's account is the pact."""
    pair(skill, partner)
    skill.say("ChangePactIntent", {"spaceSignal": "time out"})
    skill.say("LeavePactIntent")
    skill.say("AMAZON.YesIntent")
    skill.say("ChangePactIntent", {"spaceSignal": "my own words"})  # a fresh pact of mine
    signals = [i.get("space_signal", {}).get("S") for i in items(dynamodb)]
    assert signals.count("my own words") == 1 and "time out" in signals
    skill.say("DeleteDataIntent")
    skill.say("AMAZON.YesIntent")
    signals = [i.get("space_signal", {}).get("S") for i in items(dynamodb)]
    assert "my own words" not in signals and "time out" in signals


# -- 13. an item that cannot be read is never overwritten -----------------------------------


def _stored_pacts(dynamodb: Any) -> list[dict[str, Any]]:
    return [i for i in items(dynamodb) if i["sk"]["S"] == "PACT"]


@pytest.mark.parametrize(
    "damage",
    [
        {"names": {"S": "Sam and Alex"}},
        {"version": {"S": "seven"}},
        {"members": {"N": "3"}},
        {"active_space": {"S": "soon"}},
    ],
)
def test_an_unreadable_pact_is_never_written_over(
    skill: Harness, dynamodb: Any, damage: dict[str, Any]
):
    skill.say("NameIntent", {"name": "Sam"})
    skill.say("ChangePactIntent", {"spaceSignal": "time out"})
    (stored,) = _stored_pacts(dynamodb)
    damaged = {**stored, **damage}
    dynamodb.put_item(TableName="pause-pact", Item=damaged)
    space = skill.say("SpaceIntent")
    assert space.first_sentence.startswith("I heard you"), space.text  # the time, still first
    assert "I couldn't reach your pact just now" in space.text
    assert "I couldn't reach your pact just now" in skill.say("ReadPactIntent").text
    changed = skill.say("ChangePactIntent", {"defaultSpace": "PT40M"})
    assert "I couldn't reach your pact just now" in changed.text
    assert _stored_pacts(dynamodb) == [damaged]


# -- 11. only the person who took the space closes it -----------------------------------------


def test_another_voice_cannot_end_your_space(skill: Harness, device: Device):
    sam, jordan = voice(device, "sam"), voice(device, "jordan")
    skill.say_as(sam, "NameIntent", {"name": "Sam"})
    skill.say_as(jordan, "NameIntent", {"name": "Jordan"})
    skill.say_as(sam, "SpaceIntent")
    skill.wait(minutes=5)
    waiting = skill.say_as(jordan, "BackIntent")
    assert waiting.text.startswith("Sam is taking space until 8:45 PM"), waiting.text
    assert "Welcome back" not in waiting.text
    assert not waiting.ends_session  # help waiting is offered
    calm = skill.say_as(jordan, "AMAZON.YesIntent")
    assert "Breathe in slowly" in calm.text
    assert skill.say_as(jordan, "ReturnTimeIntent").text.startswith("Sam is taking space until")
    back = skill.say_as(sam, "BackIntent")
    assert back.first_sentence == "Welcome back, Sam."
    assert skill.say_as(jordan, "ReturnTimeIntent").text.startswith("Sam came back at 8:30 PM")


def test_the_paired_account_cannot_end_your_space(skill: Harness, partner: Device):
    pair(skill, partner)
    skill.say("NameIntent", {"name": "Sam"})
    skill.say("SpaceIntent")
    waiting = skill.say_as(partner, "BackIntent")
    assert waiting.text.startswith("Sam is taking space until 8:45 PM"), waiting.text
    assert skill.say("ReturnTimeIntent").text.startswith("Sam is taking space until 8:45 PM")
    assert skill.say("BackIntent").first_sentence == "Welcome back, Sam."
    assert skill.say_as(partner, "ReturnTimeIntent").text.startswith("Sam came back at 8:25 PM")


# -- 12. a change of return time is one space -------------------------------------------------


def test_changing_the_return_time_is_one_space(skill: Harness):
    skill.say("SpaceIntent")
    skill.wait(minutes=2)
    skill.say("SpaceIntent", {"duration": "PT1H"})
    skill.wait(minutes=2)
    skill.say("SpaceIntent", {"duration": "PT20M"})
    skill.wait(minutes=20)
    skill.say("BackIntent")
    skill.say("SpaceIntent")  # a second space, after coming back
    summary = skill.say("WeeklySummaryIntent").text
    assert "Space was taken twice" in summary, summary


# -- the layout before issue 12 ---------------------------------------------------------------


def test_pacts_in_the_old_layout_are_moved_and_stay_apart(
    skill: Harness, partner: Device, dynamodb
):
    """Old layout: the founder's pact in PACT#<founder>, the partner's LINK to it, and a founder
    who had left (a LINK to nowhere, the pact they left still in their partition)."""
    sam, jordan = account_hash(skill.device.user_id), account_hash(partner.user_id)
    left = Device(api_endpoint=partner.api_endpoint, api_access_token=partner.api_access_token)
    gone = account_hash(left.user_id)
    old: list[dict[str, Any]] = [
        {"pk": f"PACT#{sam}", "sk": "PACT", "version": 3, "members": [sam, jordan],
         "space_signal": "time out", "default_space_minutes": 30},
        {"pk": f"PACT#{sam}", "sk": "EPISODE#2026-11-22T04:00:00.000000Z-aaaaaa",
         "kind": "cycle", "at": "2026-11-22T04:00:00+00:00"},
        {"pk": f"PACT#{jordan}", "sk": "LINK", "pact_id": sam},
        {"pk": f"PACT#{jordan}", "sk": "PACT", "version": 1, "members": [jordan],
         "space_signal": "stale solo pact"},
        {"pk": f"PACT#{gone}", "sk": "PACT", "version": 2, "members": [],
         "space_signal": "left behind"},
        {"pk": f"PACT#{gone}", "sk": "LINK", "pact_id": "0" * 32},
    ]  # fmt: skip
    for item in old:
        dynamodb.put_item(TableName="pause-pact", Item=to_dynamo(item))
    # Never read as a pact before it is moved.
    assert skill.say("ReadPactIntent").text.startswith("You haven't set up a pact")
    store = PactStore("pause-pact", lambda: dynamodb)
    assert store.migrate_old_layout() == 1
    assert "time out" in skill.say("ReadPactIntent").text
    shared = skill.say_as(partner, "ReadPactIntent").text
    assert "time out" in shared and "shared between your two Alexa accounts" in shared
    assert skill.say_as(left, "ReadPactIntent").text.startswith("You haven't set up a pact")
    assert skill.say("WeeklySummaryIntent").text.startswith("Nothing was recorded")
    keys = {(i["pk"]["S"], i["sk"]["S"]) for i in items(dynamodb)}
    assert (f"PACT#{sam}", "PACT") not in keys and (f"PACT#{jordan}", "LINK") not in keys
    assert (f"PACT#{gone}", "LINK") not in keys
    # Run again: nothing moves twice; the founder leaving now takes nothing the partner uses.
    assert main(["--table", "pause-pact"]) == 0
    skill.say("LeavePactIntent")
    skill.say("AMAZON.YesIntent")
    skill.say("DeleteDataIntent")
    skill.say("AMAZON.YesIntent")
    assert "time out" in skill.say_as(partner, "ReadPactIntent").text
