"""How long the skill's answers take to say (issue 15): espeak-ng at 150 words a minute.

Alexa speaks at roughly 150 words a minute; espeak-ng at that rate is the proxy. The library and
its voices come from the `espeakng-loader` wheel (the dev extra), driven through ctypes with
synchronous synthesis: the seconds are the samples it produces over its sample rate, so nothing
plays and nothing is written. Where that wheel does not exist (a platform without it) the
figures are estimated from syllables (`estimate`, calibrated against espeak-ng on this catalog)
and the report says so.

Limits checked by tests/test_speech_length.py: every answer outside the grounding pause takes at
most 20 s to say; a space answer says its return time within its first 4 s.

    python -m tools.speech_length            # the 5 longest answers per language, a table
    python -m tools.speech_length --all      # every answer
"""

from __future__ import annotations

import argparse
import ctypes
import re
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "lambda") not in sys.path:
    sys.path.insert(0, str(ROOT / "lambda"))

from speech.catalog import EN  # noqa: E402
from speech.formatting import local_return_time, minutes_words  # noqa: E402
from speech.locales import catalog_for  # noqa: E402
from speech.ssml import to_plain_text  # noqa: E402

RATE_WPM = 150
MAX_ANSWER_S = 20.0
MAX_RETURN_TIME_S = 4.0
LANGUAGES = {"en": "en-US", "es": "es-US", "es-ES": "es-ES"}
VOICES = {"en": b"en-us", "es": b"es-419", "es-ES": b"es"}
# The grounding pause is long on purpose (breaths, silences): it is timed by its own tests.
EXCLUDED_PREFIXES = ("grounding.", "breath", "slow.pause")
# What a space answer may add to its heard line as a note (intents/space.py: at most one).
SPACE_NOTES = (
    "space.too_long",
    "space.unreadable",
    "space.no_clock",
    "space.not_reached",
    "not_saved",
    "reminder.moved",
)

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_ESPEAK_RATE = 1
_CHARS_UTF8 = 1
_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class Espeak:
    """libespeak-ng from the espeakng-loader wheel: seconds of speech for a text."""

    def __init__(self) -> None:
        import espeakng_loader  # type: ignore[import-untyped]  # noqa: PLC0415 (dev extra)

        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        data = espeakng_loader.get_data_path().encode()
        self.sample_rate: int = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data, 0)
        if self.sample_rate <= 0:
            raise OSError("espeak-ng did not start")
        self.samples: int = 0

        def counted(wav: Any, count: int, events: Any) -> int:
            if count > 0:
                self.samples += count
            return 0

        self._callback = _SynthCallback(counted)  # kept alive as long as the library uses it
        lib.espeak_SetSynthCallback(self._callback)
        self.lib = lib
        self.voice: bytes | None = None

    def seconds(self, text: str, language: str) -> float:
        voice = VOICES[language]
        if voice != self.voice:
            if self.lib.espeak_SetVoiceByName(voice) != 0:
                raise OSError("espeak-ng has no such voice")
            self.voice = voice
        self.lib.espeak_SetParameter(_ESPEAK_RATE, RATE_WPM, 0)
        self.samples = 0
        data = text.encode()
        self.lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, _CHARS_UTF8, None, None)
        self.lib.espeak_Synchronize()
        return float(self.samples) / float(self.sample_rate)


_VOWELS = re.compile(r"[aeiouyáéíóúü]+", re.IGNORECASE)
# Seconds per syllable and per sentence end, fitted to espeak-ng's figures on this catalog.
SYLLABLE_S = 0.205
PAUSE_S = 0.35


def estimate(text: str, language: str) -> float:
    """Syllables and sentence pauses, where the espeak-ng wheel is not available."""
    syllables = sum(max(1, len(_VOWELS.findall(word))) for word in text.split())
    pauses = len(re.findall(r"[.!?;:,]", text))
    return syllables * SYLLABLE_S + pauses * PAUSE_S


@cache
def speaker() -> Espeak | None:
    try:
        return Espeak()
    except (ImportError, OSError):
        return None


def seconds(text: str, language: str) -> float:
    plain = to_plain_text(text) if text.lstrip().startswith("<") else text
    engine = speaker()
    return engine.seconds(plain, language) if engine else estimate(plain, language)


def method() -> str:
    return "espeak-ng 150 wpm" if speaker() else "estimate (no espeak-ng wheel here)"


# ------------------------------------------------------------------------------- the answers


@dataclass(frozen=True)
class Answer:
    label: str
    text: str
    # The space answer's opening up to and including its return time (else empty).
    up_to_time: str = ""


def _variants(table: dict[str, Any], key: str) -> tuple[str, ...]:
    entry = table[key]
    return entry if isinstance(entry, tuple) else (entry,)


def _longest(table: dict[str, Any], keys: list[str], fields: dict[str, str]) -> str:
    """The longest variant among these keys (by characters), filled."""
    texts = [_fill(v, fields) for key in keys if key in table for v in _variants(table, key)]
    return max(texts, key=len) if texts else ""


def _fill(text: str, fields: dict[str, str]) -> str:
    names = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    return text.format(**{n: fields.get(n, fields["duration"]) for n in names})


def _fields(locale: str, *, typical: bool = False) -> dict[str, str]:
    """The longest realistic fillers (a long name, a return past midnight said in full), or
    typical ones (Sam, 8:45 in the evening, twenty minutes)."""
    zone = ZoneInfo("America/Los_Angeles")
    now = datetime(2026, 11, 22, 20 if typical else 23, 25, tzinfo=zone)
    late = now + timedelta(minutes=20 if typical else 80)  # or "tomorrow at 12:45 AM"
    when = local_return_time(late, now, locale)
    duration = minutes_words(20 if typical else 85, locale)
    name = "Sam" if typical else "Alexandra"
    return {
        "name": name,
        "who": name,
        "a": "Alexandra",
        "b": "Maximiliano",
        "when": when,
        "until": when.removeprefix("at ").removeprefix("a las "),
        "time": when,
        "duration": duration,
        "left": duration,
        "signal": "I need a moment to breathe",
        "number": "911",
        "count": "3",
    }


def answers(locale: str, *, typical: bool = False) -> Iterator[Answer]:
    """Every phrase alone, and the longest combinations the handlers put together."""
    table = catalog_for(locale, EN)
    fields = _fields(locale, typical=typical)
    for key in sorted(table):
        if key.startswith(EXCLUDED_PREFIXES):
            continue
        for i, variant in enumerate(_variants(table, key)):
            yield Answer(
                f"{key}[{i}]" if isinstance(table[key], tuple) else key, _fill(variant, fields)
            )
    tips = sorted(k for k in table if k.startswith("pattern.tip.") and "space" in k)
    aftercare = _longest(table, ["space.aftercare", *tips], fields)
    offer = _longest(table, ["reminder.offer"], fields)
    why = _longest(table, ["space.short_why"], fields)

    def said(first: str) -> str:
        """The opening up to the end of its return time (the rest of the sentence follows it)."""
        end = first.find(fields["when"])
        return first[: end + len(fields["when"])] if end >= 0 else first

    for heard in ("space.heard", "space.heard_named", "space.moved", "space.moved_named"):
        first = _fill(_variants(table, heard)[0], {**fields, "name": f", {fields['name']}"})
        if heard.endswith("named"):
            first = _fill(_variants(table, heard)[0], fields)
        # The heard line, at most one note, at most one optional part (intents/space.py).
        note = _longest(table, list(SPACE_NOTES), fields)
        optional = max([why, offer, aftercare], key=len)
        text = " ".join(part for part in (first, note, optional) if part)
        yield Answer(f"space answer ({heard}, longest parts)", text, up_to_time=said(first))
    # A check-in: the new return time, one note, the reminder offer or how to come back.
    moved = _longest(table, ["checkin.moved"], {**fields, "name": f", {fields['name']}"})
    note = _longest(table, ["space.unreadable", "checkin.capped", "reminder.moved"], fields)
    optional = _longest(table, ["reminder.offer", "checkin.after"], fields)
    yield Answer("check-in answer (longest parts)", " ".join([moved, note, optional]))
    # "I'm back": the welcome with the name, the verdict without its own welcome, then one
    # optional part (intents/return_time.py): the offer to pick up a slow conversation, the
    # speaker's practice, or the slow conversation's hint; back.step when no space ran. Back
    # early, the body check is the optional part.
    welcome = _fill(_variants(table, "back.named")[0], fields)
    prefix = _variants(table, "back.none")[0] + " "
    back = _longest(table, ["back.on_time", "back.late"], fields).removeprefix(prefix)
    early = _longest(table, ["back.early"], fields).removeprefix(prefix)
    after = ["slow.offer_resume", "pattern.tip.back_pursue", "pattern.tip.back_distance"]
    optional = _longest(table, [*after, "slow.hint", "back.step"], fields)
    text = max(" ".join([welcome, back, optional]), " ".join([welcome, early]), key=len)
    yield Answer("back answer (named, longest parts)", text)


def language_of(locale: str) -> str:
    return "es-ES" if locale == "es-ES" else locale.split("-", maxsplit=1)[0]


@cache
def rows(locale: str, *, typical: bool = False) -> list[tuple[float, Answer]]:
    language = language_of(locale)
    measured = ((seconds(a.text, language), a) for a in answers(locale, typical=typical))
    return sorted(measured, key=lambda r: -r[0])


@cache
def return_time_rows(locale: str, *, typical: bool = True) -> list[tuple[float, Answer]]:
    """Seconds until the return time has been said, in each space answer."""
    spaced = [a for a in answers(locale, typical=typical) if a.up_to_time]
    return [(seconds(a.up_to_time, language_of(locale)), a) for a in spaced]


def report(top: int | None = 5) -> str:
    lines = [f"Speech length ({method()}): the longest answers per language", ""]
    lines += ["| language | answer | seconds |", "| --- | --- | ---: |"]
    for locale in LANGUAGES.values():
        for secs, answer in rows(locale)[:top]:
            lines.append(f"| {locale} | {answer.label} | {secs:.1f} |")
    lines += ["", "The return time said within (seconds from the start of the space answer):", ""]
    lines += [
        "| language | opening | typical (Sam, 8:45 PM) | longest (long name, past midnight) |"
    ]
    lines += ["| --- | --- | ---: | ---: |"]
    for locale in LANGUAGES.values():
        longest = {a.label: s for s, a in return_time_rows(locale, typical=False)}
        for secs, answer in return_time_rows(locale):
            label = answer.label.split("(")[1].split(",")[0]
            lines.append(f"| {locale} | {label} | {secs:.1f} | {longest[answer.label]:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--all", action="store_true", help="every answer, not the 5 longest")
    args = parser.parse_args(argv)
    print(report(None if args.all else 5))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
