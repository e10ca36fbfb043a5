"""Interaction-model lint: what Alexa's model build or certification would refuse, found here.

    python -m tools.model_lint [interaction_models/*.json]

Rules (each problem names its rule):

  schema            the ASK interaction-model structure (tools/interaction_model.schema.json)
  invocation-name   two or more words; lower case letters, possessive apostrophes, abbreviation
                    periods; no launch phrases (per language) or wake words; no article in a
                    two-word name
  handler           an intent in the model that no handler declares (skill.handled_intents())
  missing-intent    a handled intent that a locale's model lacks
  built-in-intents  AMAZON.CancelIntent, HelpIntent, StopIntent, NavigateHomeIntent present
  slot-type         every slot has a type; every custom type is defined and has values
  duplicate-sample  a sample repeated in an intent, or shared by two intents
  sample-length     a sample longer than Alexa's 200 characters
  sample-characters digits or special characters (spell numbers out; only letters, spaces,
                    possessive apostrophes, hyphens and abbreviation periods)
  slot-reference    {slot} must be a whole word, defined on the intent, used once, and not next
                    to another slot
  slot-only         an intent sample that is a slot and nothing else: with a custom type it lets
                    the intent swallow any utterance (custom slots are not a closed list)
  search-query      an AMAZON.SearchQuery slot needs a carrier phrase in an intent's samples
  dialog            the dialog model names only intents, slots and prompts that exist
  locales-differ    every locale carries the same intents with the same slots
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import jsonschema

SCHEMA_FILE: Final = Path(__file__).with_name("interaction_model.schema.json")
MODELS_DIR: Final = Path(__file__).resolve().parent.parent / "interaction_models"

REQUIRED_BUILT_INS: Final = (
    "AMAZON.CancelIntent",
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.NavigateHomeIntent",
)
MAX_SAMPLE_CHARS: Final = 200
MAX_INVOCATION_CHARS: Final = 50
# Words of the launch phrases per language ("Alexa, ask ... to", "Alexa, dile a ... que").
LAUNCH_WORDS: Final = {
    "en": frozenset(
        {"ask", "begin", "enable", "launch", "load", "open", "play", "resume", "run", "start"}
        | {"talk", "tell", "use"}
    ),
    "es": frozenset(
        {"abre", "abrir", "activa", "carga", "comienza", "dile", "ejecuta", "empieza", "habilita"}
        | {"inicia", "iniciar", "juega", "lanza", "pide", "pregunta", "usa"}
    ),
}
WAKE_WORDS: Final = frozenset({"alexa", "amazon", "echo", "computer", "skill", "app"})
# A two-word name cannot be an article or connecting word plus one word.
TWO_WORD_FORBIDDEN: Final = {
    "en": frozenset({"the", "a", "an", "for", "to", "of"}),
    "es": frozenset({"el", "la", "los", "las", "un", "una", "de", "del", "para", "a"}),
}
SEARCH_QUERY: Final = "AMAZON.SearchQuery"

_LETTERS: Final = r"[^\W\d_]"
# A word: letters with inner hyphens or apostrophes ("let's", "o'clock", "check-in"), or a
# single-letter abbreviation with its period ("a. m.").
_WORD: Final = re.compile(rf"^(?:{_LETTERS}+(?:[-']{_LETTERS}+)*|{_LETTERS}\.)$")
_INVOCATION_WORD: Final = re.compile(rf"^(?:{_LETTERS}+(?:'{_LETTERS}+)?|{_LETTERS}\.)$")
_SLOT: Final = re.compile(r"^\{([A-Za-z][A-Za-z0-9_]*)\}$")


@dataclass(frozen=True)
class Problem:
    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.where}: {self.message}"


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator: jsonschema.protocols.Validator = validator_class(schema)
    return validator


def load_models(directory: Path = MODELS_DIR) -> dict[str, Any]:
    """locale -> parsed model, for every interaction_models/<locale>.json."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.json"))
    }


def lint_models(
    models: Mapping[str, Any], handled_intents: Iterable[str] | None = None
) -> list[Problem]:
    """Every rule over every locale, plus the rules between locales and against the code."""
    problems: list[Problem] = []
    valid: dict[str, Mapping[str, Any]] = {}
    for locale, model in sorted(models.items()):
        found = lint_model(model, locale)
        problems += found
        if not any(p.rule == "schema" for p in found):
            valid[locale] = model["interactionModel"]["languageModel"]
    if handled_intents is not None:
        problems += _handler_problems(valid, set(handled_intents))
    problems += _locale_differences(valid)
    return problems


def lint_model(model: Any, locale: str) -> list[Problem]:
    """The rules that need one locale's model only."""
    errors = sorted(_validator().iter_errors(model), key=lambda e: list(e.absolute_path))
    if errors:
        return [
            Problem("schema", f"{locale} /{'/'.join(map(str, e.absolute_path))}", e.message)
            for e in errors
        ]
    interaction = model["interactionModel"]
    language = interaction["languageModel"]
    problems = _invocation_problems(locale, language["invocationName"])
    intents = language["intents"]
    names = [intent["name"] for intent in intents]
    for built_in in REQUIRED_BUILT_INS:
        if built_in not in names:
            problems.append(Problem("built-in-intents", locale, f"{built_in} is missing"))
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem("schema", locale, f"intent {name} is defined more than once"))
    problems += _slot_type_problems(locale, language)
    problems += _sample_problems(locale, intents)
    problems += _dialog_problems(locale, interaction)
    return problems


def _invocation_problems(locale: str, name: str) -> list[Problem]:
    where = f"{locale} invocationName {name!r}"
    words = name.split(" ")
    problems = []
    if len(words) < 2:
        problems.append(Problem("invocation-name", where, "use two or more words"))
    if len(name) > MAX_INVOCATION_CHARS:
        problems.append(
            Problem("invocation-name", where, f"longer than {MAX_INVOCATION_CHARS} characters")
        )
    if name != name.lower():
        problems.append(Problem("invocation-name", where, "must be lower case"))
    bad = [w for w in words if not _INVOCATION_WORD.match(w)]
    if bad:
        problems.append(
            Problem(
                "invocation-name",
                where,
                f"only letters, single spaces, possessive apostrophes and abbreviation periods "
                f"(numbers spelled out): {bad}",
            )
        )
    lowered = [w.lower() for w in words]
    language = locale.split("-", maxsplit=1)[0]
    launch = sorted(set(lowered) & LAUNCH_WORDS.get(language, LAUNCH_WORDS["en"]))
    if launch:
        problems.append(Problem("invocation-name", where, f"contains launch phrases {launch}"))
    wake = sorted(set(lowered) & WAKE_WORDS)
    if wake:
        problems.append(Problem("invocation-name", where, f"contains wake words {wake}"))
    if len(words) == 2 and set(lowered) & TWO_WORD_FORBIDDEN.get(language, frozenset()):
        problems.append(
            Problem(
                "invocation-name", where, "a two-word name cannot include an article or 'for/to/of'"
            )
        )
    return problems


def _custom_types(language: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {t["name"]: t for t in language.get("types") or []}


def _slot_type_problems(locale: str, language: Mapping[str, Any]) -> list[Problem]:
    problems = []
    types = _custom_types(language)
    for intent in language["intents"]:
        for slot in intent.get("slots") or []:
            where = f"{locale} {intent['name']} slot {slot['name']}"
            kind = slot.get("type")
            if not kind:
                problems.append(Problem("slot-type", where, "has no type"))
            elif not kind.startswith("AMAZON.") and kind not in types:
                problems.append(Problem("slot-type", where, f"custom type {kind} is not defined"))
    for name, definition in sorted(types.items()):
        if not definition.get("values") and not definition.get("valueSupplier"):
            problems.append(Problem("slot-type", f"{locale} type {name}", "has no values"))
    return problems


def _normalised(sample: str) -> str:
    return " ".join(sample.lower().split())


def _sample_problems(locale: str, intents: Sequence[Mapping[str, Any]]) -> list[Problem]:
    problems = []
    owners: dict[str, list[str]] = defaultdict(list)
    for intent in intents:
        slots = {slot["name"]: slot["type"] for slot in intent.get("slots") or []}
        seen: set[str] = set()
        for sample in intent.get("samples") or []:
            where = f"{locale} {intent['name']} sample {sample!r}"
            key = _normalised(sample)
            if key in seen:
                problems.append(Problem("duplicate-sample", where, "repeated in this intent"))
            seen.add(key)
            owners[key].append(intent["name"])
            problems += _utterance_problems(where, sample, slots)
            if sample.split() and all(_SLOT.match(token) for token in sample.split()):
                # (a slot's own elicitation samples may be the slot alone: not checked here)
                problems.append(Problem("slot-only", where, "a carrier phrase is needed"))
            refs = [m[1] for m in map(_SLOT.match, sample.split()) if m]
            if len(key.split()) == 1 and refs and slots.get(refs[0]) == SEARCH_QUERY:
                problems.append(
                    Problem("search-query", where, f"{SEARCH_QUERY} needs a carrier phrase")
                )
        for slot in intent.get("slots") or []:
            for sample in slot.get("samples") or []:
                where = f"{locale} {intent['name']} slot {slot['name']} sample {sample!r}"
                problems += _utterance_problems(where, sample, slots)
    for key, names in sorted(owners.items()):
        distinct = sorted(set(names))
        if len(distinct) > 1:
            problems.append(
                Problem("duplicate-sample", f"{locale} sample {key!r}", f"shared by {distinct}")
            )
    return problems


def _utterance_problems(where: str, sample: str, slots: Mapping[str, str]) -> list[Problem]:
    problems = []
    if len(sample) > MAX_SAMPLE_CHARS:
        problems.append(Problem("sample-length", where, f"over {MAX_SAMPLE_CHARS} characters"))
    tokens = sample.split()
    used: list[str] = []
    previous_was_slot = False
    for token in tokens:
        slot = _SLOT.match(token)
        if slot:
            name = slot[1]
            if name not in slots:
                problems.append(Problem("slot-reference", where, f"{{{name}}} is not a slot here"))
            if name in used:
                problems.append(Problem("slot-reference", where, f"{{{name}}} used twice"))
            if previous_was_slot:
                problems.append(
                    Problem("slot-reference", where, f"{{{name}}} follows another slot directly")
                )
            used.append(name)
            previous_was_slot = True
            continue
        previous_was_slot = False
        if "{" in token or "}" in token:
            problems.append(
                Problem("slot-reference", where, f"{token!r}: a slot must be a whole word")
            )
        elif not _WORD.match(token):
            hint = " (spell numbers out)" if any(c.isdigit() for c in token) else ""
            problems.append(
                Problem("sample-characters", where, f"{token!r} has special characters{hint}")
            )
    return problems


def _dialog_problems(locale: str, interaction: Mapping[str, Any]) -> list[Problem]:
    dialog = interaction.get("dialog")
    if not dialog:
        return []
    intents = {
        intent["name"]: {slot["name"]: slot["type"] for slot in intent.get("slots") or []}
        for intent in interaction["languageModel"]["intents"]
    }
    prompts = {prompt["id"] for prompt in interaction.get("prompts") or []}
    problems = []
    for entry in dialog["intents"]:
        where = f"{locale} dialog {entry['name']}"
        if entry["name"] not in intents:
            problems.append(Problem("dialog", where, "is not an intent of the model"))
            continue
        slots = intents[entry["name"]]
        references = list((entry.get("prompts") or {}).values())
        for slot in entry.get("slots") or []:
            if slots.get(slot["name"]) != slot["type"]:
                problems.append(
                    Problem(
                        "dialog",
                        f"{where} slot {slot['name']}",
                        f"not a {slot['type']} slot of the intent",
                    )
                )
            references += list((slot.get("prompts") or {}).values())
            for validation in slot.get("validations") or []:
                if isinstance(validation, Mapping) and "prompt" in validation:
                    references.append(validation["prompt"])
        for reference in references:
            if reference not in prompts:
                problems.append(Problem("dialog", where, f"prompt {reference!r} is not defined"))
    return problems


def _handler_problems(
    languages: Mapping[str, Mapping[str, Any]], handled: set[str]
) -> list[Problem]:
    problems = []
    for locale, language in sorted(languages.items()):
        names = {intent["name"] for intent in language["intents"]}
        for name in sorted(names - handled):
            problems.append(
                Problem("handler", f"{locale} {name}", "no request handler declares this intent")
            )
        for name in sorted(handled - names):
            problems.append(
                Problem(
                    "missing-intent", f"{locale} {name}", "handled by the skill, not in the model"
                )
            )
    return problems


def _signature(language: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    return {
        intent["name"]: {slot["name"]: slot["type"] for slot in intent.get("slots") or []}
        for intent in language["intents"]
    }


def _locale_differences(languages: Mapping[str, Mapping[str, Any]]) -> list[Problem]:
    if len(languages) < 2:
        return []
    (first, reference), *others = sorted(languages.items())
    expected = _signature(reference)
    problems = []
    for locale, language in others:
        actual = _signature(language)
        for name in sorted(set(expected) ^ set(actual)):
            has = first if name in expected else locale
            lacks = locale if name in expected else first
            problems.append(
                Problem("locales-differ", f"{lacks} {name}", f"intent in {has}, not in {lacks}")
            )
        for name in sorted(set(expected) & set(actual)):
            if expected[name] != actual[name]:
                problems.append(
                    Problem(
                        "locales-differ",
                        f"{locale} {name}",
                        f"slots {actual[name]} differ from {first}'s {expected[name]}",
                    )
                )
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    paths = [Path(arg) for arg in (argv if argv is not None else sys.argv[1:])]
    if paths:
        models = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in paths}
    else:
        models = load_models()
    sys.path[:0] = [str(MODELS_DIR.parent / "lambda")]
    from skill import handled_intents  # noqa: PLC0415 - the skill is on sys.path only now

    problems = lint_models(models, handled_intents())
    for problem in problems:
        print(problem)
    print(f"{len(models)} model(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
