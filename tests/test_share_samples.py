"""Sharing samples between the markets of a language (tools/share_samples.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tools import share_samples
from tools.nlu_report import CORPUS_DIR, MODELS_DIR
from tools.share_samples import LANGUAGES, share

ENGLISH, SPANISH = LANGUAGES


def _samples(models: Path, locale: str, intent: str) -> list[str]:
    model = json.loads((models / f"{locale}.json").read_text(encoding="utf-8"))
    found = next(
        i for i in model["interactionModel"]["languageModel"]["intents"] if i["name"] == intent
    )
    samples: list[str] = found.get("samples", [])
    return samples


def _add(models: Path, locale: str, intent: str, *samples: str) -> None:
    path = models / f"{locale}.json"
    model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    found = next(
        i for i in model["interactionModel"]["languageModel"]["intents"] if i["name"] == intent
    )
    found.setdefault("samples", []).extend(samples)
    path.write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _copy(source: Path, pattern: str, directory: Path) -> Path:
    directory.mkdir()
    for path in source.glob(pattern):
        shutil.copy(path, directory / path.name)
    return directory


@pytest.fixture
def models(tmp_path: Path) -> Path:
    return _copy(MODELS_DIR, "*.json", tmp_path / "models")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return _copy(CORPUS_DIR, "*.yaml", tmp_path / "corpus")


def test_every_market_holds_the_samples_its_language_shares() -> None:
    """Run ``python -m tools.share_samples`` after growing one market's samples."""
    report = share(write=False)
    assert [(done.locale, done.added) for done in report if done.added] == []
    assert {done.locale for done in report} == {*ENGLISH, *SPANISH}


def test_a_sample_grown_in_one_market_reaches_the_others(models: Path, corpus: Path) -> None:
    grown = "i would love a long hug from my other half tonight"
    _add(models, "en-GB", "ConnectionIntent", grown)
    report = share([ENGLISH], models_dir=models, corpus_dir=corpus)
    for locale in ENGLISH:
        assert grown in _samples(models, locale, "ConnectionIntent"), locale
    assert {done.locale: done.added for done in report}["en-US"] == 1
    assert share([ENGLISH], models_dir=models, corpus_dir=corpus, write=False)[0].added == 0


def test_a_market_word_stays_where_it_is_at_home(models: Path, corpus: Path) -> None:
    _add(models, "en-AU", "CycleIntent", "we are having another blue about the ute")
    _add(models, "es-ES", "SpaceIntent", "me piro un ratito largo tío")
    _add(models, "es-MX", "SpaceIntent", "ahorita me salgo un ratote")
    _add(models, "es-US", "SpaceIntent", "necesito un time out larguito")
    share(LANGUAGES, models_dir=models, corpus_dir=corpus)
    cycle = "we are having another blue about the ute"
    assert cycle in _samples(models, "en-AU", "CycleIntent")
    assert not any(cycle in _samples(models, m, "CycleIntent") for m in ENGLISH if m != "en-AU")
    assert "me piro un ratito largo tío" not in _samples(models, "es-MX", "SpaceIntent")
    assert "ahorita me salgo un ratote" in _samples(models, "es-US", "SpaceIntent")
    assert "ahorita me salgo un ratote" not in _samples(models, "es-ES", "SpaceIntent")
    for market in ("es-ES", "es-MX"):  # an English loanword only US Spanish mixes in
        assert "necesito un time out larguito" not in _samples(models, market, "SpaceIntent")


def test_a_held_out_line_never_enters_another_market(models: Path, corpus: Path) -> None:
    line = "i think i will go sit in the garden for a long while"
    (corpus / "en-US.yaml").write_text(
        f"locale: en-US\nheld_out:\n  SpaceIntent:\n    - {line}\n", encoding="utf-8"
    )
    _add(models, "en-GB", "SpaceIntent", line)
    report = {done.locale: done for done in share([ENGLISH], models_dir=models, corpus_dir=corpus)}
    assert line not in _samples(models, "en-US", "SpaceIntent")
    assert report["en-US"].held_out == 1
    assert line in _samples(models, "en-CA", "SpaceIntent")


def test_safety_samples_and_carriers_stay_with_their_market(models: Path, corpus: Path) -> None:
    _add(models, "en-GB", "SafetyIntent", "he has locked me in the garden shed")
    before = _samples(models, "en-US", "SafetyIntent")
    share([ENGLISH], models_dir=models, corpus_dir=corpus)
    assert _samples(models, "en-US", "SafetyIntent") == before


def test_a_sample_two_markets_give_to_different_intents_is_not_shared(
    models: Path, corpus: Path
) -> None:
    said = "could we take a long pause from all of this"
    _add(models, "en-GB", "SpaceIntent", said)
    _add(models, "en-AU", "GroundingIntent", said)
    share([ENGLISH], models_dir=models, corpus_dir=corpus)
    assert said not in _samples(models, "en-US", "SpaceIntent")
    assert said not in _samples(models, "en-US", "GroundingIntent")


def test_check_mode_fails_when_a_market_lacks_a_shared_sample(
    models: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(models, "en-IN", "BackIntent", "i have come back after a long walk around the colony")
    monkeypatch.setattr(share_samples, "MODELS_DIR", models)
    monkeypatch.setattr(share_samples, "CORPUS_DIR", corpus)
    assert share_samples.main(["--check"]) == 1
    assert "en-US: would add 1" in capsys.readouterr().out
    assert share_samples.main([]) == 0
    assert share_samples.main(["--check"]) == 0
