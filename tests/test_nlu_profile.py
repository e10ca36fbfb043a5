"""tools/nlu_profile.py: the corpus through Amazon's NLU via `ask smapi profile-nlu`.

Amazon is never reachable here: the command line and the parsing are tested on responses in the
documented ProfileNluResponse shape (sessionEnded, selectedIntent{name, confirmationStatus,
slots{name: {name, value, confirmationStatus, resolutions}}}, consideredIntents, multiTurn).
"""

from __future__ import annotations

import json

import pytest

from tools import nlu_profile
from tools.nlu_profile import ProfileError, parse_profile, profile_command
from tools.nlu_report import Line

SKILL = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"

SPACE_TWENTY = {
    "sessionEnded": False,
    "selectedIntent": {
        "name": "SpaceIntent",
        "confirmationStatus": "NONE",
        "slots": {
            "duration": {"name": "duration", "value": "PT20M", "confirmationStatus": "NONE"},
            "time": {"name": "time", "confirmationStatus": "NONE"},
            "minutes": {"name": "minutes", "confirmationStatus": "NONE"},
        },
    },
    "consideredIntents": [
        {"name": "GroundingIntent", "confirmationStatus": "NONE", "slots": {}},
    ],
    "multiTurn": {"dialogAct": None, "token": None, "prompt": None},
}
EXIT = {"sessionEnded": True, "consideredIntents": []}
NOTHING = {"sessionEnded": False, "consideredIntents": []}


def test_the_command_line() -> None:
    assert profile_command(SKILL, "en-GB", "i need twenty minutes") == [
        "ask", "smapi", "profile-nlu", "--skill-id", SKILL, "--stage", "development",
        "--locale", "en-GB", "--utterance", "i need twenty minutes",
    ]  # fmt: skip
    with_profile = profile_command(SKILL, "es-MX", "dame diez", stage="live", profile="work")
    assert with_profile[-2:] == ["--profile", "work"]
    assert with_profile[with_profile.index("--stage") + 1] == "live"


def test_parsing_the_documented_response() -> None:
    assert parse_profile(SPACE_TWENTY) == (
        "SpaceIntent",
        {"duration": "PT20M", "time": None, "minutes": None},
    )
    assert parse_profile(EXIT) == ("SessionEndedRequest", {})
    assert parse_profile(NOTHING) == (None, {})
    with pytest.raises(ProfileError):
        parse_profile([])  # type: ignore[arg-type]


def test_a_line_is_scored_like_the_offline_nlu() -> None:
    line = Line("en-US", "held_out", "i need twenty minutes", "SpaceIntent", {"duration": "PT20M"})
    sent: list[list[str]] = []

    def runner(command: list[str]) -> str:
        sent.append(command)
        return json.dumps(SPACE_TWENTY)

    outcome = nlu_profile.profile_line(
        line, SKILL, {"duration": "AMAZON.DURATION"}, "i need twenty minutes", runner=runner
    )
    assert outcome.ok and outcome.timing
    assert sent[0][sent[0].index("--utterance") + 1] == "i need twenty minutes"
    nothing = nlu_profile.profile_line(
        line, SKILL, {}, "i need twenty minutes", runner=lambda _: json.dumps(NOTHING)
    )
    assert nothing.intent == "AMAZON.FallbackIntent" and not nothing.ok
    with pytest.raises(ProfileError, match="did not answer JSON"):
        nlu_profile.profile_line(line, SKILL, {}, "x", runner=lambda _: "Error: not logged in")


def test_the_whole_table_from_recorded_answers(capsys: pytest.CaptureFixture[str]) -> None:
    utterances: list[str] = []

    def runner(command: list[str]) -> str:
        utterances.append(command[command.index("--utterance") + 1])
        return json.dumps(SPACE_TWENTY)

    code = nlu_profile.main(
        ["--skill-id", SKILL, "--locale", "en-AU", "--part", "held_out", "--delay", "0"],
        runner=runner,
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "| en-AU |" in out and "SpaceIntent" in out
    assert utterances and not any(u.startswith(("alexa", "tell pause pact")) for u in utterances)
    assert "i need a breather mate" in utterances  # the invocation is left out, the request kept


def test_without_the_ask_cli_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("shutil.which", lambda _: None)
    assert nlu_profile.main(["--skill-id", SKILL]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ASK CLI is not installed" in err


def test_a_failing_cli_is_one_line_too(capsys: pytest.CaptureFixture[str]) -> None:
    def runner(_: list[str]) -> str:
        raise ProfileError("ask smapi profile-nlu failed: [Error]: Please run ask configure")

    assert nlu_profile.main(["--skill-id", SKILL, "--locale", "en-GB"], runner=runner) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ask configure" in err
