"""Every YAML conversation in tests/dialogs runs through the simulator and holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.dialogs import run_dialog

DIALOGS = sorted((Path(__file__).parent / "dialogs").glob("*.yaml"))


@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_dialog(path: Path, tmp_path: Path) -> None:
    result = run_dialog(path, tmp_path)
    assert result.ok, "\n".join([*result.failures, "--- transcript ---", *result.transcript])


def test_a_failing_expectation_is_reported(tmp_path: Path) -> None:
    """The runner must be able to fail: a wrong expectation is caught and described."""
    dialog = tmp_path / "wrong.yaml"
    dialog.write_text(
        "name: wrong\nnow: 2026-11-22T20:25\nsteps:\n"
        "  - say: alexa tell pause pact i need space\n"
        "    intent: CycleIntent\n"
        "    expect: {says: 'at 9:99 PM', session: closed}\n"
        "  - pact: {active_space: absent}\n",
        encoding="utf-8",
    )
    result = run_dialog(dialog, tmp_path / "state")
    assert len(result.failures) == 4, result.failures
    assert any("understood SpaceIntent" in f for f in result.failures)


def test_an_unexpected_reminder_is_reported(tmp_path: Path) -> None:
    dialog = tmp_path / "reminded.yaml"
    dialog.write_text(
        "name: reminded\nnow: 2026-11-22T20:25\nsteps:\n"
        "  - say: alexa tell pause pact i need space\n"
        "  - say: 'yes'\n"
        "  - say: 'yes'\n"
        "  - wait: 30m\n"
        "    announces: []\n",
        encoding="utf-8",
    )
    result = run_dialog(dialog, tmp_path / "state")
    assert len(result.failures) == 1 and "expected no reminder" in result.failures[0]
