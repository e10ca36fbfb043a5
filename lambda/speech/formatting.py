"""Clock times and durations as a speaker says them, per locale, with Babel's CLDR data.

Clock times follow the product's own rule per market (`_EN_CLOCK`, `_ES_DAY_PARTS`): the words a
card shows must not change because a CLDR release did. What Babel gives per market: plural rules
("1 minuto", "20 minutos"), how two parts are joined ("and" / "y") and weekday names. What stays a
hand rule: the few phrasings that are idiom rather than data ("an hour", "and a half",
"una hora y media", "tomorrow at", "noon").

Speech uses each market's *spoken* clock, not its written one. CLDR's short time for en-GB and es-ES
is 24-hour ("20:45"), which is how timetables are written there; said aloud, people use the 12-hour
clock ("8:45 pm", "a las 8:45 de la noche"), and Alexa reads "20:45" as "twenty forty-five", like a
station announcement.

Spanish clock times carry their article ("las 8:45 de la noche", "la 1 de la tarde"), because
Spanish hours take one and it agrees with the hour ("a las nueve", "a la una"); phrases say
"a {time}".

Only the eight supported locales ever reach Babel (anything else falls back to one of them), so the
Lambda package needs only their CLDR files: `BABEL_DATA_FILES`. Babel is imported on first use, so a
turn that speaks no time or duration never loads it.
"""

from __future__ import annotations

from datetime import datetime, time
from functools import cache
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from babel import Locale

SUPPORTED_LOCALES: Final = (
    "en-US",
    "en-GB",
    "en-CA",
    "en-AU",
    "en-IN",
    "es-US",
    "es-ES",
    "es-MX",
)
DEFAULT_LOCALE: Final = "en-US"
# A language Alexa sends that is not a supported market gets the nearest supported one.
_LANGUAGE_DEFAULT: Final = {"en": "en-US", "es": "es-US"}

# babel/locale-data/<name>.dat files the supported locales load (each locale, then its CLDR
# parents: en-GB/en-AU/en-IN inherit from en_001, es-US/es-MX from es_419; all from root).
# tests/test_locales.py proves the list by formatting every locale with only these files present.
BABEL_DATA_FILES: Final = frozenset(
    {
        "root",
        "en",
        "en_001",
        "en_US",
        "en_GB",
        "en_CA",
        "en_AU",
        "en_IN",
        "es",
        "es_419",
        "es_US",
        "es_ES",
        "es_MX",
    }
)

# How each market writes a spoken clock time: the product's own rule, not CLDR's (whose am/pm marks
# change between releases: en-IN went from "pm" to "PM" in CLDR 48). Cards and screens show these
# words; Alexa speaks "PM", "pm" and "p.m." alike. US style "8:45 PM"; Canadian Press "8:45 p.m.";
# British, Australian and Indian English "8:45 pm". Noon is "midday" in Australia, "noon" elsewhere.
_EN_CLOCK: Final[dict[str, tuple[str, str, str]]] = {  # locale -> (am, pm, noon)
    "en-US": ("AM", "PM", "noon"),
    "en-CA": ("a.m.", "p.m.", "noon"),
    "en-GB": ("am", "pm", "noon"),
    "en-AU": ("am", "pm", "midday"),
    "en-IN": ("am", "pm", "noon"),
}
# Spanish speaks the 12-hour clock with a part of the day, the same in every Spanish market:
# (first hour, words) in order; midnight itself is "las 12 de la noche", noon "las 12 del mediodía".
_ES_DAY_PARTS: Final = (
    (0, "de la madrugada"),
    (6, "de la mañana"),
    (12, "de la tarde"),
    (20, "de la noche"),
)

_SPACES: Final = str.maketrans({"\u202f": " ", "\u00a0": " "})


def supported_locale(locale: str | None) -> str:
    """One of SUPPORTED_LOCALES: the locale itself, its language's default market, or en-US."""
    if not locale:
        return DEFAULT_LOCALE
    parts = locale.replace("_", "-").split("-")
    normal = parts[0].lower() + ("-" + parts[1].upper() if len(parts) > 1 else "")
    if normal in SUPPORTED_LOCALES:
        return normal
    return _LANGUAGE_DEFAULT.get(parts[0].lower(), DEFAULT_LOCALE)


def _language(locale: str) -> str:
    return locale.split("-", 1)[0]


@cache
def _babel(locale: str) -> Locale:
    from babel import Locale  # noqa: PLC0415 - loaded on first use (cold start)

    return Locale.parse(locale.replace("-", "_"))


def _as_time(moment: datetime | time) -> time:
    return moment.time() if isinstance(moment, datetime) else moment


# --------------------------------------------------------------------------- clock times


def clock_time(moment: datetime | time, locale: str | None = DEFAULT_LOCALE) -> str:
    """A clock time as said in the market (`_EN_CLOCK`, `_ES_DAY_PARTS`).

    en-US "8:45 PM", "9 PM", "noon", "midnight"; en-GB "8:45 pm"; en-CA "8:45 p.m.";
    es "las 8:45 de la noche", "la 1 de la tarde", "las 12 del mediodía", "las 12 de la noche".
    """
    market = supported_locale(locale)
    at = _as_time(moment).replace(second=0, microsecond=0)
    hour = at.hour % 12 or 12
    digits = f"{hour}" if at.minute == 0 else f"{hour}:{at.minute:02d}"
    if _language(market) == "es":
        if at.minute == 0 and at.hour in (0, 12):
            part = "de la noche" if at.hour == 0 else "del mediodía"
        else:
            part = next(words for start, words in reversed(_ES_DAY_PARTS) if at.hour >= start)
        return f"{'la' if hour == 1 else 'las'} {digits} {part}"
    am, pm, noon = _EN_CLOCK[market]
    if at.minute == 0 and at.hour in (0, 12):
        return noon if at.hour == 12 else "midnight"
    return f"{digits} {pm if at.hour >= 12 else am}"


def spoken_clock(at: time, locale: str | None = DEFAULT_LOCALE) -> str:
    """A clock time repeated back as heard, without am/pm: "at 9", "at 9:30", "a las 9", "a la 1".

    For when the device's time zone is unknown, so the skill cannot know which half-day was meant.
    """
    market = supported_locale(locale)
    if at.hour == 0 or at.hour > 12:
        # "21:00" can only be 9 PM: say it in full; only 1-12 o'clock is ambiguous.
        full = clock_time(at, market)
        return ("a " if _language(market) == "es" else "at ") + full
    said = f"{at.hour}" if at.minute == 0 else f"{at.hour}:{at.minute:02d}"
    if _language(market) == "es":
        return ("a la " if at.hour in (1, 13) else "a las ") + said
    return f"at {said}"


def _weekday(moment: datetime, locale: str) -> str:
    from babel.dates import format_date  # noqa: PLC0415

    return format_date(moment.date(), "EEEE", locale=_babel(locale))


def local_return_time(
    return_local: datetime, now_local: datetime, locale: str | None = DEFAULT_LOCALE
) -> str:
    """When to come back, said from now: "at 8:45 PM", "tomorrow at 7 AM", "Monday at 7 AM";
    "a las 8:45 de la noche", "mañana a las 7 de la mañana", "el lunes a las 7 de la mañana"."""
    market = supported_locale(locale)
    said = clock_time(return_local, market)
    days = (return_local.date() - now_local.date()).days
    if _language(market) == "es":
        if days == 1:
            return f"mañana a {said}"
        if days > 1:
            return f"el {_weekday(return_local, market)} a {said}"
        return f"a {said}"
    if days == 1:
        return f"tomorrow at {said}"
    if days > 1:
        return f"{_weekday(return_local, market)} at {said}"
    return f"at {said}"


def until_time(
    return_local: datetime, now_local: datetime, locale: str | None = DEFAULT_LOCALE
) -> str:
    """The same moment after "until": "8:45 PM", "tomorrow at 7 AM"; "las 8:45 de la noche",
    "mañana a las 7 de la mañana" ("hasta las 8:45 de la noche")."""
    market = supported_locale(locale)
    when = local_return_time(return_local, now_local, market)
    prefix = "a " if _language(market) == "es" else "at "
    return when.removeprefix(prefix)


# --------------------------------------------------------------------------- durations

# Idiom, not data: one of a unit said with its article, and "and a half".
_ONE: Final = {
    "en": {"duration-hour": "an hour", "duration-day": "a day"},
    "es": {"duration-hour": "una hora", "duration-day": "un día"},
}
_AND_A_HALF: Final = {"en": "{} and a half", "es": "{} y media"}  # only hours take it
DAY_MINUTES: Final = 24 * 60


def _unit(count: int, unit: str, locale: str) -> str:
    if count == 1 and unit in _ONE[_language(locale)]:
        return _ONE[_language(locale)][unit]
    from babel.units import format_unit  # noqa: PLC0415

    return format_unit(count, unit, length="long", locale=_babel(locale)).translate(_SPACES)


def _join(parts: list[str], locale: str) -> str:
    from babel.lists import format_list  # noqa: PLC0415

    return format_list(parts, locale=_babel(locale))


def minutes_words(minutes: int, locale: str | None = DEFAULT_LOCALE) -> str:
    """A span said plainly: "20 minutes", "an hour and a half", "2 hours and 5 minutes", "a day";
    "20 minutos", "una hora y media", "2 horas y 5 minutos", "un día"."""
    market = supported_locale(locale)
    minutes = max(0, minutes)
    if minutes == DAY_MINUTES:
        return _unit(1, "duration-day", market)
    if minutes < 60:
        return _unit(minutes, "duration-minute", market)
    hours, rest = divmod(minutes, 60)
    head = _unit(hours, "duration-hour", market)
    if rest == 0:
        return head
    if rest == 30:
        return _AND_A_HALF[_language(market)].format(head)
    return _join([head, _unit(rest, "duration-minute", market)], market)


def times_words(count: int, locale: str | None = DEFAULT_LOCALE) -> str:
    """How often: "once", "twice", "3 times"; "una vez", "dos veces", "3 veces"."""
    if _language(supported_locale(locale)) == "es":
        return {1: "una vez", 2: "dos veces"}.get(count, f"{count} veces")
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
