"""`SerialMotoServer` in a process of its own (`python -m tests.support.moto_process TABLE`).

Prints {"endpoint": ...} once the table exists and serves until its standard input closes. A
second process lets moto use the second core while the test process runs the web service.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.faults import SerialMotoServer

REPO = Path(__file__).resolve().parent.parent.parent


@contextmanager
def moto_in_another_process(table: str) -> Iterator[str]:
    """The endpoint of a SerialMotoServer running in a child process (stopped on exit)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.moto_process", table],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        if not line.startswith("{"):
            raise RuntimeError("moto did not start in its own process")
        yield str(json.loads(line)["endpoint"])
    finally:
        if child.stdin is not None:
            child.stdin.close()
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main(argv: list[str]) -> int:
    server = SerialMotoServer(argv[0]).start()
    print(json.dumps({"endpoint": server.endpoint}), flush=True)
    sys.stdin.read()  # then exit at once: the table dies with us, nothing else to tidy
    os._exit(0)  # (not interpreter shutdown, which took seconds of the test's teardown)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
