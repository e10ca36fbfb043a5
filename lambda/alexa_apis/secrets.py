"""The skill's LWA client id and secret (for Skill Messaging), from one SSM SecureString.

The parameter holds ``{"clientId": "...", "clientSecret": "..."}`` (README "Deploy" says where
the values are and how to store them). Its *name* comes from the environment
(`SKILL_MESSAGING_PARAMETER`); the values are never in the environment, never logged, never
in a repr. They are read with decryption on first use (off the answer's path: the messaging
thread reads them), kept for `ttl_s` across invocations of a warm container, and a failed read
is remembered for a short while so a missing parameter does not cost a call on every turn.

boto3 is imported only when the parameter is first read (cold start stays lean).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

FAILURE_TTL_S = 30.0


@dataclass(frozen=True)
class SkillCredentials:
    client_id: str
    client_secret: str

    def __repr__(self) -> str:
        return "SkillCredentials(client_id=<hidden>, client_secret=<hidden>)"

    __str__ = __repr__


def parse_credentials(value: Any) -> SkillCredentials | None:
    """The credentials in a parameter value, or None when it is not the expected JSON."""
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    client_id, client_secret = data.get("clientId"), data.get("clientSecret")
    if not isinstance(client_id, str) or not isinstance(client_secret, str):
        return None
    if not client_id.strip() or not client_secret.strip():
        return None
    return SkillCredentials(client_id.strip(), client_secret.strip())


def ssm_client(connect_timeout: float, read_timeout: float) -> Any:
    """A boto3 SSM client with bounded timeouts (boto3 reads AWS_ENDPOINT_URL_SSM itself)."""
    import boto3  # noqa: PLC0415 - only when the secret is first read
    from botocore.config import Config  # noqa: PLC0415

    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    config = Config(
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"mode": "standard", "total_max_attempts": 2},
    )
    return boto3.session.Session().client("ssm", region_name=region, config=config)


class CredentialStore:
    """Reads and caches the credentials; thread-safe; `get` never raises."""

    def __init__(
        self,
        parameter: str | None,
        *,
        ttl_s: float = 900.0,
        timeout_s: float = 1.0,
        client: Callable[[], Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.parameter = parameter
        self.ttl_s = ttl_s
        self._client_factory = client or (lambda: ssm_client(timeout_s, timeout_s))
        self._client: Any = None
        self._clock = clock
        self._lock = threading.Lock()
        self._value: SkillCredentials | None = None
        self._until = 0.0
        self.reads = 0  # calls to SSM (tests and the bench read this)

    @property
    def configured(self) -> bool:
        return bool(self.parameter)

    def get(self) -> SkillCredentials | None:
        if not self.parameter:
            return None
        with self._lock:
            now = self._clock()
            if now < self._until:
                return self._value
            self._value = self._read(self.parameter)
            ttl = self.ttl_s if self._value is not None else FAILURE_TTL_S
            self._until = now + ttl
            return self._value

    def invalidate(self) -> None:
        """Forget the cached value (LWA refused it: the secret may have been rotated)."""
        with self._lock:
            self._value = None
            self._until = 0.0

    def _read(self, name: str) -> SkillCredentials | None:
        self.reads += 1
        try:
            if self._client is None:
                self._client = self._client_factory()
            response = self._client.get_parameter(Name=name, WithDecryption=True)
        except Exception as error:  # botocore errors, no credentials, timeouts
            log.warning("skill messaging credentials unavailable: %s", type(error).__name__)
            return None
        value = (response.get("Parameter") or {}).get("Value")
        credentials = parse_credentials(value)
        if credentials is None:
            log.warning("skill messaging credentials parameter is not the expected JSON")
        return credentials
