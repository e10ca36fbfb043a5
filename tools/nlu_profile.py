"""The paraphrase corpus through Amazon's own NLU, after deployment (not run in CI).

    python -m tools.nlu_profile --skill-id amzn1.ask.skill.... [--locale en-US ...]
                                [--part held_out|tuning|out_of_domain|all] [--stage development]
                                [--profile default] [--limit N] [--delay 0.2] [--failures ...]

Each corpus line (tests/nlu/<locale>.yaml) goes to the ASK CLI's
``ask smapi profile-nlu --skill-id ... --stage ... --locale ... --utterance ...``, which asks
the deployed interaction model what it would send; the answers are scored and printed exactly
as ``make nlu`` prints the offline NLU's (tools/nlu_report.py), so the two tables compare.

Needs the ASK CLI (``npm install -g ask-cli``) configured with ``ask configure`` for a
developer account that owns the skill, and the models deployed (``ask deploy``). One-shot lines
("Alexa, ask Pause Pact ...") are sent without the invocation, as profile-nlu expects an
in-session utterance; lines that only open the skill are skipped.

Response format (SMAPI ``ProfileNluResponse``): ``{"sessionEnded": bool, "selectedIntent":
{"name", "confirmationStatus", "slots": {name: {"name", "value", "confirmationStatus",
"resolutions"}}}, "consideredIntents": [...], "multiTurn": {...}}``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from tools.nlu_report import (
    LOCALES,
    CorpusError,
    Line,
    Outcome,
    figures_from,
    load_corpus,
    model_nlu,
    render,
    score_line,
)

ASK: Final = "ask"
SESSION_ENDED: Final = "SessionEndedRequest"
"""Scored as the intent when profile-nlu says the utterance ends the session (exit, go home)."""


class ProfileError(RuntimeError):
    """The ASK CLI failed or answered something that is not a profile-nlu response."""


def profile_command(
    skill_id: str,
    locale: str,
    utterance: str,
    *,
    stage: str = "development",
    profile: str | None = None,
) -> list[str]:
    """The ``ask smapi profile-nlu`` command line for one utterance."""
    command = [ASK, "smapi", "profile-nlu", "--skill-id", skill_id, "--stage", stage]
    command += ["--locale", locale, "--utterance", utterance]
    if profile:
        command += ["--profile", profile]
    return command


def parse_profile(payload: Mapping[str, Any]) -> tuple[str | None, dict[str, str | None]]:
    """(intent, slot values) from a ProfileNluResponse.

    No selected intent with ``sessionEnded`` is scored as SessionEndedRequest; no selected
    intent otherwise as None (nothing our model understood).
    """
    if not isinstance(payload, Mapping):
        raise ProfileError("profile-nlu answered something other than a JSON object")
    selected = payload.get("selectedIntent")
    if not isinstance(selected, Mapping) or not selected.get("name"):
        return (SESSION_ENDED if payload.get("sessionEnded") else None), {}
    slots: dict[str, str | None] = {}
    raw_slots = selected.get("slots") or {}
    if isinstance(raw_slots, Mapping):
        for name, slot in raw_slots.items():
            value = slot.get("value") if isinstance(slot, Mapping) else None
            slots[str(name)] = value if isinstance(value, str) and value else None
    return str(selected["name"]), slots


Runner = Callable[[list[str]], str]


def run_ask(command: list[str]) -> str:
    """Run the ASK CLI; its stdout, or ProfileError with the first line of what went wrong."""
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
            command, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ProfileError(f"could not run {ASK}: {error}") from error
    if done.returncode != 0:
        lines = (done.stderr or done.stdout or "no output").strip().splitlines()
        raise ProfileError(f"{ASK} smapi profile-nlu failed: {lines[0] if lines else ''}")
    return done.stdout


def profile_line(
    line: Line,
    skill_id: str,
    types: Mapping[str, str],
    request_text: str,
    *,
    stage: str = "development",
    profile: str | None = None,
    runner: Runner = run_ask,
) -> Outcome:
    """One line through Amazon's NLU, scored like the offline NLU's answer."""
    output = runner(
        profile_command(skill_id, line.locale, request_text, stage=stage, profile=profile)
    )
    try:
        payload = json.loads(output)
    except json.JSONDecodeError as error:
        raise ProfileError("profile-nlu did not answer JSON") from error
    intent, slots = parse_profile(payload)
    if intent is None:
        intent = "AMAZON.FallbackIntent"  # nothing of ours: what the skill would receive
    return score_line(line, intent, slots, types)


def profile_locale(
    locale: str,
    skill_id: str,
    parts: Sequence[str],
    *,
    stage: str = "development",
    profile: str | None = None,
    limit: int | None = None,
    delay: float = 0.0,
    runner: Runner = run_ask,
) -> list[Outcome]:
    nlu = model_nlu(locale)
    lines = [line for line in load_corpus(locale).lines if line.part in parts]
    outcomes: list[Outcome] = []
    for line in lines[:limit] if limit else lines:
        invocation = nlu.split_invocation(line.utterance)
        if invocation.launch:
            continue  # only opens the skill: nothing for profile-nlu
        outcomes.append(
            profile_line(
                line,
                skill_id,
                nlu.slot_types(line.intent),
                invocation.utterance,
                stage=stage,
                profile=profile,
                runner=runner,
            )
        )
        if delay:
            time.sleep(delay)
    return outcomes


def main(argv: Sequence[str] | None = None, runner: Runner = run_ask) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.nlu_profile", description=__doc__, allow_abbrev=False
    )
    parser.add_argument("--skill-id", default=os.environ.get("SKILL_ID"))
    parser.add_argument("--locale", action="append", choices=LOCALES, help="repeatable")
    parser.add_argument(
        "--part", choices=("held_out", "tuning", "out_of_domain", "all"), default="all"
    )
    parser.add_argument("--stage", default="development", choices=("development", "live"))
    parser.add_argument("--profile", help="ASK CLI profile (ask configure --profile ...)")
    parser.add_argument("--limit", type=int, help="at most this many lines per locale")
    parser.add_argument("--delay", type=float, default=0.2, help="seconds between calls")
    parser.add_argument(
        "--failures", choices=("tuning", "held_out", "all", "none"), default="tuning"
    )
    args = parser.parse_args(argv)
    if runner is run_ask and shutil.which(ASK) is None:
        print(
            "nlu_profile: the ASK CLI is not installed (npm install -g ask-cli, then "
            "ask configure); nothing was sent",
            file=sys.stderr,
        )
        return 2
    if not args.skill_id:
        print("nlu_profile: give --skill-id (or set SKILL_ID)", file=sys.stderr)
        return 2
    parts = ("held_out", "tuning", "out_of_domain") if args.part == "all" else (args.part,)
    try:
        figures = [
            figures_from(
                locale,
                profile_locale(
                    locale,
                    args.skill_id,
                    parts,
                    stage=args.stage,
                    profile=args.profile,
                    limit=args.limit,
                    delay=args.delay,
                    runner=runner,
                ),
            )
            for locale in args.locale or LOCALES
        ]
    except (ProfileError, CorpusError, OSError) as error:
        print(f"nlu_profile: {error}", file=sys.stderr)
        return 2
    lines, _ = render(figures, args.failures)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
