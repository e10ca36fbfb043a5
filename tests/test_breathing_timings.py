"""The breathing timings live in one place that the spoken pause and the screen both read
(issue 19: intents.grounding and screens no longer import each other)."""

from __future__ import annotations

import ast
from pathlib import Path

import screens
from intents import grounding
from pacts import breathing
from speech.catalog import Phrases
from speech.ssml import total_break_seconds

LAMBDA = Path(__file__).resolve().parent.parent / "lambda"


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_screens_does_not_import_grounding_or_any_intent() -> None:
    imported = imported_modules(LAMBDA / "screens.py")
    assert not {name for name in imported if name == "intents" or name.startswith("intents.")}


def test_the_breathing_module_imports_neither() -> None:
    imported = imported_modules(LAMBDA / "pacts" / "breathing.py")
    assert not {n for n in imported if n.startswith(("intents", "screens"))}


def test_speech_and_screen_read_the_same_timings() -> None:
    properties = screens.breathing_screen().datasources["breathing"]["properties"]
    assert properties["breaths"] == breathing.BREATHS == grounding.BREATHS
    assert properties["inMs"] == breathing.IN_SECONDS * 1000
    assert properties["outMs"] == breathing.OUT_SECONDS * 1000
    assert properties["leadInMs"] == breathing.LEAD_IN_SECONDS * 1000
    ssml = grounding.grounding_pause(Phrases("en-US")).build()
    closing = 1  # the closing pause after "Good. Notice how your body feels now."
    expected = (
        breathing.LEAD_IN_SECONDS
        + breathing.BREATHS * (breathing.IN_SECONDS + breathing.OUT_SECONDS)
        + closing
    )
    assert total_break_seconds(ssml) == expected
