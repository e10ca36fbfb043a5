"""Issue 18, the parts around the conversation: the mirror rules (pure), Messaging.MessageReceived
at the envelope level, the manifest, reminders that outlive a simulator run, and the logs."""

from __future__ import annotations

import io
import logging
import os
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import boto3
import pytest

from alexa_apis.messaging import Messenger
from alexa_apis.secrets import CredentialStore
from intents.partner_devices import PartnerMessageInterceptor, TurnClockInterceptor
from pacts import partner_sync as sync
from pacts.model import ActiveSpace, Pact
from pacts.store import PactStore
from simulator.cli import Printer
from simulator.engine import Options, Simulator
from tests.test_partner_devices import JORDAN, SAM, pair, reminders_of, say, space_with_reminder
from tools.skill_package import load_manifest, subscriptions

NOW = datetime(2026, 11, 23, 4, 25, tzinfo=UTC)
A, B = "a" * 32, "b" * 32

# The event names Amazon's skill manifest schema accepts for custom skills (SMAPI's
# v1.skill.Manifest.EventNameType, less the Legacy.* device events). None is for Skill
# Messaging: Messaging.MessageReceived needs no subscription and reaches the custom endpoint.
DOCUMENTED_EVENTS = {
    "SKILL_ENABLED", "SKILL_DISABLED", "SKILL_PERMISSION_ACCEPTED", "SKILL_PERMISSION_CHANGED",
    "SKILL_ACCOUNT_LINKED", "ITEMS_CREATED", "ITEMS_UPDATED", "ITEMS_DELETED", "LIST_CREATED",
    "LIST_UPDATED", "LIST_DELETED", "ALL_LISTS_CHANGED", "REMINDER_STARTED", "REMINDER_CREATED",
    "REMINDER_UPDATED", "REMINDER_DELETED", "REMINDER_STATUS_CHANGED",
    "AUDIO_ITEM_PLAYBACK_STARTED", "AUDIO_ITEM_PLAYBACK_FINISHED", "AUDIO_ITEM_PLAYBACK_STOPPED",
    "AUDIO_ITEM_PLAYBACK_FAILED", "SKILL_PROACTIVE_SUBSCRIPTION_CHANGED",
    "IN_SKILL_PRODUCT_SUBSCRIPTION_STARTED", "IN_SKILL_PRODUCT_SUBSCRIPTION_RENEWED",
    "IN_SKILL_PRODUCT_SUBSCRIPTION_ENDED",
}  # fmt: skip


def shared(space_by: str | None = A, minutes: int = 20) -> Pact:
    space = None
    if space_by is not None:
        space = ActiveSpace(
            episode_id="e1",
            started_at=NOW,
            return_at=NOW + timedelta(minutes=minutes),
            person=f"a:{space_by}",
        )
    pact = Pact(pact_id="p1", version=7, members=(A, B), active_space=space)
    pact = sync.with_user(pact, A, "amzn1.ask.account.sam", "en-US")
    return sync.with_user(pact, B, "amzn1.ask.account.jordan", "es-US")


# -- the mirror rules ----------------------------------------------------------------------------


def test_only_the_other_member_wants_a_reminder_for_a_space() -> None:
    pact = shared(space_by=A)
    assert sync.wanted(pact, B, NOW) == pact.active_space
    assert sync.wanted(pact, A, NOW) is None, "the taker's own reminder is theirs to ask for"
    assert sync.wanted(pact, B, NOW + timedelta(minutes=21)) is None, "an ended space wants none"
    assert sync.behind(pact, B, NOW) and not sync.behind(pact, A, NOW)


def test_a_caught_up_mirror_is_not_behind_until_the_space_changes() -> None:
    pact = shared()
    space = pact.active_space
    assert space is not None
    mirror = sync.Mirror(version=7, space="e1", at=sync.iso(space.return_at), token="t1")
    pact = sync.with_mirror(pact, B, mirror)
    assert not sync.behind(pact, B, NOW)
    moved = pact.with_space(ActiveSpace("e2", NOW, NOW + timedelta(hours=1), person=f"a:{A}"))
    assert sync.behind(moved, B, NOW)
    assert sync.behind(pact.with_space(None), B, NOW), "a held token with no space is behind"
    missing = sync.with_mirror(
        pact, B, sync.Mirror(7, "e1", sync.iso(space.return_at), None, permission_missing=True)
    )
    assert not sync.behind(missing, B, NOW), "no permission: nothing to resend"


def test_user_ids_are_kept_only_for_members_and_go_with_the_member() -> None:
    pact = shared()
    assert [m.user_id for m in sync.others(pact, A)] == ["amzn1.ask.account.jordan"]
    assert sync.member(pact, B) == sync.Member(B, "amzn1.ask.account.jordan", "es-US")
    assert sync.with_user(pact, "c" * 32, "amzn1.ask.account.x", None) == pact
    assert sync.with_user(pact, A, "x" * 600, None) == pact, "bounded"
    pact = sync.with_mirror(pact, B, sync.Mirror(version=3, token="t"))
    gone = sync.without_account(pact, B)
    assert sync.member(gone, B) is None
    assert sync.mirror(gone, B) == sync.Mirror()
    assert sync.member(gone, A) is not None
    assert "amzn1.ask.account.jordan" not in repr(gone.to_item())


def test_mirrors_survive_the_item_round_trip_and_bad_values() -> None:
    mirror = sync.Mirror(4, "e1", "2026-11-23T04:45:00+00:00", "tok", True, True, False)
    pact = sync.with_mirror(shared(), B, mirror)
    again = Pact.from_item("p1", pact.to_item())
    assert sync.mirror(again, B) == mirror
    broken = Pact.from_item("p1", {**pact.to_item(), sync.MIRRORS: {B: {"version": "x"}}})
    assert sync.mirror(broken, B).version == -1
    assert sync.mirror(Pact.from_item("p1", {sync.MIRRORS: "junk"}), B) == sync.Mirror()


def test_messages_carry_ids_and_numbers_only() -> None:
    data = sync.message(shared())
    assert data == {"type": sync.MESSAGE_TYPE, "pact": "p1", "version": 7, "space": "e1"}
    assert sync.read_message(data) == ("p1", 7)
    for bad in (None, "x", {}, {**data, "type": "other"}, {**data, "version": True}):
        assert sync.read_message(bad) is None


# -- the manifest ------------------------------------------------------------------------------


def test_the_manifest_subscribes_only_to_documented_events() -> None:
    names = set(subscriptions(load_manifest()))
    assert names <= DOCUMENTED_EVENTS, sorted(names - DOCUMENTED_EVENTS)
    permissions = {p["name"] for p in load_manifest()["manifest"]["permissions"]}
    assert "alexa::alerts:reminders:skill:readwrite" in permissions


# -- Messaging.MessageReceived at the envelope level ------------------------------------------


@pytest.fixture
def couple(tmp_path: Path) -> Any:
    options = Options(
        now=datetime.fromisoformat("2026-11-22T20:25"),
        state_dir=tmp_path,
        persist=False,
        embedded=True,
    )
    with Simulator(options) as sim:
        pair(sim)
        sim.now = datetime.fromisoformat("2026-11-22T20:25").replace(tzinfo=sim.zone)
        sim.switch(user=JORDAN)
        sim.allow_reminders()
        yield sim


def test_a_message_is_answered_with_an_empty_success(couple: Simulator) -> None:
    space_with_reminder(couple)
    [delivery] = couple.deliveries
    assert delivery.request["request"]["type"] == "Messaging.MessageReceived"
    assert delivery.response["response"] == {}, "no speech, no directives: just acknowledged"


@pytest.mark.parametrize(
    "message",
    [
        {"anything": "else"},
        {"type": sync.MESSAGE_TYPE, "pact": "another-pact", "version": 99, "space": "x"},
        {"type": sync.MESSAGE_TYPE, "pact": 5, "version": "1"},
    ],
)
def test_a_message_that_is_not_ours_changes_nothing(
    couple: Simulator, message: dict[str, Any]
) -> None:
    space_with_reminder(couple)
    before = reminders_of(couple, JORDAN)
    user_id = next(uid for uid, name in couple.users.items() if name == JORDAN)
    event = couple.message_event(user_id, message)
    assert event is not None
    reply = couple._call_skill(event)
    assert reply["response"] == {}
    assert reminders_of(couple, JORDAN) == before


def test_messages_and_logs_carry_no_names_words_or_user_ids(
    couple: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        space_with_reminder(couple)
        say(couple, JORDAN, "open pause pact")
        say(couple, SAM, "alexa tell pause pact i'm back")
    assert couple.deliveries
    for delivery in couple.deliveries:
        message = delivery.request["request"]["message"]
        assert not re.search(r"Sam|Jordan|amzn1", repr(message)), message
    for user_id in couple.users:
        assert user_id not in caplog.text
    assert "Sam" not in caplog.text and "Jordan" not in caplog.text


# -- reminders outlive a simulator run --------------------------------------------------------


def test_a_reminder_set_in_one_run_rings_in_the_next(tmp_path: Path) -> None:
    start = datetime.fromisoformat("2026-11-22T20:25")
    first = Options(now=start, state_dir=tmp_path, persist=True, embedded=True)
    with Simulator(first) as sim:
        pair(sim)
        sim.now = start.replace(tzinfo=sim.zone)
        sim.switch(user=JORDAN)
        sim.allow_reminders()
        space_with_reminder(sim)
        assert len(reminders_of(sim, JORDAN)) == 1
    assert (tmp_path / "alexa_api.json").exists()
    later = Options(
        now=start + timedelta(minutes=30), state_dir=tmp_path, persist=True, embedded=True
    )
    with Simulator(later) as sim:
        rang = sim.announcements()
        assert "Sam is coming back to your conversation now." in " ".join(rang)
        assert {r.user for r in sim.last_due} == {SAM, JORDAN}
        sim.switch(user=JORDAN)
        assert sim.device.permissions_token is not None, "Jordan's permission outlives the run"


# -- the wait stays inside the turn's budget ---------------------------------------------------


def test_a_slow_turn_waits_less_for_its_message_and_a_spent_one_not_at_all() -> None:
    interceptor = PartnerMessageInterceptor(Messenger(CredentialStore(None)), 0.25, 4.5)

    def turn_begun(ago_s: float) -> Any:
        attributes = {"pause_pact.turn_started": time.monotonic() - ago_s}
        return SimpleNamespace(attributes_manager=SimpleNamespace(request_attributes=attributes))

    assert interceptor.wait_for(turn_begun(0.1)) == pytest.approx(0.25)
    assert interceptor.wait_for(turn_begun(4.4)) == pytest.approx(0.1, abs=0.02)
    assert interceptor.wait_for(turn_begun(6.0)) == 0.0
    stamped = SimpleNamespace(attributes_manager=SimpleNamespace(request_attributes={}))
    TurnClockInterceptor().process(stamped)
    assert interceptor.wait_for(stamped) == pytest.approx(0.25, abs=0.01)


def test_a_message_reaches_an_account_not_heard_from_in_this_run(tmp_path: Path) -> None:
    start = datetime.fromisoformat("2026-11-22T20:25")
    with Simulator(Options(now=start, state_dir=tmp_path, persist=True, embedded=True)) as sim:
        pair(sim)
        sim.switch(user=JORDAN)
        sim.allow_reminders()
    later = start + timedelta(minutes=5)
    with Simulator(Options(now=later, state_dir=tmp_path, persist=True, embedded=True)) as sim:
        space_with_reminder(sim)  # only Sam speaks in this run
        assert len(sim.deliveries) == 1 and not sim.undelivered
        assert len(reminders_of(sim, JORDAN)) == 1


def test_the_cli_says_whose_devices_a_reminder_rang_on() -> None:
    out = io.StringIO()
    printer = Printer(out, quiet=True, speak=False, wav=None)
    printer.announce(
        ["Time to come back.", "Sam is coming back."], "8:45 PM", ["home", "partner"], "partner"
    )
    lines = out.getvalue().splitlines()
    assert lines == [
        "alexa> (reminder on home's devices, 8:45 PM) Time to come back.",
        "alexa> (reminder, 8:45 PM) Sam is coming back.",
    ]


def test_a_message_without_a_permissions_object_lets_the_reminders_api_decide(
    couple: Simulator,
) -> None:
    """Amazon's MessageReceived example carries no permissions: granted at Alexa, it works."""
    assert couple.api is not None
    couple.api.inject("/v1/skillmessages/", status=500)  # Sam's turn sends nothing
    space_with_reminder(couple)
    couple.api.clear_faults()
    jordan = next(uid for uid, name in couple.users.items() if name == JORDAN)
    pact = stored_pact_of(couple)
    event = couple.message_event(
        jordan, {"type": sync.MESSAGE_TYPE, "pact": pact.pact_id, "version": pact.version}
    )
    assert event is not None
    event["context"]["System"]["user"].pop("permissions", None)
    couple._call_skill(event)
    assert len(reminders_of(couple, JORDAN)) == 1


def stored_pact_of(sim: Simulator) -> Pact:
    sim.switch(user=SAM)
    client = boto3.client("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"))
    household = PactStore(sim.settings.table_name, lambda: client).load(sim.device.user_id)
    assert household.exists
    return household.pact
