"""`pause-pact` on the command line: what `serve` refuses, and argparse's abbreviations."""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import flask
import pytest

import webservice
from simulator import cli

REPO = Path(__file__).resolve().parent.parent
SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What `webservice.serve` was asked to start (nothing is really started)."""
    calls: list[dict[str, Any]] = []

    def fake_serve(host: str, port: int, *, verify: bool = True) -> None:
        calls.append({"host": host, "port": port, "verify": verify})

    @contextmanager
    def no_dynamodb(_state: Path, **_: Any) -> Iterator[str]:
        yield "no DynamoDB (test)"

    monkeypatch.setattr(webservice, "serve", fake_serve)
    monkeypatch.setattr(cli, "local_dynamodb", no_dynamodb)
    return calls


def serve(argv: list[str], tmp_path: Path) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        code = cli.main(["serve", "--state", str(tmp_path), *argv])
    return code, err.getvalue()


@pytest.fixture
def no_flask_run(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Flask's app.run records its host instead of serving forever."""
    runs: list[str] = []
    monkeypatch.setattr(flask.Flask, "run", lambda _app, host, **_: runs.append(host))
    return runs


# --- issue 12 item 3: no SKILL_ID, no service -------------------------------------------


def test_serve_without_skill_id_refuses_and_says_how_to_set_it(
    started: list[dict[str, Any]], tmp_path: Path
) -> None:
    code, err = serve([], tmp_path)
    assert code == 2
    assert started == []
    assert err.count("\n") == 1  # one line
    assert "SKILL_ID" in err
    assert "export SKILL_ID=amzn1.ask.skill." in err
    assert "--no-verify" in err


def test_serve_with_skill_id_starts_verified(
    started: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKILL_ID", SKILL_ID)
    code, err = serve([], tmp_path)
    assert (code, err) == (0, "")
    assert started == [{"host": "127.0.0.1", "port": 5000, "verify": True}]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_no_verify_on_loopback_needs_no_skill_id(
    started: list[dict[str, Any]], tmp_path: Path, host: str
) -> None:
    code, err = serve(["--no-verify", "--host", host], tmp_path)
    assert (code, err) == (0, "")
    assert started == [{"host": host, "port": 5000, "verify": False}]


def test_webservice_serve_itself_refuses_without_skill_id(no_flask_run: list[str]) -> None:
    # The library function enforces the same rule, for anyone calling it directly.
    with pytest.raises(ValueError, match="SKILL_ID is not set"):
        webservice.serve("127.0.0.1", 5000)
    assert no_flask_run == []


# --- issue 12 item 7: no abbreviations; --no-verify only on loopback ---------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.com"])
def test_no_verify_is_refused_off_loopback(
    started: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    monkeypatch.setenv("SKILL_ID", SKILL_ID)
    code, err = serve(["--no-verify", "--host", host], tmp_path)
    assert code == 2
    assert started == []
    assert err.count("\n") == 1
    assert "--no-verify" in err
    assert "refused" in err


def test_webservice_serve_itself_refuses_no_verify_off_loopback(
    monkeypatch: pytest.MonkeyPatch, no_flask_run: list[str]
) -> None:
    monkeypatch.setenv("SKILL_ID", SKILL_ID)
    with pytest.raises(ValueError, match="refused"):
        webservice.serve("0.0.0.0", 5000, verify=False)
    assert no_flask_run == []


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--no"],
        ["serve", "--no-v"],
        ["serve", "--ho", "0.0.0.0"],
        ["run", "--fr"],
        ["run", "--q"],
    ],
)
def test_abbreviated_options_are_not_accepted(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(argv)
    assert exit_.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_main_serve_no_is_refused_not_unverified(
    started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKILL_ID", SKILL_ID)
    with pytest.raises(SystemExit):
        cli.main(["serve", "--no"])
    assert started == []


def _parser_calls(tree: ast.AST) -> Iterator[ast.Call]:
    """Calls that build an argparse parser: ArgumentParser(...), add_parser(...), and any
    class defined here on top of ArgumentParser."""
    names = {"ArgumentParser", "add_parser"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
            getattr(base, "attr", getattr(base, "id", "")) == "ArgumentParser"
            for base in node.bases
        ):
            names.add(node.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in names:
                yield node


def test_every_argparse_parser_in_the_project_refuses_abbreviations() -> None:
    sources = [
        path
        for folder in ("lambda", "simulator", "tools", "bench", "tests", "infra")
        for path in (REPO / folder).rglob("*.py")
    ]
    found = 0
    missing = []
    for path in sources:
        for call in _parser_calls(ast.parse(path.read_text(encoding="utf-8"))):
            found += 1
            flags = [k for k in call.keywords if k.arg == "allow_abbrev"]
            if not (
                flags and isinstance(flags[0].value, ast.Constant) and flags[0].value.value is False
            ):
                missing.append(f"{path.relative_to(REPO)}:{call.lineno}")
    assert found >= 5  # pause-pact, run, serve, tools.package, bench
    assert missing == []
