"""The interaction-model lint over every locale's model, and proof that each rule can fail."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from skill import handled_intents
from tools.model_lint import (
    REQUIRED_BUILT_INS,
    Problem,
    lint_model,
    lint_models,
    load_models,
    main,
)

MODELS = load_models()


def test_every_locale_has_a_model() -> None:
    assert "en-US" in MODELS


@pytest.mark.parametrize("locale", sorted(MODELS))
def test_model_passes_every_rule(locale: str) -> None:
    problems = lint_model(MODELS[locale], locale)
    assert not problems, "\n".join(map(str, problems))


def test_models_agree_with_the_handlers_and_with_each_other() -> None:
    problems = lint_models(MODELS, handled_intents())
    assert not problems, "\n".join(map(str, problems))


# -- each rule fires on a small broken model ---------------------------------------------------


def minimal() -> dict[str, Any]:
    """A small valid model: the required built-ins, a slot of each kind, a custom type."""
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": "pause pact",
                "intents": [
                    {"name": name, "samples": []}
                    for name in (*REQUIRED_BUILT_INS, "AMAZON.FallbackIntent")
                ]
                + [
                    {
                        "name": "SpaceIntent",
                        "slots": [
                            {"name": "duration", "type": "AMAZON.DURATION"},
                            {"name": "place", "type": "PlaceType"},
                        ],
                        "samples": [
                            "i need space",
                            "i need {duration}",
                            "i'm going to the {place} for {duration}",
                            "let's take a break",
                        ],
                    },
                    {
                        "name": "SignalIntent",
                        "slots": [{"name": "signal", "type": "AMAZON.SearchQuery"}],
                        "samples": ["our signal is {signal}"],
                    },
                ],
                "types": [
                    {
                        "name": "PlaceType",
                        "values": [{"name": {"value": "garden", "synonyms": ["yard"]}}],
                    }
                ],
            },
            "dialog": {
                "intents": [
                    {
                        "name": "SpaceIntent",
                        "slots": [
                            {
                                "name": "duration",
                                "type": "AMAZON.DURATION",
                                "prompts": {"elicitation": "Elicit.Duration"},
                            }
                        ],
                    }
                ]
            },
            "prompts": [
                {
                    "id": "Elicit.Duration",
                    "variations": [{"type": "PlainText", "value": "How long?"}],
                }
            ],
        }
    }


def names_of(model: dict[str, Any]) -> set[str]:
    return {i["name"] for i in model["interactionModel"]["languageModel"]["intents"]}


def language(model: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = model["interactionModel"]["languageModel"]
    return result


def intent(model: dict[str, Any], name: str) -> dict[str, Any]:
    return next(i for i in language(model)["intents"] if i["name"] == name)


def samples(model: dict[str, Any], *more: str) -> None:
    intent(model, "SpaceIntent")["samples"] += list(more)


def problems_of(model: dict[str, Any], handled: set[str] | None = None) -> list[Problem]:
    handled = names_of(minimal()) if handled is None else handled
    return lint_models({"en-US": model}, handled)


def test_the_minimal_model_is_clean() -> None:
    assert problems_of(minimal()) == []


Change = Callable[[dict[str, Any]], Any]

BROKEN: list[tuple[str, Change, str, str]] = [
    # (id, change, rule, text the problem must contain)
    ("no invocation", lambda m: language(m).pop("invocationName"), "schema", "invocationName"),
    (
        "not json shape",
        lambda m: language(m).update(intents="SpaceIntent"),
        "schema",
        "not of type",
    ),
    ("unknown field", lambda m: intent(m, "SpaceIntent").update(sample=["x"]), "schema", "sample"),
    (
        "slot without type",
        lambda m: intent(m, "SpaceIntent")["slots"][0].pop("type"),
        "schema",
        "'type'",
    ),
    (
        "one word",
        lambda m: language(m).update(invocationName="pausepact"),
        "invocation-name",
        "two or more",
    ),
    (
        "upper case",
        lambda m: language(m).update(invocationName="Pause Pact"),
        "invocation-name",
        "lower case",
    ),
    (
        "digits",
        lambda m: language(m).update(invocationName="pause 4 pact"),
        "invocation-name",
        "['4']",
    ),
    (
        "launch phrase",
        lambda m: language(m).update(invocationName="open pause pact"),
        "invocation-name",
        "launch",
    ),
    (
        "wake word",
        lambda m: language(m).update(invocationName="alexa pause pact"),
        "invocation-name",
        "wake",
    ),
    (
        "article",
        lambda m: language(m).update(invocationName="the pact"),
        "invocation-name",
        "two-word",
    ),
    (
        "too long",
        lambda m: language(m).update(invocationName="pause " * 9 + "pact"),
        "invocation-name",
        "50",
    ),
    (
        "unhandled intent",
        lambda m: language(m)["intents"].append({"name": "DanceIntent", "samples": ["dance"]}),
        "handler",
        "DanceIntent",
    ),
    (
        "missing built-in",
        lambda m: language(m)["intents"].remove(intent(m, "AMAZON.StopIntent")),
        "built-in-intents",
        "AMAZON.StopIntent",
    ),
    (
        "undefined custom type",
        lambda m: language(m).pop("types"),
        "slot-type",
        "PlaceType is not defined",
    ),
    (
        "custom type without values",
        lambda m: language(m)["types"][0].update(values=[]),
        "slot-type",
        "has no values",
    ),
    ("repeated sample", lambda m: samples(m, "I need  SPACE"), "duplicate-sample", "repeated"),
    (
        "shared sample",
        lambda m: intent(m, "AMAZON.HelpIntent")["samples"].append("let's take a break"),
        "duplicate-sample",
        "shared by ['AMAZON.HelpIntent', 'SpaceIntent']",
    ),
    (
        "too long sample",
        lambda m: samples(m, "i need " + "a very long break " * 12),
        "sample-length",
        "200",
    ),
    (
        "digits in sample",
        lambda m: samples(m, "i need 20 minutes"),
        "sample-characters",
        "spell numbers out",
    ),
    ("punctuation", lambda m: samples(m, "i need space!"), "sample-characters", "'space!'"),
    ("ampersand", lambda m: samples(m, "space & time"), "sample-characters", "'&'"),
    (
        "undefined slot",
        lambda m: samples(m, "i need {time}"),
        "slot-reference",
        "{time} is not a slot",
    ),
    ("glued slot", lambda m: samples(m, "i need {duration}s"), "slot-reference", "whole word"),
    ("slot alone", lambda m: samples(m, "{duration}"), "slot-only", "carrier phrase"),
    (
        "slot twice",
        lambda m: samples(m, "{duration} or {duration}"),
        "slot-reference",
        "used twice",
    ),
    (
        "adjacent slots",
        lambda m: samples(m, "the {place} {duration}"),
        "slot-reference",
        "follows another slot",
    ),
    (
        "slot sample",
        lambda m: intent(m, "SpaceIntent")["slots"][0].update(samples=["for {minutes}"]),
        "slot-reference",
        "{minutes}",
    ),
    (
        "bare search query",
        lambda m: intent(m, "SignalIntent")["samples"].append("{signal}"),
        "search-query",
        "carrier phrase",
    ),
    (
        "dialog prompt missing",
        lambda m: m["interactionModel"].update(prompts=[]),
        "dialog",
        "Elicit.Duration",
    ),
    (
        "dialog intent unknown",
        lambda m: m["interactionModel"]["dialog"]["intents"][0].update(name="DanceIntent"),
        "dialog",
        "not an intent",
    ),
]


@pytest.mark.parametrize(
    ("change", "rule", "text"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_each_rule_can_fail(change: Change, rule: str, text: str) -> None:
    model = minimal()
    change(model)
    problems = problems_of(model)
    matching = [p for p in problems if p.rule == rule and text in str(p)]
    assert matching, f"expected [{rule}] mentioning {text!r}, got:\n" + "\n".join(
        map(str, problems)
    )


@pytest.mark.parametrize(
    ("name", "text"), [("abre pacto de pausa", "['abre']"), ("la pausa", "two-word")]
)
def test_spanish_invocation_names_follow_spanish_launch_phrases(name: str, text: str) -> None:
    model = minimal()
    language(model)["invocationName"] = name
    problems = [p for p in lint_model(model, "es-US") if p.rule == "invocation-name"]
    assert any(text in str(p) for p in problems), problems


def test_a_handled_intent_missing_from_a_model_is_reported() -> None:
    problems = problems_of(minimal(), names_of(minimal()) | {"BackIntent"})
    assert [str(p) for p in problems] == [
        "[missing-intent] en-US BackIntent: handled by the skill, not in the model"
    ]


def test_locales_must_carry_the_same_intents_and_slots() -> None:
    british = minimal()
    language(british)["intents"].remove(intent(british, "SignalIntent"))
    intent(british, "SpaceIntent")["slots"][0]["type"] = "AMAZON.NUMBER"
    samples(british, "i need {duration} minutes")
    handled = names_of(minimal())
    problems = lint_models({"en-US": minimal(), "en-GB": british}, handled)
    rules = {(p.rule, p.where) for p in problems}
    assert ("locales-differ", "en-GB SignalIntent") in rules
    [slots] = [p for p in problems if p.rule == "locales-differ" and "SpaceIntent" in p.where]
    assert "AMAZON.NUMBER" in slots.message and "AMAZON.DURATION" in slots.message
    assert ("missing-intent", "en-GB SignalIntent") in rules


def test_the_command_line_fails_on_a_broken_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = copy.deepcopy(MODELS["en-US"])
    language(broken)["invocationName"] = "open pause pact"
    path = tmp_path / "en-US.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    assert main([str(path)]) == 1
    assert "[invocation-name]" in capsys.readouterr().out
    assert main([]) == 0
