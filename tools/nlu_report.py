"""How well the offline NLU understands what people say: ``make nlu``.

    python -m tools.nlu_report [--locale en-US ...] [--failures tuning|held_out|all] [--check]

Runs the paraphrase corpus (``tests/nlu/<locale>.yaml``) through the offline NLU
(``simulator.nlu``) and the locale's interaction model, and prints, per locale and for the
tuning and held-out parts separately: intent accuracy per intent, intent confusions, slot
errors, the duration/time slot accuracy, and the out-of-domain false-accept rate.

Targets (issue 14), on the held-out part: intent accuracy at least 90 % for every mid-conflict
intent (space, cycle, grounding, connection, return time, back, safety) in every locale, at
least 80 % for the rest; durations and times right for at least 90 %; out-of-domain lines
accepted as one of our intents at most 5 %.

By default failures are listed for the tuning part only, so that growing samples never looks
at the held-out lines; ``--failures held_out`` shows them when that is the point.

``held_out_figures()`` is the bench's entry point: the held-out figures as plain data.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from simulator.nlu import FALLBACK_INTENT, Nlu, NluResult

ROOT: Final = Path(__file__).resolve().parent.parent
if str(ROOT / "lambda") not in sys.path:
    sys.path.insert(0, str(ROOT / "lambda"))

from intents.safety import SAFETY_INTENT, carried  # noqa: E402 - how the skill hears SafetyIntent
from pacts.safety import assess_all  # noqa: E402 - the skill's own safety check
from pacts.timing import minutes_duration  # noqa: E402 - the handler's own reading of a number

CORPUS_DIR: Final = ROOT / "tests" / "nlu"
MODELS_DIR: Final = ROOT / "interaction_models"
LOCALES: Final = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN", "es-US", "es-ES", "es-MX")

MID_CONFLICT: Final = (
    "SpaceIntent",
    "CycleIntent",
    "GroundingIntent",
    "ConnectionIntent",
    "ReturnTimeIntent",
    "BackIntent",
    "SafetyIntent",
)
MID_CONFLICT_TARGET: Final = 0.90
OTHER_TARGET: Final = 0.80
SLOT_TARGET: Final = 0.90
FALSE_ACCEPT_TARGET: Final = 0.05
# Slot types whose values are durations and times.
TIMING_TYPES: Final = frozenset({"AMAZON.DURATION", "AMAZON.TIME"})
# Space and CheckIn take a length as a duration or as a bare number of minutes.
LENGTH_SLOTS: Final = frozenset({"duration", "minutes"})

Part = Literal["held_out", "tuning", "out_of_domain"]
PARTS: Final[tuple[Part, ...]] = ("held_out", "tuning", "out_of_domain")


class CorpusError(ValueError):
    """A corpus file that cannot be read as the corpus format."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice (PyYAML would silently keep the last)."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise CorpusError(f"line {key_node.start_mark.line + 1}: {key!r} given twice")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _unique_mapping,  # type: ignore[arg-type]
)


@dataclass(frozen=True)
class Line:
    """One corpus line: what is said, what Alexa should send."""

    locale: str
    part: Part
    utterance: str
    intent: str
    slots: Mapping[str, str | None] | None = None  # None: only the intent is checked


@dataclass(frozen=True)
class Corpus:
    locale: str
    lines: tuple[Line, ...]

    def part(self, part: Part) -> list[Line]:
        return [line for line in self.lines if line.part == part]


def _line(locale: str, part: Part, intent: str, item: Any) -> Line:
    if isinstance(item, str):
        return Line(locale, part, item, intent)
    if isinstance(item, dict) and len(item) == 1:
        ((utterance, slots),) = item.items()
        if isinstance(utterance, str) and isinstance(slots, dict):
            values = {str(k): None if v is None else str(v) for k, v in slots.items()}
            return Line(locale, part, utterance, intent, values)
    raise CorpusError(f"{locale} {part} {intent}: cannot read {item!r}")


def load_corpus(locale: str, directory: Path = CORPUS_DIR) -> Corpus:
    """``tests/nlu/<locale>.yaml`` as lines."""
    path = directory / f"{locale}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506
    if not isinstance(data, dict) or data.get("locale") != locale:
        raise CorpusError(f"{path.name}: expected 'locale: {locale}'")
    lines: list[Line] = []
    for part in ("held_out", "tuning"):
        intents = data.get(part) or {}
        if not isinstance(intents, dict):
            raise CorpusError(f"{path.name}: {part} must map intents to lines")
        for intent, items in intents.items():
            lines += [_line(locale, part, str(intent), item) for item in items or []]
    for item in data.get("out_of_domain") or []:
        lines.append(_line(locale, "out_of_domain", FALLBACK_INTENT, item))
    return Corpus(locale, tuple(lines))


def model_nlu(locale: str, directory: Path = MODELS_DIR) -> Nlu:
    return Nlu.from_file(directory / f"{locale}.json", locale)


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Outcome:
    line: Line
    intent: str | None  # what the NLU sent ("LaunchRequest" for a bare launch)
    slots: Mapping[str, str | None]
    slot_errors: tuple[str, ...]  # "duration: expected PT10M, got ?"
    timing: bool  # the line expects a duration or time slot value (or its absence)

    @property
    def intent_ok(self) -> bool:
        return self.intent == self.line.intent

    @property
    def ok(self) -> bool:
        return self.intent_ok and not self.slot_errors

    @property
    def answered_as_fallback(self) -> bool:
        """The skill gives its fallback answer: Fallback itself, or SafetyIntent's carrier
        with words the skill's safety check finds ordinary ("estoy aburrido"), which
        ``intents/safety.py`` answers exactly as Fallback."""
        if self.intent == FALLBACK_INTENT:
            return True
        if self.intent != SAFETY_INTENT:
            return False
        heard = carried(self.slots, self.line.locale)
        return bool(heard) and assess_all(heard).tier == "none"


def _fold(value: str | None) -> str | None:
    return None if value is None else " ".join(value.casefold().split())


def _length(slots: Mapping[str, str | None]) -> str | None:
    """The length a Space or CheckIn handler acts on, read as the handler reads it
    (``intents/space.py``, ``intents/check_in.py``): the duration, else the number as minutes."""
    return slots.get("duration") or minutes_duration(slots.get("minutes"))


def score_line(
    line: Line, intent: str | None, slots: Mapping[str, str | None], types: Mapping[str, str]
) -> Outcome:
    """Score what an NLU sent for ``line`` (``types``: the expected intent's slot types)."""
    errors: list[str] = []
    timing = False
    expected_slots = dict(line.slots or {})
    if types.keys() >= LENGTH_SLOTS and LENGTH_SLOTS & expected_slots.keys():
        # The handler hears one length: the duration, else the bare number as minutes
        # ("give me ten" may fill either slot and means the same ten minutes to it).
        timing = True
        want = _length(expected_slots)
        got_length = _length(slots) if intent == line.intent else None
        if _fold(want) != _fold(got_length):
            errors.append(f"length: expected {want}, got {got_length}")
        for name in LENGTH_SLOTS:
            expected_slots.pop(name, None)
    for name, expected in expected_slots.items():
        if types.get(name) in TIMING_TYPES:
            timing = True
        got = slots.get(name) if intent == line.intent else None
        if _fold(got) != _fold(expected):
            errors.append(f"{name}: expected {expected}, got {got}")
    return Outcome(line, intent, dict(slots), tuple(errors), timing)


def evaluate_line(nlu: Nlu, line: Line) -> Outcome:
    result: NluResult = nlu.parse(line.utterance)
    intent = "LaunchRequest" if result.launch else result.intent
    slots = {name: slot.value for name, slot in result.slots.items()}
    return score_line(line, intent, slots, nlu.slot_types(line.intent))


def evaluate(nlu: Nlu, lines: Iterable[Line]) -> list[Outcome]:
    return [evaluate_line(nlu, line) for line in lines]


@dataclass
class Score:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    @property
    def rate(self) -> float | None:
        return None if self.total == 0 else self.right / self.total

    def __str__(self) -> str:
        rate = self.rate
        return "-" if rate is None else f"{100 * rate:.0f}% ({self.right}/{self.total})"


@dataclass
class PartFigures:
    """Figures of one part of one locale's corpus."""

    per_intent: dict[str, Score] = field(default_factory=dict)
    overall: Score = field(default_factory=Score)
    timing_slots: Score = field(default_factory=Score)
    other_slots: Score = field(default_factory=Score)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: list[Outcome] = field(default_factory=list)

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> PartFigures:
        figures = cls()
        for outcome in outcomes:
            intent = outcome.line.intent
            figures.per_intent.setdefault(intent, Score()).add(outcome.intent_ok)
            figures.overall.add(outcome.intent_ok)
            if outcome.line.slots:
                score = figures.timing_slots if outcome.timing else figures.other_slots
                score.add(outcome.ok)
            if not outcome.intent_ok:
                figures.confusions[(intent, str(outcome.intent))] += 1
            if not outcome.ok:
                figures.failures.append(outcome)
        return figures


@dataclass
class LocaleFigures:
    locale: str
    parts: dict[Part, PartFigures]

    @property
    def false_accepts(self) -> Score:
        """Out-of-domain lines the skill acts on as one of its requests, or raises a safety
        question for (lower is better); SafetyIntent's carrier with ordinary words is
        answered as Fallback, so it is no accept (``carrier_fallbacks`` counts those)."""
        ood = self.parts["out_of_domain"]
        acted_on = sum(1 for outcome in ood.failures if not outcome.answered_as_fallback)
        return Score(acted_on, ood.overall.total)

    @property
    def carrier_fallbacks(self) -> int:
        """Out-of-domain lines SafetyIntent's carriers took and the skill answered as
        Fallback."""
        ood = self.parts["out_of_domain"]
        return sum(
            1
            for outcome in ood.failures
            if outcome.intent != FALLBACK_INTENT and outcome.answered_as_fallback
        )

    def misses(self) -> list[str]:
        """Held-out targets this locale misses, as sentences (empty: all met)."""
        held = self.parts["held_out"]
        found: list[str] = []
        for intent, score in sorted(held.per_intent.items()):
            target = MID_CONFLICT_TARGET if intent in MID_CONFLICT else OTHER_TARGET
            if score.rate is not None and score.rate < target:
                found.append(f"{self.locale} {intent} {score} < {target:.0%}")
        timing = held.timing_slots.rate
        if timing is not None and timing < SLOT_TARGET:
            found.append(f"{self.locale} durations/times {held.timing_slots} < {SLOT_TARGET:.0%}")
        accepted = self.false_accepts.rate
        if accepted is not None and accepted > FALSE_ACCEPT_TARGET:
            found.append(
                f"{self.locale} out-of-domain false accepts {self.false_accepts} "
                f"> {FALSE_ACCEPT_TARGET:.0%}"
            )
        return found


def figures_from(locale: str, outcomes: Iterable[Outcome]) -> LocaleFigures:
    """Figures of outcomes however they were produced (the offline NLU or Amazon's)."""
    by_part: dict[Part, list[Outcome]] = {part: [] for part in PARTS}
    for outcome in outcomes:
        by_part[outcome.line.part].append(outcome)
    return LocaleFigures(locale, {part: PartFigures.of(by_part[part]) for part in PARTS})


def figures_for(locale: str) -> LocaleFigures:
    nlu = model_nlu(locale)
    corpus = load_corpus(locale)
    return LocaleFigures(
        locale, {part: PartFigures.of(evaluate(nlu, corpus.part(part))) for part in PARTS}
    )


def held_out_figures(locales: Iterable[str] = LOCALES) -> dict[str, Any]:
    """The held-out figures as plain data (the bench's entry point).

    ``{"locales": {locale: {"intent_accuracy", "mid_conflict_min", "per_intent",
    "timing_slot_accuracy", "false_accept_rate", "lines"}}, "misses": [...], "targets": {...}}``;
    rates are fractions (None when a locale has no such line).
    """
    out: dict[str, Any] = {
        "targets": {
            "mid_conflict_intent": MID_CONFLICT_TARGET,
            "other_intent": OTHER_TARGET,
            "timing_slots": SLOT_TARGET,
            "false_accept_max": FALSE_ACCEPT_TARGET,
        },
        "locales": {},
        "misses": [],
    }
    for locale in locales:
        figures = figures_for(locale)
        held = figures.parts["held_out"]
        mid = [
            s.rate for i, s in held.per_intent.items() if i in MID_CONFLICT and s.rate is not None
        ]
        out["locales"][locale] = {
            "lines": held.overall.total,
            "intent_accuracy": held.overall.rate,
            "mid_conflict_min": min(mid) if mid else None,
            "per_intent": {i: s.rate for i, s in sorted(held.per_intent.items())},
            "timing_slot_accuracy": held.timing_slots.rate,
            "false_accept_rate": figures.false_accepts.rate,
        }
        out["misses"] += figures.misses()
    return out


# --------------------------------------------------------------------------- printing


def _short(intent: str) -> str:
    return intent.removeprefix("AMAZON.").removesuffix("Intent") or intent


def summary_table(all_figures: Sequence[LocaleFigures]) -> list[str]:
    """One row per locale: held-out and tuning accuracy, mid-conflict minimum, slots, OOD."""
    rows = [
        "| locale | held-out intents | worst mid-conflict (held-out) | held-out durations/times "
        "| tuning intents | tuning durations/times | out-of-domain accepted |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for figures in all_figures:
        held, tuning = figures.parts["held_out"], figures.parts["tuning"]
        mids = [(s.rate, i, s) for i, s in held.per_intent.items() if i in MID_CONFLICT]
        worst = min(mids, key=lambda m: m[0] if m[0] is not None else 2.0, default=None)
        worst_text = "-" if worst is None else f"{_short(worst[1])} {worst[2]}"
        rows.append(
            f"| {figures.locale} | {held.overall} | {worst_text} | {held.timing_slots} "
            f"| {tuning.overall} | {tuning.timing_slots} | {figures.false_accepts} |"
        )
    return rows


def _intent_lines(figures: LocaleFigures) -> list[str]:
    held, tuning = figures.parts["held_out"], figures.parts["tuning"]
    intents = sorted(set(held.per_intent) | set(tuning.per_intent))
    width = max((len(i) for i in intents), default=10)
    lines = [f"  {'intent':<{width}}  {'held-out':>16}  {'tuning':>16}"]
    for intent in intents:
        mark = "*" if intent in MID_CONFLICT else " "
        lines.append(
            f" {mark}{intent:<{width}}  {held.per_intent.get(intent, Score())!s:>16}  "
            f"{tuning.per_intent.get(intent, Score())!s:>16}"
        )
    return lines


def _failure_lines(part: Part, figures: PartFigures) -> list[str]:
    lines: list[str] = []
    if figures.confusions:
        lines.append(f"  {part} confusions (expected -> got):")
        for (expected, got), count in figures.confusions.most_common():
            lines.append(f"    {count:3d}  {_short(expected)} -> {_short(got)}")
    for outcome in figures.failures:
        detail = "; ".join(outcome.slot_errors) if outcome.intent_ok else str(outcome.intent)
        lines.append(f"    {part}: {outcome.line.utterance!r} [{outcome.line.intent}] -> {detail}")
    return lines


def report(locales: Sequence[str], failures: str = "tuning") -> tuple[list[str], list[str]]:
    """The printed report and the list of missed targets."""
    return render([figures_for(locale) for locale in locales], failures)


def render(all_figures: Sequence[LocaleFigures], failures: str) -> tuple[list[str], list[str]]:
    """Per locale: intents, slots, out-of-domain, failures; then the summary and the misses."""
    out: list[str] = []
    misses: list[str] = []
    for figures in all_figures:
        held = figures.parts["held_out"]
        tuning = figures.parts["tuning"]
        out.append(f"== {figures.locale} (* mid-conflict)")
        out += _intent_lines(figures)
        out.append(
            f"  durations/times: held-out {held.timing_slots}, tuning {tuning.timing_slots}; "
            f"other slots: held-out {held.other_slots}, tuning {tuning.other_slots}"
        )
        out.append(
            f"  out-of-domain accepted: {figures.false_accepts}"
            f" (besides {figures.carrier_fallbacks} taken by SafetyIntent's carriers and answered"
            " as Fallback)"
        )
        shown: list[Part] = []
        if failures in ("tuning", "all"):
            shown.append("tuning")
        if failures in ("held_out", "all"):
            shown.append("held_out")
        shown.append("out_of_domain")
        for part in shown:
            out += _failure_lines(part, figures.parts[part])
        misses += figures.misses()
        out.append("")
    out.append("Summary")
    out += summary_table(all_figures)
    out.append("")
    if misses:
        out.append("Held-out targets missed:")
        out += [f"  {miss}" for miss in misses]
    else:
        out.append("Every held-out target is met.")
    return out, misses


def _near_decision(scores: Sequence[tuple[float, str]], least: float, margin: float) -> str | None:
    if not scores or scores[0][0] < least:
        return None
    score, intent = scores[0]
    runner_up = next((s for s, other in scores[1:] if other != intent), 0.0)
    return intent if score - runner_up >= margin else None


def calibrate(locales: Sequence[str] = LOCALES) -> list[str]:
    """How the near match would do at other thresholds: leave-one-out on the *tuning* part (each
    line scored without the samples that say exactly it) and the out-of-domain lines. The
    held-out part is not read."""
    tuning: list[tuple[str, list[tuple[float, str]]]] = []
    ood: list[list[tuple[float, str]]] = []
    for locale in locales:
        nlu = model_nlu(locale)
        corpus = load_corpus(locale)
        for line in corpus.part("tuning"):
            text = nlu.split_invocation(line.utterance).utterance
            tuning.append((line.intent, nlu.near_match_scores(text, leave_out_own=True)))
        for line in corpus.part("out_of_domain"):
            ood.append(nlu.near_match_scores(nlu.split_invocation(line.utterance).utterance))
    rows = ["| least share | margin | right | wrong | no match | out-of-domain accepted |"]
    rows.append("| --- | --- | --- | --- | --- | --- |")
    for least in (0.4, 0.5, 0.6, 0.7):
        for margin in (0.0, 0.1, 0.2):
            got = [(_near_decision(s, least, margin), intent) for intent, s in tuning]
            right = sum(1 for d, intent in got if d == intent)
            wrong = sum(1 for d, intent in got if d is not None and d != intent)
            accepted = sum(1 for s in ood if _near_decision(s, least, margin) is not None)
            total = max(1, len(got))
            rows.append(
                f"| {least} | {margin} | {right / total:.0%} | {wrong / total:.0%} "
                f"| {(total - right - wrong) / total:.0%} | {accepted}/{len(ood)} |"
            )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.nlu_report", description=__doc__, allow_abbrev=False
    )
    parser.add_argument("--locale", action="append", choices=LOCALES, help="repeatable")
    parser.add_argument(
        "--failures",
        choices=("tuning", "held_out", "all", "none"),
        default="tuning",
        help="which part's failing lines to list (default: tuning only)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="the near match's leave-one-out table on the tuning part (not the held-out)",
    )
    args = parser.parse_args(argv)
    if args.calibrate:
        print("\n".join(calibrate(args.locale or LOCALES)))
        return 0
    try:
        lines, misses = report(args.locale or LOCALES, args.failures)
    except (OSError, CorpusError, yaml.YAMLError) as error:
        print(f"nlu_report: {error}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 1 if args.check and misses else 0


if __name__ == "__main__":
    sys.exit(main())
