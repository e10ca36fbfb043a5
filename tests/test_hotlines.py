"""Safety numbers per market (pacts/hotlines.py): complete, sourced, and said in every answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import get_args

import pytest

from pacts import hotlines
from speech import catalog, formatting, locales
from speech.ssml import check_ssml, to_plain_text

LOCALES = formatting.SUPPORTED_LOCALES
_NUMBER = re.compile(r"^\d[\d -]*\d$")

# What each market's answer must carry (issue 8 names the UK's three). A change here is a change
# to what a person in danger hears: re-check the sources in pacts/hotlines.py first.
EXPECTED: dict[str, list[str]] = {
    "en-US": ["911", "1-800-799-7233", "START", "88788", "988"],
    "es-US": ["911", "1-800-799-7233", "START", "88788", "AYUDA", "988", "marca el 2"],
    "en-GB": ["999", "55", "0808 2000 247", "116 123", "SHOUT", "85258"],
    "en-CA": ["911", "sheltersafe.ca", "988"],
    "en-AU": ["Triple Zero", "000", "1800RESPECT", "1800 737 732", "0458 737 732", "Lifeline",
              "13 11 14", "0477 13 11 14"],
    "en-IN": ["112", "181", "Tele MANAS", "14416"],
    "es-ES": ["112", "016", "WhatsApp", "600 000 016", "024"],
    "es-MX": ["911", "Línea de las Mujeres", "079", "opción 1", "Línea de la Vida", "800 911 2000"],
}  # fmt: skip


def phrase_for(locale: str) -> Callable[[str], str]:
    phrases = locales.catalog_for(locale, catalog.EN)

    def get(key: str) -> str:
        entry = phrases[key]
        return entry if isinstance(entry, str) else entry[0]

    return get


def answer(locale: str) -> str:
    return hotlines.safety_speech(phrase_for(locale), locale).build()


def test_every_market_has_the_three_kinds_of_line() -> None:
    assert set(hotlines.LINES) == set(get_args(hotlines.Market))
    for market, lines in hotlines.LINES.items():
        assert [line.kind for line in lines] == ["emergency", "abuse", "crisis"], market


@pytest.mark.parametrize("market", sorted(hotlines.LINES))
def test_lines_are_sourced_and_well_formed(market: str) -> None:
    for line in hotlines.LINES[market]:  # type: ignore[index]
        assert line.source.startswith("https://"), (market, line)
        assert line.number or line.website, (market, line)
        for number in (line.number, line.text_to):
            if number:
                assert _NUMBER.match(number), (market, number)


@pytest.mark.parametrize("locale", LOCALES)
def test_each_market_answer_says_its_numbers(locale: str) -> None:
    ssml = answer(locale)
    assert check_ssml(ssml) == []
    text = to_plain_text(ssml)
    for line in hotlines.safety_lines(locale):
        for number in line.numbers:
            assert number in text, f"{locale}: {number} missing from {text!r}"
    for needed in EXPECTED[locale]:
        assert needed in text, f"{locale}: {needed!r} missing from {text!r}"
    first = str(locales.catalog_for(locale, catalog.EN)["safety.lead"])
    assert text.startswith(first)


@pytest.mark.parametrize("locale", LOCALES)
def test_numbers_are_read_as_numbers(locale: str) -> None:
    ssml = answer(locale)
    for line in hotlines.safety_lines(locale):
        if line.number and line.read_as != "plain":
            assert f'<say-as interpret-as="{line.read_as}">{line.number}</say-as>' in ssml


def test_other_markets_never_hear_us_numbers() -> None:
    for locale in ("en-GB", "en-AU", "en-IN", "es-ES"):
        text = to_plain_text(answer(locale))
        assert "911" not in text and "988" not in text, locale


def test_es_us_has_the_us_lines_in_spanish() -> None:
    us = [line.numbers for line in hotlines.safety_lines("en-US")]
    assert [line.numbers for line in hotlines.safety_lines("es-US")] == us
    assert "Tu seguridad es lo primero." in to_plain_text(answer("es-US"))


def test_en_us_answer_is_unchanged_by_the_move() -> None:
    """The wired en-US safety answer is byte for byte what intents/safety.py said before."""
    expected = (
        "<speak>Your safety comes first. If you're in danger right now, call "
        '<say-as interpret-as="digits">911</say-as>. The National Domestic Violence Hotline is '
        '<say-as interpret-as="telephone">1-800-799-7233</say-as>, or text START to '
        '<say-as interpret-as="digits">88788</say-as>. If you\'re thinking about hurting '
        'yourself, call or text <say-as interpret-as="digits">988</say-as>. You deserve '
        "support, and you don't have to handle this alone.</speak>"
    )
    assert answer("en-US") == expected


@pytest.mark.parametrize("locale", LOCALES)
def test_every_phrase_a_market_needs_exists(locale: str) -> None:
    phrases = locales.catalog_for(locale, catalog.EN)
    for line in hotlines.safety_lines(locale):
        for key in line.phrase_keys():
            assert key in phrases, f"{locale} needs {key}"


def test_unknown_locales_fall_back_to_a_market() -> None:
    assert hotlines.market_of("es-AR") == "US"
    assert hotlines.market_of(None) == "US"
    assert hotlines.market_of("en_GB") == "GB"
