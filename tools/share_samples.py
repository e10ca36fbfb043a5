"""Every market of a language learns the phrasings its neighbours' samples hold.

    python -m tools.share_samples [--check]

Alexa builds one statistical model per locale from that locale's samples only. Our markets'
samples were grown from each market's own corpus, so "i could really use a hug" was a
Connection sample in en-US and unknown in en-CA, though a Canadian says it just as often. This
copies every sample of a shared intent to the other markets of its language (English: en-US,
en-GB, en-CA, en-AU, en-IN; Spanish: es-US, es-ES, es-MX), except:

- a sample that uses a word one market owns goes only to the markets where that word is at
  home (``MARKET_WORDS``: "arvo" and "a blue" stay Australian, "fag" British, "ahorita" and
  "platicar" Mexican and US Spanish, "vale", "tío" and vosotros Spain's);
- an es-US sample with an English loanword ("ya estoy back") goes to no other Spanish market,
  whose speakers do not mix those words in (``break`` they do, and already say);
- SafetyIntent's samples (the safety work owns them, per locale), built-in intents other than
  Help (Yes/No/Stop carry market idioms: "yeah nah" is no), and intents with free-form
  (AMAZON.SearchQuery) slots, whose carriers are tuned per locale;
- a sample the market already has, one that two markets give to different intents, and one
  that would collide with another intent's sample once normalised (``tools.model_lint``);
- a sample equal to one of the market's held-out corpus lines (``tests/nlu``): the held-out
  part never enters a model. Those are counted, never printed.

``--check`` changes nothing and exits 1 when a model lacks a sample it should share (CI runs it
through the test suite), so a sample grown in one market reaches the others by running this.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from simulator.nlu import Nlu, normalise
from tools.nlu_report import CORPUS_DIR, MODELS_DIR, load_corpus

LANGUAGES: Final[tuple[tuple[str, ...], ...]] = (
    ("en-US", "en-GB", "en-CA", "en-AU", "en-IN"),
    ("es-US", "es-ES", "es-MX"),
)
SHARED_BUILT_INS: Final = frozenset({"AMAZON.HelpIntent"})
NEVER_SHARED: Final = frozenset({"SafetyIntent"})

_GB: Final = ("en-GB",)
_AU: Final = ("en-AU",)
_GB_AU: Final = ("en-GB", "en-AU")
_IN: Final = ("en-IN",)
_CA: Final = ("en-CA",)
_ES: Final = ("es-ES",)
_LATAM: Final = ("es-MX", "es-US")


def _home(markets: tuple[str, ...], words: str) -> dict[str, tuple[str, ...]]:
    return dict.fromkeys(words.split(), markets)


MARKET_WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    # British and Irish English
    **_home(
        _GB,
        """
        row rows rowing brew cuppa fag fags knackered wee natter loggerheads quid loo telly
        gutted chuffed blimey innit mardy narky faff skint whinge cwtch aye
        lad lass bairn ken fortnight tick ticks bloody bloke sod arse shattered stroppy
        """,
    ),
    **_home(_GB_AU, "mate mates missus reckon whinging"),
    # Australian English
    **_home(
        _AU,
        """
        blue blues arvo smoko servo durry durries stoush ute heaps cooked spewing nah dunny
        brekkie bottle-o chuck crook sook stoked ripper hooroo dinkum yarn paddock ciggie
        """,
    ),
    # Indian English
    **_home(
        _IN,
        """
        tensed chai pranayam delink bp yaar arre accha prepone timepass
        """,
    ),
    # Canadian English
    **_home(
        _CA,
        """
        eh toque washroom tim's timmies double-double chesterfield hydro chum blonde loonie
        toonie parkade keener rip b'y
        """,
    ),
    # Spain
    **_home(
        _ES,
        """
        vale tío tía tíos piro pirarme pirado cabreo mosqueo venga liamos liado liada liando
        lío coger cojo coge pelín momentín segundín majo maja guay mola hostia joder chaval
        currar curro flipar flipo achuchón movida rayado rayada rayando rayo mogollón
        vosotros os dejadme estáis vais tenéis sois habéis ordenador móvil enfadado enfadada
        enfadados enfado enfadarme cabreado cabreada cabrear mosqueado mosqueada apetece
        bronca broncas marmota pastilla flan agobio agobiado agobiada tranqui
        """,
    ),
    # Mexico (and the US, whose Spanish is mostly Mexican-American)
    **_home(
        _LATAM,
        """
        ahorita ahoritita ocupo ocupas ocupa ocupamos platicar platicamos platiquemos
        platicando platicarlo platiquemos plática regresar regreso regresé regresó regrese
        regresas regresamos órale ándale neta güey wey tantito mero chance checar checo
        pleito pleitos coraje pedo mija mijo apapacho apapachar nomás chido bolas
        cantaleta rebasado rebasada alárgale enojado enojada enojados enojo enojando manejar
        troca jeva vaina pa' pos
        """,
    ),
}
"""A word of one market's speech and the markets where it is at home: a sample with it is
shared only there. Words are matched whole, after lower-casing."""

_WORD: Final = re.compile(r"[\w'’-]+")
_SLOT: Final = re.compile(r"\{(\w+)\}")


@dataclass
class Shared:
    """What sharing added to one market, and what it kept out."""

    locale: str
    added: int = 0
    held_out: int = 0
    guarded: int = 0
    collisions: int = 0


def _path(locale: str, models_dir: Path) -> Path:
    return models_dir / f"{locale}.json"


def _intents(model: Mapping[str, Any]) -> list[dict[str, Any]]:
    intents: list[dict[str, Any]] = model["interactionModel"]["languageModel"]["intents"]
    return intents


def _shareable(intent: Mapping[str, Any]) -> bool:
    name = intent["name"]
    if name in NEVER_SHARED or (name.startswith("AMAZON.") and name not in SHARED_BUILT_INS):
        return False
    return all(slot["type"] != "AMAZON.SearchQuery" for slot in intent.get("slots", []))


def _words(sample: str) -> list[str]:
    return _WORD.findall(_SLOT.sub(" ", sample.lower()))


def _said(sample: str) -> str:
    """A sample as the models' exact-duplicate check compares it."""
    return " ".join(sample.lower().split())


def _collision_key(sample: str) -> tuple[str, ...]:
    """How ``tools.model_lint`` and the locale tests tell two samples apart."""
    return tuple(normalise(_SLOT.sub(" slot ", sample)).split())


def _at_home(sample: str, source: str, target: str, english: frozenset[str]) -> bool:
    """Whether ``sample`` (from ``source``) is said in ``target`` as it stands."""
    words = _words(sample)
    if any(target not in MARKET_WORDS.get(word, (target,)) for word in words):
        return False
    # an es-US loanword ("estoy back") is no other Spanish market's
    return not (source == "es-US" and target != "es-US" and english.intersection(words))


def _english_loanwords(models: Mapping[str, Mapping[str, Any]], models_dir: Path) -> frozenset[str]:
    """Words English samples use that the Spanish markets outside the US never do."""
    english: set[str] = set()
    for path in sorted(models_dir.glob("en-*.json")):
        model = json.loads(path.read_text(encoding="utf-8"))
        english.update(
            word for i in _intents(model) for s in i.get("samples", []) for word in _words(s)
        )
    spanish = {
        word
        for locale in ("es-ES", "es-MX")
        if locale in models
        for intent in _intents(models[locale])
        for sample in intent.get("samples", [])
        for word in _words(sample)
    }
    return frozenset(english - spanish)


def _for_the_safety_check(sample: str, nlu: Nlu) -> bool:
    """A word the market's safety check must read ("before I say something I *regret*", "me
    quito de en medio"): such a sample stays where its safety figures were checked."""
    return nlu.says_a_guarded_word(_SLOT.sub(" ", sample))


def _held_out(locale: str, nlu: Nlu, corpus_dir: Path) -> frozenset[str]:
    if not (corpus_dir / f"{locale}.yaml").exists():
        return frozenset()
    corpus = load_corpus(locale, corpus_dir)
    return frozenset(
        normalise(nlu.split_invocation(line.utterance).utterance)
        for line in corpus.part("held_out")
    )


def share(
    languages: Iterable[Sequence[str]] = LANGUAGES,
    *,
    models_dir: Path = MODELS_DIR,
    corpus_dir: Path = CORPUS_DIR,
    write: bool = True,
) -> list[Shared]:
    """Share the samples within each language; write the models back when ``write``."""
    report: list[Shared] = []
    for markets in languages:
        models = {
            locale: json.loads(_path(locale, models_dir).read_text(encoding="utf-8"))
            for locale in markets
        }
        english = _english_loanwords(models, models_dir)
        owners: dict[str, set[str]] = {}
        for model in models.values():
            for intent in _intents(model):
                for sample in intent.get("samples", []):
                    owners.setdefault(_said(sample), set()).add(intent["name"])
        for target, model in models.items():
            report.append(
                _share_into(
                    target,
                    model=model,
                    models=models,
                    owners=owners,
                    english=english,
                    models_dir=models_dir,
                    corpus_dir=corpus_dir,
                )
            )
            if write and report[-1].added:
                text = json.dumps(model, indent=2, ensure_ascii=False) + "\n"
                _path(target, models_dir).write_text(text, encoding="utf-8")
    return report


def _share_into(
    target: str,
    *,
    model: dict[str, Any],
    models: Mapping[str, Mapping[str, Any]],
    owners: Mapping[str, set[str]],
    english: frozenset[str],
    models_dir: Path,
    corpus_dir: Path,
) -> Shared:
    done = Shared(target)
    intents = {intent["name"]: intent for intent in _intents(model)}
    exact = {_said(s) for i in intents.values() for s in i.get("samples", [])}
    keys = {
        _collision_key(sample): intent["name"]
        for intent in intents.values()
        for sample in intent.get("samples", [])
    }
    nlu = Nlu.from_file(_path(target, models_dir), target)  # the model as read, not yet added to
    held_out = _held_out(target, nlu, corpus_dir)
    kept_out: set[str] = set()
    for source, other in models.items():
        if source == target:
            continue
        for their in _intents(other):
            mine = intents.get(their["name"])
            if mine is None or not _shareable(their) or not _shareable(mine):
                continue
            slots = {slot["name"] for slot in mine.get("slots", [])}
            for sample in their.get("samples", []):
                said = _said(sample)
                if said in exact or len(owners[said]) > 1:
                    continue
                if not set(_SLOT.findall(sample)) <= slots:
                    continue
                if not _at_home(sample, source, target, english):
                    continue
                if _for_the_safety_check(sample, nlu):
                    done.guarded += 1
                    continue
                if normalise(sample) in held_out:
                    kept_out.add(said)
                    continue
                if keys.setdefault(_collision_key(sample), mine["name"]) != mine["name"]:
                    done.collisions += 1
                    continue
                mine.setdefault("samples", []).append(sample)
                exact.add(said)
                done.added += 1
    done.held_out = len(kept_out)
    return done


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a sample is unshared"
    )
    args = parser.parse_args(argv)
    report = share(models_dir=MODELS_DIR, corpus_dir=CORPUS_DIR, write=not args.check)
    for done in report:
        print(
            f"{done.locale}: {'would add' if args.check else 'added'} {done.added}"
            f" (left out: {done.held_out} equal to a held-out line, {done.guarded} with a word"
            f" for the safety check, {done.collisions} colliding with another intent)"
        )
    return 1 if args.check and any(done.added for done in report) else 0


if __name__ == "__main__":
    sys.exit(main())
