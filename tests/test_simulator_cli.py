"""`pause-pact run` ends every bad start in one clear line, never a traceback (issue 12, 14)."""

from __future__ import annotations

import contextlib
import io
import os
import select
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from simulator import cli
from simulator.dynamo import STATE_FILE
from simulator.engine import REMINDERS_STATE, Options, Simulator
from tests.support.harness import Harness

REPO = Path(__file__).resolve().parent.parent


def one_line(text: str) -> str:
    assert "Traceback" not in text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--time-zone", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["--time-zone", "../../etc/passwd"], "unknown time zone"),
        (["--locale", "xx-YY"], "no interaction model for 'xx-YY'"),
        (["--now", "9999-12-31T23:59"], "between the years 2000 and 8999"),
        (["--now", "2026-13-01"], "not an ISO time"),
    ],
)
def test_bad_options_end_in_one_clear_line(
    argv: list[str], words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["run", "--state", str(tmp_path), *argv])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert words in one_line(captured.err)
    assert captured.out == ""


def test_the_simulator_itself_refuses_bad_options_with_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        Simulator(Options(time_zone="Mars/Olympus"))
    with pytest.raises(ValueError, match="no interaction model"):
        Simulator(Options(locale="xx-YY"))
    with pytest.raises(ValueError, match="between 2000 and 9000"):
        Simulator(Options(now=datetime(9999, 12, 31, 23, 59)))


def quiet_skill(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"version": "1.0", "response": {"shouldEndSession": True}}


@pytest.mark.parametrize(
    ("now", "wait", "words"),
    [
        (datetime(2026, 11, 22, 20, 25), "9999999d", "at most 3650 days"),
        (datetime(2026, 11, 22, 20, 25), "99999999999999999999999d", "at most 3650 days"),
        (datetime(8999, 12, 1, 20, 25), "60d", "must stay between 2000 and 9000"),
    ],
)
def test_waiting_too_long_is_one_line_and_the_clock_stays(
    now: datetime, wait: str, words: str
) -> None:
    out = io.StringIO()
    printer = cli.Printer(out, quiet=True, speak=False, wav=None)
    with Simulator(Options(now=now), handler=quiet_skill) as sim:
        before = sim.now
        assert cli.command(sim, printer, f":wait {wait}") is True
        assert sim.now == before
        assert cli.command(sim, printer, ":wait 1d") is True
        assert sim.now == before + timedelta(days=1)
    first, second = out.getvalue().splitlines()
    assert words in first
    assert second.startswith("  (clock: ")


#: Set, these would send the simulator to "your AWS account" instead of its embedded DynamoDB.
AWS_ACCOUNT_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE")


def run_main(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "hello\n") -> Any:
    for name in AWS_ACCOUNT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return cli.main(argv)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (STATE_FILE, "{not json"),
        (STATE_FILE, '{"format": "pause-pact/dynamodb-items/1", "items": [5]}'),
        (STATE_FILE, '{"format": "pause-pact/dynamodb-items/1", "items": [{"pk": 5}]}'),
        (REMINDERS_STATE, "["),
    ],
)
def test_a_corrupted_state_file_is_named_left_untouched_and_one_line(
    name: str,
    content: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / name).write_text(content)
    code = run_main(["run", "--state", str(tmp_path), "--quiet"], monkeypatch)
    assert code == 1
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert str(tmp_path / name) in line
    assert "left untouched" in line
    assert (tmp_path / name).read_text() == content
    assert captured.out == ""


def test_fresh_starts_without_the_corrupted_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / STATE_FILE).write_text("{not json")
    (tmp_path / REMINDERS_STATE).write_text("[")
    code = run_main(["run", "--state", str(tmp_path), "--quiet", "--fresh"], monkeypatch, ":now\n")
    assert code == 0
    assert "clock:" in capsys.readouterr().out


# --- at a terminal: readline edits the line, Ctrl-C ends calmly --------------------------------


def read_until(fd: int, wanted: bytes, seen: bytearray, timeout_s: float = 90.0) -> None:
    deadline = time.monotonic() + timeout_s
    while wanted not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"waited for {wanted!r}; saw {bytes(seen)[-400:]!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                assert wanted in seen, f"ended before {wanted!r}; saw {bytes(seen)[-400:]!r}"
                return
            seen += chunk


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_at_a_terminal_arrow_keys_edit_and_ctrl_c_ends_in_one_line(tmp_path: Path) -> None:
    import pty

    env = {k: v for k, v in os.environ.items() if k not in AWS_ACCOUNT_VARIABLES}
    env.update(TERM="xterm", PYTHONPATH=f"{REPO / 'lambda'}:{REPO}")
    argv = [sys.executable, "-m", "simulator.cli", "run", "--state", str(tmp_path), "--quiet"]
    pid, fd = pty.fork()
    if pid == 0:  # the child: the CLI on the pseudo-terminal
        os.chdir(REPO)
        os.execve(sys.executable, argv, env)
    seen = bytearray()
    try:
        read_until(fd, b"you> ", seen)
        # "ab", left arrow, "X", Enter: readline makes it "aXb"; without it the line would
        # hold the escape sequence itself.
        os.write(fd, b":user ab\x1b[DX\r")
        read_until(fd, b"speaking from the Alexa account", seen)
        read_until(fd, b"you> ", seen[seen.index(b"speaking") :])
        assert b"'aXb'" in seen
        mark = len(seen)
        # Ctrl-C, through the terminal: SIGINT. A SIGINT that lands after readline printed the
        # prompt but before it waits for a key is only acted on at the next key (CPython's
        # readline loop), as a person would see it: so press it again, as a person would.
        for _ in range(10):
            os.write(fd, b"\x03")
            with contextlib.suppress(AssertionError):
                read_until(fd, b"stopped (Ctrl-C)", seen, timeout_s=3.0)
                break
        read_until(fd, b"stopped (Ctrl-C)", seen, timeout_s=1.0)
        _, status = os.waitpid(pid, 0)
        pid = 0
    finally:
        if pid:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    assert os.WEXITSTATUS(status) == 130
    tail = bytes(seen[mark:]).decode(errors="replace").replace("^C", "")
    assert "stopped (Ctrl-C)" in one_line(tail)
    assert (tmp_path / STATE_FILE).exists()  # state was saved on the way out


# --- "instead" only when the return moved --------------------------------------------------------


@pytest.mark.parametrize(
    "slots", [{"time": "21:30"}, {"duration": "PT1H"}], ids=["clock", "duration"]
)
def test_the_same_return_time_again_is_not_called_a_move(skill: Harness, slots: Any) -> None:
    first = skill.say("SpaceIntent", slots)
    assert first.first_sentence.startswith("I heard you, and you'll be back at 9:")
    again = skill.say("SpaceIntent", slots)
    assert "instead" not in again.text
    assert again.first_sentence == first.first_sentence
    skill.wait(minutes=5)
    later = skill.say("SpaceIntent", {"time": "22:00"})
    assert later.first_sentence.startswith("I heard you, and you'll be back")
    assert later.first_sentence.endswith("instead.")
