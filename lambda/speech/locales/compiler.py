"""Compile a phrase catalog (`.po`) into the binary file gettext reads (`.mo`), with Babel.

Imported only when a `.mo` is missing or older than its `.po` (a fresh clone, a phrase just
edited): the Lambda zip ships compiled catalogs and no `.po`, so Lambda never loads Babel for
this. `make catalogs` (python -m tools.catalogs) compiles every catalog and checks it first.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po


class CatalogError(ValueError):
    """A `.po` file that cannot be read: the message names the file and the line."""


def read_catalog(po: Path) -> Catalog:
    """The parsed catalog; a malformed file raises CatalogError with its path and line."""
    try:
        with po.open("rb") as handle:
            return read_po(handle, abort_invalid=True)
    except PoFileError as error:
        # Babel counts lines from 0.
        raise CatalogError(f"{po}:{error.lineno + 1}: {error} ({error.line.strip()!r})") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise CatalogError(f"{po}: {error}") from None


def compiled(catalog: Catalog) -> bytes:
    """The `.mo` bytes (fuzzy and empty entries are left out, as msgfmt does)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def compile_catalog(po: Path, mo: Path) -> bytes:
    """Compile `po` into `mo` (written atomically; a read-only tree keeps it in memory only)."""
    data = compiled(read_catalog(po))
    try:
        fd, partial = tempfile.mkstemp(prefix=f".{mo.name}.", dir=mo.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(partial, 0o644)
            os.replace(partial, mo)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only tree: the catalog is still served from memory
    return data
