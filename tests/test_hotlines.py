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
    "es-US": ["911", "1-800-799-7233", "AYUDA", "988", "Marca el 2"],
    "en-GB": ["999", "55", "0808 2000 247", "Samaritans", "116 123"],
    "en-CA": ["911", "sheltersafe.ca", "988"],
    "en-AU": ["Triple Zero", "000", "1800RESPECT", "1800 737 732", "Lifeline", "13 11 14"],
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
@pytest.mark.parametrize("kind", ["harm", "others"])
def test_each_market_answer_says_its_numbers(locale: str, kind: hotlines.AnswerKind) -> None:
    """Every line's own number is spoken; every number (texts too) is on the card."""
    ssml = hotlines.safety_speech(phrase_for(locale), locale, kind).build()
    assert check_ssml(ssml) == []
    text = to_plain_text(ssml)
    card = hotlines.card_numbers(locale, kind)
    wanted = ("emergency", "crisis") if kind == "others" else ("emergency", "abuse", "crisis")
    for line in hotlines.safety_lines(locale):
        if line.kind in wanted:
            assert (line.number or line.website or "") in text, f"{locale}: {line} not said"
            for number in line.numbers:
                assert number in card, f"{locale}: {number} missing from the card {card!r}"
    if kind == "harm":
        for needed in EXPECTED[locale]:
            assert needed in text, f"{locale}: {needed!r} missing from {text!r}"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", ["harm", "others"])
def test_the_emergency_number_comes_first_and_alone(locale: str, kind: hotlines.AnswerKind) -> None:
    """Danger: the first sentence holds the emergency number and no other. Fear of hurting
    someone: "leave the room now" first, then the emergency number, alone in its sentence."""
    text = to_plain_text(hotlines.safety_speech(phrase_for(locale), locale, kind).build())
    sentences = re.split(r"(?<=\.) ", text)
    emergency = next(line for line in hotlines.safety_lines(locale) if line.kind == "emergency")
    at = 0 if kind == "harm" else 1
    assert emergency.number and emergency.number in sentences[at], text
    assert not re.search(r"\d", sentences[at].replace(emergency.number, "")), sentences[at]
    if kind == "others":
        assert not re.search(r"\d", sentences[0]), sentences[0]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", ["harm", "others"])
def test_the_answer_takes_under_twenty_seconds(locale: str, kind: hotlines.AnswerKind) -> None:
    text = to_plain_text(hotlines.safety_speech(phrase_for(locale), locale, kind).build())
    assert hotlines.estimated_seconds(text) < hotlines.MAX_SECONDS, text


def test_the_estimate_can_tell_a_long_answer() -> None:
    assert hotlines.estimated_seconds("If you're in danger, call 911.") < 4
    long = " ".join(["Please call 0808 2000 247 any time, day or night."] * 5)
    assert hotlines.estimated_seconds(long) > hotlines.MAX_SECONDS


def test_text_numbers_are_said_when_they_fit() -> None:
    text = to_plain_text(answer("en-US"))
    assert "text START to 88788" in text


def test_the_card_is_discreet() -> None:
    """Numbers only, one line each: nothing a partner glancing at the app reads as a report."""
    card = hotlines.card_numbers("en-US")
    assert card.splitlines() == ["911", "1-800-799-7233 · 88788", "988"]
    assert not re.search(r"[A-Za-z]", card)
    assert hotlines.card_numbers("en-US", "others").splitlines() == ["911", "988"]


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
    assert to_plain_text(answer("es-US")).startswith("Si estás en peligro, llama al 911.")


def test_en_us_answer() -> None:
    """The en-US danger answer, byte for byte: the emergency number first and alone."""
    expected = (
        '<speak>If you\'re in danger, call <say-as interpret-as="digits">911</say-as>. For '
        'abuse at home, call <say-as interpret-as="telephone">1-800-799-7233</say-as>, or text '
        'START to <say-as interpret-as="digits">88788</say-as>. If you might hurt yourself, '
        'call or text <say-as interpret-as="digits">988</say-as>.</speak>'
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
