"""The paraphrase corpus (tests/nlu) and `make nlu` (tools/nlu_report.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.nlu import FALLBACK_INTENT, Nlu, normalise
from tools import nlu_report
from tools.nlu_report import (
    LOCALES,
    CorpusError,
    Line,
    evaluate_line,
    load_corpus,
    model_nlu,
)

MINIMUM_LINES = {"en-US": 600, "es-US": 250, "es-ES": 250, "es-MX": 250}


def request_text(nlu: Nlu, utterance: str) -> str:
    """What is asked of the skill, without "Alexa, ask Pause Pact", normalised."""
    return normalise(nlu.split_invocation(utterance).utterance)


def model_samples(locale: str) -> set[str]:
    path = nlu_report.MODELS_DIR / f"{locale}.json"
    language = json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    samples: set[str] = set()
    for intent in language["intents"]:
        samples.update(normalise(s) for s in intent.get("samples", []))
        for slot in intent.get("slots", []):
            samples.update(normalise(s) for s in slot.get("samples", []))
    return samples


@pytest.mark.parametrize("locale", LOCALES)
def test_corpus_is_large_enough(locale: str) -> None:
    corpus = load_corpus(locale)
    in_domain = [line for line in corpus.lines if line.part != "out_of_domain"]
    assert len(in_domain) >= MINIMUM_LINES.get(locale, 200)
    assert len(corpus.part("held_out")) >= len(in_domain) // 5
    assert len(corpus.part("out_of_domain")) >= 25


def test_a_few_hundred_out_of_domain_lines() -> None:
    assert sum(len(load_corpus(locale).part("out_of_domain")) for locale in LOCALES) >= 300


@pytest.mark.parametrize("locale", LOCALES)
def test_no_held_out_line_is_a_sample_or_a_tuning_line(locale: str) -> None:
    """The held-out part never enters the model: not as a sample, not via the tuning part."""
    nlu = model_nlu(locale)
    corpus = load_corpus(locale)
    samples = model_samples(locale)
    tuning = {request_text(nlu, line.utterance) for line in corpus.part("tuning")}
    leaked = [
        line.utterance
        for line in corpus.part("held_out")
        if request_text(nlu, line.utterance) in samples
    ]
    assert not leaked, f"{locale}: held-out lines among the samples: {leaked}"
    shared = [
        line.utterance
        for line in corpus.part("held_out")
        if request_text(nlu, line.utterance) in tuning
    ]
    assert not shared, f"{locale}: held-out lines also in the tuning part: {shared}"


def test_the_leak_check_catches_a_held_out_line_made_a_sample(tmp_path: Path) -> None:
    locale = "en-US"
    line = load_corpus(locale).part("held_out")[0]
    path = nlu_report.MODELS_DIR / f"{locale}.json"
    model = json.loads(path.read_text(encoding="utf-8"))
    intents = model["interactionModel"]["languageModel"]["intents"]
    space = next(i for i in intents if i["name"] == "SpaceIntent")
    space["samples"].append(line.utterance.replace(",", ""))
    (tmp_path / f"{locale}.json").write_text(json.dumps(model), encoding="utf-8")
    original = nlu_report.MODELS_DIR
    try:
        nlu_report.MODELS_DIR = tmp_path  # type: ignore[misc]
        nlu = model_nlu(locale)
        assert request_text(nlu, line.utterance) in model_samples(locale)
    finally:
        nlu_report.MODELS_DIR = original  # type: ignore[misc]


def test_corpus_format_errors_are_reported(tmp_path: Path) -> None:
    (tmp_path / "en-US.yaml").write_text(
        "locale: en-US\nheld_out:\n  SpaceIntent:\n    - a\n  SpaceIntent:\n    - b\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match="given twice"):
        load_corpus("en-US", tmp_path)
    (tmp_path / "en-US.yaml").write_text(
        "locale: en-US\ntuning:\n  SpaceIntent:\n    - [a, b]\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError, match="cannot read"):
        load_corpus("en-US", tmp_path)
    (tmp_path / "en-GB.yaml").write_text("locale: en-US\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="expected 'locale: en-GB'"):
        load_corpus("en-GB", tmp_path)


def test_a_line_is_scored_on_its_intent_and_its_slots() -> None:
    nlu = model_nlu("en-US")
    right = evaluate_line(
        nlu, Line("en-US", "tuning", "i need twenty minutes", "SpaceIntent", {"duration": "PT20M"})
    )
    assert right.ok and right.timing
    wrong_slot = evaluate_line(
        nlu, Line("en-US", "tuning", "i need twenty minutes", "SpaceIntent", {"duration": "PT2H"})
    )
    assert wrong_slot.intent_ok and not wrong_slot.ok
    assert wrong_slot.slot_errors == ("length: expected PT2H, got PT20M",)
    # A bare number of minutes is the same length to the handler as the duration.
    said_as_number = evaluate_line(
        nlu, Line("en-US", "tuning", "give me ten", "SpaceIntent", {"duration": "PT10M"})
    )
    assert said_as_number.slots.get("minutes") == "10" and said_as_number.ok
    assert said_as_number.timing
    other_number = evaluate_line(
        nlu, Line("en-US", "tuning", "give me ten", "SpaceIntent", {"duration": "PT15M"})
    )
    assert other_number.slot_errors == ("length: expected PT15M, got PT10M",)
    must_be_empty = evaluate_line(
        nlu, Line("en-US", "tuning", "i need twenty minutes", "SpaceIntent", {"duration": None})
    )
    assert not must_be_empty.ok
    ood = evaluate_line(nlu, Line("en-US", "out_of_domain", "play some jazz", FALLBACK_INTENT))
    assert ood.ok


@pytest.mark.parametrize(
    ("intent", "slots", "falls_back"),
    [
        (FALLBACK_INTENT, {}, True),
        # SafetyIntent's carrier with ordinary words: intents/safety.py answers as Fallback
        ("SafetyIntent", {"feeling": "bored"}, True),
        ("SafetyIntent", {"wanting": "to hear some jazz"}, True),
        # a fear word asks "Are you safe right now?": the skill acted on it
        ("SafetyIntent", {"feeling": "scared"}, False),
        ("SafetyIntent", {}, False),  # a danger sample as it stands
        ("SpaceIntent", {}, False),
    ],
)
def test_an_out_of_domain_line_is_accepted_only_when_the_skill_acts_on_it(
    intent: str, slots: dict[str, str], falls_back: bool
) -> None:
    line = Line("en-US", "out_of_domain", "i'm bored", FALLBACK_INTENT)
    outcome = nlu_report.score_line(line, intent, slots, {})
    assert outcome.answered_as_fallback is falls_back
    figures = nlu_report.figures_from("en-US", [outcome])
    assert figures.false_accepts.right == (0 if falls_back else 1)
    assert figures.carrier_fallbacks == (1 if falls_back and intent != FALLBACK_INTENT else 0)


def test_report_prints_every_locale_and_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert nlu_report.main(["--locale", "en-GB", "--failures", "none"]) == 0
    out = capsys.readouterr().out
    assert "== en-GB" in out and "| en-GB |" in out and "out-of-domain accepted" in out
    assert "tuning:" not in out  # no failing lines listed with --failures none


def test_held_out_figures_for_the_bench() -> None:
    figures = nlu_report.held_out_figures(["en-AU"])
    entry = figures["locales"]["en-AU"]
    assert entry["lines"] == len(load_corpus("en-AU").part("held_out"))
    assert 0.0 <= entry["intent_accuracy"] <= 1.0
    assert set(entry["per_intent"]) >= {"SpaceIntent", "BackIntent"}
    assert figures["targets"]["false_accept_max"] == 0.05
