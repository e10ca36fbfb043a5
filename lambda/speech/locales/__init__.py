"""Phrase tables for every supported locale, by language and market.

A locale's table is its language's base table with its market's overrides on top:

    en-US  speech.catalog.EN
    en-GB  EN + en_gb.OVERRIDES        es-US  es.ES + es_us.OVERRIDES
    en-CA  EN + en_ca.OVERRIDES        es-MX  es.ES + es_mx.OVERRIDES
    en-AU  EN + en_au.OVERRIDES        es-ES  es.ES + es_es.OVERRIDES
    en-IN  EN + en_in.OVERRIDES

Markets override only what differs (mostly the safety lines, whose numbers live in
pacts/hotlines.py). Every key of EN exists in every table, with the same fields and the same
number of variants (tests/test_locales.py); `MARKET_ONLY_KEYS` are phrases a market's safety
answer adds and EN does not need.

The English base is passed in (`catalog_for(locale, EN)`), so this package never imports
speech.catalog and speech.catalog can import it.
"""

from __future__ import annotations

from typing import Final

from speech.formatting import SUPPORTED_LOCALES, supported_locale
from speech.locales import en_au, en_ca, en_gb, en_in, es, es_es, es_mx, es_us
from speech.locales.table import Entry, Table

__all__ = [
    "MARKET_ONLY_KEYS",
    "SUPPORTED_LOCALES",
    "Entry",
    "Table",
    "catalog_for",
    "overrides_for",
]

BASES: Final[dict[str, Table]] = {"es": es.ES}
OVERRIDES: Final[dict[str, Table]] = {
    "en-US": {},
    "en-GB": en_gb.OVERRIDES,
    "en-CA": en_ca.OVERRIDES,
    "en-AU": en_au.OVERRIDES,
    "en-IN": en_in.OVERRIDES,
    "es-US": es_us.OVERRIDES,
    "es-ES": es_es.OVERRIDES,
    "es-MX": es_mx.OVERRIDES,
}
MARKET_ONLY_KEYS: Final = frozenset(
    {"safety.emergency_after", "safety.dv_after", "safety.crisis_text", "safety.crisis_after"}
)

_merged: dict[tuple[str, int], dict[str, Entry]] = {}


def overrides_for(locale: str | None) -> Table:
    return OVERRIDES[supported_locale(locale)]


def catalog_for(locale: str | None, english: Table) -> dict[str, Entry]:
    """The phrase table for a locale (any locale: unknown ones get their language's default
    market, else en-US). `english` is speech.catalog.EN. Built once per locale."""
    market = supported_locale(locale)
    key = (market, id(english))
    table = _merged.get(key)
    if table is None:
        base = BASES.get(market.split("-", 1)[0], english)
        table = {**base, **OVERRIDES[market]}
        _merged[key] = table
    return table
