"""A cold container imports only what every turn needs: `requests` and ask-sdk's HTTP client
come with the first Alexa API call (bench: `cold_import_ratio`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ApiClientRequest

from alexa_apis.client import TimedApiClient
from speech import ssml

REPO = Path(__file__).resolve().parent.parent
LAZY = ("requests", "ask_sdk_core.api_client")


def _probe(code: str, expression: str) -> Any:
    """`expression`'s value (JSON) in a fresh interpreter, lambda/ on its path, after `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps({expression}))"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO / "lambda"), str(REPO)]),
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("code", "loaded"),
    [
        pytest.param(
            "import lambda_function\nlambda_function.make_handler()",
            False,
            id="the-lambda-handler-imports-none",
        ),
        pytest.param(  # the same probe can tell: it sees them once the real client exists
            "from alexa_apis.client import TimedApiClient\nTimedApiClient(1.0).client()",
            True,
            id="the-first-api-call-brings-them",
        ),
    ],
)
def test_the_http_client_comes_with_the_first_api_call(code: str, loaded: bool) -> None:
    held = _probe(code, f"{{m: m in sys.modules for m in {LAZY!r}}}")
    assert held == dict.fromkeys(LAZY, loaded)


def test_the_lazy_client_keeps_the_real_clients_rules() -> None:
    client = TimedApiClient(1.0)
    with pytest.raises(ApiClientException, match="Invalid request method"):
        client.invoke(ApiClientRequest(method="BREW", url="https://127.0.0.1/"))
    with pytest.raises(ApiClientException, match="non-HTTPS"):
        client.invoke(ApiClientRequest(method="GET", url="http://127.0.0.1/"))
    assert client.client() is client.client()  # made once per container


# Loaded on first use, not by a cold start (bench: `cold_import_ratio`): ask-sdk's APL model
# (75 modules, the first screen), its dialog and connections directives, isodate (a spoken
# length), xml.sax, Babel (clock and duration words, compiling a catalog).
HEAVY = (
    "ask_sdk_model.interfaces.alexa.presentation.apl",
    "ask_sdk_model.dialog",
    "ask_sdk_model.interfaces.connections",
    "isodate",
    "xml.sax",
    "babel",
)
_COLD = (
    "import lambda_function\n"
    "from settings import Settings\n"
    "from skill import create_skill\n"
    "lambda_function.make_handler()\n"
    "create_skill(Settings.from_env())\n"
)


def test_a_cold_start_imports_none_of_the_heavy_modules() -> None:
    loaded = _probe(_COLD, f"[m for m in {HEAVY!r} if m in sys.modules]")
    assert loaded == []


def test_a_cold_start_compiles_no_safety_pattern() -> None:
    # Compiling them takes ~45 ms; a launch or a "yes" carries no words to check.
    compiled = _probe(
        _COLD + "from pacts import safety\n",
        "[n for n, v in vars(safety).items() if isinstance(v, safety._Lazy) and v._compiled]",
    )
    assert compiled == []


def test_first_use_brings_what_was_left_out() -> None:
    loaded = _probe(
        _COLD
        + "import screens\nfrom pacts import safety, timing\n"
        + "from datetime import UTC, datetime\n"
        + "now = datetime.now(UTC)\n"
        + "screens.space_screen(now, now, 'at 8', 'en-US')\n"
        + "assert timing.parse_duration_minutes('PT10M') == 10\n"
        + "assert safety.assess('he hit me').danger\n",
        f"[m for m in {HEAVY[:1] + HEAVY[3:4]!r} if m in sys.modules]",
    )
    assert loaded == [HEAVY[0], HEAVY[3]]


def test_the_cheaper_xml_filter_drops_the_same_characters() -> None:
    # speech.ssml writes XML 1.0's forbidden characters as ranges (1 ms to compile) instead of
    # the complement of the allowed ones (16 ms): the same set, checked at every range edge.
    allowed = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    edges = (0, 9, 10, 13, 0x20, 0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x10FFFF)
    points = {p for e in edges for p in (e - 1, e, e + 1) if 0 <= p <= 0x10FFFF}
    points |= set(range(0, 0x80)) | set(range(0xD700, 0xE100)) | set(range(0xFF00, 0x10100))
    for point in sorted(points):
        char = chr(point)
        assert bool(ssml._NOT_XML.match(char)) == bool(allowed.match(char)), hex(point)
    assert ssml.Ssml().say("a < b & c > d\x00\ud800").build() == (
        "<speak>a &lt; b &amp; c &gt; d</speak>"
    )
