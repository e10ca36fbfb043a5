"""Phrase tables for every supported locale, by language and market, from gettext catalogs.

The words live in `<name>/LC_MESSAGES/pause_pact.po` beside this file (README, "Phrase
catalogs"), one catalog per language base and per market, chained with gettext fallbacks:

    en-US  en                          es-US  es_US -> es -> en
    en-GB  en_GB -> en                 es-MX  es_MX -> es -> en
    en-CA  en_CA -> en                 es-ES  es_ES -> es -> en
    en-AU  en_AU -> en
    en-IN  en_IN -> en

Markets hold only what differs (mostly the safety lines, whose numbers live in
pacts/hotlines.py). Every key of English exists in every language base, with the same fields and
the same number of variants (tools/catalogs.py, run by tests/test_catalogs.py);
`MARKET_ONLY_KEYS` are phrases a market's safety answer adds and English does not need.

Catalogs are read with the standard library's gettext from their compiled `.mo` files
(speech.locales.loader), once per locale.
"""

from __future__ import annotations

from typing import Final

from speech.formatting import SUPPORTED_LOCALES, supported_locale
from speech.locales import loader
from speech.locales.table import Entry, Table

__all__ = [
    "MARKET_ONLY_KEYS",
    "SUPPORTED_LOCALES",
    "Entry",
    "Table",
    "base_table",
    "catalog_for",
    "english",
    "overrides_for",
]

ENGLISH: Final = "en"
MARKET_ONLY_KEYS: Final = frozenset(
    {"safety.emergency_after", "safety.dv_after", "safety.crisis_after", "safety.crisis_text"}
)

_tables: dict[tuple[str, ...], dict[str, Entry]] = {}


def _table(names: tuple[str, ...]) -> dict[str, Entry]:
    table = _tables.get(names)
    if table is None:
        table = _tables[names] = loader.table(names)
    return table


def _catalog_name(market: str) -> str:
    """A market's catalog: its locale with an underscore ("es-ES" -> "es_ES")."""
    return market.replace("-", "_")


def catalog_for(locale: str | None, english: Table | None = None) -> dict[str, Entry]:
    """The phrase table for a locale (any locale: unknown ones get their language's default
    market, else en-US). Built once per locale. (`english`, speech.catalog.EN, is accepted for
    the callers that pass it: English is always the en catalog.)"""
    market = supported_locale(locale)
    language = market.split("-", 1)[0]
    return _table(tuple(dict.fromkeys((_catalog_name(market), language, ENGLISH))))


def overrides_for(locale: str | None) -> Table:
    """What a market's own catalog says (nothing for en-US, which is the English base)."""
    market = supported_locale(locale)
    if market == "en-US":
        return {}
    return _table((_catalog_name(market),))


def base_table(language: str) -> dict[str, Entry]:
    """A language's base table ("es": the Latin American base, backed by English)."""
    return _table(tuple(dict.fromkeys((language, ENGLISH))))


def english() -> dict[str, Entry]:
    return _table((ENGLISH,))
