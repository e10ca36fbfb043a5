"""The labelled safety corpus (tests/safety/*.tsv): what people in and out of danger say.

Two parts per language. ``tuning`` is what lambda/pacts/safety.py and the SafetyIntent samples
were developed against; ``heldout`` was written first and is never read while tuning, so its
figures say how the check does on words nobody fitted it to.

Each line is ``label<TAB>phrase``; ``#`` starts a comment. Labels:

  danger     danger now: violence, restraint, weapons, threats, destroying things in anger,
             fear of the partner, self-harm or suicide intent, fear of hurting someone
  uncertain  fear or hurt without an act ("I'm scared", "it hurts", "he's screaming")
  figure     strong words that are not danger ("this argument is killing me")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

Label = Literal["danger", "uncertain", "figure"]
Part = Literal["tuning", "heldout"]
Lang = Literal["en", "es"]

CORPUS_DIR: Final = Path(__file__).resolve().parent.parent / "tests" / "safety"
LABELS: Final[tuple[Label, ...]] = ("danger", "uncertain", "figure")
PARTS: Final[tuple[Part, ...]] = ("tuning", "heldout")
LANGS: Final[tuple[Lang, ...]] = ("en", "es")


@dataclass(frozen=True)
class Line:
    label: Label
    phrase: str
    part: Part
    lang: Lang
    number: int  # line number in its file


class CorpusError(ValueError):
    pass


def corpus_file(part: Part, lang: Lang) -> Path:
    return CORPUS_DIR / f"{part}_{lang}.tsv"


def load(part: Part, lang: Lang) -> list[Line]:
    """One part of one language's corpus, in file order."""
    lines: list[Line] = []
    path = corpus_file(part, lang)
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        label, sep, phrase = raw.partition("\t")
        if not sep or label not in LABELS or not phrase.strip():
            raise CorpusError(f"{path.name}:{number}: expected 'label<TAB>phrase', got {raw!r}")
        lines.append(Line(label, phrase.strip(), part, lang, number))  # type: ignore[arg-type]
    return lines


def load_all() -> list[Line]:
    return [line for part in PARTS for lang in LANGS for line in load(part, lang)]
