"""The skill's words, kept out of the handlers: `Phrases(locale, seed).get(key, **fields)`.

The phrases themselves are gettext catalogs, speech/locales/<name>/LC_MESSAGES/pause_pact.po
(README, "Phrase catalogs"): the key is the msgid, variants that rotate are entries with msgctxt
"variant 1", "variant 2", ..., and `{name}` fields are filled by `Phrases.get`. Writing there is
writing for a flooded person: short sentences, no blame, the pattern named rather than a
partner.
"""

from __future__ import annotations

import hashlib

from speech.locales import Entry, catalog_for, english

__all__ = ["EN", "Entry", "Phrases"]

EN: dict[str, Entry]
"""The English base table (read on first use: `speech.catalog.EN`)."""


def __getattr__(name: str) -> dict[str, Entry]:
    if name == "EN":
        return english()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Phrases:
    """The words for one locale; `seed` keeps a turn's choice of variants stable."""

    def __init__(self, locale: str | None, seed: str = "") -> None:
        self.catalog = catalog_for(locale)
        self.seed = seed

    def get(self, key: str, **fields: str) -> str:
        entry = self.catalog[key]
        if isinstance(entry, tuple):
            digest = hashlib.sha256(f"{self.seed}:{key}".encode()).digest()
            entry = entry[digest[0] % len(entry)]
        return entry.format(**fields) if fields else entry
