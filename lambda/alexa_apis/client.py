"""ask-sdk's DefaultApiClient, with a timeout and a kept-alive session, made on first use.

DefaultApiClient calls `requests.<method>(url, headers, data)` with no timeout, so a hanging
Alexa API would hold the turn past Alexa's 8 seconds. `TimedApiClient` keeps every behaviour of
the real client (it still refuses non-HTTPS endpoints) and only supplies the HTTP call: a pooled
`requests.Session` with a bounded timeout. Trust follows `requests` (REQUESTS_CA_BUNDLE).

`requests` (and ask-sdk's `api_client` module, which imports it) costs about 30 ms to import,
and most turns never call an Alexa API: the skill is built with this light `ApiClient` and the
real client, `requests` with it, is imported and made on the first call (`bench` measures the
cold import; `tests/test_lazy_imports.py` holds it).
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from ask_sdk_model.services import ApiClient

_METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"}


class TimedApiClient(ApiClient):  # type: ignore[misc]
    """An `ApiClient` for ask-sdk's service clients; the HTTP machinery comes on first call."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._client: Any = None
        self._lock = threading.Lock()

    def invoke(self, request: Any) -> Any:
        """Send an ask-sdk `ApiClientRequest`; an `ApiClientResponse` back."""
        return self.client().invoke(request)

    def client(self) -> Any:
        """The real client (ask-sdk's DefaultApiClient with our session), made once."""
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = _session_client(self.timeout_s)
        return self._client


def _session_client(timeout_s: float) -> Any:
    import requests  # noqa: PLC0415 - all of this only when an Alexa API is first called
    from ask_sdk_core.api_client import DefaultApiClient  # noqa: PLC0415
    from ask_sdk_core.exceptions import ApiClientException  # noqa: PLC0415

    class SessionApiClient(DefaultApiClient):  # type: ignore[misc]
        def __init__(self) -> None:
            self._session = requests.Session()

        def _resolve_method(self, request: Any) -> Any:
            method = (request.method or "").upper()
            if method not in _METHODS:
                raise ApiClientException(f"Invalid request method: {request.method}")
            return functools.partial(self._session.request, method, timeout=timeout_s)

    return SessionApiClient()
