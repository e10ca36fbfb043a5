"""SafetyIntent in every interaction model: danger phrasings reach the skill, ordinary words are
not taken from other intents, and no held-out line was ever made a sample."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from intents.safety import CARRIERS
from pacts.safety import assess_all
from simulator.nlu import Nlu, normalise
from tools.safety_corpus import load
from tools.skill_package import (
    load_manifest,
    load_models,
    manifest_problems,
    render_manifest,
    skill_facts,
)

MODELS = Path(__file__).resolve().parents[2] / "interaction_models"
LOCALES = sorted(path.stem for path in MODELS.glob("*.json"))
SAFETY_INTENTS = ("SafetyIntent",)


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


INVOKE = {"en": "alexa tell pause pact {}", "es": "alexa dile a pacto de pausa que {}"}


def one_shot(locale: str, words: str) -> str | None:
    return nlu(locale).parse(INVOKE[lang(locale)].format(words)).intent


@pytest.mark.parametrize("locale", LOCALES)
def test_no_held_out_line_is_a_sample_of_any_intent(locale: str) -> None:
    held = {normalise(line.phrase) for line in load("heldout", lang(locale))}  # type: ignore[arg-type]
    for name, intent in intents(locale).items():
        for sample in intent.get("samples", []):
            assert normalise(sample) not in held, (locale, name, sample)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_carrier_slot_is_free_text_with_a_carrier(locale: str) -> None:
    safety = intents(locale)["SafetyIntent"]
    slots = {slot["name"]: slot["type"] for slot in safety["slots"]}
    assert set(slots.values()) == {"AMAZON.SearchQuery"}
    used = {name for name in slots if any("{" + name + "}" in s for s in safety["samples"])}
    assert used == set(slots), f"{locale}: slots without a sample {set(slots) - used}"


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en-US", "he's choking me"),
        ("en-GB", "he's choking me"),
        ("en-US", "she won't let me leave"),
        ("en-US", "he's throwing things"),
        ("en-AU", "i'm scared"),
        ("en-IN", "my husband is beating me"),
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


# Danger phrasings people use (SafetyIntent's samples without a slot, and each market's own):
# each must reach SafetyIntent, and be judged danger when its words come with it.
DANGER_PHRASINGS: dict[str, list[str]] = {
    "en": [
        "i'm not safe",
        "i am not safe",
        "i don't feel safe",
        "i do not feel safe",
        "i'm in danger",
        "i am in danger",
        "i'm not safe at home",
        "we're not safe",
        "he hit me",
        "she hit me",
        "they hit me",
        "my partner hit me",
        "he's hitting me",
        "she's hitting me",
        "he beat me up",
        "he slapped me",
        "she slapped me",
        "he pushed me",
        "she pushed me",
        "he shoved me",
        "he grabbed me",
        "he's choking me",
        "she's choking me",
        "he choked me",
        "he's strangling me",
        "he kicked me",
        "he punched me",
        "she bit me",
        "he's throwing things",
        "she's throwing things at me",
        "he threw something at me",
        "he's hurting me",
        "she's hurting me",
        "he hurt me",
        "she hurt me",
        "my partner hurt me",
        "someone is hurting me",
        "i'm being abused",
        "i'm being attacked",
        "he's attacking me",
        "he won't let me leave",
        "she won't let me leave",
        "he won't let me go",
        "he's blocking the door",
        "she's blocking the door",
        "he locked me in",
        "he took my phone",
        "she took my phone",
        "i can't get out",
        "he has a gun",
        "she has a gun",
        "he has a knife",
        "she has a knife",
        "he has a weapon",
        "she has a weapon",
        "he's threatening me",
        "she's threatening me",
        "my partner is threatening me",
        "he threatened me",
        "she threatened me",
        "he's going to hurt me",
        "she's going to hurt me",
        "he said he'd kill me",
        "he's going to kill me",
        "he's smashing everything",
        "he's breaking things",
        "i want to hurt myself",
        "i want to kill myself",
        "i want to die",
        "i'm going to kill myself",
        "i'm thinking about suicide",
        "i feel like hurting myself",
        "i'm suicidal",
        "i want to end my life",
        "i want to end it all",
        "i can't go on",
        "everyone would be better off without me",
        "i don't want to be here anymore",
        "i'm going to take all my pills",
    ],
    "es": [
        "no me siento seguro",
        "no me siento segura",
        "no estoy seguro en casa",
        "no estoy segura en casa",
        "no estoy a salvo",
        "estoy en peligro",
        "tengo miedo de él",
        "tengo miedo de ella",
        "tengo miedo de mi pareja",
        "le tengo miedo",
        "me da miedo mi pareja",
        "me pegó",
        "mi pareja me pegó",
        "me está pegando",
        "me golpeó",
        "me está golpeando",
        "me lastimó",
        "mi pareja me lastimó",
        "me está lastimando",
        "me empujó",
        "me está ahorcando",
        "me está estrangulando",
        "me ahorcó",
        "me dio una cachetada",
        "me dio una paliza",
        "me pateó",
        "me está tirando cosas",
        "está rompiendo todo",
        "me está amenazando",
        "mi pareja me está amenazando",
        "me amenazó",
        "tiene un arma",
        "tiene una pistola",
        "tiene un cuchillo",
        "me va a hacer daño",
        "me va a lastimar",
        "me va a matar",
        "me están maltratando",
        "alguien me está lastimando",
        "no me deja salir",
        "no me deja irme",
        "me encerró",
        "me quitó el teléfono",
        "quiero hacerme daño",
        "quiero matarme",
        "me quiero morir",
        "quiero morirme",
        "estoy pensando en el suicidio",
        "tengo ganas de hacerme daño",
        "no quiero vivir",
        "me voy a suicidar",
        "quiero quitarme la vida",
        "estarían mejor sin mí",
        "ya no quiero estar aquí",
        "me voy a tomar todas mis pastillas",
    ],
}
MARKET_PHRASINGS: dict[str, list[str]] = {
    "en-GB": [
        "he's hit me",
        "she's hit me",
        "he's hurt me",
        "he's thumped me",
        "she's slapped me",
        "he gave me a slap",
        "i'm going to top myself",
        "he lamped me",
        "he's kicking off and hitting me",
    ],
    "en-AU": [
        "he's hit me",
        "she's hit me",
        "he's going to belt me",
        "he belted me",
        "he's bashing me",
        "i got bashed",
        "i'm going to top myself",
    ],
    "en-IN": [
        "my husband beats me",
        "my husband hit me",
        "my wife hit me",
        "my husband hurt me",
        "my wife hurt me",
        "i am scared of my husband",
        "i am scared of my wife",
        "my in laws are beating me",
        "my in laws hit me",
        "my husband is beating me",
    ],
    "en-CA": [
        "he's beating me",
        "he's beating me up",
    ],
    "en-US": [
        "he's beating me",
        "he beat me",
    ],
    "es-ES": [
        "me ha pegado",
        "me ha hecho daño",
        "me ha empujado",
        "me ha amenazado",
        "mi pareja me ha pegado",
        "me ha dado una hostia",
        "me ha quitado el móvil",
        "me quiero quitar de en medio",
        "me ha encerrado",
    ],
    "es-MX": [
        "me cacheteó",
        "me aventó",
        "me aventó un vaso",
        "me quitó el celular",
        "me está madreando",
        "me dio una golpiza",
    ],
    "es-US": [
        "me cacheteó",
        "me quitó el celular",
        "me dio una bofetada",
        "me dio un golpe",
    ],
}


@pytest.mark.parametrize("locale", LOCALES)
def test_danger_phrasings_reach_the_skill_with_their_words(locale: str) -> None:
    carriers = CARRIERS[lang(locale)]
    misses = []
    for words in DANGER_PHRASINGS[lang(locale)] + MARKET_PHRASINGS.get(locale, []):
        result = nlu(locale).parse(INVOKE[lang(locale)].format(words))
        heard = [
            f"{carriers[name]} {slot.value}" for name, slot in result.slots.items() if slot.value
        ]
        # A sample without a slot is a danger phrasing itself (intents.safety.assessment).
        if result.intent != "SafetyIntent" or (heard and not assess_all(heard).danger):
            misses.append((words, result.intent, heard))
    assert not misses, misses


@pytest.mark.parametrize("locale", LOCALES)
def test_samples_without_a_slot_are_danger_phrasings(locale: str) -> None:
    """SafetyIntent with no words is answered as danger: its slotless samples must be danger."""
    for sample in intents(locale)["SafetyIntent"]["samples"]:
        if "{" not in sample:
            assert assess_all([sample]).danger, (locale, sample)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_store_page_says_what_happens_when_someone_is_not_safe(locale: str) -> None:
    models = load_models()
    facts = skill_facts(models)
    rendered = render_manifest(load_manifest(), None, facts)
    assert [p for p in manifest_problems(rendered, models, facts) if "not safe" in p] == []
    info = rendered["manifest"]["publishingInformation"]["locales"][locale]
    info["description"] = info["description"].replace("«repite»", "").replace('"repeat"', "")
    problems = manifest_problems(rendered, models, facts)
    assert any(locale in p and "not safe" in p for p in problems), problems
