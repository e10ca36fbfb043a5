"""The shape of a phrase table (the same as speech.catalog's, kept here to avoid importing it)."""

from __future__ import annotations

from collections.abc import Mapping

Entry = str | tuple[str, ...]
"""A phrase, or variants of it that rotate."""

Table = Mapping[str, Entry]
