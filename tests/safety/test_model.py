"""SafetyIntent in every interaction model: danger phrasings reach the skill, ordinary words are
not taken from other intents, and no held-out line was ever made a sample."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from simulator.nlu import Nlu, normalise
from tools.safety_corpus import load

MODELS = Path(__file__).resolve().parents[2] / "interaction_models"
LOCALES = sorted(path.stem for path in MODELS.glob("*.json"))
SAFETY_INTENTS = ("SafetyIntent", "SafetyCheckIntent")


@cache
def model(locale: str) -> dict:
    return json.loads((MODELS / f"{locale}.json").read_text(encoding="utf-8"))


@cache
def nlu(locale: str) -> Nlu:
    return Nlu(model(locale), locale)


def intents(locale: str) -> dict[str, dict]:
    return {i["name"]: i for i in model(locale)["interactionModel"]["languageModel"]["intents"]}


def lang(locale: str) -> str:
    return "es" if locale.startswith("es") else "en"


def one_shot(locale: str, words: str) -> str | None:
    invoke = (
        "alexa dile a pacto de pausa que {}" if lang(locale) == "es" else "alexa tell pause pact {}"
    )
    return nlu(locale).parse(invoke.format(words)).intent


@pytest.mark.parametrize("locale", LOCALES)
def test_no_held_out_line_is_a_safety_sample(locale: str) -> None:
    held = {normalise(line.phrase) for line in load("heldout", lang(locale))}  # type: ignore[arg-type]
    for name in SAFETY_INTENTS:
        for sample in intents(locale)[name]["samples"]:
            assert normalise(sample) not in held, (locale, name, sample)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_carrier_slot_is_free_text_with_a_carrier(locale: str) -> None:
    safety = intents(locale)["SafetyIntent"]
    slots = {slot["name"]: slot["type"] for slot in safety["slots"]}
    assert set(slots.values()) == {"AMAZON.SearchQuery"}
    used = {name for name in slots if any("{" + name + "}" in s for s in safety["samples"])}
    assert used == set(slots), f"{locale}: slots without a sample {set(slots) - used}"
    assert not intents(locale)["SafetyCheckIntent"].get("slots")


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en-US", "he's choking me"),
        ("en-GB", "he's choking me"),
        ("en-US", "she won't let me leave"),
        ("en-US", "he's throwing things"),
        ("en-AU", "i'm scared"),
        ("en-IN", "my husband is beating me"),
        ("en-CA", "it hurts"),
        ("es-US", "me está ahorcando"),
        ("es-ES", "me está ahorcando"),
        ("es-MX", "no me deja salir"),
        ("es-ES", "tengo miedo"),
    ],
)
def test_danger_and_fear_reach_the_skill(locale: str, words: str) -> None:
    assert one_shot(locale, words) in SAFETY_INTENTS


@pytest.mark.parametrize(
    ("locale", "words", "intent"),
    [
        ("en-US", "i need space", "SpaceIntent"),
        ("en-US", "we're in the cycle again", "CycleIntent"),
        ("en-US", "i'm back", "BackIntent"),
        ("en-US", "i'm flooded", "GroundingIntent"),
        ("en-US", "when are we coming back", "ReturnTimeIntent"),
        ("en-GB", "i need a breather", "SpaceIntent"),
        ("es-ES", "necesito espacio", "SpaceIntent"),
        ("es-MX", "ya volví", "BackIntent"),
    ],
)
def test_ordinary_phrases_keep_their_intent(locale: str, words: str, intent: str) -> None:
    assert one_shot(locale, words) == intent


@pytest.mark.parametrize("locale", LOCALES)
def test_fallback_sensitivity(locale: str) -> None:
    """LOW (Alexa's default) everywhere: a danger phrasing sent to AMAZON.FallbackIntent loses its
    words, so fewer utterances should go there, not more. Set explicitly in the English models;
    the Spanish ones leave Alexa's default, which is the same level."""
    language = model(locale)["interactionModel"]["languageModel"]
    level = language.get("modelConfiguration", {}).get("fallbackIntentSensitivity", {})
    assert level.get("level", "LOW") == "LOW"
    if lang(locale) == "en":
        assert level == {"level": "LOW"}
