"""The nightly reflection "for both of us" (issue 18): Sam's account holds the pact's nightly
reminder and Jordan's account one of its own, set, moved and cancelled by Skill Messaging (or on
Jordan's next visit), at the same minute; and the words for it in every market."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from pacts import partner_sync as sync
from pacts.model import Pact
from simulator.engine import Simulator, Turn, stored_pact
from simulator.nlu import Nlu
from tests.support.partners import (
    JORDAN,
    SAM,
    allow_reminders,
    paired,
    rang,
    reminder_calls,
    reminders_of,
    say,
)

NOW = "2026-11-22T20:10"
MODELS = Path(__file__).resolve().parent.parent / "interaction_models"
BOTH = "alexa tell pause pact to set our nightly reflection for nine thirty for both of us"
STOP_BOTH = "alexa tell pause pact to stop the nightly reflection for both of us"
NIGHTLY = "Time for your nightly reflection"


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[Simulator]:
    with paired(NOW, tmp_path) as simulator:
        yield simulator


@pytest.fixture
def allowed(sim: Simulator) -> Simulator:
    return allow_reminders(sim, JORDAN)


def ask(sim: Simulator, user: str, text: str) -> Turn:
    """Say it; when Alexa asks for the reminders permission, say yes."""
    heard = say(sim, user, text)
    return sim.say("yes") if heard.alexa_asks else heard


def times(sim: Simulator, user: str) -> list[str]:
    return [r["trigger"]["scheduledTime"] for r in reminders_of(sim, user)]


def test_both_accounts_get_the_nightly_reminder_at_the_same_minute(allowed: Simulator) -> None:
    sim = allowed
    answer = ask(sim, SAM, BOTH)
    assert "Every night at 9:30 PM, I'll invite you both to reflect together" in answer.text
    assert "Jordan's devices" in answer.text
    [jordans] = reminders_of(sim, JORDAN)
    assert jordans["trigger"]["scheduledTime"] == "2026-11-22T21:30:00"
    assert jordans["trigger"]["recurrence"]["recurrenceRules"][0].startswith("FREQ=DAILY")
    assert jordans["alertInfo"]["spokenInfo"]["content"][0]["text"].startswith(NIGHTLY)
    sim.advance(timedelta(minutes=80))
    [sams], [theirs] = rang(sim, SAM), rang(sim, JORDAN)
    assert sams.due_at == theirs.due_at
    assert theirs.due_at.astimezone(sim.zone).strftime("%H:%M") == "21:30"


def test_said_twice_or_delivered_twice_nothing_doubles(allowed: Simulator) -> None:
    sim = allowed
    ask(sim, SAM, BOTH)
    first = sim.deliveries[-1].request
    ask(sim, SAM, BOTH)
    assert len(reminders_of(sim, SAM)) == 1 and len(reminders_of(sim, JORDAN)) == 1
    calls = len(reminder_calls(sim))
    sim._call_skill(first)  # the same message, late
    assert len(reminder_calls(sim)) == calls, "a duplicate reaches no Reminders API"


def test_moving_it_moves_both_and_stopping_it_stops_both(allowed: Simulator) -> None:
    sim = allowed
    ask(sim, SAM, BOTH)
    moved = ask(sim, SAM, "alexa tell pause pact to move our nightly reflection to ten")
    assert "10 PM" in moved.text and "Jordan" in moved.text
    assert times(sim, SAM) == times(sim, JORDAN) == ["2026-11-22T22:00:00"]
    stopped = say(sim, SAM, STOP_BOTH)
    assert "I've stopped the nightly reflection for both of you." in stopped.text
    assert reminders_of(sim, SAM) == [] and reminders_of(sim, JORDAN) == []
    pact = stored_pact(sim) or {}
    assert not pact.get(sync.NIGHTLY) and not pact.get(sync.BOTH)
    sim.advance(timedelta(days=2))
    assert sim.due_log == []


def test_jordan_asking_again_takes_it_over_without_doubling(allowed: Simulator) -> None:
    sim = allowed
    ask(sim, SAM, BOTH)
    ask(sim, JORDAN, "alexa tell pause pact to set our nightly reflection for ten for both of us")
    assert times(sim, SAM) == times(sim, JORDAN) == ["2026-11-22T22:00:00"]
    assert say(sim, JORDAN, STOP_BOTH).text.startswith("Okay. I've stopped")
    assert reminders_of(sim, SAM) == [] and reminders_of(sim, JORDAN) == []


def test_without_jordans_permission_each_hears_it_once(sim: Simulator) -> None:
    answer = ask(sim, SAM, BOTH)  # Jordan's account answered while Alexa asked Sam's permission
    assert "Every night at 9:30 PM" in answer.text
    assert "Jordan hasn't allowed reminders from Pause Pact yet" in answer.text
    assert reminders_of(sim, JORDAN) == []
    assert "Jordan" not in say(sim, SAM, "open pause pact").text, "Sam hears it once"
    assert "Jordan hasn't" not in ask(sim, SAM, BOTH).text
    theirs = say(sim, JORDAN, "open pause pact")
    assert "nightly reflection reminder on your own devices too" in theirs.text
    card = theirs.body.get("card") or {}
    assert card.get("type") == "AskForPermissionsConsent"
    again = say(sim, JORDAN, "open pause pact")
    assert "Alexa app" not in again.text and "card" not in again.body
    sim.switch(user=JORDAN)
    sim.allow_reminders()
    say(sim, JORDAN, "open pause pact")  # turned on: Jordan's visit sets it
    assert times(sim, JORDAN) == ["2026-11-22T21:30:00"]


def test_told_on_opening_when_the_answer_came_first(sim: Simulator) -> None:
    """Sam had allowed reminders: one turn, answered before Jordan's account is reached."""
    sim.switch(user=SAM)
    sim.allow_reminders()
    answer = say(sim, SAM, BOTH)
    assert "Every night at 9:30 PM" in answer.text and "Jordan hasn't" not in answer.text
    opened = say(sim, SAM, "open pause pact")
    assert "Jordan hasn't allowed reminders from Pause Pact yet" in opened.text
    assert "Jordan hasn't" not in say(sim, SAM, "open pause pact").text


def test_messaging_down_jordans_next_visit_catches_up(allowed: Simulator) -> None:
    sim = allowed
    assert sim.api is not None
    sim.api.inject("/v1/skillmessages/", status=500)
    answer = ask(sim, SAM, BOTH)
    assert "Every night at 9:30 PM" in answer.text
    assert reminders_of(sim, JORDAN) == []
    sim.api.clear_faults()
    say(sim, JORDAN, "open pause pact")
    assert times(sim, JORDAN) == ["2026-11-22T21:30:00"]


# -- the pure rules ------------------------------------------------------------------------------


def test_only_the_members_who_do_not_hold_the_pacts_reminder_want_one() -> None:
    pact = Pact(pact_id="p", members=("a", "b"), reflection_time="21:30")
    assert sync.nightly_wanted(pact, "b") is None, "not asked for both"
    both = sync.with_both(pact, "a")
    assert sync.nightly_wanted(both, "a") is None and sync.nightly_wanted(both, "b") == "21:30"
    held = sync.with_nightly(both, "b", sync.Nightly(at="21:30", token="t-b"))
    assert not sync.nightly_behind(held, "b")
    taken = sync.holding_nightly(
        replace(held, reflection_reminder="t-a", reflection_reminder_by="a"), "b"
    )
    assert taken.reflection_reminder == "t-b" and taken.reflection_reminder_by == "b"
    assert sync.nightly(taken, "a") == sync.Nightly(at="21:30", token="t-a")
    assert sync.nightly(taken, "b") == sync.Nightly()
    stopped = sync.with_both(taken, None)
    assert sync.nightly_behind(stopped, "a"), "a's account still holds one: a message cancels it"


# -- the words, in every market ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "text", "intent"),
    [
        ("en-US", "set our nightly reflection for nine thirty for both of us", "Schedule"),
        ("en-GB", "set the nightly reflection on both our devices for half nine", "Schedule"),
        ("en-AU", "remind both of us to reflect every night at nine thirty", "Schedule"),
        ("en-IN", "stop our nightly reflection for both of us", "Stop"),
        ("en-CA", "cancel the nightly reflection for the two of us", "Stop"),
        ("es-US", "programa nuestra reflexión de cada noche a las diez para los dos", "Schedule"),
        ("es-MX", "pon la reflexión de cada noche a las nueve y media para los dos", "Schedule"),
        ("es-MX", "cancela la reflexión de cada noche para los dos", "Stop"),
        ("es-ES", "ponnos la reflexión de cada noche a las nueve y media a los dos", "Schedule"),
        ("es-ES", "programa la reflexión nocturna a las nueve y media para ambos", "Schedule"),
        ("es-ES", "quítanos la reflexión de cada noche a los dos", "Stop"),
        ("es-ES", "para la reflexión nocturna de ambos", "Stop"),
    ],
)  # fmt: skip
def test_for_both_of_us_is_understood(locale: str, text: str, intent: str) -> None:
    nlu = Nlu.from_file(MODELS / f"{locale}.json", locale)
    result = nlu.parse(text)
    expected = "ReflectionScheduleIntent" if intent == "Schedule" else "StopReflectionIntent"
    assert result.intent == expected, (locale, text, result.intent)
    together = result.slots["together"]
    assert together.resolution is not None and together.resolution[1] == "both"
