"""Whole conversations as YAML, run by the simulator engine (see tests/dialogs/README.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from simulator.engine import Options, Simulator, Turn, parse_wait, stored_pact
from speech.ssml import total_break_seconds

STEP_KEYS = {
    "say", "wait", "user", "person", "expect", "intent", "slots", "announces", "pact", "capture",
    "event", "allow_reminders", "alexa_api_fault", "rings_on",
}  # fmt: skip


@dataclass
class DialogResult:
    name: str
    failures: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _says(turn: Turn, want: Any) -> list[str]:
    return [
        f"expected to hear {p!r}, heard {turn.text!r}" for p in _as_list(want) if p not in turn.text
    ]


def _says_regex(turn: Turn, want: Any) -> list[str]:
    return [
        f"expected speech matching /{p}/, heard {turn.text!r}"
        for p in _as_list(want)
        if not re.search(p, turn.text)
    ]


def _not_says(turn: Turn, want: Any) -> list[str]:
    return [
        f"did not expect to hear {p!r} in {turn.text!r}"
        for p in _as_list(want)
        if p.lower() in turn.text.lower()
    ]


def _reprompt(turn: Turn, want: Any) -> list[str]:
    return [
        f"expected reprompt with {p!r}, got {turn.reprompt!r}"
        for p in _as_list(want)
        if p not in turn.reprompt
    ]


def _session(turn: Turn, want: Any) -> list[str]:
    state = "open" if turn.session_open else "closed"
    return [] if want == state else [f"expected session {want}, it is {state}"]


def _silent(turn: Turn, want: Any) -> list[str]:
    if bool(want) == (not turn.ssml):
        return []
    return [f"expected silent={want}, speech was {turn.text!r}"]


def _pause_at_least(turn: Turn, want: Any) -> list[str]:
    seconds = total_break_seconds(turn.ssml)
    return [] if seconds >= float(want) else [f"expected {want} s of pause, got {seconds}"]


def _directives(turn: Turn, want: Any) -> list[str]:
    kinds = [d.get("type") for d in turn.directives]
    return [f"expected directive {k}, got {kinds}" for k in _as_list(want) if k not in kinds]


def _card(turn: Turn, want: Any) -> list[str]:
    card = turn.body.get("card") or {}
    content = str(card.get("content") or card.get("text") or "")
    return [
        f"expected card with {p!r}, card is {card!r}" for p in _as_list(want) if p not in content
    ]


EXPECTATIONS = {
    "says": _says,
    "says_regex": _says_regex,
    "not_says": _not_says,
    "reprompt": _reprompt,
    "session": _session,
    "silent": _silent,
    "pause_at_least": _pause_at_least,
    "directives": _directives,
    "card": _card,
}


def check_turn(turn: Turn, expect: dict[str, Any]) -> list[str]:
    """Every expectation that does not hold, in words."""
    problems: list[str] = []
    for key, want in expect.items():
        check = EXPECTATIONS.get(key)
        if check is None:
            problems.append(f"unknown expectation {key!r} (known: {sorted(EXPECTATIONS)})")
        else:
            problems += check(turn, want)
    return problems


def check_understanding(turn: Turn, step: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    understood = turn.understood
    if "intent" in step:
        got = (
            "LaunchRequest"
            if understood and understood.launch
            else (understood and understood.intent)
        )
        if got != step["intent"]:
            problems.append(f"expected {turn.said!r} to be {step['intent']}, understood {got}")
    for name, value in (step.get("slots") or {}).items():
        got_value = understood.slot_value(name) if understood else None
        if got_value != str(value):
            problems.append(f"expected slot {name}={value!r}, got {got_value!r}")
    return problems


def check_pact(sim: Simulator, expected: dict[str, Any]) -> list[str]:
    pact = stored_pact(sim) or {}
    problems: list[str] = []
    for key, want in expected.items():
        have = pact.get(key)
        if want == "absent":
            if key in pact:
                problems.append(f"expected no {key} in the stored pact, found one")
        elif want == "present":
            if key not in pact:
                problems.append(f"expected {key} in the stored pact")
        elif have != want:
            problems.append(f"expected stored {key}={want!r}, found {have!r}")
    return problems


def run_dialog(path: Path, state_dir: Path) -> DialogResult:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = DialogResult(name=str(spec.get("name", path.stem)))
    now = spec.get("now")
    options = Options(
        locale=spec.get("locale", "en-US"),
        time_zone=spec.get("time_zone", "America/Los_Angeles"),
        now=datetime.fromisoformat(str(now)) if now else None,
        user=spec.get("user", "home"),
        person=spec.get("person"),
        screen=bool(spec.get("screen", False)),
        state_dir=state_dir,
        persist=False,
        embedded=True,
    )
    captured: dict[str, str] = {}
    with Simulator(options) as sim:
        for number, step in enumerate(spec.get("steps") or [], start=1):
            unknown = set(step) - STEP_KEYS
            if unknown:
                result.failures.append(f"step {number}: unknown keys {sorted(unknown)}")
                continue
            run_step(sim, step, f"step {number}", result, captured)
    return result


def _outside_the_talk(sim: Simulator, step: dict[str, Any]) -> None:
    """What happens around the conversation: the Alexa app's reminders toggle for the current
    account (`allow_reminders: true`), an Alexa API fault ({path, status, delay_s}, or clear)."""
    if step.get("allow_reminders"):
        sim.allow_reminders()
    if "alexa_api_fault" in step:
        fault = step["alexa_api_fault"]
        assert sim.api is not None
        if fault == "clear":
            sim.api.clear_faults()
        else:
            sim.api.inject(
                str(fault["path"]), status=fault.get("status"), delay_s=fault.get("delay_s", 0.0)
            )


def _rang_on(sim: Simulator, step: dict[str, Any], since: int) -> list[str]:
    """`rings_on: {user: text}`: a reminder came due on that account's devices in this step."""
    problems = []
    for user, parts in (step.get("rings_on") or {}).items():
        texts = [r.text for r in sim.due_log[since:] if r.user == user]
        for part in _as_list(parts):
            if not any(part in text for text in texts):
                problems.append(f"expected {part!r} on {user}'s devices, got {texts}")
    return problems


def run_step(
    sim: Simulator,
    step: dict[str, Any],
    where: str,
    result: DialogResult,
    captured: dict[str, str],
) -> None:
    announced: list[str] = []
    rang_before = len(sim.due_log)
    if "user" in step:
        sim.switch(user=str(step["user"]), person=step.get("person"))
    elif "person" in step:
        sim.switch(person=step["person"])
    _outside_the_talk(sim, step)
    if "wait" in step:
        announced += sim.advance(parse_wait(str(step["wait"])))
    if "event" in step:
        sim.send(f"[{step['event']}]", None, sim.device.skill_event(step["event"], sim.now))
    if "say" in step:
        turn = sim.say(str(step["say"]).format(**captured))
        result.transcript += [f"you> {turn.said}", f"alexa> {turn.text}"]
        announced += sim.announcements()
        problems = check_understanding(turn, step)
        problems += check_turn(turn, step.get("expect") or {})
        result.failures += [f"{where} ({turn.said!r}): {p}" for p in problems]
        for name, pattern in (step.get("capture") or {}).items():
            match = re.search(str(pattern), turn.text)
            if match is None:
                result.failures.append(f"{where}: nothing to capture as {name!r}")
            else:
                captured[name] = match.group(1) if match.groups() else match.group(0)
    if step.get("announces") == [] and announced:
        result.failures.append(f"{where}: expected no reminder, Alexa announced {announced}")
    for part in _as_list(step.get("announces")):
        if not any(part in text for text in announced):
            result.failures.append(f"{where}: expected a reminder {part!r}, got {announced}")
    result.failures += [f"{where}: {p}" for p in _rang_on(sim, step, rang_before)]
    if "pact" in step:
        result.failures += [f"{where}: {p}" for p in check_pact(sim, step["pact"])]
