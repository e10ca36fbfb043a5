"""The held-out figures other parts of the project compute, gathered into the bench's results.

`python -m bench.reports nlu|safety` imports the part's report function and prints its figures
as one JSON line, or {"available": false, "note": ...} when the function is not there (yet):
the bench records that and never makes a figure up.

* nlu: `tools.nlu_report.held_out_figures()` - the offline NLU on the held-out paraphrases of
  every locale (tests/nlu/<locale>.yaml);
* safety: `held_out_figures()` of `tools.safety_report` or `tools.safety_corpus` - the safety
  check on the held-out danger / not-danger lines (tests/safety/heldout_*.tsv).
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from typing import Any

from bench.common import emit

ENTRY = "held_out_figures"
SOURCES: dict[str, tuple[str, ...]] = {
    "nlu": ("tools.nlu_report",),
    "safety": ("tools.safety_report", "tools.safety_corpus"),
}


# tools.safety_report gives its figures as `figures(parts)`: asked for the held-out part only.
ALTERNATIVES: dict[str, tuple[str, dict[str, Any]]] = {
    "tools.safety_report": ("figures", {"parts": ("heldout",)}),
}


def find(report: str) -> tuple[str, Callable[[], Any]] | None:
    """The first of the report's modules with a held-out entry point, and a call of it."""
    for name in SOURCES[report]:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is not None and name.startswith(error.name):
                continue  # the module itself is missing, not something it imports
            raise
        entry = getattr(module, ENTRY, None)
        if callable(entry):
            return f"{name}.{ENTRY}()", entry
        other, arguments = ALTERNATIVES.get(name, ("", {}))
        function = getattr(module, other, None) if other else None
        if callable(function):
            shown = ", ".join(f"{key}={value!r}" for key, value in arguments.items())
            return f"{name}.{other}({shown})", functools.partial(function, **arguments)
    return None


def gather(report: str) -> dict[str, Any]:
    found = find(report)
    if found is None:
        wanted = " or ".join(f"{name}.{ENTRY}()" for name in SOURCES[report])
        return {"available": False, "note": f"not available: no {wanted}"}
    source, entry = found
    return {"available": True, "source": source, "figures": entry()}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in SOURCES:
        raise SystemExit(f"usage: python -m bench.reports {'|'.join(SOURCES)}")
    emit(gather(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
