"""The corpus end to end: spoken to the simulator (offline NLU, real envelopes, the skill)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine import Options, Simulator
from tools.safety_report import reply_outcome, run_simulator

EN = "alexa tell pause pact he's choking me"
ES = "alexa dile a pacto de pausa que me está ahorcando"


@pytest.mark.parametrize(
    ("locale", "said", "first"),
    [
        ("en-US", EN, "If you're in danger, call 911."),
        ("en-GB", EN, "If you're in danger, call 999."),
        ("es-US", ES, "Si estás en peligro, llama al 911."),
        ("es-ES", ES, "Si estás en peligro, llama al 112."),
    ],
)
def test_choking_opens_with_the_emergency_number(
    locale: str, said: str, first: str, tmp_path: Path
) -> None:
    options = Options(locale=locale, state_dir=tmp_path, persist=False, embedded=True)
    with Simulator(options) as sim:
        turn = sim.say(said)
    assert turn.text.startswith(first + " "), turn.text
    assert reply_outcome(turn.text, locale) == "danger"


def test_a_named_fear_is_kept_and_the_next_question_follows(tmp_path: Path) -> None:
    options = Options(locale="en-US", state_dir=tmp_path, persist=False, embedded=True)
    with Simulator(options) as sim:
        sim.say("alexa tell pause pact to start tonight's reflection")
        turn = sim.say("I was scared he was leaving me")
    assert turn.text.startswith("Thank you. ") and turn.text.endswith("?")
    assert turn.session_open and reply_outcome(turn.text, "en-US") == "none"


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_tuning_corpus_targets_through_the_simulator(locale: str) -> None:
    """Every danger line answered with the number, at most 5 % of figures alarmed: one-shot
    and as a reflection answer. (Uncertain lines: see README, Safety - some fear phrasings
    reach other intents' samples, which carry no words.)"""
    for tally in run_simulator(["tuning"], [locale]):
        assert all(tally.danger), (tally.mode, tally.misses)
        assert sum(tally.figure) <= 0.05 * len(tally.figure), (tally.mode, tally.misses)
        if tally.mode == "reflection":
            assert all(tally.uncertain), tally.misses
