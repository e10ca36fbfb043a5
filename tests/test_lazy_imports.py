"""A cold container imports only what every turn needs: `requests` and ask-sdk's HTTP client
come with the first Alexa API call (bench: `cold_import_ratio`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ApiClientRequest

from alexa_apis.client import TimedApiClient

REPO = Path(__file__).resolve().parent.parent
LAZY = ("requests", "ask_sdk_core.api_client")


def _modules_after(code: str) -> dict[str, bool]:
    """Which of LAZY a fresh interpreter holds after running `code` (the Lambda's path)."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {LAZY!r}}}))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "lambda"), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, bool] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_lambda_handler_imports_no_http_client() -> None:
    loaded = _modules_after("import lambda_function\nlambda_function.make_handler()")
    assert loaded == {name: False for name in LAZY}


def test_the_first_api_call_brings_the_http_client() -> None:
    # The probe above can tell: the same check sees them once the real client exists.
    loaded = _modules_after(
        "from alexa_apis.client import TimedApiClient\nTimedApiClient(1.0).client()"
    )
    assert loaded == {name: True for name in LAZY}


def test_the_lazy_client_keeps_the_real_clients_rules() -> None:
    client = TimedApiClient(1.0)
    with pytest.raises(ApiClientException, match="Invalid request method"):
        client.invoke(ApiClientRequest(method="BREW", url="https://127.0.0.1/"))
    with pytest.raises(ApiClientException, match="non-HTTPS"):
        client.invoke(ApiClientRequest(method="GET", url="http://127.0.0.1/"))
    assert client.client() is client.client()  # made once per container
