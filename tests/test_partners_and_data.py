"""Two accounts sharing a pact, the weekly summary, deleting data, and what never reaches logs."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from pacts.model import Pact
from pacts.store import PactStore, account_hash
from simulator.dynamo import EmbeddedDynamo
from simulator.envelopes import Device
from tests.support.harness import Harness

FAILED = "That code didn't work. Ask your partner to say: connect my partner, for a fresh one."


@pytest.fixture
def partner(device: Device, alexa_api) -> Device:
    """The partner's own Alexa account on their own Echo."""
    return Device(api_endpoint=device.api_endpoint, api_access_token=alexa_api.issue_token())


def pairing_code(reply) -> str:
    match = re.search(r'<say-as interpret-as="digits">(\d{6})</say-as>', reply.ssml)
    assert match, reply.ssml
    return match.group(1)


def pair(skill: Harness, partner: Device) -> None:
    """The owner asks for a code, the partner redeems it, the owner says the number back."""
    code = pairing_code(skill.say("ConnectPartnerIntent"))
    joined = skill.say_as(partner, "JoinPactIntent", {"code": code})
    assert joined.text.startswith("Almost there."), joined.text
    number = pairing_code(joined)
    asked = skill.launch()
    assert "Someone used your pairing code to join your pact." in asked.text
    done = skill.say("JoinPactIntent", {"code": number})
    assert done.text == "Done. Your partner has joined, and you two now share one pact."


def items(dynamodb) -> list[dict]:
    return dynamodb.scan(TableName="pause-pact")["Items"]


def household_items(dynamodb) -> list[dict]:
    """Every item but the service-wide pairing budget (counts, no household's data)."""
    return [i for i in items(dynamodb) if i["pk"]["S"] != "PAIRING"]


def test_pairing_links_two_accounts_to_one_pact(skill: Harness, partner: Device, dynamodb):
    skill.say("ChangePactIntent", {"defaultSpace": "PT30M"})
    offer = skill.say("ConnectPartnerIntent")
    assert "It works once, for the next ten minutes." in offer.text
    code = pairing_code(offer)
    joined = skill.say_as(partner, "JoinPactIntent", {"code": code.lstrip("0") or "0"})
    assert joined.text.startswith(
        "Almost there. Your partner now opens Pause Pact on their Echo and says this number:"
    )
    assert joined.text.endswith("Nothing is shared until they say it.")
    # Nothing is shared yet: the partner still has a pact of their own.
    assert skill.say_as(partner, "SpaceIntent").first_sentence.endswith("at 8:45 PM.")
    asked = skill.launch()
    assert asked.text.startswith("Someone used your pairing code to join your pact.")
    assert asked.directives[0]["type"] == "Dialog.ElicitSlot"
    assert asked.directives[0]["updatedIntent"]["name"] == "JoinPactIntent"
    done = skill.say("JoinPactIntent", {"code": pairing_code(joined)})
    assert done.text == "Done. Your partner has joined, and you two now share one pact."
    # The partner now uses the shared pact: its default space, its running space.
    assert skill.say_as(partner, "SpaceIntent").first_sentence.endswith("at 8:55 PM.")
    assert skill.say("ReturnTimeIntent").text.startswith(
        "You agreed to come back to this at 8:55 PM."
    )
    assert "shared between your two Alexa accounts" in skill.say("ReadPactIntent").text
    # Single use: the code is gone, and so is the partner's own pact from before.
    assert not any(i["pk"]["S"].startswith("PAIR#") for i in items(dynamodb))
    histories = {i["pk"]["S"] for i in items(dynamodb) if i["sk"]["S"].startswith("EPISODE#")}
    assert len(histories) == 1
    third = Device(api_endpoint=partner.api_endpoint, api_access_token=partner.api_access_token)
    assert skill.say_as(third, "JoinPactIntent", {"code": code}).text == FAILED


def test_join_asks_for_the_code(skill: Harness, partner: Device):
    reply = skill.say_as(partner, "JoinPactIntent")
    assert reply.directives[0]["type"] == "Dialog.ElicitSlot"
    assert reply.directives[0]["slotToElicit"] == "code"
    assert reply.text == "What's the six-digit code your partner heard?"


def test_wrong_and_expired_codes_get_the_same_answer(skill: Harness, partner: Device):
    code = pairing_code(skill.say("ConnectPartnerIntent"))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert skill.say_as(partner, "JoinPactIntent", {"code": wrong}).text == FAILED
    assert skill.say_as(partner, "JoinPactIntent", {"code": "not a number"}).text == FAILED
    skill.wait(minutes=11)
    assert skill.say_as(partner, "JoinPactIntent", {"code": code}).text == FAILED


def test_too_many_attempts_lock_the_account(skill: Harness, partner: Device):
    code = pairing_code(skill.say("ConnectPartnerIntent"))
    for guess in range(5):
        reply = skill.say_as(partner, "JoinPactIntent", {"code": f"{guess:06d}"})
        assert reply.text == FAILED
    # Over its limit, the account is told joining is paused and when to try again, even with
    # the right code (it learns nothing about the code).
    paused = skill.say_as(partner, "JoinPactIntent", {"code": code}).text
    assert paused.startswith("Too many codes didn't work, so joining is paused for a while.")
    assert re.search(r"You can try again in \d+ minutes?\.$", paused), paused
    # An hour later the account may try again; the old code has expired, a fresh one works.
    skill.wait(minutes=61)
    fresh = pairing_code(skill.say("ConnectPartnerIntent"))
    assert skill.say_as(partner, "JoinPactIntent", {"code": code}).text == FAILED
    assert skill.say_as(partner, "JoinPactIntent", {"code": fresh}).text.startswith("Almost there.")


def test_a_full_pact_gives_no_code(skill: Harness, partner: Device):
    pair(skill, partner)
    assert skill.say("ConnectPartnerIntent").text == "Your pact is already shared by two accounts."


def test_leaving_is_confirmed_and_starts_fresh(skill: Harness, partner: Device):
    pair(skill, partner)
    skill.say("ChangePactIntent", {"spaceSignal": "time out"})
    ask = skill.say_as(partner, "LeavePactIntent")
    assert ask.text.startswith("Leave the pact you share?")
    assert not ask.ends_session
    done = skill.say_as(partner, "AMAZON.YesIntent")
    assert done.text == "Done. You've left the shared pact, and you'll start fresh."
    assert skill.say_as(partner, "ReadPactIntent").text.startswith("You haven't set up a pact")
    mine = skill.say("ReadPactIntent").text
    assert "time out" in mine and "shared" not in mine
    assert skill.say("LeavePactIntent").text == "You're not sharing a pact with anyone right now."


def test_the_owner_can_leave_too(skill: Harness, partner: Device):
    pair(skill, partner)
    skill.say("ChangePactIntent", {"spaceSignal": "time out"})
    skill.say("LeavePactIntent")
    skill.say("AMAZON.YesIntent")
    assert skill.say("ReadPactIntent").text.startswith("You haven't set up a pact")
    assert "time out" in skill.say_as(partner, "ReadPactIntent").text
    skill.say("ChangePactIntent", {"defaultSpace": "PT40M"})  # my fresh pact is writable
    assert "40 minutes" in skill.say("ReadPactIntent").text
    assert "40 minutes" not in skill.say_as(partner, "ReadPactIntent").text


def test_no_to_leaving_keeps_the_pact(skill: Harness, partner: Device):
    pair(skill, partner)
    skill.say_as(partner, "LeavePactIntent")
    assert skill.say_as(partner, "AMAZON.NoIntent").text == "Okay, you're still sharing your pact."


def test_weekly_summary_is_encouraging_and_blame_free(skill: Harness, partner: Device):
    skill.say("CycleIntent")  # more than a week ago: not counted
    skill.wait(days=8)
    pair(skill, partner)
    skill.say("NameIntent", {"name": "Sam"})
    skill.say_as(partner, "NameIntent", {"name": "Alex"})
    skill.say("CycleIntent")
    skill.say_as(partner, "CycleIntent")
    skill.say("SpaceIntent")
    skill.wait(minutes=20)
    skill.say("BackIntent")
    skill.say_as(partner, "SpaceIntent")
    skill.wait(minutes=50)
    skill.say_as(partner, "BackIntent")
    skill.say_as(partner, "ConnectionIntent")
    summary = skill.say("WeeklySummaryIntent")
    assert summary.text.startswith("Here's your week, together.")
    assert "You named the cycle twice." in summary.text
    # Never a score ("1 of 2 returns"): a late return still counts (issue 15).
    assert "Space was taken twice. Some returns took longer than planned" in summary.text
    assert " of 2 " not in summary.text
    assert "Connection was asked for once." in summary.text
    assert "set a return reminder" in summary.text
    assert "Sam" not in summary.text and "Alex" not in summary.text


def test_weekly_summary_with_nothing_yet(skill: Harness):
    assert skill.say("WeeklySummaryIntent").text.startswith("Nothing was recorded this week.")


def test_delete_removes_everything_for_both_partners(skill: Harness, partner: Device, dynamodb):
    skill.say("SpaceIntent")
    skill.say_as(partner, "CycleIntent")  # the partner's own history before joining
    pair(skill, partner)
    skill.say_as(partner, "JoinPactIntent", {"code": "000000"})  # leaves a GUARD item
    skill.say("CycleIntent")
    assert len(items(dynamodb)) >= 6
    ask = skill.say_as(partner, "DeleteDataIntent")
    assert ask.text.endswith("Shall I delete it?")
    assert (
        "Everything Pause Pact kept for you is deleted."
        in skill.say_as(partner, "AMAZON.YesIntent").text
    )
    assert household_items(dynamodb) == []
    assert skill.say("ReadPactIntent").text.startswith("You haven't set up a pact")


def test_delete_needs_a_yes(skill: Harness, dynamodb):
    skill.say("SpaceIntent")
    skill.say("DeleteDataIntent")
    assert skill.say("AMAZON.NoIntent").text == "Okay, I've kept everything as it is."
    assert items(dynamodb) != []


def test_skill_disabled_by_the_partner_unlinks_only_them(skill: Harness, partner, dynamodb):
    pair(skill, partner)
    skill.send(partner.skill_event("AlexaSkillEvent.SkillDisabled", skill.now))
    assert "shared" not in skill.say("ReadPactIntent").text
    keys = {(i["pk"]["S"], i["sk"]["S"]) for i in items(dynamodb)}
    assert not any(pk == f"ACCOUNT#{account_hash(partner.user_id)}" for pk, _ in keys)
    # The last member leaving takes the whole pact with it.
    skill.say("CycleIntent")
    skill.send(skill.device.skill_event("AlexaSkillEvent.SkillDisabled", skill.now))
    assert household_items(dynamodb) == []


def test_skill_disabled_by_the_owner_leaves_the_partner_their_pact(skill: Harness, partner):
    pair(skill, partner)
    skill.say("ChangePactIntent", {"spaceSignal": "time out"})
    skill.send(skill.device.skill_event("AlexaSkillEvent.SkillDisabled", skill.now))
    assert "time out" in skill.say_as(partner, "ReadPactIntent").text
    # Re-enabled later, the owner's account starts fresh instead of seeing the partner's pact.
    assert skill.say("ReadPactIntent").text.startswith("You haven't set up a pact")


@pytest.fixture
def moto_server(tmp_path) -> Iterator[Any]:
    """moto's DynamoDB server (its HTTP front end; one request at a time, as DynamoDB's
    per-item atomicity requires). In-process mock_aws cannot stand in for concurrent writers."""
    with EmbeddedDynamo("pause-pact", None) as server:
        yield server.client()


def test_concurrent_writers_lose_nothing(moto_server):
    """Two partners' devices writing at once: versioned writes, retried; every update lands."""
    store = PactStore("pause-pact", lambda: moto_server)
    user = "amzn1.ask.account.concurrent"
    household = store.load(user)
    household.change(lambda p: p)
    store.save(household)
    writers, each = 4, 5
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(writer: int) -> None:
        start.wait()
        for n in range(each):
            try:
                mine = store.load(user)
                label = f"w{writer}n{n}"

                def add(pact: Pact, label: str = label) -> Pact:
                    return replace(pact, extra={**pact.extra, label: 1})

                mine.change(add)
                store.save(mine)
            except BaseException as error:
                errors.append(error)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    final = store.load(user).pact
    labels = {k for k in final.extra if k.startswith("w")}
    assert labels == {f"w{w}n{n}" for w in range(writers) for n in range(each)}
    assert final.version == 1 + writers * each


def test_logs_of_full_conversations_carry_no_personal_words(
    skill: Harness, partner: Device, caplog: pytest.LogCaptureFixture
):
    secrets_said = ["Quentin", "Marguerite", "pineapple express", "hold me close", "PT47M"]
    caplog.set_level(logging.DEBUG)
    skill.dialog(
        "SetupPactIntent",
        {
            "firstName": "Quentin",
            "partnerName": "Marguerite",
            "spaceSignal": "pineapple express",
            "connectionSignal": "hold me close",
            "defaultSpace": "PT47M",
            "longestSpace": "PT2H",
            "reflectionTime": "21:30",
        },
        state="COMPLETED",
        confirmation="CONFIRMED",
    )
    skill.say("NameIntent", {"name": "Quentin"})
    skill.say("SignalIntent", {"signal": "pineapple express"})
    skill.say("ConnectionIntent")
    code = pairing_code(skill.say("ConnectPartnerIntent"))
    skill.say_as(partner, "JoinPactIntent", {"code": code})
    skill.say("ReadPactIntent")
    skill.say("SafetyIntent")
    skill.say("WeeklySummaryIntent")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "request IntentRequest SetupPactIntent" in logged  # logging was on
    for word in [*secrets_said, code, skill.device.user_id, partner.user_id]:
        assert word.lower() not in logged.lower(), word


def test_episodes_and_codes_expire(skill: Harness, dynamodb):
    skill.say("SpaceIntent")
    skill.say("ConnectPartnerIntent")
    by_sort_key = {i["sk"]["S"].split("#")[0]: i for i in items(dynamodb)}
    episode_expiry = int(by_sort_key["EPISODE"]["expires_at"]["N"])
    pair = next(i for i in items(dynamodb) if i["pk"]["S"].startswith("PAIR#"))
    now = skill.now.timestamp()
    assert episode_expiry - now == pytest.approx(timedelta(days=180).total_seconds(), abs=5)
    assert int(pair["expires_at"]["N"]) - now == pytest.approx(600, abs=5)
