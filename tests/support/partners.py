"""Two Alexa accounts in the offline simulator, paired in one pact (issue 18): Sam's ("home")
and Jordan's ("partner"), what each says and the reminders each account holds. Shared by the
partner tests (devices, nightly, leaving, sync)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from simulator.alexa_api import DueReminder
from simulator.engine import Options, Simulator, Turn

SAM, JORDAN = "home", "partner"
REMINDERS = "/v1/alerts/reminders"
MESSAGES = "/v1/skillmessages/"


def say(sim: Simulator, user: str, text: str) -> Turn:
    sim.switch(user=user)
    return sim.say(text)


def allow_reminders(sim: Simulator, *users: str) -> Simulator:
    """Each of `users` allowed reminders for the skill in the Alexa app."""
    for user in users:
        sim.switch(user=user)
        sim.allow_reminders()
    return sim


def pair(sim: Simulator, *, jordan_names_themself: bool = True) -> None:
    """Sam makes a pact and a code, Jordan joins with it, Sam confirms Jordan's number."""
    say(sim, SAM, "alexa tell pause pact my name is Sam")
    code = re.search(r"(\d{6})", say(sim, SAM, "alexa tell pause pact to connect my partner").text)
    assert code is not None
    joined = say(
        sim, JORDAN, f"alexa tell pause pact to join my partner's pact with code {code[1]}"
    )
    number = re.search(r"(\d{6})", joined.text)
    if number is not None:  # the owner confirms the joiner by voice (issue 12)
        say(sim, SAM, "open pause pact")
        say(sim, SAM, number[1])
    assert "share" in say(sim, SAM, "alexa ask pause pact what's our pact").text
    if jordan_names_themself:  # the name in the shared pact
        say(sim, JORDAN, "alexa tell pause pact my name is Jordan")


def simulator_at(now: str, tmp_path: Path) -> Simulator:
    """A simulator on embedded DynamoDB, nothing kept after it, its clock at `now` (local)."""
    options = Options(
        now=datetime.fromisoformat(now), state_dir=tmp_path, persist=False, embedded=True
    )
    return Simulator(options)


def set_clock(sim: Simulator, now: str) -> None:
    """The clock back at `now` in the simulator's time zone (pairing took some turns)."""
    sim.now = datetime.fromisoformat(now).replace(tzinfo=sim.zone)


@contextmanager
def paired(now: str, tmp_path: Path, *, allowed: tuple[str, ...] = ()) -> Iterator[Simulator]:
    """Sam and Jordan paired, the `allowed` accounts with reminders allowed, the clock at `now`."""
    with simulator_at(now, tmp_path) as simulator:
        pair(simulator)
        allow_reminders(simulator, *allowed)
        set_clock(simulator, now)
        yield simulator


def reminders_of(sim: Simulator, user: str) -> list[dict[str, Any]]:
    """The user's reminders, through the Reminders API with a token of theirs."""
    assert sim.api is not None
    token = sim.api.issue_token(user=user)
    reply = requests.get(
        f"{sim.api.endpoint}{REMINDERS}", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    assert reply.status_code == 200
    alerts: list[dict[str, Any]] = reply.json()["alerts"]
    return [a for a in alerts if a["status"] == "ON"]


def reminder_calls(sim: Simulator) -> list[str]:
    assert sim.api is not None
    return [f"{r.method} {r.status}" for r in sim.api.requests_seen if r.path.startswith(REMINDERS)]


def rang(sim: Simulator, user: str) -> list[DueReminder]:
    return [r for r in sim.due_log if r.user == user]
