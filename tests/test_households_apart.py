"""Households stay apart (issue 12): who may read and write a pact, and what survives whom.

Every test here failed on the code before the fix it guards.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse

from lambda_function import make_handler
from pacts import pairing
from pacts import store as store_module
from pacts.store import PactStore, account_hash, to_dynamo
from settings import Settings
from simulator.dynamo import CallCounter, EmbeddedDynamo
from simulator.envelopes import Device
from skill import create_skill
from tests.support.harness import Harness, Reply
from tests.test_reminders import reminders_of
from tools.migrate_layout import main, migrate

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
    assert migrate(store, dynamodb) == 1
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


# -- 2. pairing limits hold under concurrency; a stranger's lucky guess links no one ---------

FAILED = "That code didn't work. Ask your partner to say: connect my partner, for a fresh one."


@pytest.fixture
def served(tmp_path: Any) -> Iterator[Any]:
    """moto's DynamoDB server, one request at a time as DynamoDB's per-item atomicity needs
    (in-process mock_aws cannot stand in for concurrent writers)."""
    with EmbeddedDynamo("pause-pact", None) as server:
        yield server.client()


def test_concurrent_guesses_from_one_account_never_pass_its_limit(served: Any, evening: Any):
    store = PactStore("pause-pact", lambda: served)
    handler = make_handler(create_skill(Settings(), clock=lambda: evening, store=store))
    owner, guesser = Device(), Device()
    offer = handler(owner.intent("ConnectPartnerIntent", evening), None)
    code = re.search(r"(\d{6})</say-as>", offer["response"]["outputSpeech"]["ssml"])
    assert code is not None
    guesses = [f"{(int(code.group(1)) + n) % 1_000_000:06d}" for n in range(1, 40)]
    guesses.insert(30, code.group(1))  # the right code, well after the account's five tries
    calls = CallCounter(served)
    start = threading.Barrier(len(guesses))
    replies: list[str] = []

    def guess(value: str) -> None:
        envelope = guesser.intent("JoinPactIntent", evening, {"code": value})
        start.wait()
        replies.append(handler(envelope, None)["response"]["outputSpeech"]["ssml"])

    threads = [threading.Thread(target=guess, args=(g,)) for g in guesses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(replies) == len(guesses)
    # Exactly five attempts were counted and at most five codes were looked at.
    assert calls.calls.count("GetItem") <= pairing.MAX_ACCOUNT_ATTEMPTS
    hour = pairing.hour_bucket(evening)
    guard = store.get(f"ACCOUNT#{account_hash(guesser.user_id)}", f"GUARD#{hour}")
    assert guard is not None and guard["attempts"] == pairing.MAX_ACCOUNT_ATTEMPTS
    assert sum("Almost there" in r for r in replies) <= 1


def test_the_service_wide_budget_stops_many_accounts_guessing(
    skill: Harness, partner: Device, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(pairing, "SERVICE_ATTEMPTS_PER_HOUR", 4)
    code = digits(skill.say("ConnectPartnerIntent"))
    for n in range(4):  # four accounts, one wrong guess each: each under its own limit
        stranger = Device(api_endpoint=partner.api_endpoint)
        wrong = f"{(int(code) + n + 1) % 1_000_000:06d}"
        assert skill.say_as(stranger, "JoinPactIntent", {"code": wrong}).text == FAILED
    busy = skill.say_as(partner, "JoinPactIntent", {"code": code})
    assert busy.text == "I can't connect accounts just now. Please try again in an hour."
    skill.wait(hours=1)
    fresh = digits(skill.say("ConnectPartnerIntent"))
    assert skill.say_as(partner, "JoinPactIntent", {"code": fresh}).text.startswith("Almost")


def test_a_lucky_stranger_is_not_linked_without_the_owners_number(skill: Harness, partner: Device):
    skill.say("ChangePactIntent", {"spaceSignal": "time out"})
    code = digits(skill.say("ConnectPartnerIntent"))
    stranger = Device(api_endpoint=partner.api_endpoint)
    claimed = skill.say_as(stranger, "JoinPactIntent", {"code": code})
    assert claimed.text.startswith("Almost there.")
    # Nothing is shared yet: the stranger reads nothing of the pact.
    assert "time out" not in skill.say_as(stranger, "ReadPactIntent").text
    # The owner is told, and asked for a number only their partner could give them.
    asked = skill.launch()
    assert asked.text.startswith("Someone used your pairing code to join your pact.")
    wrong = f"{(int(digits(claimed)) + 1) % 1_000_000:06d}"
    refused = skill.say("JoinPactIntent", {"code": wrong})
    assert refused.text.startswith("That number doesn't match, so no one has joined your pact.")
    assert "time out" not in skill.say_as(stranger, "ReadPactIntent").text
    assert "shared" not in skill.say("ReadPactIntent").text
    # One try: the stranger's own number no longer works either.
    assert skill.say("JoinPactIntent", {"code": digits(claimed)}).text == FAILED


def test_a_code_used_by_two_accounts_links_neither(skill: Harness, partner: Device):
    code = digits(skill.say("ConnectPartnerIntent"))
    stranger = Device(api_endpoint=partner.api_endpoint)
    claimed = skill.say_as(stranger, "JoinPactIntent", {"code": code})
    assert skill.say_as(partner, "JoinPactIntent", {"code": code}).text == FAILED
    told = skill.launch()
    assert told.text.startswith("Two accounts used your pairing code, so I didn't connect either.")
    assert skill.say("JoinPactIntent", {"code": digits(claimed)}).text == FAILED
    assert "shared" not in skill.say("ReadPactIntent").text


# -- 4. a pairing code dies with the pact -----------------------------------------------------


@pytest.mark.parametrize("how", ["delete", "disable"])
def test_a_pairing_code_dies_with_the_data(
    skill: Harness, partner: Device, dynamodb: Any, how: str
):
    code = digits(skill.say("ConnectPartnerIntent"))
    if how == "delete":
        skill.say("DeleteDataIntent")
        skill.say("AMAZON.YesIntent")
    else:
        skill.send(skill.device.skill_event("AlexaSkillEvent.SkillDisabled", skill.now))
    assert not [i for i in items(dynamodb) if i["pk"]["S"].startswith("PAIR#")]
    skill.say("ChangePactIntent", {"spaceSignal": "a new pact"})  # the owner starts again
    assert skill.say_as(partner, "JoinPactIntent", {"code": code}).text == FAILED
    assert "a new pact" not in skill.say_as(partner, "ReadPactIntent").text


# -- 5. the skill disabled by one partner takes their name, voices and answers ----------------


def test_skill_disabled_takes_the_leavers_name_voices_and_answers(
    skill: Harness, partner: Device, dynamodb: Any
):
    pair(skill, partner)
    jordan = voice(partner, "jordan")
    skill.say_as(partner, "NameIntent", {"name": "Jordie"})  # the account's own name too
    skill.say_as(jordan, "NameIntent", {"name": "Jordan"})
    skill.say("NameIntent", {"name": "Sam"})
    skill.say_as(jordan, "ReflectionIntent")
    for answer in ("pineapple words", "skip", "marmalade thanks"):
        skill.say_as(jordan, "ReflectionIntent", {"answer": answer})
    skill.say("ReflectionIntent")
    for answer in ("quiet evening", "skip", "kind words"):
        skill.say("ReflectionIntent", {"answer": answer})
    stored = str(items(dynamodb))
    assert "Jordan" in stored and "pineapple words" in stored  # kept while they are a member
    skill.send(partner.skill_event("AlexaSkillEvent.SkillDisabled", skill.now))
    stored = str(items(dynamodb))
    for word in ("Jordan", "Jordie", "pineapple words", "marmalade thanks"):
        assert word not in stored, word
    assert "Sam" in stored and "quiet evening" in stored  # the other partner's stay
    leaked = [i for i in items(dynamodb) if account_hash(partner.user_id) in str(i)]
    assert leaked == []
    assert "Sam" in skill.say("ReadPactIntent").text


# -- 6. a reminder the other partner set ------------------------------------------------------


def test_a_partners_delete_leaves_my_reminder_stoppable(
    skill: Harness, partner: Device, alexa_api: Any, tls: Any
):
    skill.device.permissions_token = "consent"
    pair(skill, partner)
    assert skill.say("ReflectionScheduleIntent", {"time": "21:30"}).text.startswith("Done")
    assert len(reminders_of(alexa_api, skill.device, tls)) == 1
    skill.say_as(partner, "DeleteDataIntent")
    deleted = skill.say_as(partner, "AMAZON.YesIntent").text
    assert "Your partner's reminders are on their own Alexa account" in deleted
    assert len(reminders_of(alexa_api, skill.device, tls)) == 1  # honestly: still there
    stopped = skill.say("StopReflectionIntent")
    assert stopped.text == "Okay. I've stopped the nightly reflection."
    assert reminders_of(alexa_api, skill.device, tls) == []
    assert skill.say("StopReflectionIntent").text.startswith("There's no nightly reflection")


def test_stopping_a_reminder_the_partner_set_says_who_can(
    skill: Harness, partner: Device, alexa_api: Any, tls: Any
):
    skill.device.permissions_token = "consent"
    pair(skill, partner)
    skill.say("ReflectionScheduleIntent", {"time": "21:30"})
    stop = skill.say_as(partner, "StopReflectionIntent").text
    assert stop.startswith("The nightly reminder is on your partner's Alexa account"), stop
    assert len(reminders_of(alexa_api, skill.device, tls)) == 1
    assert skill.say("StopReflectionIntent").text == "Okay. I've stopped the nightly reflection."
    assert reminders_of(alexa_api, skill.device, tls) == []


# -- 8. deleting under throttling --------------------------------------------------------------


class Unprocessed:
    """BatchWriteItem that does only part of the work: the rest comes back as UnprocessedItems,
    as DynamoDB answers when throttled. Real deletes on moto, through a second client."""

    def __init__(self, client: Any, *, rounds: int, keep: int = 5) -> None:
        self.rounds, self.keep = rounds, keep
        self.calls = 0
        self.waits: list[float] = []
        self._real = boto3.client("dynamodb", region_name="us-east-1")
        self._last = 0.0
        client.meta.events.register("before-call.dynamodb.BatchWriteItem", self)

    def __call__(self, params: dict[str, Any], **_: Any) -> Any:
        now = time.monotonic()
        if self.calls:
            self.waits.append(now - self._last)
        self._last = now
        self.calls += 1
        if self.rounds <= 0:
            return None  # DynamoDB has capacity again: the real call goes through
        self.rounds -= 1
        body = json.loads(params["body"])  # the request as sent: DynamoDB's own JSON
        (table, requests_), *_ = body["RequestItems"].items()
        done, left = requests_[: -self.keep], requests_[-self.keep :]
        if done:
            self._real.batch_write_item(RequestItems={table: done})
        return AWSResponse("https://dynamodb", 200, {}, None), {"UnprocessedItems": {table: left}}


def _history(skill: Harness, episodes: int) -> None:
    for _ in range(episodes):
        skill.say("CycleIntent")
        skill.wait(minutes=1)


def test_delete_backs_off_under_throttling_and_finishes(skill: Harness, dynamodb: Any):
    _history(skill, 30)
    throttled = Unprocessed(dynamodb, rounds=4)
    skill.say("DeleteDataIntent")
    reply = skill.say("AMAZON.YesIntent")
    assert reply.text.startswith("Done. Everything Pause Pact kept for you is deleted.")
    assert household_items(dynamodb) == []
    assert throttled.waits and all(w >= 0.02 for w in throttled.waits[:3])


def test_delete_that_cannot_finish_says_so_and_resumes(
    skill: Harness, dynamodb: Any, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(store_module, "DELETE_BUDGET_S", 0.3, raising=False)
    _history(skill, 30)
    throttled = Unprocessed(dynamodb, rounds=1000)
    skill.say("DeleteDataIntent")
    partial = skill.say("AMAZON.YesIntent").text
    assert partial.startswith("I deleted part of it, but not all yet."), partial
    assert "nothing has changed" not in partial
    left = household_items(dynamodb)
    assert left and any(i["sk"]["S"] == "PACT" for i in left)  # resumable: the copy is last
    throttled.rounds = 0  # capacity again
    monkeypatch.setattr(store_module, "DELETE_BUDGET_S", 4.0)
    skill.say("DeleteDataIntent")
    assert skill.say("AMAZON.YesIntent").text.startswith("Done. Everything Pause Pact kept")
    assert household_items(dynamodb) == []


def household_items(dynamodb: Any) -> list[dict[str, Any]]:
    """Every item but the service-wide pairing budget (counts, no household's data)."""
    return [i for i in items(dynamodb) if i["pk"]["S"] != "PAIRING"]


# -- one read, one write: for the partner too, on a cold container ----------------------------


def test_a_partner_on_a_cold_container_reads_once_a_turn(
    skill: Harness, partner: Device, dynamodb: Any, calls: CallCounter
):
    pair(skill, partner)
    cold = Harness(now=skill.now, device=partner, store=PactStore("pause-pact", lambda: dynamodb))
    for intent in (
        "SpaceIntent",
        "ReturnTimeIntent",
        "CycleIntent",
        "ConnectionIntent",
        "ReadPactIntent",
        "WeeklySummaryIntent",
    ):
        calls.reset()
        cold.say(intent)
        assert calls.reads == 1 and calls.writes <= 1, (intent, calls.calls)
    calls.reset()
    skill.say("BackIntent")  # the founder cannot end the partner's space: one read to say so
    assert (calls.reads, calls.writes) == (1, 0), calls.calls
    calls.reset()
    cold.say("BackIntent")
    assert (calls.reads, calls.writes) == (1, 1), calls.calls


def _history_of(dynamodb: Any) -> set[str]:
    return {i["pk"]["S"] for i in items(dynamodb) if i["sk"]["S"].startswith("EPISODE#")}


def _redeemed(skill: Harness, partner: Device) -> str:
    """The owner asked for a code and the partner redeemed it: the number the owner must say."""
    code = digits(skill.say("ConnectPartnerIntent"))
    number = digits(skill.say_as(partner, "JoinPactIntent", {"code": code}))
    assert "Someone used your pairing code" in skill.launch().text
    return number


def test_the_owners_answer_joins_with_one_read(
    skill: Harness, partner: Device, dynamodb: Any, calls: CallCounter
):
    # The pending join says which pact the partner had (none here): no read of their copy.
    skill.say("SpaceIntent")
    number = _redeemed(skill, partner)
    calls.reset()
    assert skill.say("JoinPactIntent", {"code": number}).text.startswith("Done.")
    assert calls.calls == ["Query", "TransactWriteItems"]
    assert "shared between" in skill.say_as(partner, "ReadPactIntent").text


def test_joining_over_the_partners_own_pact_reads_only_its_history_to_delete_it(
    skill: Harness, partner: Device, dynamodb: Any, calls: CallCounter
):
    skill.say_as(partner, "CycleIntent")  # the partner's own pact, with history
    skill.say("SpaceIntent")
    number = _redeemed(skill, partner)
    assert len(_history_of(dynamodb)) == 2
    calls.reset()
    assert skill.say("JoinPactIntent", {"code": number}).text.startswith("Done.")
    # The one extra read lists that history: DynamoDB deletes only items it is given by key.
    assert calls.calls == ["Query", "TransactWriteItems", "Query", "BatchWriteItem"]
    assert len(_history_of(dynamodb)) == 1


def test_a_partner_who_started_a_pact_after_redeeming_still_joins_and_its_history_goes(
    skill: Harness, partner: Device, dynamodb: Any, calls: CallCounter
):
    number = _redeemed(skill, partner)  # the partner had no pact then...
    skill.say_as(partner, "CycleIntent")  # ...and has one alone now, with history
    skill.say("SpaceIntent")
    calls.reset()
    assert skill.say("JoinPactIntent", {"code": number}).text.startswith("Done.")
    assert "GetItem" not in calls.calls  # the refused write brought their copy back (ALL_OLD)
    assert len(_history_of(dynamodb)) == 1
    assert "shared between" in skill.say_as(partner, "ReadPactIntent").text


def test_a_partner_who_shares_another_pact_by_now_is_not_taken_from_it(
    skill: Harness, partner: Device, dynamodb: Any
):
    number = _redeemed(skill, partner)
    third = Device(api_endpoint=partner.api_endpoint, api_access_token=partner.api_access_token)
    mine = skill.device
    skill.device = third  # a third account pairs with the partner meanwhile
    try:
        pair(skill, partner)
        skill.say("ChangePactIntent", {"spaceSignal": "our pause"})
    finally:
        skill.device = mine
    answer = skill.say("JoinPactIntent", {"code": number})
    assert not answer.text.startswith("Done."), answer.text
    theirs = skill.say_as(partner, "ReadPactIntent").text
    assert "our pause" in theirs and "shared between" in theirs
    assert "shared" not in skill.say("ReadPactIntent").text


def test_yes_delete_reads_the_account_once_and_lists_the_history_once(
    skill: Harness, partner: Device, dynamodb: Any, calls: CallCounter
):
    skill.say("SpaceIntent")
    skill.say("JoinPactIntent", {"code": "000000"})  # a pairing-attempt counter in my partition
    skill.say("DeleteDataIntent")
    calls.reset()
    assert "deleted" in skill.say("AMAZON.YesIntent").text
    # The turn's Query read every item of this account's partition; the pact's history (up to
    # 180 days of episodes) can only be listed by a Query of its own partition.
    assert calls.calls == ["Query", "Query", "BatchWriteItem", "DeleteItem"]
    assert household_items(dynamodb) == []


class _LostReply:
    """A client whose PutItem is done and then sent again, as botocore retries a request whose
    reply was lost in a read timeout: the second one meets the first one's item."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.puts = 0

    def put_item(self, **request: Any) -> Any:
        self.client.put_item(**request)
        self.puts += 1
        return self.client.put_item(**request)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)


def test_a_retried_put_that_was_done_counts_as_done_without_a_read(
    dynamodb: Any, calls: CallCounter
):
    lossy = _LostReply(dynamodb)
    store = PactStore("pause-pact", lambda: lossy)
    household = store.load("amzn1.ask.account.retry")
    household.change(lambda p: replace(p, names=(*p.names, "Sam")))
    calls.reset()
    store.save(household)
    assert lossy.puts == 1 and calls.calls == ["PutItem", "PutItem"]  # no reload, no re-apply
    again = store.load("amzn1.ask.account.retry")
    assert again.pact.names == ("Sam",) and again.pact.version == household.pact.version
    # A real conflict is still one: another write in between is re-read and re-applied.
    other = store.load("amzn1.ask.account.retry")
    other.change(lambda p: replace(p, names=(*p.names, "Alex")))
    store.save(other)
    household.change(lambda p: replace(p, space_signal="time out"))
    store.save(household)
    final = store.load("amzn1.ask.account.retry").pact
    assert final.names == ("Sam", "Alex") and final.space_signal == "time out"
