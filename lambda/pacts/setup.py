"""Setting up the pact by voice: which answers mean "skip", what is valid, what the pact becomes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Final

from pacts import names
from pacts.model import MAX_NAME_CHARS, MAX_SIGNAL_CHARS, MAX_SPACE_MINUTES, MIN_SPACE_MINUTES, Pact
from pacts.timing import parse_clock, parse_duration_minutes

# The order Alexa asks in (the dialog model in interaction_models/ lists them the same way).
SETUP_SLOTS = (
    "firstName",
    "partnerName",
    "spaceSignal",
    "connectionSignal",
    "defaultSpace",
    "longestSpace",
    "reflectionTime",
)
NAME_SLOTS = ("firstName", "partnerName")
SIGNAL_SLOTS = ("spaceSignal", "connectionSignal")
DURATION_SLOTS = ("defaultSpace", "longestSpace")
SKIP_WORDS = frozenset(
    {
        "skip", "skip it", "skip that", "skip this", "pass", "none", "no", "nope", "nothing",
        "not now", "later", "next", "i don't know", "don't know", "no idea", "keep it",
        "same", "the same", "leave it", "?",
    }
)  # fmt: skip
# Answers that mean "skip" in the set-up dialog and the reflection (is_skip),
# written as is_skip compares them: lower case, accents removed.
SPANISH_SKIP_WORDS: Final = frozenset(
    {
        "paso", "salta", "saltar", "saltalo", "saltatela", "siguiente", "omitir", "omitelo",
        "ninguno", "ninguna", "nada", "no", "no se", "ni idea", "despues", "luego", "mas tarde",
        "ahora no", "igual", "lo mismo", "dejalo", "dejalo asi", "dejalo como esta", "tal cual",
        "como esta", "sigue", "?",
    }
)  # fmt: skip
_PERIOD_TIMES = {"MO": "09:00", "AF": "14:00", "EV": "19:00", "NI": "21:00"}


def is_skip(value: str | None) -> bool:
    if value is None:
        return False
    folded = unicodedata.normalize("NFD", value.lower())
    unaccented = "".join(c for c in folded if not unicodedata.combining(c))
    cleaned = re.sub(r"[^a-z' ?]", "", unaccented).strip()
    return cleaned in SKIP_WORDS or cleaned in SPANISH_SKIP_WORDS


def clean_text(value: str, limit: int) -> str | None:
    printable = "".join(ch for ch in value if ch.isprintable() or ch.isspace())
    text = re.sub(r"\s+", " ", printable).strip(" .,!?;:")
    if not text or len(text) > limit:
        return None
    return text


def clean_name(value: str) -> str | None:
    name = clean_text(value, MAX_NAME_CHARS)
    return name[:1].upper() + name[1:] if name else None


def space_minutes(value: str) -> int | None:
    """Minutes for a space length, or None when unreadable or outside 5 min to 24 h."""
    minutes = parse_duration_minutes(value)
    if minutes is None or not MIN_SPACE_MINUTES <= minutes <= MAX_SPACE_MINUTES:
        return None
    return minutes


def reflection_clock(value: str) -> str | None:
    parsed = parse_clock(value)
    if isinstance(parsed, str):
        return _PERIOD_TIMES[parsed]
    if parsed is None:
        return None
    hour = parsed.hour + 12 if 1 <= parsed.hour <= 11 else parsed.hour  # evenings: "nine" is 9 PM
    return f"{hour:02d}:{parsed.minute:02d}"


def problem(
    values: Mapping[str, str | None], pact: Pact, *, may_lower_default: bool = False
) -> tuple[str, str] | None:
    """The first answer that cannot stand: (slot, problem key), or None.

    With `may_lower_default` (a single change of the longest space), a longest space below the
    usual one is fine: the usual one comes down with it.
    """
    for slot in NAME_SLOTS:
        value = values.get(slot)
        if value and not is_skip(value):
            name = clean_name(value)
            if name is None:
                return slot, "setup.too_long_text"
            if names.judge(name)[0] is names.Verdict.NOT_A_NAME:
                return slot, "setup.not_a_name"
    for slot in SIGNAL_SLOTS:
        value = values.get(slot)
        if value and not is_skip(value) and clean_text(value, MAX_SIGNAL_CHARS) is None:
            return slot, "setup.too_long_text"
    for slot in DURATION_SLOTS:
        value = values.get(slot)
        if value and not is_skip(value) and space_minutes(value) is None:
            return slot, "setup.bad_duration"
    default = _minutes_or(values.get("defaultSpace"), pact.default_space_minutes)
    longest = _minutes_or(values.get("longestSpace"), pact.longest_space_minutes)
    longest_given = values.get("longestSpace") and not is_skip(values["longestSpace"])
    if longest_given and longest < default and not may_lower_default:
        return "longestSpace", "setup.longest_short"
    return None


def _minutes_or(value: str | None, fallback: int) -> int:
    if not value or is_skip(value):
        return fallback
    return space_minutes(value) or fallback


def apply(pact: Pact, values: Mapping[str, str | None], voice: str | None = None) -> Pact:
    """The pact with every answered (not skipped) value taken in."""

    def given(slot: str) -> str | None:
        value = values.get(slot)
        return None if value is None or is_skip(value) else value

    names = list(pact.names) + [""] * (2 - len(pact.names))
    first, partner = given("firstName"), given("partnerName")
    if first and (name := clean_name(first)):
        names[0] = name
    if partner and (name := clean_name(partner)):
        names[1] = name
    voices = dict(pact.voices)
    if voice and first and names[0]:
        voices[voice] = names[0]
    default = _minutes_or(given("defaultSpace"), pact.default_space_minutes)
    longest = _minutes_or(given("longestSpace"), pact.longest_space_minutes)
    if longest < default:
        # The value just given wins: a new usual space raises the longest, a new longest
        # space lowers the usual one.
        if given("defaultSpace"):
            longest = default
        else:
            default = longest
    space_signal = given("spaceSignal")
    connection_signal = given("connectionSignal")
    reflection = given("reflectionTime")
    return replace(
        pact,
        names=tuple(n for n in names if n),
        voices=voices,
        space_signal=clean_text(space_signal, MAX_SIGNAL_CHARS)
        if space_signal
        else pact.space_signal,
        connection_signal=(
            clean_text(connection_signal, MAX_SIGNAL_CHARS)
            if connection_signal
            else pact.connection_signal
        ),
        default_space_minutes=default,
        longest_space_minutes=longest,
        reflection_time=(reflection_clock(reflection) if reflection else None)
        or pact.reflection_time,
    )


def signal_matches(said: str, signal: str | None) -> bool:
    """Does what was said carry the couple's signal phrase?"""
    if not signal:
        return False

    def words(text: str) -> str:
        return " ".join(re.findall(r"[a-z0-9']+", text.lower()))

    said_words, signal_words = words(said), words(signal)
    return bool(signal_words) and (said_words == signal_words or signal_words in said_words)
