"""Safety figures: recall and false alarms per tier and locale, on the labelled corpus.

    python -m tools.safety_report [--part heldout|tuning|all] [--detector-only] [--json]

Two ways in, for every line of tests/safety/*.tsv:

  detector    pacts.safety.assess on the words alone (per language)
  one-shot    the line spoken as "Alexa, tell Pause Pact <line>" through the offline NLU and
              the skill (simulator), per locale of its language
  reflection  the line given as an answer in the nightly reflection, per locale

What counts (issue 13's targets):

  danger     answered: the reply opens with the emergency number (or, for fear of hurting
             someone, "leave the room" and then the number). Target: every line.
  uncertain  asked: the reply is "Are you safe right now?". Target: every line. ("or answered"
             also counts a danger answer, which is not the target but is not silence.)
  figure     alarmed: a danger answer or the question. Target: at most 5 %.

The held-out part is the figure that counts: it was written before the patterns and never used
to tune them (tools/safety_corpus.py). `figures()` returns the numbers for bench/results.json;
`report_lines()` the printed table; `make bench` (or anyone) can call either.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

REPO: Final = Path(__file__).resolve().parent.parent
if str(REPO / "lambda") not in sys.path:
    sys.path.insert(0, str(REPO / "lambda"))

from tools.safety_corpus import LANGS, Lang, Line, Part, load  # noqa: E402

Outcome = Literal["danger", "asked", "none"]
Mode = Literal["detector", "one-shot", "reflection"]

LOCALES: Final[dict[Lang, tuple[str, ...]]] = {
    "en": ("en-US", "en-GB", "en-CA", "en-AU", "en-IN"),
    "es": ("es-US", "es-ES", "es-MX"),
}
INVOKE: Final[dict[Lang, str]] = {
    "en": "alexa tell pause pact {}",
    "es": "alexa dile a pacto de pausa que {}",
}
START_REFLECTION: Final[dict[Lang, str]] = {
    "en": "alexa tell pause pact to start tonight's reflection",
    "es": "alexa pide a pacto de pausa que empiece la reflexión de esta noche",
}
FALSE_ALARM_TARGET: Final = 0.05


@dataclass
class Tally:
    """One row: a part, a language or locale, a way in."""

    part: str
    where: str
    mode: Mode
    danger: list[bool] = field(default_factory=list)  # answered with the emergency number
    uncertain: list[bool] = field(default_factory=list)  # asked "Are you safe right now?"
    uncertain_any: list[bool] = field(default_factory=list)  # asked, or given the danger answer
    figure: list[bool] = field(default_factory=list)  # alarmed
    misses: list[str] = field(default_factory=list)

    def add(self, line: Line, outcome: Outcome) -> None:
        if line.label == "danger":
            self.danger.append(outcome == "danger")
            ok = outcome == "danger"
        elif line.label == "uncertain":
            self.uncertain.append(outcome == "asked")
            self.uncertain_any.append(outcome != "none")
            ok = outcome == "asked"
        else:
            self.figure.append(outcome != "none")
            ok = outcome == "none"
        if not ok:
            self.misses.append(f"{line.label}->{outcome}: {line.phrase}")

    @staticmethod
    def _rate(values: Sequence[bool]) -> float | None:
        return sum(values) / len(values) if values else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "where": self.where,
            "mode": self.mode,
            "danger_recall": self._rate(self.danger),
            "danger_n": len(self.danger),
            "uncertain_asked": self._rate(self.uncertain),
            "uncertain_asked_or_answered": self._rate(self.uncertain_any),
            "uncertain_n": len(self.uncertain),
            "figure_false_alarm": self._rate(self.figure),
            "figure_n": len(self.figure),
            "meets_targets": self.meets_targets(),
        }

    def meets_targets(self) -> bool:
        alarm = self._rate(self.figure) or 0.0
        return all(self.danger) and all(self.uncertain) and alarm <= FALSE_ALARM_TARGET


def detector_outcome(phrase: str) -> Outcome:
    from pacts.safety import assess  # noqa: PLC0415 - lambda/ joins the path above

    tier = assess(phrase).tier
    return "danger" if tier == "danger" else "asked" if tier == "uncertain" else "none"


def reply_outcome(text: str, locale: str) -> Outcome:
    """What the skill's spoken reply was: the danger answer, the question, or anything else."""
    from pacts.hotlines import safety_lines  # noqa: PLC0415
    from speech.catalog import Phrases  # noqa: PLC0415

    phrases = Phrases(locale)
    emergency = next(line for line in safety_lines(locale) if line.kind == "emergency")
    first, _, rest = text.partition(". ")
    if text.strip() == phrases.get("safety.check"):
        return "asked"
    if emergency.number and emergency.number in first:
        return "danger"
    if first + "." == phrases.get("safety.others_lead") and (emergency.number or "?") in rest:
        return "danger"
    return "none"


def run_detector(parts: Iterable[Part]) -> list[Tally]:
    tallies = []
    for part in parts:
        for lang in LANGS:
            tally = Tally(part, lang, "detector")
            for line in load(part, lang):
                tally.add(line, detector_outcome(line.phrase))
            tallies.append(tally)
    return tallies


def run_simulator(parts: Iterable[Part], locales: Iterable[str] | None = None) -> list[Tally]:
    """Every line, one-shot and as a reflection answer, in every locale of its language."""
    from simulator.engine import Options, Simulator  # noqa: PLC0415

    wanted = set(locales) if locales is not None else None
    tallies = []
    parts = list(parts)
    for lang in LANGS:
        for locale in LOCALES[lang]:
            if wanted is not None and locale not in wanted:
                continue
            with tempfile.TemporaryDirectory() as state:
                options = Options(
                    locale=locale, state_dir=Path(state), persist=False, embedded=True
                )
                with Simulator(options) as sim:
                    for part in parts:
                        one_shot = Tally(part, locale, "one-shot")
                        reflection = Tally(part, locale, "reflection")
                        for line in load(part, lang):
                            said = sim.say(INVOKE[lang].format(line.phrase))
                            one_shot.add(line, reply_outcome(said.text, locale))
                            sim.say(START_REFLECTION[lang])
                            answered = sim.say(line.phrase)
                            reflection.add(line, reply_outcome(answered.text, locale))
                        tallies += [one_shot, reflection]
    return tallies


def figures(
    parts: Sequence[Part] = ("heldout", "tuning"),
    *,
    simulator: bool = True,
    locales: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """The figures as plain data (for bench/results.json)."""
    tallies = run_detector(parts)
    if simulator:
        tallies += run_simulator(parts, locales)
    return [tally.as_dict() for tally in tallies]


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def report_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The table `make bench` prints: one row per part, locale and way in."""
    lines = [
        "Safety (issue 13): danger answered / uncertain asked (or answered) / figures alarmed",
        f"{'part':8} {'where':6} {'mode':10} {'danger':>14} {'uncertain':>22} {'figure alarm':>16}",
    ]
    for row in rows:
        lines.append(
            f"{row['part']:8} {row['where']:6} {row['mode']:10} "
            f"{_pct(row['danger_recall'])} of {row['danger_n']:3} "
            f"{_pct(row['uncertain_asked'])} ({_pct(row['uncertain_asked_or_answered'])}) "
            f"of {row['uncertain_n']:2} "
            f"{_pct(row['figure_false_alarm'])} of {row['figure_n']:3}"
            f"{'' if row['meets_targets'] else '  below target'}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument("--part", choices=("heldout", "tuning", "all"), default="all")
    parser.add_argument("--detector-only", action="store_true")
    parser.add_argument("--locale", action="append", help="only these locales (simulator)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--misses", action="store_true", help="list the tuning part's misses (never the held-out)"
    )
    args = parser.parse_args(argv)
    parts: tuple[Part, ...] = ("heldout", "tuning") if args.part == "all" else (args.part,)
    tallies = run_detector(parts)
    if not args.detector_only:
        tallies += run_simulator(parts, args.locale)
    rows = [tally.as_dict() for tally in tallies]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print("\n".join(report_lines(rows)))
    if args.misses:
        for tally in tallies:
            if tally.part == "tuning":
                for miss in tally.misses:
                    print(f"  {tally.where} {tally.mode}: {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
