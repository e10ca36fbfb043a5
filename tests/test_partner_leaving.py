"""A partner leaving mid-space (issue 18): when Sam leaves the pact, deletes it or disables the
skill while a space of theirs runs, Jordan's account is told at once (Skill Messaging) and its
partner reminder is cancelled, not left to ring until Jordan's next visit; the leaver's own
partner reminders are cancelled in the leaver's own turn."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from pacts import partner_sync as sync
from simulator.engine import Simulator, Turn
from tests.support.partners import JORDAN, MESSAGES, SAM, paired, rang, reminders_of, say

NOW = "2026-11-22T20:25"
BOTH = "alexa tell pause pact to set our nightly reflection for nine thirty for both of us"


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[Simulator]:
    with paired(NOW, tmp_path, allowed=(JORDAN, SAM)) as simulator:
        yield simulator


def space(sim: Simulator, user: str = SAM) -> None:
    """A space with its reminder, and the other account's partner reminder with it."""
    heard = say(sim, user, "alexa tell pause pact i need space")
    assert "be back at 8:45 PM" in heard.text
    answer = sim.say("yes")
    if answer.alexa_asks:
        answer = sim.say("yes")
    assert "I'll remind you at 8:45 PM" in answer.text
    other = JORDAN if user == SAM else SAM
    assert len(reminders_of(sim, other)) == 1 and len(reminders_of(sim, user)) == 1


def confirm(sim: Simulator, user: str, ask: str) -> Turn:
    say(sim, user, ask)
    return sim.say("yes")


def test_sam_leaving_mid_space_takes_jordans_reminder_at_once(sim: Simulator) -> None:
    space(sim)
    delivered = len(sim.deliveries)
    left = confirm(sim, SAM, "alexa tell pause pact to leave the pact")
    assert "left the shared pact" in left.text
    assert len(sim.deliveries) == delivered + 1, "one message, for Jordan's account"
    assert reminders_of(sim, JORDAN) == [], "gone now, before Jordan opens the skill"
    assert reminders_of(sim, SAM) == [], "Sam's own, in Sam's own turn"
    sim.advance(timedelta(minutes=30))
    assert sim.due_log == []
    opened = say(sim, JORDAN, "open pause pact")
    assert "Sam heard you" not in opened.text


def test_sam_deleting_mid_space_takes_jordans_reminder_at_once(sim: Simulator) -> None:
    space(sim)
    deleted = confirm(sim, SAM, "alexa tell pause pact to delete our data")
    assert "deleted" in deleted.text.lower()
    assert "couldn't cancel" not in deleted.text, "nothing of Jordan's is left to Jordan"
    assert reminders_of(sim, JORDAN) == [] and reminders_of(sim, SAM) == []
    sim.advance(timedelta(minutes=30))
    assert sim.due_log == []


def test_sam_disabling_the_skill_mid_space_takes_jordans_reminder(sim: Simulator) -> None:
    space(sim)
    sim.switch(user=SAM)
    sim.send("[disabled]", None, sim.device.skill_event("AlexaSkillEvent.SkillDisabled", sim.now))
    assert reminders_of(sim, JORDAN) == []
    sim.advance(timedelta(minutes=30))
    assert rang(sim, JORDAN) == []


def test_jordan_leaving_mid_space_cancels_their_own_in_their_turn(sim: Simulator) -> None:
    space(sim)
    ask(sim)
    delivered = len(sim.deliveries)
    confirm(sim, JORDAN, "alexa tell pause pact to leave the pact")
    assert reminders_of(sim, JORDAN) == [], "the partner reminder and the nightly one"
    assert len(sim.deliveries) == delivered, "Sam's space and reminders are Sam's: no message"
    assert len(reminders_of(sim, SAM)) == 2


def test_a_lost_message_is_made_good_on_jordans_next_visit(sim: Simulator) -> None:
    space(sim)
    assert sim.api is not None
    sim.api.inject(MESSAGES, status=500)
    confirm(sim, SAM, "alexa tell pause pact to delete our data")
    assert len(reminders_of(sim, JORDAN)) == 1
    sim.api.clear_faults()
    say(sim, JORDAN, "open pause pact")
    assert reminders_of(sim, JORDAN) == []


def test_deleting_with_the_nightly_for_both_takes_jordans_nightly_too(sim: Simulator) -> None:
    ask(sim)
    assert len(reminders_of(sim, JORDAN)) == 1
    confirm(sim, SAM, "alexa tell pause pact to delete our data")
    assert reminders_of(sim, JORDAN) == []


def test_the_farewell_message_carries_ids_and_numbers_only(sim: Simulator) -> None:
    space(sim)
    confirm(sim, SAM, "alexa tell pause pact to leave the pact")
    message = sim.deliveries[-1].request["request"]["message"]
    assert set(message) <= {"type", "pact", "version", "space", "zone"}
    assert message["type"] == sync.MESSAGE_TYPE and message["space"] == ""


def ask(sim: Simulator) -> None:
    """The nightly reflection for both of them (Sam's account holds the pact's)."""
    answer = say(sim, SAM, BOTH)
    assert "Every night at 9:30 PM" in answer.text
