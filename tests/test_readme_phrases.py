"""README's "What you can say" table lists only phrases the en-US model understands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.nlu import FALLBACK_INTENT
from tests.support.model_requests import model_nlu

README = Path(__file__).resolve().parent.parent / "README.md"


def _table_phrases() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## What you can say (en-US)")[1]
    section = section.split("\n## ")[0]
    phrases: list[str] = []
    for row in section.splitlines():
        if not row.startswith('| "'):
            continue
        said = row.split(" | ")[0]
        # a quote after "to" is what Alexa asks ('"yes" to "Want a reminder ...?"')
        phrases += re.findall(r'(?<!to )"([^"]+)"', said)
    return phrases


PHRASES = _table_phrases()


def test_the_table_is_read() -> None:
    assert len(PHRASES) > 50 and "I need space" in PHRASES and "he's choking me" in PHRASES


@pytest.mark.parametrize("said", PHRASES)
def test_a_table_phrase_reaches_an_intent(said: str) -> None:
    # SafetyIntent's no-alarm rows ("I could kill for a coffee") reach it too: the handler
    # tells a figure of speech from danger (tests/safety).
    assert model_nlu("en-US").parse(said).intent != FALLBACK_INTENT
