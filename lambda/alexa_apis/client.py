"""ask-sdk's DefaultApiClient, with a timeout and a kept-alive session.

DefaultApiClient calls `requests.<method>(url, headers, data)` with no timeout, so a hanging
Alexa API would hold the turn past Alexa's 8 seconds. This subclass keeps every behaviour of the
real client (it still refuses non-HTTPS endpoints) and only supplies the HTTP call: a pooled
`requests.Session` with a bounded timeout. Trust follows `requests` (REQUESTS_CA_BUNDLE).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import requests
from ask_sdk_core.api_client import DefaultApiClient
from ask_sdk_core.exceptions import ApiClientException

_METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"}


class TimedApiClient(DefaultApiClient):  # type: ignore[misc]
    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._session = requests.Session()

    def _resolve_method(self, request: Any) -> Callable[..., requests.Response]:
        method = (request.method or "").upper()
        if method not in _METHODS:
            raise ApiClientException(f"Invalid request method: {request.method}")
        return functools.partial(self._session.request, method, timeout=self.timeout_s)
