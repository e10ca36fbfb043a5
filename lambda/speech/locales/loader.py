"""Phrase tables read from gettext catalogs with the standard library (no Babel at run time).

A catalog is `<root>/<name>/LC_MESSAGES/pause_pact.mo`, compiled from the `.po` beside it: `en`
and `es` are the language bases, `en_GB`, `es_ES`, ... hold only what their market says
differently. A market's table chains its catalogs with gettext fallbacks, market -> language ->
English, so a phrase a market does not override is its language's, and English backs everything.

In a catalog, msgid is the phrase's stable key (`space.heard`) and msgstr is what is said. A
phrase with variants that rotate has one entry per variant, with msgctxt "variant 1",
"variant 2", ...; its table entry is then a tuple, in that order.

A `.mo` missing or older than its `.po` is compiled on the spot (speech.locales.compiler, which
needs Babel): a fresh clone or a phrase just edited works without a build step. The Lambda zip
ships only the `.mo` files, so nothing is compiled there.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from speech.locales.table import Entry

DOMAIN: Final = "pause_pact"
VARIANT: Final = "variant "
"""msgctxt of one variant of a phrase: "variant 1", "variant 2", ..."""
ROOT: Final = Path(__file__).resolve().parent


class Catalog(gettext.GNUTranslations):
    """One compiled catalog; `shapes()` lists its own entries."""

    _catalog: dict[object, str]

    def messages(self) -> dict[object, str]:
        """msgid (with its msgctxt and "\\x04" before it, as gettext keys them) -> msgstr."""
        return self._catalog

    def shapes(self) -> dict[str, int]:
        """Each key this file holds -> its number of variants (0: a single phrase)."""
        shapes: dict[str, int] = {}
        for raw in self._catalog:
            if not isinstance(raw, str) or not raw:
                continue  # the header, or a plural form (the skill uses none)
            context, separator, key = raw.rpartition("\x04")
            if not separator:
                shapes.setdefault(key, 0)
            elif context.startswith(VARIANT) and context[len(VARIANT) :].isdigit():
                shapes[key] = max(shapes.get(key, 0), int(context[len(VARIANT) :]))
        return shapes


def po_path(name: str, root: Path = ROOT) -> Path:
    return root / name / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled_bytes(name: str, root: Path = ROOT) -> bytes | None:
    """The `.mo` of catalog `name`, compiled first if missing or older than its `.po`; None when
    there is neither."""
    po = po_path(name, root)
    mo = po.with_suffix(".mo")
    try:
        source = po.stat().st_mtime_ns
    except FileNotFoundError:
        source = None  # shipped: compiled catalogs only
    try:
        if source is None or mo.stat().st_mtime_ns >= source:
            return mo.read_bytes()
    except FileNotFoundError:
        if source is None:
            return None
    from speech.locales.compiler import compile_catalog  # noqa: PLC0415 - Babel, only here

    return compile_catalog(po, mo)


def load(name: str, root: Path = ROOT) -> Catalog | None:
    data = compiled_bytes(name, root)
    return None if data is None else Catalog(io.BytesIO(data))


def table(names: Sequence[str], root: Path = ROOT) -> dict[str, Entry]:
    """The phrase table of catalogs `names` chained in order, each falling back to the next, as
    gettext's fallbacks do (flattened once into a dict: a table is built once per locale, and
    then every phrase is a dict lookup).

    Keys and their number of variants come from the last catalog that has them (English
    first), so every phrase keeps the base's shape."""
    catalogs = [found for found in (load(name, root) for name in names) if found is not None]
    messages: dict[object, str] = {}
    shapes: dict[str, int] = {}
    for found in reversed(catalogs):
        messages.update(found.messages())
        for key, count in found.shapes().items():
            shapes.setdefault(key, count)
    return {
        key: (
            messages[key]
            if count == 0
            else tuple(messages.get(f"{VARIANT}{n}\x04{key}", key) for n in range(1, count + 1))
        )
        for key, count in shapes.items()
    }
