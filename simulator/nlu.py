"""Offline Alexa NLU for the simulator, driven by the skill's own interaction model.

No Amazon cloud is reachable offline, so this module plays the part of Alexa's
speech-to-intent step: it reads ``interaction_models/<locale>.json`` (ASK format),
turns a typed utterance into what Alexa would send in an ``IntentRequest`` (intent
name plus slots, custom slots carrying entity resolutions, built-in slots carrying
Alexa's normalised values) and recognises the invocation phrases that start a
session ("Alexa, open pause pact", "ask pause pact when are we coming back").

Matching is literal first: an utterance matches a sample utterance of the model
(after normalisation) with ``{slot}`` placeholders filled by the spoken words; then
relaxed (fillers and ignorable words), two samples said together, a near match on
content words, or a sample said inside a longer sentence. Last, for what those leave
to Fallback or to SafetyIntent's catch-all carrier, a small statistical reading of
which words go with which intent (``_IntentWords``, naive Bayes over the samples), as
Alexa's own statistical NLU generalises from the samples: never for a sentence with a
word the safety check must read, never for mostly unknown words. It exists so the skill
can be exercised offline with the intents and slot values the real service would produce.

Languages: English and Spanish (the model's locale picks one). Each has its own
built-in vocabularies (durations, times, numbers through ``text2num``, the standard
phrases of built-in intents) and its own invocation forms ("ask pause pact to ...",
"pide a pacto de pausa que ..."). Matching ignores accents, since typed Spanish often
drops them; slot values keep the words as typed.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Final, Literal, TypeGuard

from text_to_num import alpha2digit, text2num

__all__ = [
    "DEFAULT_SKILL_ID",
    "FALLBACK_INTENT",
    "SPANISH_STANDARD_PHRASES",
    "STANDARD_PHRASES",
    "Invocation",
    "Nlu",
    "NluResult",
    "Slot",
    "normalise",
    "parse_duration",
    "parse_number",
    "parse_time",
    "self_check",
]

DEFAULT_SKILL_ID: Final = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
FALLBACK_INTENT: Final = "AMAZON.FallbackIntent"
UNRESOLVED: Final = "?"
"""Value Alexa puts in a built-in slot (number, duration...) it heard but could not convert."""

# --------------------------------------------------------------------------- text normalisation

_APOSTROPHES: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_THOUSANDS: Final = re.compile(r"(?<=\d),(?=\d{3}\b)")
_DECIMAL_POINT: Final = re.compile(r"(?<=\d)\.(?=\d)")
_PUNCTUATION: Final = re.compile(r"[^\w'\x00]+|_+")
_GLUED_UNIT: Final = re.compile(r"\b(\d+)(am|pm|a|p|mins?|hrs?|h|secs?)\b")

# Whole-word rewrites applied to both samples and utterances.
_WHOLE_WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "won't": ("will", "not"),
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
    "let's": ("let", "us"),
    "y'all": ("you", "all"),
    "gonna": ("going", "to"),
    "wanna": ("want", "to"),
    "gotta": ("got", "to"),
    "gimme": ("give", "me"),  # what Alexa's speech recognition writes as "give me"
    "lemme": ("let", "me"),
    "outta": ("out", "of"),
    "dunno": ("do", "not", "know"),
    "kinda": ("kind", "of"),
    "ok": ("okay",),
    "alright": ("all", "right"),
    "nevermind": ("never", "mind"),
    "oclock": ("o'clock",),
}
_SUFFIXES: Final = (
    ("n't", "not"),
    ("'re", "are"),
    ("'ve", "have"),
    ("'ll", "will"),
    ("'d", "would"),
    ("'m", "am"),
)
# Words whose "'s" is "is" rather than a possessive ("it's", "that's", "what's").
_IS_HOSTS: Final = frozenset(
    {
        "it",
        "that",
        "what",
        "there",
        "here",
        "he",
        "she",
        "who",
        "where",
        "how",
        "when",
        "why",
        "this",
        "everything",
        "nothing",
        "something",
        "someone",
        "everyone",
        "which",
        # nouns whose "'s" is spoken "is": "time's up", "how long's left", "the break's over"
        "time",
        "long",
        "break",
        "space",
    }
)


def _clean(text: str) -> list[str]:
    """Lower-case spoken words: punctuation dropped (apostrophes and decimal points kept)."""
    t = text.translate(_APOSTROPHES).lower()
    t = _THOUSANDS.sub("", t)
    t = _DECIMAL_POINT.sub("\x00", t)
    t = _PUNCTUATION.sub(" ", t).replace("\x00", ".")
    t = _GLUED_UNIT.sub(r"\1 \2", t)
    return [w for w in (word.strip("'") for word in t.split()) if w]


@lru_cache(maxsize=8192)
def _fold(word: str) -> str:
    """A word without accents ("mañana" -> "manana"): how words are compared."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _expand(word: str) -> tuple[str, ...]:
    """Expand one spoken word's contraction: "i'm" -> ("i", "am"), "don't" -> ("do", "not")."""
    if word in _WHOLE_WORDS:
        return _WHOLE_WORDS[word]
    if "'" not in word:
        return (word,)
    for suffix, expansion in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return (word[: -len(suffix)], expansion)
    if word.endswith("'s") and word[:-2] in _IS_HOSTS:
        return (word[:-2], "is")
    return (word,)


@dataclass(frozen=True)
class _Text:
    """An utterance as normalised words, remembering which spoken word each came from."""

    raw: tuple[str, ...]
    words: tuple[str, ...]
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Text:
        return cls.from_raw(_clean(text))

    @classmethod
    def from_raw(cls, raw: Sequence[str]) -> _Text:
        words: list[str] = []
        origin: list[int] = []
        for index, spoken in enumerate(raw):
            for word in _expand(spoken):
                words.append(_fold(word))
                origin.append(index)
        return cls(tuple(raw), tuple(words), tuple(origin))

    def raw_span(self, start: int, end: int) -> str:
        """The spoken words behind ``words[start:end]``.

        Falls back to the normalised words when the span splits a contraction ("i'm").
        """
        first, last = self.origin[start], self.origin[end - 1]
        aligned = (start == 0 or self.origin[start - 1] != first) and (
            end == len(self.words) or self.origin[end] != last
        )
        if aligned:
            return " ".join(self.raw[first : last + 1])
        return " ".join(self.words[start:end])

    def said_at(self, position: int) -> str:
        """The spoken word behind ``words[position]`` (the word itself when none is)."""
        origin = self.origin[position]
        return self.raw[origin] if origin < len(self.raw) else self.words[position]

    def said_words(self, start: int, end: int) -> tuple[str, ...]:
        """The normalised spoken words behind ``words[start:end]``, none relaxed away or made
        one with another; empty when the span splits a contraction."""
        first, last = self.origin[start], self.origin[end - 1]
        if (start > 0 and self.origin[start - 1] == first) or (
            end < len(self.words) and self.origin[end] == last
        ):
            return ()
        return _Text.from_raw(self.raw[first : last + 1]).words

    def trimmed(self, start: int, end: int) -> _Text:
        """Keep ``words[start:end]`` (whole spoken words only)."""
        if start >= end:
            return _Text((), (), ())
        first, last = self.origin[start], self.origin[end - 1]
        return _Text.from_raw(self.raw[first : last + 1])

    @property
    def text(self) -> str:
        return " ".join(self.words)


def normalise(text: str) -> str:
    """The matching form of ``text``: lower case, no punctuation or accents, contractions
    expanded."""
    return _Text.of(text).text


# --------------------------------------------------------------------------- numbers


def _lang(locale: str) -> str:
    return locale.split("-", maxsplit=1)[0].lower() or "en"


_NUMERIC: Final = re.compile(r"\d+(?:\.\d+)?")
# Number words text2num only knows with their accent (words arrive here without accents).
_ACCENTED_NUMBERS: Final[Mapping[str, Mapping[str, str]]] = {
    "es": {"veintidos": "veintidós", "veintitres": "veintitrés", "veintiseis": "veintiséis"},
}
_MINUS_WORDS: Final[Mapping[str, frozenset[str]]] = {
    "en": frozenset({"minus", "negative"}),
    "es": frozenset({"menos", "negativo"}),
}
_POINT_WORDS: Final[Mapping[str, frozenset[str]]] = {
    "en": frozenset({"point"}),
    "es": frozenset({"punto", "coma"}),
}


def _text2num(text: str, lang: str) -> int:
    fixes = _ACCENTED_NUMBERS.get(lang, {})
    if fixes:
        text = " ".join(fixes.get(word, word) for word in text.split())
    return int(text2num(text, lang))


@lru_cache(maxsize=4096)
def _word_number(word: str, lang: str) -> float | None:
    """Numeric value of a single token ("5", "five"), else None."""
    if _NUMERIC.fullmatch(word):
        return float(word)
    if not word.isalpha():
        return None
    try:
        return float(_text2num(word, lang))
    except ValueError:
        return None


def _int_words(words: Sequence[str], lang: str) -> int | None:
    """Integer spoken as words or digits ("twenty one", "21", "a hundred", "veintiuno")."""
    if not words:
        return None
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    spoken = ["one", *words[1:]] if words[0] in ("a", "an") and len(words) > 1 else list(words)
    if lang != "en":
        spoken = list(words)
    try:
        return _text2num(" ".join(spoken), lang)
    except ValueError:
        return None


def parse_number(words: Sequence[str], lang: str = "en") -> str | None:
    """AMAZON.NUMBER: "twenty one" -> "21", "minus five" -> "-5", "one point five" -> "1.5"."""
    tokens = list(words)
    sign = ""
    if tokens[:1] and tokens[0] in _MINUS_WORDS.get(lang, _MINUS_WORDS["en"]):
        sign, tokens = "-", tokens[1:]
    if len(tokens) == 1 and _NUMERIC.fullmatch(tokens[0]):
        return sign + tokens[0]
    points = _POINT_WORDS.get(lang, _POINT_WORDS["en"])
    if any(t in points for t in tokens):
        cut = next(i for i, t in enumerate(tokens) if t in points)
        whole = _int_words(tokens[:cut], lang) if cut else 0
        digits = [_int_words([t], lang) for t in tokens[cut + 1 :]]
        if whole is None or not digits or any(d is None or d > 9 for d in digits):
            return None
        return f"{sign}{whole}." + "".join(str(d) for d in digits)
    spoken = [_word_number(t, lang) for t in tokens]
    if len(tokens) > 1 and all(d is not None and d == int(d) and 0 <= d <= 9 for d in spoken):
        return sign + "".join(str(int(d or 0)) for d in spoken)  # a code said digit by digit
    number = _int_words(tokens, lang)
    return None if number is None else f"{sign}{number}"


# Ordinals text2num leaves as words (Spanish "segundo" is also "second", the unit).
_ORDINAL_WORDS: Final[Mapping[str, Mapping[str, int]]] = {
    "es": {
        **dict.fromkeys(("primero", "primera", "primer"), 1),
        **dict.fromkeys(("segundo", "segunda"), 2),
        **dict.fromkeys(("tercero", "tercera", "tercer"), 3),
        **dict.fromkeys(("cuarto", "cuarta"), 4),
        **dict.fromkeys(("quinto", "quinta"), 5),
    },
}


def parse_ordinal(words: Sequence[str], lang: str = "en") -> str | None:
    """AMAZON.ORDINAL: "third" -> "3", "tercero" -> "3"."""
    phrase = " ".join(words)
    known = _ORDINAL_WORDS.get(lang, {}).get(phrase)
    if known is not None:
        return str(known)
    converted = alpha2digit(phrase, lang, threshold=0)
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th|º|ª|o|a|er)?", converted)
    return match.group(1) if match else None


# --------------------------------------------------------------------------- AMAZON.DURATION

_DURATION_UNITS: Final[Mapping[str, str]] = {
    **dict.fromkeys(("second", "seconds", "sec", "secs"), "S"),
    **dict.fromkeys(("minute", "minutes", "min", "mins"), "MIN"),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), "H"),
    **dict.fromkeys(("day", "days"), "D"),
    **dict.fromkeys(("week", "weeks"), "W"),
    **dict.fromkeys(("month", "months"), "MON"),
    **dict.fromkeys(("year", "years"), "Y"),
}
_UNIT_ORDER: Final = ("Y", "MON", "W", "D", "H", "MIN", "S")
_SMALLER_UNIT: Final[Mapping[str, tuple[str, int]]] = {
    "Y": ("MON", 12),
    "MON": ("D", 30),
    "W": ("D", 7),
    "D": ("H", 24),
    "H": ("MIN", 60),
    "MIN": ("S", 60),
}
_DATE_UNITS: Final = frozenset({"Y", "MON", "W", "D"})
_ISO_LETTER: Final[Mapping[str, str]] = {
    "Y": "Y",
    "MON": "M",
    "W": "W",
    "D": "D",
    "H": "H",
    "MIN": "M",
    "S": "S",
}
# Quantities text2num has no word for (it only reads cardinal numbers).
_QUANTITY_PHRASES: Final[Mapping[str, float]] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "half a": 0.5,
    "half an": 0.5,
    "a half": 0.5,
    "half": 0.5,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "couple": 2,  # "give me a couple hours", "couple hours"
    "a couple of a": 2,
    "a quarter of an": 0.25,
    "a quarter of a": 0.25,
    "quarter of an": 0.25,
    "a quarter": 0.25,
    "quarter": 0.25,
    "three quarters of an": 0.75,
    "three quarters of a": 0.75,
}
_FRACTION_SUFFIXES: Final[Mapping[str, float]] = {
    "and a half": 0.5,
    "and half": 0.5,
    "and a quarter": 0.25,
    "and three quarters": 0.75,
}


@dataclass(frozen=True)
class _DurationWords:
    """One language's words for AMAZON.DURATION (all without accents)."""

    units: Mapping[str, str]  # word -> unit
    singular: frozenset[str]  # unit words that name one ("hour and a half", "hora y media")
    quantities: Mapping[str, float]  # quantities text2num has no word for
    fractions: Mapping[str, float]  # "and a half" after a unit
    and_word: str  # joins components: "an hour and twenty minutes"
    approximately: tuple[tuple[str, ...], ...] = ()  # "unos veinte minutos" is twenty minutes
    hedges: tuple[tuple[str, ...], ...] = ()  # after the length: "an hour or so" is an hour


_SPANISH_DURATION_UNITS: Final[Mapping[str, str]] = {
    # diminutives as people say them: "cinco minutitos", "una horita", "un segundito"
    **dict.fromkeys(("segundo", "segundos", "seg", "segs", "segundito", "segunditos"), "S"),
    **dict.fromkeys(("minuto", "minutos", "min", "mins", "minutito", "minutitos"), "MIN"),
    **dict.fromkeys(("minutillo", "minutillos"), "MIN"),  # Spain: "dame diez minutillos"
    **dict.fromkeys(("hora", "horas", "h", "hr", "hrs", "horita", "horitas"), "H"),
    **dict.fromkeys(("dia", "dias"), "D"),
    **dict.fromkeys(("semana", "semanas"), "W"),
    **dict.fromkeys(("mes", "meses"), "MON"),
    **dict.fromkeys(("ano", "anos"), "Y"),
}
_DURATION_WORDS: Final[Mapping[str, _DurationWords]] = {
    "en": _DurationWords(
        units=_DURATION_UNITS,
        singular=frozenset(w for w in _DURATION_UNITS if not w.endswith("s")),
        quantities=_QUANTITY_PHRASES,
        fractions=_FRACTION_SUFFIXES,
        and_word="and",
        approximately=(
            ("about",),
            ("around",),
            ("like",),
            ("maybe",),
            ("roughly",),
            ("approximately",),
        ),  # not "just": "give me just a minute" is the idiom "a minute", not sixty seconds
        hedges=(("or", "so"), ("give", "or", "take")),
    ),
    "es": _DurationWords(
        units=_SPANISH_DURATION_UNITS,
        singular=frozenset(
            {"segundo", "segundito", "seg", "minuto", "minutito", "min", "hora", "horita"}
            | {"h", "hr", "dia", "semana", "mes", "ano"}
        ),
        quantities={
            "un": 1,
            "una": 1,
            "uno": 1,
            "media": 0.5,  # "media hora"
            "medio": 0.5,  # "medio dia"
            "un par de": 2,
            "par de": 2,
            "un cuarto de": 0.25,  # "un cuarto de hora"
            "cuarto de": 0.25,
            "tres cuartos de": 0.75,
        },
        fractions={
            "y media": 0.5,  # "una hora y media"
            "y medio": 0.5,  # "un dia y medio"
            "y cuarto": 0.25,
            "y un cuarto": 0.25,
            "y tres cuartos": 0.75,
        },
        and_word="y",
        approximately=(("unos",), ("unas",), ("como",), ("mas", "o", "menos"), ("cerca", "de")),
        hedges=(("mas", "o", "menos"), ("o", "asi"), ("aproximadamente",)),
    ),
}


def _duration_words(lang: str) -> _DurationWords:
    return _DURATION_WORDS.get(lang, _DURATION_WORDS["en"])


def _quantity(words: Sequence[str], lang: str, *, singular: bool) -> float | None:
    """How many units a duration component's words say ("two and a half", "a couple of")."""
    vocabulary = _duration_words(lang)
    if tuple(words) in vocabulary.approximately:
        return None  # "unos minutos" is a few minutes, no number: unread, like "a few minutes"
    if vocabulary.approximately:
        words = _strip_prefix(list(words), vocabulary.approximately)
    phrase = " ".join(words)
    if not phrase:
        return 1.0 if singular else None  # "hour and a half"
    if phrase in vocabulary.quantities:
        return float(vocabulary.quantities[phrase])
    for suffix, fraction in vocabulary.fractions.items():
        if phrase.endswith(" " + suffix):
            whole = _quantity(words[: -len(suffix.split())], lang, singular=True)
            return None if whole is None else whole + fraction
    if len(words) == 1 and _NUMERIC.fullmatch(words[0]):
        return float(words[0])
    number = _int_words(words, lang)
    return None if number is None else float(number)


def _duration_components(words: Sequence[str], lang: str) -> dict[str, float] | None:
    vocabulary = _duration_words(lang)
    for hedge in vocabulary.hedges:
        if len(words) > len(hedge) and tuple(words[-len(hedge) :]) == hedge:
            words = words[: -len(hedge)]
            break
    components: dict[str, float] = {}
    pending: list[str] = []
    last_unit: str | None = None
    for word in words:
        unit = vocabulary.units.get(word)
        if unit is None:
            pending.append(word)
            continue
        if pending[:1] == [vocabulary.and_word] and components:
            pending = pending[1:]
        amount = _quantity(pending, lang, singular=word in vocabulary.singular)
        if amount is None:
            return None
        components[unit] = components.get(unit, 0.0) + amount
        last_unit, pending = unit, []
    if pending:
        fraction = vocabulary.fractions.get(" ".join(pending))
        if fraction is None or last_unit is None:
            return None
        components[last_unit] += fraction  # "an hour and a half"
    return components or None


def _iso_number(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:.3f}".rstrip("0").rstrip(".")


_MORE: Final = frozenset({"more", "extra"})


def parse_duration(words: Sequence[str], lang: str = "en") -> str | None:
    """AMAZON.DURATION as ISO-8601: "an hour and a half" -> "PT1H30M", "a day" -> "P1D".

    Units stay as spoken ("ninety minutes" -> "PT90M"); only fractions move down a unit.
    """
    if lang == "en":  # "one more hour", "ten extra minutes": the length asked for
        words = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and w in _MORE)]
    components = _duration_components(words, lang)
    if components is None:
        return None
    spoken_units = [u for u in _UNIT_ORDER if u in components]
    for unit in _UNIT_ORDER:
        value = components.get(unit, 0.0)
        fraction = value - int(value)
        if unit in _SMALLER_UNIT and fraction > 1e-9:
            smaller, factor = _SMALLER_UNIT[unit]
            components[unit] = float(int(value))
            components[smaller] = components.get(smaller, 0.0) + fraction * factor
    present = [u for u in _UNIT_ORDER if components.get(u, 0.0) > 0] or spoken_units[-1:]
    date = "".join(_iso_number(components[u]) + _ISO_LETTER[u] for u in present if u in _DATE_UNITS)
    time = "".join(
        _iso_number(components[u]) + _ISO_LETTER[u] for u in present if u not in _DATE_UNITS
    )
    return "P" + date + ("T" + time if time else "")


# --------------------------------------------------------------------------- AMAZON.TIME

_TIME_PERIODS: Final[Mapping[str, str]] = {
    **dict.fromkeys(("morning", "this morning", "in the morning", "the morning"), "MO"),
    **dict.fromkeys(("afternoon", "this afternoon", "in the afternoon", "the afternoon"), "AF"),
    **dict.fromkeys(("evening", "this evening", "in the evening", "the evening"), "EV"),
    **dict.fromkeys(("night", "tonight", "at night", "this night", "the night", "tonite"), "NI"),
    # Australian: "this arvo" is this afternoon.
    **dict.fromkeys(("arvo", "this arvo", "in the arvo", "the arvo"), "AF"),
}
_TIME_NAMED: Final[Mapping[str, str]] = {
    **dict.fromkeys(("noon", "midday", "twelve noon", "12 noon", "high noon"), "12:00"),
    **dict.fromkeys(("midnight", "twelve midnight", "12 midnight"), "00:00"),
}
_Meridiem = Literal["am", "pm", "night"]
_MERIDIEM_SUFFIXES: Final[tuple[tuple[tuple[str, ...], _Meridiem], ...]] = (
    (("a", "m"), "am"),
    (("am",), "am"),
    (("p", "m"), "pm"),
    (("pm",), "pm"),
    (("in", "the", "morning"), "am"),
    (("this", "morning"), "am"),
    (("in", "the", "afternoon"), "pm"),
    (("this", "afternoon"), "pm"),
    (("in", "the", "evening"), "pm"),
    (("this", "evening"), "pm"),
    (("at", "night"), "night"),
    (("tonight",), "night"),
)
_PAST_WORDS: Final = frozenset({"past", "after"})
_TO_WORDS: Final = frozenset({"to", "till", "til", "until", "before", "of"})
_MINUTE_WORDS: Final[Mapping[str, int]] = {"half": 30, "quarter": 15}


def _split_meridiem(
    words: list[str],
    suffixes: tuple[tuple[tuple[str, ...], _Meridiem], ...] = _MERIDIEM_SUFFIXES,
) -> tuple[list[str], _Meridiem | None]:
    for suffix, meridiem in suffixes:
        if len(words) > len(suffix) and tuple(words[-len(suffix) :]) == suffix:
            return words[: -len(suffix)], meridiem
    return words, None


def _minutes(words: Sequence[str]) -> int | None:
    tokens = [w for w in words if w not in ("a", "minutes", "minute")]
    if len(tokens) != 1:
        return None
    if tokens[0] in _MINUTE_WORDS:
        return _MINUTE_WORDS[tokens[0]]
    return int(tokens[0]) if tokens[0].isdigit() and 0 < int(tokens[0]) < 60 else None


def _relative_clock(tokens: Sequence[str]) -> tuple[int, int] | None:
    """ "half past 9", "quarter to 10", "20 past 7" -> (hour, minute) on the spoken clock."""
    for index, token in enumerate(tokens):
        if token not in _PAST_WORDS and token not in _TO_WORDS:
            continue
        minutes = _minutes(tokens[:index])
        hour_words = tokens[index + 1 :]
        if minutes is None or len(hour_words) != 1 or not hour_words[0].isdigit():
            return None
        hour = int(hour_words[0])
        if token in _PAST_WORDS:
            return hour, minutes
        # "quarter to one" is 12:45 on a 12-hour clock, 00:45 only when "a m" says so.
        return (hour - 1 if hour > 1 else 12 if hour == 1 else 23), 60 - minutes
    return None


def _plain_clock(tokens: Sequence[str]) -> tuple[int, int] | None:
    """ "9", "9 30", "9 oh 5", "2100", "9 hundred" -> (hour, minute)."""
    if not tokens or not tokens[0].isdigit():
        return None
    first = int(tokens[0])
    rest = list(tokens[1:])
    if not rest:
        return divmod(first, 100) if first >= 100 else (first, 0)
    if rest == ["hundred"]:
        return first, 0
    if rest[0] in ("oh", "o", "zero", "0") and len(rest) == 2 and rest[1].isdigit():
        minute = int(rest[1])
        return (first, minute) if minute < 10 else None
    if len(rest) == 1 and rest[0].isdigit():
        return first, int(rest[0])
    return None


def _apply_meridiem(hour: int, minute: int, meridiem: _Meridiem | None) -> str | None:
    if meridiem == "night":
        meridiem = "am" if hour == 12 or hour < 5 else "pm"
    if meridiem == "am" and hour == 12:
        hour = 0
    elif meridiem == "pm" and hour < 12:
        hour += 12
    if meridiem is not None and hour > 23:
        return None
    if hour == 24:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_time(words: Sequence[str], lang: str = "en") -> str | None:
    """AMAZON.TIME as Alexa sends it: "HH:MM" (bare hours kept as heard) or MO/AF/EV/NI."""
    if lang == "es":
        return _parse_time_es(list(words))
    tokens = [w for w in words if w not in ("o'clock",)]
    if tokens[-2:] == ["o", "clock"]:
        tokens = tokens[:-2]
    if tokens[:1] == ["at"] and len(tokens) > 1:
        tokens = tokens[1:]
    phrase = " ".join(tokens)
    if phrase in _TIME_PERIODS:
        return _TIME_PERIODS[phrase]
    if tokens[:1] == ["tomorrow"] and " ".join(tokens[1:]) in _TIME_PERIODS:
        return _TIME_PERIODS[" ".join(tokens[1:])]  # "tomorrow morning": the date goes elsewhere
    if phrase in _TIME_NAMED:
        return _TIME_NAMED[phrase]
    core, meridiem = _split_meridiem(tokens)
    if not core:
        return None
    clock = _clock(core, lang, said_with_meridiem=meridiem is not None)
    return None if clock is None else _apply_meridiem(*clock, meridiem)


def _clock(core: Sequence[str], lang: str, *, said_with_meridiem: bool) -> tuple[int, int] | None:
    """(hour, minute) of a spoken clock time without its "am"/"pm"."""
    converted = alpha2digit(" ".join(core), lang, threshold=0).split()
    clock = _half_hour(converted) or _relative_clock(converted) or _plain_clock(converted)
    lone_number_word = not said_with_meridiem and len(core) == 1 and not core[0].isdigit()
    if clock is not None and lone_number_word and clock[0] > 12:
        return None  # "back for twenty" is twenty minutes: no one says 8 pm as "twenty"
    return clock


def _half_hour(tokens: Sequence[str]) -> tuple[int, int] | None:
    """British "half nine": half past nine (9:30), never half to nine."""
    if len(tokens) == 2 and tokens[0] == "half" and tokens[1].isdigit():
        return int(tokens[1]), 30
    return None


# Spanish (words without accents). "mañana" alone is tomorrow, "tarde" alone is late: neither is
# a time of day unless "por la", "en la" or "esta" says so.
_ES_TIME_PERIODS: Final[Mapping[str, str]] = {
    **dict.fromkeys(("esta manana", "por la manana", "en la manana", "temprano"), "MO"),
    **dict.fromkeys(("esta tarde", "por la tarde", "en la tarde", "hoy en la tarde"), "AF"),
    **dict.fromkeys(("al atardecer", "al anochecer", "esta tarde noche"), "EV"),
    **dict.fromkeys(
        (
            "esta noche",
            "por la noche",
            "en la noche",
            "la noche",
            "noche",
            "de noche",
            "hoy en la noche",
            "hoy por la noche",
        ),
        "NI",
    ),
}
_ES_TIME_NAMED: Final[Mapping[str, str]] = {
    **dict.fromkeys(("mediodia", "el mediodia", "al mediodia", "las doce del mediodia"), "12:00"),
    **dict.fromkeys(("medianoche", "la medianoche", "a medianoche", "a la medianoche"), "00:00"),
}
_ES_MERIDIEM_SUFFIXES: Final[tuple[tuple[tuple[str, ...], _Meridiem], ...]] = (
    (("a", "m"), "am"),
    (("am",), "am"),
    (("p", "m"), "pm"),
    (("pm",), "pm"),
    (("de", "la", "manana"), "am"),
    (("en", "la", "manana"), "am"),
    (("por", "la", "manana"), "am"),
    (("de", "la", "madrugada"), "am"),
    (("de", "la", "tarde"), "pm"),
    (("en", "la", "tarde"), "pm"),
    (("por", "la", "tarde"), "pm"),
    (("esta", "tarde"), "pm"),
    (("del", "mediodia"), "pm"),
    (("de", "la", "noche"), "night"),
    (("en", "la", "noche"), "night"),
    (("por", "la", "noche"), "night"),
    (("esta", "noche"), "night"),
)
# Words before the hour: "a las nueve", "como a las nueve", "a eso de las nueve", "sobre las".
_ES_TIME_LEADS: Final = frozenset({"a", "al", "las", "la", "como", "eso", "de", "sobre", "hacia"})
_ES_MINUTE_WORDS: Final[Mapping[str, int]] = {"media": 30, "cuarto": 15}


def _es_minutes(words: Sequence[str]) -> int | None:
    tokens = [w for w in words if w not in ("minutos", "minuto")]
    if tokens[:1] == ["un"] and tokens[1:] == ["cuarto"]:
        tokens = ["cuarto"]
    if len(tokens) == 1 and tokens[0] in _ES_MINUTE_WORDS:
        return _ES_MINUTE_WORDS[tokens[0]]
    number = _int_words(tokens, "es")
    return number if number is not None and 0 < number < 60 else None


def _es_clock(tokens: Sequence[str]) -> tuple[int, int] | None:
    """ "9", "9 30", "veinte cuarenta y cinco", "nueve y media", "diez menos cuarto"."""
    for split in range(1, len(tokens) + 1):  # "veinte cuarenta y cinco": 20, 45
        hour = _int_words(tokens[:split], "es")
        if hour is None or not 0 <= hour <= 24:
            continue
        if split == len(tokens):
            return hour, 0
        minute = _int_words(tokens[split:], "es")
        if minute is not None and 0 <= minute < 60:
            return hour, minute
    for index, joiner in enumerate(tokens):  # "nueve y cuarto", "diez menos veinte"
        if joiner not in ("y", "menos") or index == 0:
            continue
        hour = _int_words(tokens[:index], "es")
        minutes = _es_minutes(tokens[index + 1 :])
        if hour is None or minutes is None or not 0 <= hour <= 24:
            return None
        if joiner == "y":
            return hour, minutes
        return _es_minutes_before(hour, minutes)
    return None


def _es_minutes_before(hour: int, minutes: int) -> tuple[int, int]:
    """ "diez menos cuarto", "cuarto para las diez": 9:45; before one is 12, before 0 is 23."""
    return (hour - 1 if hour > 1 else 12 if hour == 1 else 23), 60 - minutes


def _parse_time_es(tokens: list[str]) -> str | None:
    """Spanish AMAZON.TIME: "a las nueve" -> "09:00", "nueve y media" -> "09:30", "diez menos
    cuarto" -> "09:45", "las nueve de la noche" -> "21:00", "esta noche" -> "NI"."""
    if tokens[-2:] == ["en", "punto"]:
        tokens = tokens[:-2]
    if tokens[-1:] == ["horas"] and len(tokens) > 1:  # "a las veinte horas"
        tokens = tokens[:-1]
    if tokens[:1] == ["manana"] and " ".join(tokens[1:]) in _ES_TIME_PERIODS:
        tokens = tokens[1:]  # "mañana por la mañana": the date goes elsewhere
    phrase = " ".join(tokens)
    for table in (_ES_TIME_PERIODS, _ES_TIME_NAMED):
        if phrase in table:
            return table[phrase]
    while len(tokens) > 1 and tokens[0] in _ES_TIME_LEADS:
        tokens = tokens[1:]
    phrase = " ".join(tokens)
    if phrase in _ES_TIME_NAMED:
        return _ES_TIME_NAMED[phrase]
    core, meridiem = _split_meridiem(tokens, _ES_MERIDIEM_SUFFIXES)
    if not core:
        return None
    clock = _es_before_the_hour(core) or _es_clock(core)
    return None if clock is None else _apply_meridiem(*clock, meridiem)


def _es_before_the_hour(tokens: Sequence[str]) -> tuple[int, int] | None:
    """Latin American "(un) cuarto para las nueve" (8:45), "veinte para las diez" (9:40)."""
    if "para" not in tokens:
        return None
    index = tokens.index("para")
    hour_words = list(tokens[index + 1 :])
    while hour_words[:1] in (["las"], ["la"]):
        hour_words = hour_words[1:]
    minutes = _es_minutes(tokens[:index])
    hour = _int_words(hour_words, "es")
    if minutes is None or hour is None or not 1 <= hour <= 24:
        return None
    return _es_minutes_before(hour, minutes)


# --------------------------------------------------------------------------- built-in intents

STANDARD_PHRASES: Final[Mapping[str, tuple[str, ...]]] = {
    "AMAZON.YesIntent": (
        "yes",
        "yeah",
        "yep",
        "yup",
        "ya",
        "yes please",
        "yeah sure",
        "sure",
        "ok",
        "okay",
        "of course",
        "absolutely",
        "definitely",
        "certainly",
        "correct",
        "that's right",
        "that's correct",
        "right",
        "please do",
        "go ahead",
        "sounds good",
        "alright",
        "i do",
        "yes i do",
        "uh huh",
        "affirmative",
        "why not",
        "yes it is",
    ),
    "AMAZON.NoIntent": (
        "no",
        "nope",
        "nah",
        "no thanks",
        "no thank you",
        "no way",
        "not really",
        "not now",
        "negative",
        "i don't",
        "no i don't",
        "i don't think so",
        "no it isn't",
        "no it's not",
        "no not really",
    ),
    "AMAZON.HelpIntent": (
        "help",
        "help me",
        "i need help",
        "can you help me",
        "help please",
        "what can i say",
        "what can i do",
        "what do i do",
        "how does this work",
        "how do i use this",
        "instructions",
        "options",
    ),
    "AMAZON.StopIntent": (
        "stop",
        "stop it",
        "stop talking",
        "shut up",
        "be quiet",
        "quiet",
        "off",
        "turn off",
        "exit",
        "quit",
        "goodbye",
        "good bye",
        "bye",
        "end",
        "that's enough",
        "enough",
    ),
    "AMAZON.CancelIntent": (
        "cancel",
        "cancel that",
        "cancel it",
        "never mind",
        "nevermind",
        "forget it",
        "forget about it",
    ),
    "AMAZON.NavigateHomeIntent": ("home", "go home", "go back home", "main menu", "home screen"),
    "AMAZON.RepeatIntent": (
        "repeat",
        "repeat that",
        "say that again",
        "say it again",
        "come again",
        "what did you say",
        "pardon",
        "one more time",
    ),
    "AMAZON.StartOverIntent": ("start over", "restart", "start again", "begin again"),
    "AMAZON.PauseIntent": ("pause",),
    "AMAZON.ResumeIntent": ("resume", "continue", "keep going", "unpause"),
    "AMAZON.NextIntent": ("next", "skip", "next one"),
    "AMAZON.PreviousIntent": ("previous", "go back", "back", "previous one"),
    "AMAZON.MoreIntent": ("more", "tell me more"),
    FALLBACK_INTENT: (),
}

# The built-in intents' phrases as Spanish speakers in Spain, Mexico and the US say them.
SPANISH_STANDARD_PHRASES: Final[Mapping[str, tuple[str, ...]]] = {
    "AMAZON.YesIntent": (
        "sí",
        "sí por favor",
        "sí gracias",
        "sí claro",
        "claro",
        "claro que sí",
        "por supuesto",
        "de acuerdo",
        "está bien",
        "vale",
        "va",
        "sale",
        "órale",
        "ándale",
        "dale",
        "ok",
        "okey",
        "bueno",
        "correcto",
        "exacto",
        "eso es",
        "así es",
        "adelante",
        "hazlo",
        "perfecto",
        "me parece bien",
        "sí quiero",
    ),
    "AMAZON.NoIntent": (
        "no",
        "no gracias",
        "nop",
        "nel",
        "para nada",
        "ahora no",
        "todavía no",
        "mejor no",
        "no quiero",
        "no hace falta",
        "no es necesario",
        "negativo",
        "de ninguna manera",
        "no creo",
    ),
    "AMAZON.HelpIntent": (
        "ayuda",
        "ayúdame",
        "necesito ayuda",
        "puedes ayudarme",
        "qué puedo decir",
        "qué puedo hacer",
        "qué hago",
        "cómo funciona",
        "cómo se usa",
        "instrucciones",
        "opciones",
    ),
    "AMAZON.StopIntent": (
        "para",
        "detente",
        "alto",
        "basta",
        "ya basta",
        "cállate",
        "silencio",
        "apágate",
        "salir",
        "sal",
        "adiós",
        "hasta luego",
        "chao",
        "chau",
        "termina",
        "terminar",
        "fin",
        "stop",
    ),
    "AMAZON.CancelIntent": (
        "cancela",
        "cancelar",
        "cancélalo",
        "olvídalo",
        "olvida eso",
        "déjalo",
        "no importa",
        "nada",
    ),
    "AMAZON.NavigateHomeIntent": (
        "inicio",
        "ir al inicio",
        "volver al inicio",
        "menú principal",
        "pantalla de inicio",
    ),
    "AMAZON.RepeatIntent": ("repite", "repítelo", "repite eso", "qué dijiste", "cómo dijiste"),
    "AMAZON.StartOverIntent": (
        "empieza de nuevo",
        "empezar de nuevo",
        "reinicia",
        "desde el principio",
    ),
    "AMAZON.PauseIntent": ("pausa",),
    "AMAZON.ResumeIntent": ("continúa", "reanuda", "sigue"),
    "AMAZON.NextIntent": ("siguiente", "próximo", "salta"),
    "AMAZON.PreviousIntent": ("anterior", "atrás", "vuelve atrás"),
    "AMAZON.MoreIntent": ("más", "dime más"),
    FALLBACK_INTENT: (),
}
_STANDARD_PHRASES: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "en": STANDARD_PHRASES,
    "es": SPANISH_STANDARD_PHRASES,
}

# Example spoken values used by self_check to instantiate slot samples.
_TYPE_EXAMPLES: Final[Mapping[str, str]] = {
    "AMAZON.DURATION": "twenty minutes",
    "AMAZON.TIME": "nine thirty",
    "AMAZON.NUMBER": "five",
    "AMAZON.ORDINAL": "second",
    "AMAZON.FirstName": "sam",
    "AMAZON.SearchQuery": "we keep arguing about the dishes",
    "AMAZON.DATE": "tomorrow",
}
_SPANISH_TYPE_EXAMPLES: Final[Mapping[str, str]] = {
    "AMAZON.DURATION": "veinte minutos",
    "AMAZON.TIME": "nueve y media",
    "AMAZON.NUMBER": "cinco",
    "AMAZON.ORDINAL": "tercero",
    "AMAZON.FirstName": "lucía",
    "AMAZON.SearchQuery": "siempre discutimos por los platos",
    "AMAZON.DATE": "mañana",
}
_TYPE_EXAMPLES_BY_LANG: Final[Mapping[str, Mapping[str, str]]] = {
    "en": _TYPE_EXAMPLES,
    "es": _SPANISH_TYPE_EXAMPLES,
}

# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Slot:
    """One slot of the recognised intent.

    ``value`` is what Alexa puts in ``slot.value`` (ISO duration, "HH:MM", digits, the
    spoken words for custom types, ``None`` when unfilled); ``raw`` the words heard;
    ``resolution`` the (name, id) entity-resolution match for custom slot types.
    """

    name: str
    value: str | None = None
    raw: str | None = None
    resolution: tuple[str, str] | None = None
    slot_type: str | None = None
    authority: str | None = None
    """Entity-resolution authority; set for filled custom-type slots only."""

    def _resolutions(self) -> dict[str, Any] | None:
        if self.authority is None:
            return None
        per_authority: dict[str, Any] = {"authority": self.authority}
        if self.resolution is None:
            per_authority["status"] = {"code": "ER_SUCCESS_NO_MATCH"}
        else:
            name, ident = self.resolution
            per_authority["status"] = {"code": "ER_SUCCESS_MATCH"}
            per_authority["values"] = [{"value": {"name": name, "id": ident}}]
        return {"resolutionsPerAuthority": [per_authority]}

    def to_alexa(self, *, slot_value: bool = True) -> dict[str, Any]:
        """The slot JSON of an IntentRequest (``ask_sdk_model.slot.Slot`` field names).

        With ``slot_value`` the v2 ``slotValue`` object (type "Simple") is included too.
        """
        result: dict[str, Any] = {"name": self.name, "confirmationStatus": "NONE"}
        if self.value is None:
            return result
        result["value"] = self.value
        result["source"] = "USER"
        resolutions = self._resolutions()
        if resolutions is not None:
            result["resolutions"] = resolutions
        if slot_value:
            simple: dict[str, Any] = {"type": "Simple", "value": self.value}
            if resolutions is not None:
                simple["resolutions"] = resolutions
            result["slotValue"] = simple
        return result


@dataclass(frozen=True)
class NluResult:
    """What Alexa would send for one utterance.

    ``launch`` means a LaunchRequest ("open pause pact"); otherwise ``intent`` is the
    IntentRequest's intent (``None`` when nothing matched and the model declares no
    AMAZON.FallbackIntent). ``invoked`` is true when the invocation name was spoken
    (a new session would start if none is open).
    """

    intent: str | None
    slots: dict[str, Slot] = field(default_factory=dict)
    launch: bool = False
    matched_sample: str | None = None
    invoked: bool = False
    utterance: str = ""

    def intent_json(self) -> dict[str, Any] | None:
        """``request.intent`` of the IntentRequest, or None for a launch / no intent."""
        if self.launch or self.intent is None:
            return None
        return {
            "name": self.intent,
            "confirmationStatus": "NONE",
            "slots": {name: slot.to_alexa() for name, slot in self.slots.items()},
        }

    def slot_value(self, name: str) -> str | None:
        slot = self.slots.get(name)
        return None if slot is None else slot.value


@dataclass(frozen=True)
class Invocation:
    """How an utterance addresses the skill.

    ``kind``: "launch" (open the skill, no request), "intent" (invocation name plus a
    request: a one-shot), "session" (no invocation name: an in-session utterance).
    ``utterance`` is the request part (spoken words, lower case); ``alternatives`` are
    other readings to try (with/without a connecting word such as "about").
    """

    kind: Literal["launch", "intent", "session"]
    utterance: str = ""
    alternatives: tuple[str, ...] = ()
    wake_word: bool = False

    @property
    def launch(self) -> bool:
        return self.kind == "launch"

    @property
    def invoked(self) -> bool:
        return self.kind != "session"


# --------------------------------------------------------------------------- model compilation

_SLOT_REF: Final = re.compile(r"\{\s*([^{}\s]+)\s*\}")

_SOURCE_MODEL: Final = 2
_SOURCE_STANDARD: Final = 1
_STRONG, _WEAK, _INVALID = 2, 1, 0


@dataclass(frozen=True)
class _Pattern:
    intent: str
    sample: str
    elements: tuple[tuple[str, bool], ...]  # (word or slot name, is_slot)
    source: int

    @classmethod
    def compile(cls, intent: str, sample: str, source: int) -> _Pattern:
        parts = _SLOT_REF.split(sample)
        elements: list[tuple[str, bool]] = []
        for index, part in enumerate(parts):
            if index % 2:
                elements.append((part, True))
            else:
                elements.extend((word, False) for word in _Text.of(part).words)
        return cls(intent, sample, tuple(elements), source)

    @property
    def literal_count(self) -> int:
        return sum(1 for _, is_slot in self.elements if not is_slot)

    @property
    def has_slots(self) -> bool:
        return any(is_slot for _, is_slot in self.elements)

    def key(self, slot_types: Mapping[str, str]) -> tuple[str, ...]:
        """Identity of the sample for duplicate detection: slots reduced to their types."""
        return tuple(
            "{" + slot_types.get(text, text) + "}" if is_slot else text
            for text, is_slot in self.elements
        )


@dataclass(frozen=True)
class _CustomType:
    name: str
    lookup: Mapping[str, tuple[str, str]]  # normalised spoken form -> (value name, id)

    @classmethod
    def build(cls, definition: Mapping[str, Any]) -> _CustomType:
        lookup: dict[str, tuple[str, str]] = {}
        for entry in definition.get("values", []):
            name_block = entry.get("name", {})
            value = str(name_block.get("value", ""))
            ident = str(entry.get("id") or _generated_id(value))
            for spoken in (value, *name_block.get("synonyms", [])):
                lookup.setdefault(normalise(str(spoken)), (value, ident))
        return cls(str(definition["name"]), lookup)

    def resolve(self, spoken: str) -> tuple[str, str] | None:
        key = normalise(spoken)
        for candidate in (key, key[:-1] if key.endswith("s") else key + "s", key + "es"):
            if candidate in self.lookup:
                return self.lookup[candidate]
        return None


def _generated_id(value: str) -> str:
    """Alexa generates a hex id for values declared without one."""
    return hashlib.md5(value.encode(), usedforsecurity=False).hexdigest()


def _first_name(words: str) -> str | None:
    names = words.split()
    if not names or len(names) > 3 or any(not n.replace("'", "").isalpha() for n in names):
        return None
    return " ".join(n.capitalize() for n in names)


_StrongParser = Callable[[Sequence[str], str], str | None]
_STRONG_PARSERS: Final[Mapping[str, _StrongParser]] = {
    "AMAZON.DURATION": parse_duration,
    "AMAZON.TIME": parse_time,
    "AMAZON.NUMBER": parse_number,
    "AMAZON.ORDINAL": parse_ordinal,
}


# Built-in types whose words must convert, or the sample does not match at all.
_CONVERTED_TYPES: Final = frozenset({"AMAZON.DURATION", "AMAZON.TIME", "AMAZON.NUMBER"})


@dataclass(frozen=True)
class _Candidate:
    rank: tuple[int, ...]
    intent: str
    sample: str
    slots: dict[str, Slot]
    free_form: bool = False  # a slot took words it could not check (SearchQuery, FirstName)


def _names_someone(candidate: _Candidate | None) -> TypeGuard[_Candidate]:
    """A reading whose only free-form slot is a first name that took the words."""
    if candidate is None or not candidate.free_form or candidate.intent == _SAFETY_INTENT:
        return False
    filled = [slot for slot in candidate.slots.values() if slot.value]
    return bool(filled) and all(slot.slot_type == "AMAZON.FirstName" for slot in filled)


def _tells_a_feeling(candidate: _Candidate) -> bool:
    """SafetyIntent's carrier for what someone says they feel ("i'm {feeling}", "me siento
    {feeling}") took the words."""
    if candidate.intent != _SAFETY_INTENT:
        return False
    feeling = candidate.slots.get(_FEELING_SLOT)
    return feeling is not None and bool(feeling.value)


def _find(words: Sequence[str], phrase: Sequence[str]) -> int:
    size = len(phrase)
    for start in range(len(words) - size + 1):
        if tuple(words[start : start + size]) == tuple(phrase):
            return start
    return -1


def _strip_prefix(words: list[str], prefixes: Sequence[tuple[str, ...]]) -> list[str]:
    changed = True
    while changed and words:
        changed = False
        for prefix in prefixes:
            if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
                words, changed = words[len(prefix) :], True
    return words


_LAUNCH_VERBS: Final = frozenset(
    {
        ("open",),
        ("launch",),
        ("start",),
        ("begin",),
        ("load",),
        ("run",),
        ("play",),
        ("resume",),
        ("use",),
        ("talk", "to"),
        ("speak", "to"),
        ("ask",),
        ("tell",),
        ("open", "up"),
        ("start", "up"),
        ("go", "to"),
    }
)
_ASK_VERBS: Final = frozenset({(), ("ask",), ("tell",)})
_STRIPPED_CONNECTORS: Final = frozenset({"to", "that"})
_KEPT_CONNECTORS: Final = frozenset({"about", "for", "if", "whether"})
_TRAILING_CONNECTORS: Final = frozenset({"using", "with", "from", "in", "on", "by", "via"})
_POLITE_PREFIXES: Final = (
    ("please",),
    ("can", "you"),
    ("could", "you"),
    ("would", "you"),
    ("will", "you"),
    ("let's",),
    ("let", "us"),
    ("i", "want", "to"),
    ("i", "wanna"),
    ("i'd", "like", "to"),
    ("i", "would", "like", "to"),
)
_ENGLISH_PET_NAMES: Final = (
    ("babe",),
    ("hun",),
    ("honey",),
    ("darling",),
    ("sweetheart",),
    ("sweetie",),
)
_FILLER_PREFIXES: Final = (
    ("please",),
    ("um",),
    ("umm",),
    ("uh",),
    ("uhh",),
    ("er",),
    ("erm",),
    ("hmm",),
    ("oh",),
    ("well",),
    ("so",),
    ("alexa",),
    ("can", "you"),
    ("could", "you"),
    ("would", "you"),
    ("okay",),
    ("right",),
    ("look",),
    ("listen",),
    ("hey",),
    ("yeah",),
    ("honestly",),
    ("nah",),  # Australian "yeah nah, ..."
    ("sorry",),  # "sorry, I just need a break"
    *_ENGLISH_PET_NAMES,  # "babe, I'm back"
)
_FILLER_SUFFIXES: Final = (
    ("please",),
    ("thanks",),
    ("thank", "you"),
    ("alexa",),
    ("mate",),
    ("eh",),
    ("yeah",),
    ("okay",),
    ("love",),  # British "give me a minute, love"
    *_ENGLISH_PET_NAMES,
    ("yaar",),  # Indian English
    ("na",),
    ("dude",),
)


@dataclass(frozen=True)
class _Relaxation:
    """What Alexa's statistical NLU shrugs off and this literal one must be told about.

    Applied to samples and utterances alike, and only when nothing matched as said: words
    that carry no request ("just", "really", "right now", "for a bit"; "o sea", "la verdad")
    are dropped, and interchangeable words are made one ("the"/"my"/"our"; "till"/"until";
    Spanish adjectives in either gender). Every content word of a sample must still be said,
    in order, so a request for another skill ("play some jazz") still matches nothing.
    """

    ignorable: tuple[tuple[str, ...], ...]  # longest first
    same: Mapping[str, str]
    feminine_endings: tuple[tuple[str, str], ...] = ()


def _phrases(*phrases: str) -> tuple[tuple[str, ...], ...]:
    words = [tuple(_fold(w) for w in phrase.split()) for phrase in phrases]
    return tuple(sorted(words, key=len, reverse=True))


_RELAXATIONS: Final[Mapping[str, _Relaxation]] = {
    "en": _Relaxation(
        ignorable=_phrases(
            *("just", "really", "so", "very", "please", "okay", "um", "umm", "uh", "er", "erm"),
            *("honestly", "seriously", "actually", "literally", "totally", "completely"),
            *("absolutely", "properly", "truly", "alexa", "babe", "baby", "honey", "hon"),
            *("mate", "eh", "yeah", "yaar", "only", "ugh", "god", "hey", "look", "listen"),
            *("now", "right now", "still", "yet", "anymore", "any more", "at the moment"),
            *("for a bit", "for a while", "for a little while", "for a little bit"),
            *("for some time", "for now", "a little bit", "kind of", "sort of", "i think"),
            *("i guess", "oh", "again", "back again"),
            # intensifiers, British, Australian, North American and Indian English alike
            *("bloody", "quite", "pretty", "super", "extremely", "incredibly", "proper"),
            *("massively", "fucking", "effing", "damn", "darn"),
        ),
        same={
            **dict.fromkeys(("my", "our", "this", "your", "his", "her", "their"), "the"),
            **dict.fromkeys(("till", "til", "untill"), "until"),
            **dict.fromkeys(("he", "she", "they"), "he"),
            **dict.fromkeys(("him", "them"), "him"),
            **dict.fromkeys(
                ("partner", "wife", "husband", "boyfriend", "girlfriend", "fiance", "fiancee"),
                "partner",
            ),
            **dict.fromkeys(("missus", "hubby", "spouse", "other half"), "partner"),
            **dict.fromkeys(("fight", "argument", "row", "blue", "quarrel", "barney"), "fight"),
            **dict.fromkeys(("fights", "arguments", "rows", "blues", "quarrels"), "fights"),
            **dict.fromkeys(("fighting", "arguing", "rowing", "bickering"), "fighting"),
            **dict.fromkeys(("breather", "timeout", "time-out"), "break"),
            **dict.fromkeys(("talk", "chat", "speak", "yarn"), "talk"),
            **dict.fromkeys(("talking", "chatting", "speaking"), "talking"),
            **dict.fromkeys(("calm", "calmer"), "calm"),
            **dict.fromkeys(("okay", "fine", "good", "better", "alright"), "okay"),
            **dict.fromkeys(
                ("angry", "mad", "furious", "pissed", "livid", "fuming", "cross", "upset"),
                "angry",
            ),
            **dict.fromkeys(("annoyed", "frustrated", "filthy", "spewing", "irritated"), "angry"),
            **dict.fromkeys(("heated", "seething", "raging", "ropeable", "narked"), "angry"),
            **dict.fromkeys(("agitated", "irate"), "angry"),
            **dict.fromkeys(
                ("stressed", "anxious", "overwhelmed", "panicky", "tense", "tensed", "nervous"),
                "overwhelmed",
            ),
            **dict.fromkeys(("frazzled", "rattled", "jittery", "edgy", "restless"), "overwhelmed"),
            **dict.fromkeys(("walk", "drive", "run", "jog", "stroll", "wander"), "walk"),
            **dict.fromkeys(("room", "bedroom", "garage", "car", "shed", "yard", "garden"), "room"),
            **dict.fromkeys(("cycle", "loop", "pattern", "spiral"), "cycle"),
            **dict.fromkeys(("done", "finished", "over", "ended"), "over"),
            **dict.fromkeys(("minute", "sec", "second", "moment", "tick", "mo"), "moment"),
            "spiralling": "spiraling",
            "mum": "mom",
        },
    ),
    "es": _Relaxation(
        ignorable=_phrases(
            *("ya", "por favor", "porfa", "oye", "mira", "mire", "pues", "bueno", "eh", "em"),
            *("uf", "uff", "buf", "ufff"),
            *("o sea", "la verdad", "de verdad", "en serio", "neta", "guey", "wey", "tio"),
            *("tia", "vale", "alexa", "amor", "mi amor", "cariño", "muy", "tan", "super"),
            *("ahora", "ahora mismo", "ahorita", "todavia", "aun", "un rato", "un ratito"),
            *("un poco", "tantito", "creo que", "ay"),
        ),
        same={
            **dict.fromkeys(("el", "la", "mi", "tu", "nuestro", "nuestra", "este", "esta"), "el"),
            **dict.fromkeys(("su", "sus"), "el"),
            **dict.fromkeys(("regresar", "volver"), "volver"),
            **dict.fromkeys(("regreso", "vuelvo"), "vuelvo"),
            **dict.fromkeys(("regresa", "vuelve"), "vuelve"),
            **dict.fromkeys(("regrese", "volvi"), "volvi"),
            **dict.fromkeys(("platicar", "hablar"), "hablar"),
            **dict.fromkeys(("platicamos", "hablamos"), "hablamos"),
            **dict.fromkeys(("platiquemos", "hablemos"), "hablemos"),
            **dict.fromkeys(("enojado", "cabreado", "enfadado", "molesto", "furioso"), "enojado"),
            **dict.fromkeys(("encabronado", "emputado", "rabioso"), "enojado"),
            **dict.fromkeys(("descanso", "break", "respiro", "receso"), "descanso"),
            **dict.fromkeys(("el", "ella", "ellos", "ellas"), "el"),
            **dict.fromkeys(("un", "una", "uno"), "un"),
            **dict.fromkeys(
                ("pareja", "esposo", "esposa", "marido", "mujer", "novio", "novia"), "pareja"
            ),
            **dict.fromkeys(("pelea", "discusion", "bronca", "pleito", "rina", "lio"), "pelea"),
            **dict.fromkeys(("peleando", "discutiendo", "rinendo"), "peleando"),
            **dict.fromkeys(("peleamos", "discutimos"), "peleamos"),
            **dict.fromkeys(("pelear", "discutir"), "pelear"),
            **dict.fromkeys(
                ("estresado", "agobiado", "abrumado", "ansioso", "nervioso", "alterado"),
                "agobiado",
            ),
            **dict.fromkeys(("desbordado", "saturado", "angustiado"), "agobiado"),
            **dict.fromkeys(("conversar",), "hablar"),
            **dict.fromkeys(("ciclo", "bucle", "patron", "circulo"), "ciclo"),
            **dict.fromkeys(("paseo", "vuelta", "caminata"), "paseo"),
            **dict.fromkeys(("listo", "preparado"), "listo"),
            **dict.fromkeys(("tranquilo", "calmado"), "tranquilo"),
            **dict.fromkeys(("termina", "acaba"), "acaba"),
            **dict.fromkeys(("terminar", "acabar"), "acabar"),
            **dict.fromkeys(("termino", "acabo"), "acabo"),
            **dict.fromkeys(("terminado", "acabado"), "acabado"),
            **dict.fromkeys(("falta", "queda"), "queda"),
            **dict.fromkeys(("faltan", "quedan"), "quedan"),
            **dict.fromkeys(("segundo", "minuto", "momento", "momentito", "segundito"), "momento"),
            "misma": "mismo",
            "sola": "solo",
            "lista": "listo",
            "tranquila": "tranquilo",
            "segura": "seguro",
        },
        feminine_endings=(("ada", "ado"), ("ida", "ido"), ("osa", "oso")),
    ),
}


# Words that carry no request of their own, for the near match (after relaxation: "my", "our"
# are already "the", "she" is already "he"). Negations are not among them.
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FUNCTION_WORDS: Final[Mapping[str, frozenset[str]]] = {
    "en": _word_set(
        "i me myself we us you he him it the a an of for in on at to and or but so is am are "
        "was were be been being do does did have has had will would can could shall should "
        "may might with about from by as that this there here what which who some any if "
        "then than"
    ),
    "es": _word_set(
        "yo me mi te tu nos el lo los las le les se un de del al a en con por para y o pero "
        "que es son soy estoy esta estan estamos ser estar ha he hemos han hay como mas muy su "
        "sus si ya"
    ),
}


# Who a sentence is about, for the near match: the first of these words among its first few
# (relaxed words for English, where "she"/"they" are already "he"; as typed for Spanish, where
# relaxation makes "está" and "él" the article "el"). "I'm so angry" asks for help calming down;
# "he's so angry" says something about the partner, which no sample about oneself stands for.
_SUBJECTS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        **dict.fromkeys(("i", "we"), "self"),
        **dict.fromkeys(("he", "she", "they", "partner"), "partner"),
    },
    "es": {
        **dict.fromkeys(("yo", "estoy", "estamos", "soy"), "self"),
        **dict.fromkeys(("él", "ella", "ellos", "ellas", "está", "están"), "partner"),
    },
}
_SUBJECT_WITHIN: Final = 3
"""How many leading (relaxed) words are searched for the subject: "when is she back"."""


# The partner named as a subject anywhere in a sentence (relaxed English words; Spanish pronouns
# as typed, since relaxation makes "él" and "ella" the article "el").
_PARTNER_MENTIONS: Final[Mapping[str, frozenset[str]]] = {
    "en": frozenset({"he", "partner"}),
    "es": frozenset({"él", "ella", "ellos", "ellas"}),
}


def _mentions_partner(relaxed: _Text, lang: str) -> bool:
    """Whether ``relaxed`` says something about the partner ("I'm going out, *he* ...")."""
    mentions = _PARTNER_MENTIONS.get(lang, frozenset())
    return any(
        word in mentions or (origin < len(relaxed.raw) and relaxed.raw[origin] in mentions)
        for word, origin in zip(relaxed.words, relaxed.origin, strict=True)
    )


def _subject(relaxed: _Text, lang: str) -> str | None:
    """ "self" or "partner": who ``relaxed`` (a relaxed text) is about, when it says so early."""
    subjects = _SUBJECTS.get(lang, {})
    for word, origin in list(zip(relaxed.words, relaxed.origin, strict=True))[:_SUBJECT_WITHIN]:
        spoken = _expand(relaxed.raw[origin])[0] if origin < len(relaxed.raw) else word
        found = subjects.get(word) or subjects.get(spoken)
        if found is not None:
            return found
    return None


def _stem(word: str) -> str:
    """A crude stem, only to compare words with danger words ("hitting" ~ "hit")."""
    for suffix in ("ing", "ed", "es", "s", "ando", "iendo", "ado", "ido"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 3 and word[-1] == word[-2] else word


def _stems_of(*words: str) -> frozenset[str]:
    return frozenset(_stem(_fold(word)) for word in words)


# Words a person says about being afraid or hurt: like the words only danger phrasings use, a
# near match never leaves one out ("please don't ignore me, I'm scared" is not "please don't
# ignore me"), so SafetyIntent's carrier takes the sentence and the safety check reads it.
_FEAR_STEMS: Final[Mapping[str, frozenset[str]]] = {
    "en": _stems_of(
        *("scared", "scaring", "afraid", "frightened", "frightening", "terrified"),
        *("fear", "unsafe", "danger", "hurt", "hurting", "hurts"),
        *("hit", "hitting", "punch", "slap", "choke", "strangle", "stab", "shoot"),
        *("attack", "attacked", "attacking", "assault", "assaulted", "beat", "beating"),
        *("kick", "kicked", "kicking", "grab", "grabbed", "threaten", "threatened"),
        # a body shaking: the safety check asks "are you safe?" first, then offers the pause
        *("shaking", "shake", "shaky", "trembling", "tremble", "quivering"),
    ),
    "es": _stems_of(
        *("miedo", "asustado", "asustada", "aterrado", "aterrada", "peligro"),
        *("lastima", "lastimando", "duele", "inseguro", "insegura"),
        # violence in the forms SafetyIntent's samples may not say ("siento que le voy a
        # pegar" is no paraphrase of a grounding sample without "pegar")
        *("pegar", "pegarle", "pegue", "golpear", "golpearle", "golpearlo", "golpearla"),
        *("golpee", "matar", "matarlo", "matarla", "matarme", "ahorcar", "ahorcarlo"),
        *("ataco", "atacar", "atacando", "golpeo", "pateo", "patear", "amenaza", "amenazo"),
        *("amenazando", "agarro", "jaloneo", "jalonea"),
        *("ahorcarla", "estrangular", "lastimar", "lastimarlo", "lastimarla", "empujar"),
        *("herir", "herirlo", "herirla", "apunalar", "disparar", "dano"),
        *("temblando", "tiemblo", "temblar", "tiembla", "temblor", "tiemblan", "tiemblas"),
        *("tiemblen", "temblaba", "tembloroso", "temblorosa"),
    ),
}

# Words about living and dying and the ways people say they might hurt themselves, seldom
# said in jest ("life", "pills", "bridge"; "vida", "pastillas", "aventarme"): a near match
# never leaves one out, and a sentence with one is never read as one of our samples said
# inside it ("no puedo más con mi vida" is not "no puedo más"), so the safety check reads it.
_SELF_HARM_STEMS: Final[Mapping[str, frozenset[str]]] = {
    "en": _stems_of(
        *("life", "live", "living", "alive", "suicide", "suicidal", "overdose", "pills"),
        *("bridge", "exist", "existing", "disappear", "worthless", "hopeless", "burden"),
        "pointless",
    ),
    "es": _stems_of(
        *("vida", "vivir", "suicidio", "suicidarme", "pastillas", "aventarme", "tirarme"),
        *("lanzarme", "puente", "cortarme", "colgarme", "soga", "desaparecer", "existir"),
        *("sentido", "carga", "estorbo"),
    ),
}
# Words figures of speech use too ("this week is killing me", "estoy muerta") and losing control
# ("before I get violent", "antes de hacer una locura"): a near
# match may still read past them as it always has, but a sentence with one is never read as
# one of our samples said inside it.
_STRONG_STEMS: Final[Mapping[str, frozenset[str]]] = {
    "en": _stems_of(
        *("die", "dying", "dead", "death", "kill", "jump", "cut", "cutting", "knife"),
        *("gun", "rope", "hang", "end", "ending", "weapon"),
        *("violent", "violence", "physical", "control", "snap", "explode", "rage"),
        *("smash", "throw", "throwing", "punch", "temper", "regret", "stupid"),
        *("forever", "suffocate", "suffocated", "suffocating", "trapped"),
    ),
    "es": _stems_of(
        *("morir", "morirme", "muera", "muerte", "muerto", "muerta", "matar", "matarme"),
        *("aventar", "cuchillo", "pistola", "arma", "acabar", "terminar", "tirar"),
        *("violento", "violenta", "violencia", "control", "controlarme", "estallar"),
        *("romper", "golpe", "punetazo", "arrepentir", "arrepienta"),
        *("tonteria", "locura", "estupidez"),
        "mundo",  # "me quiero ir de este mundo"
    ),
}
_CARRIER_WORDS: Final = 2
"""A free-form sample with at most this many words of its own ("i'm so {feeling}") is a
carrier that takes what nothing else took; a near match comes before it."""
NEAR_MATCH_MIN: Final = 0.5
"""Share of content words a near match needs with one sample (Jaccard over content words).

Chosen by leave-one-out on the corpus's *tuning* part and its out-of-domain lines (each tuning
line scored with its own sample taken out), never on the held-out part: see tests/nlu/README.md.
"""
_SAFETY_INTENT: Final = "SafetyIntent"
_FEELING_SLOT: Final = "feeling"
"""Its free-form samples are catch-all carriers for the safety check, whatever their length."""
_TWO_SAMPLES_MIN_WORDS: Final = 4
_CONJUNCTIONS: Final[Mapping[str, frozenset[str]]] = {
    "en": frozenset({"and", "but", "because", "cause", "cos", "then"}),
    "es": frozenset({"y", "e", "pero", "porque", "entonces"}),
}
"""Words that join the two samples ("my heart's pounding *and* I can't think")."""
"""Two samples of at least two words each (after relaxation)."""
_SAMPLE_WITHIN_MIN_WORDS: Final = 3
_SAMPLE_WITHIN_MIN_SPAN: Final = 2
SAMPLE_WITHIN_SHARE: Final = 0.3
"""Share of a sentence's (relaxed) words one of our samples inside it must cover."""
_NEGATION_REACH: Final = 3
_NEGATIONS: Final[Mapping[str, frozenset[str]]] = {
    "en": frozenset({"not", "no", "never", "nothing", "nobody"}),
    "es": frozenset({"no", "nunca", "ni", "nada", "nadie"}),
}
# Relaxed English words ("she", "they" are already "he"); Spanish words as said, since
# relaxation makes "él" and "ella" the article "el"; "está" says what someone else is doing.
# A clause after the request that says what the person fears they might do ("I need a break
# *before* I snap", "... *or* I'll explode"; "... *antes de que* haga una locura"): the safety
# check reads it.
_WARNINGS: Final[Mapping[str, frozenset[str]]] = {
    "en": frozenset({"before", "or", "otherwise", "else", "unless"}),
    "es": frozenset({"antes", "o", "sino", "si no"}),
}
_PARTNER_PRONOUNS: Final[Mapping[str, frozenset[str]]] = {
    "en": frozenset({"he"}),
    "es": frozenset({"él", "ella", "ellos", "ellas", "está", "están", "esta", "estan"}),
}
_SLOT_REFERENCE: Final = re.compile(r"\{[^}]*\}")
_ARTICLES: Final[Mapping[str, frozenset[str]]] = {
    "en": frozenset({"the", "a", "an", "my", "our", "his", "her", "their", "this", "that"}),
    "es": frozenset({"el", "la", "los", "las", "un", "una", "al", "del", "mi", "su", "este"}),
}
"""Words before a noun, never before a first name."""
_IDIOMS: Final[Mapping[str, frozenset[tuple[str, str]]]] = {
    "es": frozenset({("tiempo", "muerto")}),  # Spain's "time-out", no death word
}


def _without_idioms(words: Sequence[str], lang: str) -> list[str]:
    """``words`` without the second word of an idiom whose words say nothing alone."""
    idioms = _IDIOMS.get(lang, frozenset())
    return [w for i, w in enumerate(words) if not (i and (_fold(words[i - 1]), _fold(w)) in idioms)]


_ME: Final[Mapping[str, frozenset[str]]] = {"en": frozenset({"me"}), "es": frozenset({"me"})}
_DONE_TO_ME_REACH: Final = 4
"""The partner and "me" this close ("he won't let me leave", "me está gritando"): what the
partner does to the speaker, which the safety check reads, not the intent words."""
_ARTICLE_NUMBERS: Final[Mapping[str, frozenset[str]]] = {
    "en": frozenset({"a", "an", "one"}),
    "es": frozenset({"un", "una", "uno"}),
}
_PARTNER_WORD: Final[Mapping[str, str]] = {"en": "partner", "es": "pareja"}
_PREPOSITIONS: Final[Mapping[str, frozenset[str]]] = {
    "en": frozenset({"from", "with", "to", "for", "at", "about", "on", "of", "without"}),
    "es": frozenset({"de", "con", "a", "para", "por", "sin", "del", "al"}),
}
_NAME_MIN_WORDS: Final = 2
"""A name beside the request: the request keeps at least one word."""
_NAME_MIN_LETTERS: Final = 3
_ONE_WORD_NEAR_SLACK: Final = 3
"""A near match on one content word: at most this many other words said or left out."""
NEAR_MATCH_MARGIN: Final = 0.1
"""How much better than any other intent the near match must be, or it is no match."""


WORDS_MIN_SHARE: Final = 0.75
"""How sure the intent words must be (posterior probability of the best intent) to read a
sentence that no sample, near match or sample within it accounts for."""
_WORDS_KNOWN_SHARE: Final = 0.75
"""Share of a sentence's content words the samples must know, or it is from another domain."""
_WORDS_KNOWN_MIN: Final = 2
"""Content words the samples must know: one word alone ("tiempo") is too little to go on."""
_WORDS_SMOOTHING: Final = 0.5
_WORDS_DISTINCT: Final = 2.0
"""A word is an intent's own when the intent's samples say it at least this many times as
often (per word said) as any other intent's."""
_NEGATED: Final = "~not"
_ABOUT: Final = "~about:"


@dataclass(frozen=True)
class _IntentWords:
    """What Alexa's statistical NLU learns from the samples and a literal matcher does not: which
    words go with which intent. A multinomial naive Bayes over the samples' content stems (and
    whether a sample is negated, and whom it is about), trained on every sample of the model
    except SafetyIntent's carriers. It reads only what every literal reading left to Fallback or
    to SafetyIntent's catch-all carrier, only with most words known and the best intent clearly
    ahead, and never a sentence with a word danger, fear, self-harm or losing control is said
    with: those stay the safety check's (``Nlu._by_intent_words``). Naive Bayes in thirty lines
    rather than a machine-learning library: the simulator needs the counts, not numpy."""

    counts: Mapping[str, Counter[str]]
    totals: Mapping[str, int]
    negated: Mapping[str, frozenset[str]]  # stems each intent's samples say negated
    vocabulary: frozenset[str]

    @classmethod
    def learn(
        cls,
        features: Mapping[str, Sequence[frozenset[str]]],
        negated: Mapping[str, set[str]],
    ) -> _IntentWords:
        counts = {
            intent: Counter(f for fs in docs for f in fs) for intent, docs in features.items()
        }
        return cls(
            counts=counts,
            totals={intent: sum(c.values()) for intent, c in counts.items()},
            negated={intent: frozenset(stems) for intent, stems in negated.items()},
            vocabulary=frozenset(f for c in counts.values() for f in c),
        )

    def _share(self, intent: str, feature: str) -> float:
        return self.counts[intent][feature] / max(1, self.totals[intent])

    def known(self, stems: frozenset[str]) -> int:
        return len(stems & self.vocabulary)

    def posterior(self, features: frozenset[str]) -> list[tuple[float, str]]:
        """(probability, intent), best first, from the features the samples know."""
        known = features & self.vocabulary
        size = len(self.vocabulary)
        logs = {
            intent: sum(
                math.log((counts[f] + _WORDS_SMOOTHING) / (total + _WORDS_SMOOTHING * size))
                for f in known
            )
            for intent, counts in self.counts.items()
            if (total := self.totals[intent])
        }
        top = max(logs.values(), default=0.0)
        weights = {intent: math.exp(value - top) for intent, value in logs.items()}
        whole = sum(weights.values()) or 1.0
        return sorted(((w / whole, intent) for intent, w in weights.items()), reverse=True)

    def allows(self, intent: str, negated: frozenset[str]) -> bool:
        """A negated word that is the intent's own is negated in its samples too: "I can't calm
        down" is Grounding's as its samples say it, "I don't need a break" is no SpaceIntent."""
        for stem in negated - self.negated.get(intent, frozenset()):
            share = self._share(intent, stem)
            others = max(
                (self._share(other, stem) for other in self.counts if other != intent),
                default=0.0,
            )
            if share and share >= _WORDS_DISTINCT * others:
                return False
        return True


def _relaxed_word(word: str, relaxation: _Relaxation) -> str:
    word = relaxation.same.get(word, word)
    for feminine, masculine in relaxation.feminine_endings:
        if word.endswith(feminine) and len(word) > len(feminine) + 2:
            return relaxation.same.get(
                word[: -len(feminine)] + masculine, word[: -len(feminine)] + masculine
            )
    return word


def _relaxed_positions(
    words: Sequence[str], relaxation: _Relaxation, is_word: Callable[[int], bool]
) -> list[tuple[int, str]]:
    """(position, relaxed word) of each kept word; ignorable phrases among words are dropped."""
    kept: list[tuple[int, str]] = []
    position = 0
    while position < len(words):
        if is_word(position):
            dropped = next(
                (
                    len(phrase)
                    for phrase in relaxation.ignorable
                    if tuple(words[position : position + len(phrase)]) == phrase
                    and all(is_word(i) for i in range(position, position + len(phrase)))
                ),
                0,
            )
            if dropped:
                position += dropped
                continue
            kept.append((position, _relaxed_word(words[position], relaxation)))
        else:
            kept.append((position, words[position]))
        position += 1
    return kept


@dataclass(frozen=True)
class _Grammar:
    """How one language addresses a skill and pads what it asks (all words without accents)."""

    launch_verbs: frozenset[tuple[str, ...]]  # "open", "abre"
    ask_verbs: frozenset[tuple[str, ...]]  # "ask", "tell", "pide a", "dile a"
    stripped_connectors: frozenset[str]  # "ask pause pact *to* ...", "pide a ... *que* ..."
    kept_connectors: frozenset[str]  # "ask pause pact *if* ...", "pregunta a ... *cuando* ..."
    trailing_connectors: frozenset[str]  # "start a break *using* pause pact"
    polite_prefixes: tuple[tuple[str, ...], ...]
    filler_prefixes: tuple[tuple[str, ...], ...]
    filler_suffixes: tuple[tuple[str, ...], ...]
    and_word: str  # "open pause pact *and* ..."
    to_word: str  # "use pause pact *to* ..."
    please: tuple[tuple[str, ...], ...]  # dropped from the end of a one-shot request
    articles: frozenset[str] = frozenset()  # "open *the* pause pact"
    # "open pause pact and *tell it* ...", "abre pacto de pausa y *dile que* ...": Alexa hears
    # the request without the words that address the skill
    inner_ask: tuple[tuple[str, ...], ...] = ()
    # "*pídele a* pacto de pausa veinte minutos" asks *for* what follows, as English "ask pause
    # pact *for* twenty minutes" does: also read as ``asked_for`` + the words
    asking_for: frozenset[tuple[str, ...]] = frozenset()
    asked_for: str = ""


_SPANISH_ASK_VERBS: Final = frozenset(
    {
        (),
        ("pide", "a"),
        ("pidele", "a"),
        ("pedirle", "a"),
        ("dile", "a"),
        ("decirle", "a"),
        ("di", "a"),
        ("pregunta", "a"),
        ("preguntale", "a"),
        ("preguntarle", "a"),
    }
)
_SPANISH_PET_NAMES: Final = _phrases(
    *("gordo", "gorda", "gordito", "gordita", "gordi", "mija", "mijo", "mijita", "mijito"),
    *("cielo", "mi cielo", "corazon", "mi corazon", "mi vida", "bebe", "mi rey", "mi reina"),
    *("flaco", "flaca", "nena", "nene", "guapo", "guapa", "babe"),
)
_GRAMMARS: Final[Mapping[str, _Grammar]] = {
    "en": _Grammar(
        launch_verbs=_LAUNCH_VERBS,
        ask_verbs=_ASK_VERBS,
        stripped_connectors=_STRIPPED_CONNECTORS,
        kept_connectors=_KEPT_CONNECTORS,
        trailing_connectors=_TRAILING_CONNECTORS,
        polite_prefixes=_POLITE_PREFIXES,
        filler_prefixes=_FILLER_PREFIXES,
        filler_suffixes=_FILLER_SUFFIXES,
        and_word="and",
        to_word="to",
        please=(("please",),),
        inner_ask=_phrases("tell it", "tell it that", "ask it to", "ask it", "say"),
        articles=frozenset({"the"}),
    ),
    # "Alexa, abre pacto de pausa", "Alexa, pide a pacto de pausa que ...", "Alexa, dile a
    # pacto de pausa que ...", "Alexa, pregúntale a pacto de pausa cuándo volvemos".
    "es": _Grammar(
        launch_verbs=frozenset(
            {
                ("abre",),
                ("abrir",),
                ("inicia",),
                ("iniciar",),
                ("empieza",),
                ("comienza",),
                ("lanza",),
                ("ejecuta",),
                ("usa",),
                ("utiliza",),
                ("carga",),
                ("pon",),
                ("habla", "con"),
                ("hablar", "con"),
            }
        )
        | _SPANISH_ASK_VERBS,
        ask_verbs=_SPANISH_ASK_VERBS,
        stripped_connectors=frozenset({"que", "para"}),
        kept_connectors=frozenset(
            {"si", "cuando", "cuanto", "cuanta", "cuantos", "cuantas", "como", "donde", "por"}
        ),
        trailing_connectors=frozenset({"con", "usando", "en", "desde", "mediante"}),
        polite_prefixes=(
            ("por", "favor"),
            ("puedes",),
            ("podrias",),
            ("quiero",),
            ("quisiera",),
            ("me", "gustaria"),
        ),
        filler_prefixes=(
            ("por", "favor"),
            ("eh",),
            ("em",),
            ("mmm",),
            ("este",),
            ("pues",),
            ("bueno",),
            ("oye",),
            ("mira",),
            ("mire",),
            ("uf",),
            ("uff",),
            ("buf",),
            ("a", "ver"),
            ("alexa",),
            ("puedes",),
            ("podrias",),
            *_SPANISH_PET_NAMES,
        ),
        # pet names are no request ("gordo, ya volví", "ya regresé, mija"); "cariño" and
        # "amor" are left alone: they are as often what is asked for ("necesito cariño")
        filler_suffixes=(("por", "favor"), ("gracias",), ("alexa",), *_SPANISH_PET_NAMES),
        and_word="y",
        to_word="para",
        please=(("por", "favor"),),
        inner_ask=_phrases("dile que", "dile", "pidele que", "pidele", "di que"),
        asking_for=frozenset({("pide", "a"), ("pidele", "a"), ("pedirle", "a"), ("pidele",)}),
        asked_for="dame",
    ),
}


class Nlu:
    """Intent recognition against one locale's interaction model (ASK JSON)."""

    def __init__(
        self, model: Mapping[str, Any], locale: str = "en-US", *, skill_id: str = DEFAULT_SKILL_ID
    ) -> None:
        interaction = model.get("interactionModel", model)
        language: Mapping[str, Any] = interaction.get("languageModel", interaction)
        self.locale = locale
        self.lang = _lang(locale)
        self.skill_id = skill_id
        self.invocation_name: str = str(language.get("invocationName", "")).lower()
        self._invocation_words = tuple(_fold(word) for word in _clean(self.invocation_name))
        self._grammar = _GRAMMARS.get(self.lang, _GRAMMARS["en"])
        self._standard = _STANDARD_PHRASES.get(self.lang, STANDARD_PHRASES)
        self._custom = {
            str(t["name"]): _CustomType.build(t) for t in language.get("types", []) if "name" in t
        }
        self._slot_types: dict[str, dict[str, str]] = {}
        self._declared: dict[str, list[str]] = {}
        self._slot_samples: dict[tuple[str, str], list[_Pattern]] = {}
        model_patterns: list[_Pattern] = []
        standard_patterns: list[_Pattern] = []
        for intent in language.get("intents", []):
            name = str(intent["name"])
            self._declared[name] = [str(s) for s in intent.get("samples", [])]
            self._slot_types[name] = {}
            for slot in intent.get("slots", []):
                slot_name, slot_type = str(slot["name"]), str(slot["type"])
                self._slot_types[name][slot_name] = slot_type
                self._slot_samples[(name, slot_name)] = [
                    _Pattern.compile(name, s, _SOURCE_MODEL)
                    for s in (*slot.get("samples", []), "{" + slot_name + "}")
                ]
            model_patterns += [
                _Pattern.compile(name, s, _SOURCE_MODEL) for s in self._declared[name]
            ]
            standard_patterns += [
                _Pattern.compile(name, s, _SOURCE_STANDARD) for s in self._standard.get(name, ())
            ]
        self._patterns = tuple(model_patterns + standard_patterns)
        self._relaxation = _RELAXATIONS.get(self.lang, _RELAXATIONS["en"])
        self._relaxed_patterns = tuple(
            relaxed for p in self._patterns if (relaxed := self._relax_pattern(p)) is not None
        )
        self._relaxed_slot_samples = {
            key: [relaxed for p in patterns if (relaxed := self._relax_pattern(p)) is not None]
            for key, patterns in self._slot_samples.items()
        }
        function_words = _FUNCTION_WORDS.get(self.lang, _FUNCTION_WORDS["en"])
        # each model sample as said, slots left out, relaxed once for the near match and the
        # intent words
        sample_texts = {
            (p.intent, p.sample): self._relaxed_text(_Text.of(_SLOT_REFERENCE.sub(" ", p.sample)))
            for p in self._relaxed_patterns
            if p.source == _SOURCE_MODEL
        }
        self._near: list[tuple[str, frozenset[str], str | None, bool]] = []
        self._near_words: list[frozenset[str]] = []  # every word of each, function words too
        for pattern in self._relaxed_patterns:
            if pattern.source != _SOURCE_MODEL or pattern.has_slots:
                continue
            content = frozenset(w for w, _ in pattern.elements if w not in function_words)
            if content:
                said = sample_texts[pattern.intent, pattern.sample]
                subject, partner = _subject(said, self.lang), _mentions_partner(said, self.lang)
                self._near.append((pattern.intent, content, subject, partner))
                self._near_words.append(frozenset(w for w, _ in pattern.elements))
        vocabulary: dict[str, set[str]] = {}
        for intent, content, _subject_of, _partner in self._near:
            for word in content:
                vocabulary.setdefault(word, set()).add(intent)
        # Every word a sample or a slot sample says: a word outside it may be a name.
        self._vocabulary = frozenset(
            word
            for pattern in (
                *self._patterns,
                *self._relaxed_patterns,
                *(p for patterns in self._slot_samples.values() for p in patterns),
            )
            for word, is_slot in pattern.elements
            if not is_slot
        )
        # Words only SafetyIntent's own phrasings use, in any form: a near match never leaves
        # one out. "breaking" (things) is SafetyIntent's, but "break" is SpaceIntent's too, so
        # their stem is not.
        stem_intents: dict[str, set[str]] = {}
        for word, intents in vocabulary.items():
            stem_intents.setdefault(_stem(word), set()).update(intents)
        self._safety_stems = frozenset(
            stem for stem, intents in stem_intents.items() if intents == {_SAFETY_INTENT}
        ) | _FEAR_STEMS.get(self.lang, frozenset())
        # Stems SafetyIntent's danger samples say at least as often as every other intent's
        # samples together ("control", "snap"): said anywhere in a sentence, the sentence is
        # not read as one of our samples said inside it.
        uses: dict[str, list[int]] = {}
        for intent, content, _subject_of, _partner in self._near:
            for stem in {_stem(word) for word in content} - function_words:
                counts = uses.setdefault(stem, [0, 0])
                counts[intent != _SAFETY_INTENT] += 1
        self._safety_leaning = frozenset(
            stem for stem, (safety, other) in uses.items() if safety and safety >= other
        )
        self._intent_words = self._learn_intent_words(sample_texts)

    def _relax_pattern(self, pattern: _Pattern) -> _Pattern | None:
        """``pattern`` without ignorable words; None if it keeps no word of its own."""
        elements = pattern.elements
        kept = _relaxed_positions(
            [text for text, _ in elements], self._relaxation, lambda i: not elements[i][1]
        )
        relaxed = tuple((word, elements[i][1]) for i, word in kept)
        if not any(not is_slot for _, is_slot in relaxed):
            return None
        return replace(pattern, elements=relaxed)

    def _relaxed_text(self, spoken: _Text) -> _Text:
        kept = _relaxed_positions(spoken.words, self._relaxation, lambda _: True)
        return _Text(
            spoken.raw,
            tuple(word for _, word in kept),
            tuple(spoken.origin[i] for i, _ in kept),
        )

    @classmethod
    def from_file(
        cls, path: str | Path, locale: str | None = None, *, skill_id: str = DEFAULT_SKILL_ID
    ) -> Nlu:
        """Load ``interaction_models/<locale>.json``; the locale defaults to the file name."""
        path = Path(path).resolve()
        if locale is None:
            locale = path.stem if re.fullmatch(r"[a-z]{2}-[A-Z]{2}", path.stem) else "en-US"
        if cls is not Nlu:
            return cls(json.loads(path.read_text(encoding="utf-8")), locale, skill_id=skill_id)
        stat = path.stat()  # a file changed on disk is read again
        return _nlu_of_file(str(path), (stat.st_mtime_ns, stat.st_size), locale, skill_id)

    # ----------------------------------------------------------------------- introspection

    @property
    def intents(self) -> list[str]:
        return list(self._declared)

    def slot_types(self, intent: str) -> dict[str, str]:
        """Declared slots of ``intent``: name -> type."""
        return dict(self._slot_types.get(intent, {}))

    def samples_for(self, intent: str) -> list[str]:
        """The model's samples for ``intent``, then the standard phrases of a built-in intent."""
        if intent not in self._declared:
            return []
        samples = [*self._declared[intent], *self._standard.get(intent, ())]
        return list(dict.fromkeys(samples))

    # ----------------------------------------------------------------------- invocation

    def split_invocation(self, text: str) -> Invocation:
        """Recognise "open pause pact", "alexa, ask pause pact to ...", "pide a pacto de pausa
        que ...", or a plain utterance. Words are compared without accents; the request keeps
        them as typed."""
        grammar = self._grammar
        raw = _clean(text)
        words = [_fold(word) for word in raw]
        wake = bool(words) and words[0] == "alexa"
        if wake:
            raw, words = raw[1:], words[1:]
        position = _find(words, self._invocation_words) if self._invocation_words else -1
        if position < 0:
            return Invocation("session", " ".join(raw), wake_word=wake)
        before = words[:position]
        end = position + len(self._invocation_words)
        if before[-1:] and before[-1] in grammar.articles:
            before = before[:-1]
        verb = tuple(_strip_prefix(before, grammar.polite_prefixes) if before else before)
        if not verb or verb in grammar.launch_verbs:
            return self._request_after_name(verb, words[end:], raw[end:], wake)
        if end == len(words) and len(verb) > 1 and verb[-1] in grammar.trailing_connectors:
            # "start a break using pause pact"
            first = len(before) - len(verb)
            return Invocation("intent", " ".join(raw[first : len(before) - 1]), wake_word=wake)
        return Invocation("session", " ".join(raw), wake_word=wake)

    def _request_after_name(
        self, verb: tuple[str, ...], after: list[str], after_raw: list[str], wake: bool
    ) -> Invocation:
        grammar = self._grammar
        trimmed = True
        while trimmed:
            trimmed = False
            for please in grammar.please:
                if len(after) > len(please) and tuple(after[-len(please) :]) == please:
                    after, after_raw = after[: -len(please)], after_raw[: -len(please)]
                    trimmed = True
            if tuple(after) in grammar.please:
                after, after_raw, trimmed = [], [], False
        if not after or after == [grammar.and_word]:
            return Invocation("launch", wake_word=wake)
        head, rest = after[0], " ".join(after_raw[1:])
        whole = " ".join(after_raw)
        if head == grammar.and_word and len(after) > 1:
            return self._after_and(after[1:], after_raw[1:], wake)
        if head == grammar.to_word and verb not in grammar.ask_verbs:
            return Invocation("intent", rest, wake_word=wake)
        if verb in grammar.ask_verbs and head in grammar.stripped_connectors and rest:
            return Invocation("intent", rest, (whole,), wake_word=wake)
        if verb in grammar.ask_verbs and head in grammar.kept_connectors and rest:
            return Invocation("intent", whole, (rest,), wake_word=wake)
        return self._asked(verb, after_raw, whole, wake)

    def _after_and(self, after: list[str], after_raw: list[str], wake: bool) -> Invocation:
        """ "open pause pact and tell it ...": what follows "and" is the request, addressed to
        the skill or not."""
        inner = _strip_prefix(after, self._grammar.inner_ask)
        if len(inner) == len(after):
            return Invocation("intent", " ".join(after_raw), wake_word=wake)
        addressed = tuple(after[: len(after) - len(inner)])
        inner_raw = after_raw[len(after) - len(inner) :]
        return self._asked(addressed, inner_raw, " ".join(inner_raw), wake)

    def _asked(
        self, verb: tuple[str, ...], words_raw: list[str], request: str, wake: bool
    ) -> Invocation:
        """A request after a verb that addresses the skill; "pídele veinte minutos" asks for
        them, so it is also read as "dame veinte minutos"."""
        grammar = self._grammar
        asks_for = any(verb[: len(v)] == v for v in grammar.asking_for) and not (
            verb and verb[-1] in grammar.stripped_connectors
        )
        if asks_for and grammar.asked_for and words_raw:
            return Invocation(
                "intent", request, (f"{grammar.asked_for} {request}",), wake_word=wake
            )
        return Invocation("intent", request, wake_word=wake)

    # ----------------------------------------------------------------------- parsing

    def parse(self, text: str, *, eliciting: tuple[str, str] | None = None) -> NluResult:
        """Turn a typed utterance (with or without "alexa, ask pause pact") into a result.

        ``eliciting`` = (intent, slot) while a dialog is asking for that slot: the slot's
        own samples (and a bare value) then count for that intent, as Alexa does.
        """
        invocation = self.split_invocation(text)
        if invocation.launch:
            return NluResult(intent=None, launch=True, invoked=True)
        best: _Candidate | None = None
        best_text = _Text.of(invocation.utterance)
        for utterance in (invocation.utterance, *invocation.alternatives):
            spoken = _Text.of(utterance)
            candidate = self._best_with_fillers(spoken, eliciting)
            if candidate is not None and (best is None or candidate.rank > best.rank):
                best, best_text = candidate, spoken
        return replace(self._result(best, best_text), invoked=invocation.invoked)

    def parse_utterance(
        self, text: str, *, eliciting: tuple[str, str] | None = None, near: bool = True
    ) -> NluResult:
        """Parse an in-session utterance (no invocation handling)."""
        spoken = _Text.of(text)
        return self._result(self._best_with_fillers(spoken, eliciting, near=near), spoken)

    def _result(self, candidate: _Candidate | None, spoken: _Text) -> NluResult:
        if candidate is not None:
            return NluResult(
                intent=candidate.intent,
                slots=candidate.slots,
                matched_sample=candidate.sample,
                utterance=spoken.text,
            )
        if not spoken.words:
            return NluResult(intent=None, utterance="")
        fallback = FALLBACK_INTENT if FALLBACK_INTENT in self._declared else None
        return NluResult(intent=fallback, utterance=spoken.text)

    def _best_with_fillers(
        self, spoken: _Text, eliciting: tuple[str, str] | None, *, near: bool = True
    ) -> _Candidate | None:
        """The best reading: as said; without leading/trailing fillers; then relaxed.

        A reading that needs a free-form slot to soak up words ("i {feeling}") is a last
        resort: a sample whose own words were all said (ignorable words aside) comes first.
        """
        best = self._best(spoken, eliciting)
        if (best is not None and not best.free_form) or not spoken.words:
            return best
        said = spoken.words  # every word, fillers and pet names too
        words = list(spoken.words)
        start = len(words) - len(_strip_prefix(words, self._grammar.filler_prefixes))
        reversed_suffixes = [tuple(reversed(suffix)) for suffix in self._grammar.filler_suffixes]
        end = len(_strip_prefix(words[::-1], reversed_suffixes))
        if (start, end) != (0, len(words)) and start < end:
            spoken = spoken.trimmed(start, end)
            trimmed = self._best(spoken, eliciting)
            if trimmed is not None and not trimmed.free_form:
                return trimmed
            best = best or trimmed
        relaxed_text = self._relaxed_text(spoken)
        if not relaxed_text.words:
            return best
        relaxed = self._best(relaxed_text, eliciting, relaxed=True)
        if relaxed is None or relaxed.free_form:
            unnamed = self._without_a_name(relaxed_text, eliciting)
            if _names_someone(best) and unnamed is not None and unnamed.intent == best.intent:
                # "cuándo vuelve nuria": the sample's own name slot took the name
                unnamed = replace(best, free_form=False)
            relaxed = unnamed or relaxed
        if relaxed is not None and not relaxed.free_form:
            return relaxed
        best = best or relaxed
        if not near or eliciting is not None:
            return best
        return self._paraphrase(relaxed_text, best, said)

    def _without_a_name(
        self, relaxed: _Text, eliciting: tuple[str, str] | None
    ) -> _Candidate | None:
        """A name said to the partner before or after the request ("carlos, ya volví", "I'm
        back, Sam"): one word at either end that no sample uses and that is no danger or fear
        word, when the rest is one of our samples as it stands (not SafetyIntent's, no
        free-form slot)."""
        words = relaxed.words
        if len(words) < _NAME_MIN_WORDS:
            return None
        function_words = _FUNCTION_WORDS.get(self.lang, _FUNCTION_WORDS["en"])
        for start, end in ((1, len(words)), (0, len(words) - 1)):
            name = words[0] if start else words[-1]
            if not self._unknown_word(name):
                continue
            if _word_number(name, self.lang) is not None:
                continue  # "can we push it back fifteen": a number, read beside the sample
            rest = _Text(relaxed.raw, words[start:end], relaxed.origin[start:end])
            if all(word in function_words for word in rest.words):
                continue  # "i'm shaking" is not "i'm" and a name
            if not start and words[-2] in function_words:
                continue  # "dame un chiste": a name does not follow "un", "the", "my"
            found = self._best(rest, eliciting, relaxed=True)
            if (
                found is not None
                and not found.free_form
                and found.intent != _SAFETY_INTENT
                and len(found.sample.split()) >= _NAME_MIN_WORDS  # not "next | song"
            ):
                return found
        return None

    def _unknown_word(self, word: str) -> bool:
        """A word that may be a name: letters only, at least _NAME_MIN_LETTERS of them, no
        sample's word, no danger or fear word."""
        return (
            word.isalpha()
            and len(word) >= _NAME_MIN_LETTERS
            and word not in self._vocabulary
            and _stem(word) not in self._safety_stems
        )

    def _paraphrase(
        self, relaxed: _Text, best: _Candidate | None, said: Sequence[str] = ()
    ) -> _Candidate | None:
        """What no sample says as such: a literal paraphrase (``_paraphrase_of_samples``), else,
        for what that leaves to Fallback or SafetyIntent's catch-all carrier, the intent the
        samples' words point to (``_by_intent_words``)."""
        found = self._paraphrase_of_samples(relaxed, best, said)
        if found is None or (found.intent == _SAFETY_INTENT and found.free_form):
            return self._by_intent_words(relaxed, said) or found
        return found

    def _paraphrase_of_samples(
        self, relaxed: _Text, best: _Candidate | None, said: Sequence[str] = ()
    ) -> _Candidate | None:
        """Two samples said together, a near match, or one sample said inside a longer
        sentence; ``best`` is the free-form reading (or None) they would replace, ``said``
        every word of the sentence (none trimmed or relaxed away)."""
        if best is None or best.intent == _SAFETY_INTENT or best.rank[2] <= _CARRIER_WORDS:
            # every word is one of two samples' own: that beats any catch-all carrier
            two = self._two_samples(relaxed)
            if two is not None:
                return two
        if best and best.rank[2] > _CARRIER_WORDS:
            return best  # a free-form slot inside a long sample of its own is a real reading
        near = self._near_match(relaxed)
        if near is not None and near.intent == _SAFETY_INTENT and best is not None:
            # "I want to end this conversation" is only like "I want to end it all": a carrier
            # that takes every word ("i {selfSaid}") hands them to the safety check instead
            return best
        if near is None and best is not None and _tells_a_feeling(best):
            return best  # how someone feels is the safety check's to read, sample or not
        return near or self._sample_within(relaxed, said) or best

    def _whole_request(self, candidate: _Candidate) -> bool:
        """A reading of one of our own samples that asks for something by itself: no
        free-form slot, not SafetyIntent's or a built-in intent's ("turn off" is Stop only
        said alone), at least one content word of its own (not "for {duration}"), and a
        number slot filled by more than an article ("dame un chiste" is not "dame {minutes}")."""
        if candidate.free_form or candidate.intent in (_SAFETY_INTENT, FALLBACK_INTENT):
            return False
        if candidate.intent.startswith("AMAZON."):
            return False
        function_words = _FUNCTION_WORDS.get(self.lang, _FUNCTION_WORDS["en"])
        literal = _clean(_SLOT_REFERENCE.sub(" ", candidate.sample))
        if all(_fold(word) in function_words for word in literal):
            return False
        articles = _ARTICLE_NUMBERS.get(self.lang, frozenset())
        return not any(
            slot.value == "1"
            and slot.slot_type == "AMAZON.NUMBER"
            and _fold(slot.raw or "") in articles
            for slot in candidate.slots.values()
        )

    def _about_partner(self, relaxed: _Text, start: int, end: int) -> bool:
        """Whether the words of ``relaxed`` outside ``start:end`` say what the partner does:
        a partner pronoun ("he", "she", "ellos"), a third-person "está", or the partner named
        other than after a preposition ("space *from* my husband" is about oneself)."""
        lang = self.lang
        pronouns = _PARTNER_PRONOUNS.get(lang, frozenset())
        prepositions = _PREPOSITIONS.get(lang, frozenset())
        outside = [*range(start), *range(end, len(relaxed.words))]
        for position in outside:
            word, said = relaxed.words[position], relaxed.said_at(position)
            if word in pronouns or said in pronouns:
                return True
            if word == _PARTNER_WORD.get(lang):
                before = relaxed.words[position - 2 : position]
                if not set(before) & prepositions:
                    return True
        return False

    def _sample_within(self, relaxed: _Text, said: Sequence[str] = ()) -> _Candidate | None:
        """One of our samples said whole inside a longer sentence ("right, I'm back, sorry
        about that"; "I need some space from my husband"): Alexa's statistical NLU hears the
        sample's intent, and so does this, when the longest such sample is one intent's and
        the words around it carry nothing the safety check must read: no word only danger
        phrasings use, no fear or hurt word, no "he"/"she"/"they" (what the partner does goes
        to SafetyIntent's carrier), no negation just before the sample ("I don't need a
        break"). The sample keeps at least SAMPLE_WITHIN_SHARE of the words."""
        words = relaxed.words
        size = len(words)
        if size < _SAMPLE_WITHIN_MIN_WORDS:
            return None
        if self._says_a_guarded_word((*words, *said)):  # "mi vida" is no pet name here
            return None
        negations = _NEGATIONS.get(self.lang, frozenset())
        warnings = _WARNINGS.get(self.lang, frozenset())
        function_words = _FUNCTION_WORDS.get(self.lang, _FUNCTION_WORDS["en"])
        least = max(_SAMPLE_WITHIN_MIN_SPAN, math.ceil(size * SAMPLE_WITHIN_SHARE))
        for length in range(size - 1, least - 1, -1):
            found: list[tuple[_Candidate, int, int]] = []
            for start in range(size - length + 1):
                end = start + length
                if self._about_partner(relaxed, start, end):
                    continue
                if set(words[max(0, start - _NEGATION_REACH) : start]) & negations:
                    continue
                span = _Text(relaxed.raw, words[start:end], relaxed.origin[start:end])
                if all(word in function_words or word in negations for word in span.words):
                    continue  # "i am" is no request ("i'm back again", relaxed)
                candidate = self._best(span, None, relaxed=True)
                if candidate is None or not self._whole_request(candidate):
                    continue
                if set(words[end:]) & warnings:
                    continue  # "... before I snap", "... or I'll explode": what they fear doing
                found.append((candidate, start, end))
            if found:
                if len({candidate.intent for candidate, _, _ in found}) > 1:
                    return None
                candidate, start, end = found[0]
                return self._with_slots_around(candidate, relaxed, start, end)
        return None

    def _with_slots_around(
        self, candidate: _Candidate, relaxed: _Text, start: int, end: int
    ) -> _Candidate:
        """``candidate`` (a sample found at ``start:end``) with its empty slots filled from the
        words around it: a sample of the same intent said there ("I'm taking the dog out, back
        in half an hour": the duration of "back in {duration}"), else one of its slot phrases
        ("until 9:45 pm"), and a first name the samples never say ("when's Priya back")."""
        empty = [name for name, slot in candidate.slots.items() if slot.value is None]
        if not empty:
            return candidate
        slots = dict(candidate.slots)
        for first, last in ((0, start), (end, len(relaxed.words))):
            filled = self._slots_within(candidate.intent, relaxed, first, last)
            if filled is not None:
                for name, slot in filled.slots.items():
                    if slot.value is not None and slots.get(name, Slot(name)).value is None:
                        slots[name] = slot
        named = self._first_name_around(candidate.intent, relaxed, start, end)
        for name, slot_type in self._slot_types.get(candidate.intent, {}).items():
            if (
                slot_type == "AMAZON.FirstName"
                and named
                and slots.get(name, Slot(name)).value is None
            ):
                slots[name] = Slot(name, named[0], named[1], slot_type=slot_type)
        return replace(candidate, slots=slots)

    def _slots_within(
        self, intent: str, relaxed: _Text, first: int, last: int
    ) -> _Candidate | None:
        """The longest span of ``first:last`` that is a sample of ``intent`` with a slot value,
        or failing that one of its slot phrases."""
        spans = [
            _Text(relaxed.raw, relaxed.words[a : a + length], relaxed.origin[a : a + length])
            for length in range(last - first, 0, -1)
            for a in range(first, last - length + 1)
        ]
        for part in spans:
            if len(part.words) < _SAMPLE_WITHIN_MIN_SPAN:
                break  # longest first: the rest are shorter still
            other = self._best(part, None, relaxed=True)
            if (
                other is not None
                and other.intent == intent
                and not other.free_form
                and any(slot.value is not None for slot in other.slots.values())
            ):
                return other
        return next((phrase for part in spans if (phrase := self._slot_phrase(part, intent))), None)

    def _first_name_around(
        self, intent: str, relaxed: _Text, start: int, end: int
    ) -> tuple[str, str] | None:
        """(value, as said) of the one word around ``start:end`` that can only be a name: a
        word no sample says, letters only ("priya's" as "priya"), no function, danger or fear
        word; None when there is no such word or more than one."""
        if "AMAZON.FirstName" not in self._slot_types.get(intent, {}).values():
            return None
        function_words = _FUNCTION_WORDS.get(self.lang, _FUNCTION_WORDS["en"])
        found: list[tuple[str, str]] = []
        for position in (*range(start), *range(end, len(relaxed.words))):
            said = relaxed.said_at(position)
            word = said[:-2] if said.endswith("'s") else said
            folded = _fold(word)
            if (
                not self._unknown_word(word)
                or not self._unknown_word(folded)
                or relaxed.words[position] in self._vocabulary
                or folded in function_words
            ):
                continue
            origin = relaxed.origin[position]
            before = relaxed.raw[origin - 1] if 0 < origin <= len(relaxed.raw) else ""
            if before in _ARTICLES.get(self.lang, frozenset()):
                continue  # "esperar al autobús", "after the game": a thing, not a name
            value = _first_name(word)
            if value is not None:
                found.append((value, word))
        return found[0] if len(found) == 1 else None

    def near_match_scores(
        self, text: str, *, leave_out_own: bool = False
    ) -> list[tuple[float, str]]:
        """(score, intent) of the near match for ``text``, best first.

        ``leave_out_own`` drops the samples with exactly the text's content words: how a line
        that is itself a sample would fare if it were not (leave-one-out calibration).
        """
        relaxed = self._relaxed_text(_Text.of(text))
        function_words = _FUNCTION_WORDS.get(self.lang, _FUNCTION_WORDS["en"])
        content = frozenset(w for w in relaxed.words if w not in function_words)
        subject = _subject(relaxed, self.lang)
        partner = _mentions_partner(relaxed, self.lang)
        said = frozenset(relaxed.words)
        samples = [
            (i, c, words)
            for (i, c, about, names_partner), words in zip(
                self._near, self._near_words, strict=True
            )
            if names_partner or not partner
            if not (leave_out_own and c == content)
            # a near match never changes who the sentence is about ("he's" is not "I'm"), and
            # a sentence about the partner is only like a sample about the partner
            if (subject is None or about is None or about == subject)
            and (subject != "partner" or about == "partner")
        ]
        guarded = self._safety_stems | _SELF_HARM_STEMS.get(self.lang, frozenset())
        negations = _NEGATIONS.get(self.lang, frozenset())
        best: dict[str, float] = {}
        for intent, sample, sample_words in samples:
            shared = len(content & sample)
            score = shared / len(content | sample)
            if not shared or (shared == 1 and score < 1.0):
                continue  # one word in common is a match only when it is all there is
            if shared == 1 and len(said ^ sample_words) > _ONE_WORD_NEAR_SLACK:
                continue  # and then the rest must be said alike ("what time is it" is not
                # "from time to time")
            left_out = content - sample
            if {_stem(word) for word in left_out} & guarded:
                continue  # never leave out a word only danger phrasings use, nor self-harm
            if left_out & negations:
                continue  # nor a negation ("i don't think i need a break")
            best[intent] = max(best.get(intent, 0.0), score)
        return sorted(((score, intent) for intent, score in best.items()), reverse=True)

    def _two_samples(self, relaxed: _Text) -> _Candidate | None:
        """Two of one intent's samples said one after the other ("I'm so mad, help me calm
        down"; "I'm going for a drive, back in an hour"): Alexa hears that intent, and so does
        this. Each part must be a whole sample (ignorable words aside; a slot only where its
        value checks out), both of the same intent, and every way of splitting the words that
        works must agree; two intents ("I'm calm, let's talk") or a part that is no sample
        ("he's yelling, I need a break") is no match, so the safety carriers still get the
        words. No free-form slot takes part."""
        words = relaxed.words
        danger = self._one_word_then_danger(relaxed) if len(words) > 1 else None
        if danger is not None or len(words) < _TWO_SAMPLES_MIN_WORDS:
            return danger
        found: list[_Candidate] = []
        for cut in range(2, len(words) - 1):
            rest = cut + 1 if words[cut] in _CONJUNCTIONS.get(self.lang, ()) else cut
            if rest >= len(words):
                continue
            head = _Text(relaxed.raw, words[:cut], relaxed.origin[:cut])
            tail = _Text(relaxed.raw, words[rest:], relaxed.origin[rest:])
            first = self._best(head, None, relaxed=True)
            second = self._best(tail, None, relaxed=True)
            # one clause a sample of ours, the other SafetyIntent's: the check reads the latter
            # ("I'm going for a walk, he pushed me"; not "when is | he coming back")
            said_first, said_second = self._said(first), self._said(second)
            clause = (
                second
                if second is not None and said_first and self._safety_clause(second, tail)
                else first
                if first is not None and said_second and self._safety_clause(first, head)
                else None
            )
            if clause is not None:
                return self._safety_reading(relaxed, first, second, clause)
            if first is None or first.free_form or first.intent == FALLBACK_INTENT:
                continue
            if second is None or second.free_form or second.intent != first.intent:
                if second is not None and not second.free_form:
                    return None  # the parts are two different requests
                continue
            slots = {
                name: slot if slot.value is not None else second.slots.get(name, slot)
                for name, slot in first.slots.items()
            }
            found.append(_Candidate((0,), first.intent, "", slots))
        if not found or len({candidate.intent for candidate in found}) > 1:
            return None
        return found[0]

    def _one_word_then_danger(self, relaxed: _Text) -> _Candidate | None:
        """A one-word request of ours before one of SafetyIntent's danger samples ("ayúdame,
        me está pegando"; "help, he's choking me"): the danger sample is the reading."""
        words = relaxed.words
        head = _Text(relaxed.raw, words[:1], relaxed.origin[:1])
        tail = _Text(relaxed.raw, words[1:], relaxed.origin[1:])
        second = self._best(tail, None, relaxed=True)
        if second is None or second.intent != _SAFETY_INTENT or second.free_form:
            return None
        return second if self._said(self._best(head, None, relaxed=True)) else None

    def _safety_reading(
        self,
        relaxed: _Text,
        first: _Candidate | None,
        second: _Candidate | None,
        clause: _Candidate,
    ) -> _Candidate:
        """The SafetyIntent reading of a sentence with a safety clause: a danger sample among
        its parts, else the carrier taking every word, else the clause's own carrier."""
        for part in (first, second):
            if part is not None and part.intent == _SAFETY_INTENT and not part.free_form:
                return part
        whole = self._best(relaxed, None, relaxed=True)
        return whole if whole is not None and whole.intent == _SAFETY_INTENT else clause

    @staticmethod
    def _said(part: _Candidate | None) -> bool:
        """A reading of one of our samples: all its words its own, or a built-in slot Alexa
        heard but could not convert ("give me {duration}" for "give me a break")."""
        return part is not None and (not part.free_form or part.rank[1:2] == (0,))

    def _safety_clause(self, part: _Candidate, text: _Text) -> bool:
        """A part of a sentence that is SafetyIntent's: one of its danger samples, or its
        carrier taking words about the partner or a danger or fear word ("he pushed me", "I'm
        frightened"); such a part is never left out of the reading."""
        if part.intent != _SAFETY_INTENT:
            return False
        if not part.free_form:
            return True
        return _subject(text, self.lang) == "partner" or any(
            _stem(word) in self._safety_stems for word in text.words
        )

    @cached_property
    def _slot_phrases(self) -> dict[str, tuple[_Pattern, ...]]:
        """Per intent, each duration, time or number slot of its samples with the word before
        it ("until {time}", "for {duration}") and alone ("{minutes}"): how Alexa's statistical
        slot filling finds a value beside a request it recognised some other way ("start a
        break *until 9:45 pm*", "can we push it back *fifteen*")."""
        phrases: dict[str, dict[tuple[tuple[str, bool], ...], _Pattern]] = {}
        for pattern in self._relaxed_patterns:
            if pattern.source != _SOURCE_MODEL or pattern.intent == _SAFETY_INTENT:
                continue
            types = self._slot_types.get(pattern.intent, {})
            elements = pattern.elements
            for i, (name, is_slot) in enumerate(elements):
                if not is_slot or types.get(name) not in _CONVERTED_TYPES:
                    continue
                found = phrases.setdefault(pattern.intent, {})
                shapes: list[tuple[tuple[str, bool], ...]] = [(elements[i],)]
                if i and not elements[i - 1][1]:
                    shapes.append((elements[i - 1], elements[i]))
                for shape in shapes:
                    found.setdefault(shape, replace(pattern, elements=shape))
        return {intent: tuple(found.values()) for intent, found in phrases.items()}

    def _slot_phrase(self, part: _Text, intent: str) -> _Candidate | None:
        """``part`` read as one of ``intent``'s slot phrases, its value checked by its type; a
        lone article is no number ("a", "un"), a lone unit no length ("es la *hora*")."""
        if len(part.words) == 1 and part.words[0] in _ARTICLE_NUMBERS.get(self.lang, ()):
            return None
        if len(part.words) == 1 and part.words[0] in _duration_words(self.lang).singular:
            return None  # a unit alone beside a request is no length: "ya es la hora"
        present = frozenset(part.words)
        for pattern in self._slot_phrases.get(intent, ()):
            if not self._could_match(pattern, part, present):
                continue
            for spans in self._alignments(pattern, part.words):
                found = self._evaluate(pattern, spans, part, in_context=False)
                if found is not None and not found.free_form:
                    return found
        return None

    def _learn_intent_words(self, sample_texts: Mapping[tuple[str, str], _Text]) -> _IntentWords:
        """Every model sample's features, per intent (SafetyIntent's carriers left out)."""
        learned: dict[str, list[frozenset[str]]] = {}
        negated: dict[str, set[str]] = {}
        for pattern in self._relaxed_patterns:
            if pattern.source != _SOURCE_MODEL:
                continue
            if pattern.intent == _SAFETY_INTENT and pattern.has_slots:
                continue  # its carriers stand for any words at all
            said = sample_texts[pattern.intent, pattern.sample]
            stems, features = self._intent_features(said)
            if stems:
                learned.setdefault(pattern.intent, []).append(features)
                negated.setdefault(pattern.intent, set()).update(self._negated_stems(said))
        return _IntentWords.learn(learned, negated)

    def _intent_features(self, relaxed: _Text) -> tuple[frozenset[str], frozenset[str]]:
        """The content stems of ``relaxed``, and with them what the intent words also weigh:
        a negation, and whom the sentence is about."""
        function_words = _FUNCTION_WORDS.get(self.lang, _FUNCTION_WORDS["en"])
        negations = _NEGATIONS.get(self.lang, frozenset())
        stems = frozenset(
            _stem(word)
            for word in relaxed.words
            if word not in function_words
            and word not in negations
            and _word_number(word, self.lang) is None  # a value, not a word of the request
        )
        marks = set()
        if negations & set(relaxed.words):
            marks.add(_NEGATED)
        subject = _subject(relaxed, self.lang)
        if subject is not None:
            marks.add(_ABOUT + subject)
        return stems, stems | marks

    @cached_property
    def _guarded(self) -> frozenset[str]:
        return (
            self._safety_stems
            | self._safety_leaning
            | _SELF_HARM_STEMS.get(self.lang, frozenset())
            | _STRONG_STEMS.get(self.lang, frozenset())
        )

    def _says_a_guarded_word(self, words: Sequence[str]) -> bool:
        """A word no reading beyond the literal ones may take a sentence past: one only danger
        phrasings use or that leans to them, a fear, self-harm or losing-control word (an idiom
        such as "tiempo muerto" aside)."""
        return any(_stem(word) in self._guarded for word in _without_idioms(words, self.lang))

    def says_a_guarded_word(self, text: str) -> bool:
        """Whether ``text``, as said or relaxed, has a word the safety check must read
        (``_says_a_guarded_word``): no reading beyond the literal ones takes it."""
        spoken = _Text.of(text)
        return self._says_a_guarded_word(spoken.words) or self._says_a_guarded_word(
            self._relaxed_text(spoken).words
        )

    def _done_to_me(self, relaxed: _Text) -> bool:
        """A partner pronoun within _DONE_TO_ME_REACH words of "me", either way round ("he
        won't let me leave", "me está gritando"), or the partner named just before it ("my
        girlfriend attacked me"; not "help me make up with my wife")."""
        pronouns = _PARTNER_PRONOUNS.get(self.lang, frozenset())
        partner_word = _PARTNER_WORD.get(self.lang)
        me = _ME.get(self.lang, frozenset())
        words = [(word, relaxed.said_at(i)) for i, word in enumerate(relaxed.words)]
        mine = [i for i, (word, raw) in enumerate(words) if word in me or raw in me]
        for i, (word, raw) in enumerate(words):
            if word in pronouns or raw in pronouns:
                if any(abs(i - m) <= _DONE_TO_ME_REACH for m in mine):
                    return True
            elif word == partner_word and any(0 < m - i <= _DONE_TO_ME_REACH for m in mine):
                return True
        return False

    def _negated_stems(self, relaxed: _Text) -> frozenset[str]:
        """The content stems said within reach after a negation ("don't *need* a *break*")."""
        function_words = _FUNCTION_WORDS.get(self.lang, _FUNCTION_WORDS["en"])
        negations = _NEGATIONS.get(self.lang, frozenset())
        words = relaxed.words
        return frozenset(
            _stem(word)
            for i, negation in enumerate(words)
            if negation in negations
            for word in words[i + 1 : i + 2 + _NEGATION_REACH]
            if word not in function_words and word not in negations
        )

    def _by_intent_words(self, relaxed: _Text, said: Sequence[str]) -> _Candidate | None:
        """The intent the samples' words point to (``_IntentWords``), when no literal reading
        found one: most of the sentence's content words known to the samples, the best intent
        at least WORDS_MIN_SHARE likely, and no word the safety check must read."""
        stems, features = self._intent_features(relaxed)
        if not stems or not self._words_may_read(relaxed, said, stems):
            return None
        ranked = self._intent_words.posterior(features)
        share, intent = ranked[0] if ranked else (0.0, _SAFETY_INTENT)
        if (
            intent == _SAFETY_INTENT
            or share < WORDS_MIN_SHARE
            or not self._intent_words.allows(intent, self._negated_stems(relaxed))
        ):
            return None
        return self._reading_of(intent, relaxed)

    def _reading_of(self, intent: str, relaxed: _Text) -> _Candidate:
        """``intent`` read from the whole sentence, no sample said as such: its slots filled
        only from the words (``_with_slots_around``)."""
        types = self._slot_types.get(intent, {})
        slots = {name: Slot(name, slot_type=slot_type) for name, slot_type in types.items()}
        return self._with_slots_around(_Candidate((0,), intent, "", slots), relaxed, 0, 0)

    def _words_may_read(self, relaxed: _Text, said: Sequence[str], stems: frozenset[str]) -> bool:
        """No word the safety check must read, nothing the partner does to the speaker, and
        enough words the samples know (else another domain)."""
        if self._says_a_guarded_word((*relaxed.words, *said)):
            return False
        if self._done_to_me(relaxed):
            return False
        known = self._intent_words.known(stems)
        return known >= _WORDS_KNOWN_MIN and known >= _WORDS_KNOWN_SHARE * len(stems)

    def _near_match(self, relaxed: _Text) -> _Candidate | None:
        """Alexa's statistical NLU hears a paraphrase of a sample; this literal one needs the
        same content words, mostly: at least NEAR_MATCH_MIN of them shared with one sample, and
        clearly ahead of every other intent. Slots are filled only from a slot sample of the
        same intent said whole among the words."""
        scores = self.near_match_scores(" ".join(relaxed.raw))
        if not scores or scores[0][0] < NEAR_MATCH_MIN:
            return None
        score, intent = scores[0]
        runner_up = next((s for s, other in scores[1:] if other != intent), 0.0)
        if score - runner_up < NEAR_MATCH_MARGIN:
            return None
        # a slot sample of the same intent inside the words fills its slots ("necesito
        # salirme a tomar aire como media hora": "como {duration}")
        return self._reading_of(intent, relaxed)

    def _patterns_for(
        self, eliciting: tuple[str, str] | None, relaxed: bool = False
    ) -> Iterator[tuple[_Pattern, bool]]:
        slot_samples = self._relaxed_slot_samples if relaxed else self._slot_samples
        if eliciting is not None:
            for pattern in slot_samples.get(eliciting, []):
                yield pattern, True
        for pattern in self._relaxed_patterns if relaxed else self._patterns:
            yield pattern, eliciting is not None and pattern.intent == eliciting[0]

    def _best(
        self, spoken: _Text, eliciting: tuple[str, str] | None, relaxed: bool = False
    ) -> _Candidate | None:
        if not spoken.words:
            return None
        present = frozenset(spoken.words)
        best: _Candidate | None = None
        for pattern, in_context in self._patterns_for(eliciting, relaxed):
            if not self._could_match(pattern, spoken, present):
                continue
            for spans in self._alignments(pattern, spoken.words):
                candidate = self._evaluate(pattern, spans, spoken, in_context)
                if candidate is not None and (best is None or candidate.rank > best.rank):
                    best = candidate
        return best

    def _could_match(self, pattern: _Pattern, spoken: _Text, present: frozenset[str]) -> bool:
        if len(pattern.elements) > len(spoken.words):
            return False
        if not pattern.has_slots and len(pattern.elements) != len(spoken.words):
            return False
        return all(
            is_slot or word in present or _word_number(word, self.lang) is not None
            for word, is_slot in pattern.elements
        )

    def _same_word(self, spoken: str, literal: str) -> bool:
        if spoken == literal:
            return True
        number = _word_number(literal, self.lang)
        return number is not None and number == _word_number(spoken, self.lang)

    def _alignments(
        self, pattern: _Pattern, words: Sequence[str]
    ) -> Iterator[dict[str, tuple[int, int]]]:
        """Every way to lay the sample over the words: slot name -> (start, end)."""
        elements = pattern.elements
        count = len(words)
        spans: dict[str, tuple[int, int]] = {}

        def walk(element: int, position: int) -> Iterator[dict[str, tuple[int, int]]]:
            if element == len(elements):
                if position == count:
                    yield dict(spans)
                return
            text, is_slot = elements[element]
            if not is_slot:
                if position < count and self._same_word(words[position], text):
                    yield from walk(element + 1, position + 1)
                return
            needed_after = len(elements) - element - 1
            for end in range(position + 1, count - needed_after + 1):
                spans[text] = (position, end)
                yield from walk(element + 1, end)
                del spans[text]

        yield from walk(0, 0)

    def _evaluate(
        self,
        pattern: _Pattern,
        spans: Mapping[str, tuple[int, int]],
        spoken: _Text,
        in_context: bool,
    ) -> _Candidate | None:
        types = self._slot_types.get(pattern.intent, {})
        slots = {name: Slot(name, slot_type=slot_type) for name, slot_type in types.items()}
        qualities: list[int] = []
        for name, (start, end) in spans.items():
            slot, quality = self._fill(name, types.get(name, ""), spoken, start, end)
            slots[name] = slot
            qualities.append(quality)
        literal = pattern.literal_count
        if any(
            quality == _INVALID and types.get(name, "") in _CONVERTED_TYPES
            for (name, _span), quality in zip(spans.items(), qualities, strict=True)
        ):
            # Alexa's built-in duration, time and number types only take words they can read:
            # "give me the news" is not "give me {duration}", "necesito un taxi" not
            # "necesito {duration}"
            return None
        if not spans:
            tier = 4 if pattern.source == _SOURCE_MODEL else 3
            return _Candidate((tier,), pattern.intent, pattern.sample, slots)
        if literal == 0 and min(qualities) < _STRONG and not (in_context and min(qualities) > 0):
            return None  # a bare free-form slot would swallow anything
        rank = (
            2 if in_context else 1,
            int(min(qualities) > _INVALID),
            literal,
            qualities.count(_STRONG),
            pattern.source,
        )
        free_form = min(qualities) < _STRONG
        return _Candidate(rank, pattern.intent, pattern.sample, slots, free_form)

    def _fill(
        self, name: str, slot_type: str, spoken: _Text, start: int, end: int
    ) -> tuple[Slot, int]:
        raw = spoken.raw_span(start, end)
        words = spoken.words[start:end]
        custom = self._custom.get(slot_type)
        if custom is not None:
            resolution = custom.resolve(raw)
            authority = f"amzn1.er-authority.echo-sdk.{self.skill_id}.{slot_type}"
            slot = Slot(name, raw, raw, resolution, slot_type, authority)
            return slot, _STRONG if resolution else _WEAK
        parser = _STRONG_PARSERS.get(slot_type)
        if parser is not None:
            # the words as said, not as relaxed ("ocho de la noche" is not "ocho de el noche");
            # the relaxed ones only when the words as said do not read
            said = spoken.said_words(start, end)
            value = parser(said, self.lang) if said else None
            if value is None and said != words:
                value = parser(words, self.lang)
            if value is None:
                return Slot(name, UNRESOLVED, raw, slot_type=slot_type), _INVALID
            return Slot(name, value, raw, slot_type=slot_type), _STRONG
        if slot_type == "AMAZON.FirstName":
            return self._first_name_slot(name, slot_type, raw)
        return Slot(name, raw, raw, slot_type=slot_type), _WEAK

    def _first_name_slot(self, name: str, slot_type: str, raw: str) -> tuple[Slot, int]:
        said_words = raw.split()
        if len(said_words) > 1 and any(_fold(w) in self._vocabulary for w in said_words[1:]):
            # a name and then the request's own words ("tom due back", "carlos para
            # volver"): Alexa's name slot ends where the sample's words go on
            said_words = said_words[:1]
            if _fold(said_words[0]) in self._vocabulary:
                return Slot(name, UNRESOLVED, raw, slot_type=slot_type), _INVALID
        first = _first_name(" ".join(said_words))
        if first is None:
            return Slot(name, UNRESOLVED, raw, slot_type=slot_type), _INVALID
        return Slot(name, first, raw, slot_type=slot_type), _WEAK

    # ----------------------------------------------------------------------- self check

    def example_for(self, slot_type: str) -> str:
        """A spoken example value of ``slot_type`` (used to instantiate slot samples)."""
        custom = self._custom.get(slot_type)
        if custom is not None and custom.lookup:
            return next(iter(custom.lookup.values()))[0]
        examples = _TYPE_EXAMPLES_BY_LANG.get(self.lang, _TYPE_EXAMPLES)
        return examples.get(slot_type, "algo" if self.lang == "es" else "something")

    def instantiate(self, intent: str, sample: str) -> str:
        """``sample`` with each ``{slot}`` replaced by an example value of its type."""
        types = self._slot_types.get(intent, {})
        return _SLOT_REF.sub(lambda m: self.example_for(types.get(m.group(1), "")), sample)

    def check(self) -> list[str]:
        """Problems with the model; see :func:`self_check`."""
        problems: list[str] = []
        owners: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for intent, samples in self._declared.items():
            types = self._slot_types[intent]
            for sample in samples:
                pattern = _Pattern.compile(intent, sample, _SOURCE_MODEL)
                owners.setdefault(pattern.key(types), []).append((intent, sample))
                problems += self._check_sample(intent, sample, pattern)
        for (first_intent, first_sample), *others in (v for v in owners.values() if len(v) > 1):
            for other_intent, other_sample in others:
                if other_intent != first_intent:
                    problems.append(
                        f"sample {first_sample!r} of {first_intent} is also declared by "
                        f"{other_intent} as {other_sample!r}"
                    )
        return problems

    def _check_sample(self, intent: str, sample: str, pattern: _Pattern) -> list[str]:
        types = self._slot_types[intent]
        unknown = [name for name, is_slot in pattern.elements if is_slot and name not in types]
        if unknown:
            return [f"sample {sample!r} of {intent} uses undeclared slot(s) {', '.join(unknown)}"]
        filled = self.instantiate(intent, sample)
        slot_names = [name for name, is_slot in pattern.elements if is_slot]
        eliciting = (intent, slot_names[0]) if pattern.literal_count == 0 and slot_names else None
        # The samples themselves, as written: the near match is for what no sample says.
        result = self.parse_utterance(filled, eliciting=eliciting, near=False)
        if result.intent == intent:
            return []
        return [
            f"sample {sample!r} of {intent} (said as {filled!r}) parses to {result.intent}"
            + (f" via {result.matched_sample!r}" if result.matched_sample else "")
        ]


@lru_cache(maxsize=16)
def _nlu_of_file(path: str, stamp: tuple[int, int], locale: str, skill_id: str) -> Nlu:
    """One NLU per model file as it is on disk: building one reads every sample (about a
    second for a shared model), and an Nlu never changes once built."""
    del stamp  # part of the cache key only
    return Nlu(json.loads(Path(path).read_text(encoding="utf-8")), locale, skill_id=skill_id)


def self_check(model: Mapping[str, Any], locale: str = "en-US") -> list[str]:
    """Problems in an interaction model, as sentences (empty when it is consistent).

    Reports a sample of one intent that the NLU routes to another intent (each
    ``{slot}`` said as an example value of its type), a sample (after normalisation,
    slots compared by type) declared by two intents, and samples naming undeclared slots.
    A sample made only of free-form slots ("{name}") is checked while eliciting that slot.
    """
    return Nlu(model, locale).check()
