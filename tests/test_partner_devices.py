"""The partner hears it too (issue 18): two Alexa accounts in the offline simulator, with the
real pieces - Skill Messaging through ask-sdk's clients to the HTTPS stand-in (LWA token, 202,
queued), the client secret in moto's SSM, Messaging.MessageReceived delivered to the skill for
the other account, the Reminders API with that request's own token, moto's DynamoDB server."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest

from pacts import partner_sync as sync
from pacts.store import PactStore, account_hash
from simulator.engine import Simulator, Turn, stored_pact
from speech.ssml import to_plain_text
from tests.support.partners import (
    JORDAN,
    MESSAGES,
    SAM,
    allow_reminders,
    pair,
    paired,
    rang,
    reminder_calls,
    reminders_of,
    say,
    set_clock,
    simulator_at,
)

# tests/test_partner_sync.py takes these from here (mypy: explicit re-export).
__all__ = ["JORDAN", "SAM", "pair", "reminders_of", "say", "space_with_reminder"]

NOW = "2026-11-22T20:25"


def space_with_reminder(sim: Simulator) -> Turn:
    heard = say(sim, SAM, "alexa tell pause pact i need space")
    assert "will be back at" in heard.text  # "Sam heard you, and will be back at ..."
    answer = say(sim, SAM, "yes")
    if answer.alexa_asks:  # Alexa asks Sam for the reminders permission the first time
        answer = sim.say("yes")
    return answer


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[Simulator]:
    with paired(NOW, tmp_path) as simulator:
        yield simulator


@pytest.fixture
def allowed(sim: Simulator) -> Simulator:
    """Jordan allowed reminders for the skill in the Alexa app."""
    return allow_reminders(sim, JORDAN)


def test_jordan_hears_the_return_time_and_the_reminder_in_the_same_minute(
    allowed: Simulator,
) -> None:
    sim = allowed
    answer = space_with_reminder(sim)
    assert "Done. I'll remind you at 8:45 PM." in answer.text
    assert "Jordan" not in answer.text, "nothing to tell Sam: Jordan's account has its reminder"
    [theirs] = reminders_of(sim, JORDAN)
    assert theirs["alertInfo"]["spokenInfo"]["content"][0]["text"].startswith("Sam is coming back")
    opened = say(sim, JORDAN, "open pause pact")
    assert opened.text.startswith("Sam heard you and will come back to this at 8:45 PM.")
    sim.advance(timedelta(minutes=25))
    [sams], [jordans] = rang(sim, SAM), rang(sim, JORDAN)
    assert sams.due_at == jordans.due_at
    assert jordans.due_at.astimezone(sim.zone).strftime("%H:%M") == "20:45"
    assert "Sam is coming back to your conversation now" in jordans.text


def test_im_back_takes_jordans_reminder_away(allowed: Simulator) -> None:
    sim = allowed
    space_with_reminder(sim)
    assert len(reminders_of(sim, JORDAN)) == 1
    back = say(sim, SAM, "alexa tell pause pact i'm back")
    assert "Welcome back" in back.text
    assert reminders_of(sim, JORDAN) == []
    assert reminders_of(sim, SAM) == []
    sim.advance(timedelta(minutes=30))
    assert sim.due_log == []


def test_a_new_return_time_moves_jordans_reminder(allowed: Simulator) -> None:
    sim = allowed
    space_with_reminder(sim)
    moved = say(sim, SAM, "alexa tell pause pact give me an hour")
    assert "9:2" in moved.text
    [theirs] = reminders_of(sim, JORDAN)
    assert theirs["trigger"]["scheduledTime"].startswith("2026-11-22T21:2")
    sim.advance(timedelta(minutes=90))
    [sams], [jordans] = rang(sim, SAM), rang(sim, JORDAN)
    assert sams.due_at == jordans.due_at


def test_without_jordans_permission_sam_is_told_once_and_jordan_gets_a_card_once(
    sim: Simulator,
) -> None:
    answer = space_with_reminder(sim)
    assert "Done. I'll remind you at 8:45 PM." in answer.text
    assert "Jordan hasn't allowed reminders from Pause Pact yet" in answer.text
    assert reminders_of(sim, JORDAN) == []
    opened = say(sim, JORDAN, "open pause pact")
    assert opened.text.startswith("Sam heard you and will come back to this at 8:45 PM.")
    assert "allow reminders for Pause Pact in the Alexa app" in opened.text
    card = opened.body.get("card") or {}
    assert card.get("type") == "AskForPermissionsConsent"
    assert card.get("permissions") == ["alexa::alerts:reminders:skill:readwrite"]
    again = say(sim, JORDAN, "open pause pact")
    assert "Alexa app" not in again.text and "card" not in again.body
    say(sim, SAM, "alexa tell pause pact i'm back")
    second = space_with_reminder(sim)
    assert "Jordan" not in second.text, "Sam hears it once"


def test_jordan_turning_reminders_on_gets_the_reminder_on_opening(sim: Simulator) -> None:
    space_with_reminder(sim)
    assert reminders_of(sim, JORDAN) == []
    sim.switch(user=JORDAN)
    sim.allow_reminders()
    opened = say(sim, JORDAN, "open pause pact")
    assert "Alexa app" not in opened.text
    [theirs] = reminders_of(sim, JORDAN)
    assert theirs["trigger"]["scheduledTime"].startswith("2026-11-22T20:45")


@pytest.mark.parametrize("fault", [{"status": 500}, {"status": 429}, {"status": 403}])
def test_messaging_failing_changes_nothing_for_sam_and_loses_nothing(
    allowed: Simulator, fault: dict[str, Any]
) -> None:
    sim = allowed
    assert sim.api is not None
    sim.api.inject(MESSAGES, **fault)
    heard = say(sim, SAM, "alexa tell pause pact i need space")
    answer = say(sim, SAM, "yes")
    if answer.alexa_asks:
        answer = sim.say("yes")
    assert heard.text.startswith("Sam heard you, and will be back at 8:45 PM.")
    assert "Done. I'll remind you at 8:45 PM." in answer.text
    assert sim.deliveries == []
    assert reminders_of(sim, JORDAN) == []
    sim.api.clear_faults()
    opened = say(sim, JORDAN, "open pause pact")  # Jordan's own visit catches the account up
    assert opened.text.startswith("Sam heard you and will come back to this at 8:45 PM.")
    assert len(reminders_of(sim, JORDAN)) == 1
    sim.advance(timedelta(minutes=25))
    assert rang(sim, SAM)[0].due_at == rang(sim, JORDAN)[0].due_at


def test_sams_next_turn_sends_again_when_a_message_was_lost(allowed: Simulator) -> None:
    sim = allowed
    assert sim.api is not None
    sim.api.inject(MESSAGES, status=500, times=1)
    say(sim, SAM, "alexa tell pause pact i need space")
    assert sim.deliveries == []
    say(sim, SAM, "yes")  # the next turn: Jordan's account is still behind, so it sends again
    assert len(sim.deliveries) == 1
    assert len(reminders_of(sim, JORDAN)) == 1


def test_the_answer_with_a_hanging_service_is_within_its_wait(allowed: Simulator) -> None:
    """The skill's own answer (lambda_handler, not the simulator's delivery) with messaging
    hanging: at most `messaging_wait_s` more than with messaging answering at once."""
    sim = allowed
    assert sim.api is not None
    sim.switch(user=SAM)
    device = sim.device
    durations: dict[str, list[float]] = {"warm-up": [], "normal": [], "hanging": []}
    answers: dict[str, set[str]] = {"warm-up": set(), "normal": set(), "hanging": set()}
    for case in ["warm-up"] * 2 + ["normal", "hanging"] * 3:
        if case == "hanging":
            sim.api.inject(MESSAGES, delay_s=10.0)
        started = time.perf_counter()
        reply = sim.handler(device.intent("SpaceIntent", sim.local_now(), new_session=True), None)
        durations[case].append(time.perf_counter() - started)
        answers[case].add(to_plain_text(reply["response"]["outputSpeech"]["ssml"]).split(". ")[0])
        sim.handler(device.intent("BackIntent", sim.local_now(), new_session=True), None)
        sim.api.clear_faults()
    assert answers["hanging"] == answers["normal"], "the same first sentence either way"
    assert any("8:45 PM" in answer for answer in answers["normal"])
    extra = min(durations["hanging"]) - min(durations["normal"])
    assert extra < sim.settings.messaging_wait_s + 0.2, durations


def test_a_message_twice_or_out_of_order_changes_nothing(allowed: Simulator) -> None:
    sim = allowed
    space_with_reminder(sim)
    first = sim.deliveries[0].request
    assert first["request"]["type"] == "Messaging.MessageReceived"
    assert "session" not in first
    message = first["request"]["message"]
    assert set(message) <= {"type", "pact", "version", "space", "zone"}, "no names, no words"
    calls = len(reminder_calls(sim))
    sim._call_skill(first)  # the same message again
    assert len(reminder_calls(sim)) == calls, "a duplicate reaches no Reminders API"
    say(sim, SAM, "alexa tell pause pact give me an hour")
    [moved] = reminders_of(sim, JORDAN)
    calls = len(reminder_calls(sim))
    sim._call_skill(first)  # the older message arrives after the newer one
    assert len(reminder_calls(sim)) == calls
    assert reminders_of(sim, JORDAN) == [moved]


def test_a_message_arriving_after_the_space_ended_sets_nothing(allowed: Simulator) -> None:
    sim = allowed
    assert sim.api is not None
    sim.api.inject(MESSAGES, delay_s=0.0, status=503, times=1)
    say(sim, SAM, "alexa tell pause pact i need space")
    pact = stored_pact(sim)
    assert pact is not None
    late = sim.message_event(
        sim.device.user_id.replace(sim.device.user_id, _user_id(sim, JORDAN)),
        {"type": sync.MESSAGE_TYPE, "pact": _pact_id(sim), "version": pact["version"], "space": ""},
    )
    assert late is not None
    sim.advance(timedelta(minutes=30))
    calls = len(reminder_calls(sim))
    sim._call_skill(late)
    assert reminder_calls(sim)[calls:] == [], "nothing to remind of any more"
    assert reminders_of(sim, JORDAN) == []


def test_after_jordan_leaves_nothing_reaches_jordans_account(allowed: Simulator) -> None:
    sim = allowed
    space_with_reminder(sim)
    assert len(reminders_of(sim, JORDAN)) == 1
    stale = sim.deliveries[0].request
    say(sim, JORDAN, "alexa tell pause pact to leave the pact")
    assert "left" in say(sim, JORDAN, "yes").text
    pact = stored_pact(_as(sim, SAM))
    assert pact is not None
    assert _account(sim, JORDAN) not in (pact.get(sync.USERS) or {})
    assert _account(sim, JORDAN) not in (pact.get(sync.MIRRORS) or {})
    delivered = len(sim.deliveries)
    calls = len(reminder_calls(sim))
    sim._call_skill(stale)
    assert reminder_calls(sim)[calls:] == []
    say(sim, SAM, "alexa tell pause pact i'm back")
    say(sim, SAM, "alexa tell pause pact i need space")
    assert len(sim.deliveries) == delivered, "no message for someone who left"


def _as(sim: Simulator, user: str) -> Simulator:
    sim.switch(user=user)
    return sim


def _user_id(sim: Simulator, user: str) -> str:
    return next(uid for uid, name in sim.users.items() if name == user)


def _account(sim: Simulator, user: str) -> str:
    return account_hash(_user_id(sim, user))


def _pact_id(sim: Simulator) -> str:
    client = boto3.client("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"))
    store = PactStore(sim.settings.table_name, lambda: client)
    return store.load(_user_id(sim, SAM)).pact.pact_id


def _jordans_records(sim: Simulator) -> tuple[Any, Any]:
    pact = stored_pact(_as(sim, SAM)) or {}  # "delete our data" may take the whole pact
    jordan = _account(sim, JORDAN)
    return (pact.get(sync.USERS) or {}).get(jordan), (pact.get(sync.MIRRORS) or {}).get(jordan)


def test_jordan_deleting_their_data_takes_their_user_id_and_reminder(allowed: Simulator) -> None:
    sim = allowed
    space_with_reminder(sim)
    assert all(record is not None for record in _jordans_records(sim))
    assert len(reminders_of(sim, JORDAN)) == 1
    say(sim, JORDAN, "alexa tell pause pact to delete our data")
    assert "deleted" in say(sim, JORDAN, "yes").text.lower()
    assert _jordans_records(sim) == (None, None)
    assert reminders_of(sim, JORDAN) == [], "the reminder on Jordan's own account goes too"
    delivered = len(sim.deliveries)
    say(sim, SAM, "alexa tell pause pact i'm back")
    assert len(sim.deliveries) == delivered


def test_jordan_disabling_the_skill_takes_their_user_id(allowed: Simulator) -> None:
    sim = allowed
    space_with_reminder(sim)
    sim.switch(user=JORDAN)
    sim.send("[disabled]", None, sim.device.skill_event("AlexaSkillEvent.SkillDisabled", sim.now))
    assert _jordans_records(sim) == (None, None)
    delivered = len(sim.deliveries)
    say(sim, SAM, "alexa tell pause pact i'm back")
    assert len(sim.deliveries) == delivered, "no message for an account that disabled the skill"


def test_jordans_account_is_reachable_from_the_moment_the_join_is_confirmed(
    tmp_path: Path,
) -> None:
    """Jordan's userId travels with the pending join: no word from Jordan after it is needed."""
    with simulator_at(NOW, tmp_path) as sim:
        allow_reminders(sim, JORDAN)
        pair(sim, jordan_names_themself=False)
        set_clock(sim, NOW)
        space_with_reminder(sim)
        assert len(sim.deliveries) == 1
        [theirs] = reminders_of(sim, JORDAN)
        assert theirs["trigger"]["scheduledTime"].startswith("2026-11-22T20:45")
        pact = stored_pact(_as(sim, SAM))
        assert pact is not None
        users = pact[sync.USERS]
        assert users[_account(sim, JORDAN)]["user_id"] == _user_id(sim, JORDAN)


def test_a_space_taken_by_a_voice_reaches_the_other_account(allowed: Simulator) -> None:
    sim = allowed
    sim.switch(user=SAM, person="Sam")
    heard = sim.say("alexa tell pause pact i need space")
    assert "be back at" in heard.text
    assert len(sim.deliveries) == 1
    assert len(reminders_of(sim, JORDAN)) == 1
