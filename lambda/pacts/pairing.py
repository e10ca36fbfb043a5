"""Pairing two Alexa accounts: short single-use codes that cannot be guessed in practice.

A code has six digits and lives ten minutes. Each account may fail five times an hour; each code
survives at most three failed redemptions (e.g. from an account over its limit). Every failure is
answered the same way, so a guesser learns nothing. With 10^6 codes, five tries an hour and a
ten-minute life, guessing a live code needs on the order of 10^5 accounts.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
MAX_CODE_ATTEMPTS = 3
MAX_ACCOUNT_FAILURES = 5
FAILURE_WINDOW = timedelta(hours=1)
MAX_MEMBERS = 2


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def normalize_code(value: str | None) -> str | None:
    """A spoken AMAZON.NUMBER back to six digits ("42193" -> "042193"); None if not a code."""
    if not value:
        return None
    digits = re.sub(r"\D", "", value)
    if not digits or len(digits) > CODE_DIGITS:
        return None
    return digits.zfill(CODE_DIGITS)


def pair_key(code: str) -> str:
    return f"PAIR#{code}"


@dataclass(frozen=True)
class Guard:
    failures: int = 0
    window_start: int = 0

    @classmethod
    def from_item(cls, item: dict[str, Any] | None, now: datetime) -> Guard:
        if not item:
            return cls()
        start = int(item.get("window_start", 0))
        if now.timestamp() - start > FAILURE_WINDOW.total_seconds():
            return cls()
        return cls(failures=int(item.get("failures", 0)), window_start=start)

    @property
    def blocked(self) -> bool:
        return self.failures >= MAX_ACCOUNT_FAILURES

    def failed(self, now: datetime) -> Guard:
        start = self.window_start or int(now.timestamp())
        return Guard(failures=self.failures + 1, window_start=start)

    def to_item(self) -> dict[str, Any]:
        return {
            "failures": self.failures,
            "window_start": self.window_start,
            "expires_at": self.window_start + int(FAILURE_WINDOW.total_seconds()),
        }


def code_usable(item: dict[str, Any] | None, now: datetime) -> bool:
    if not item:
        return False
    return (
        int(item.get("expires_at", 0)) > now.timestamp()
        and int(item.get("attempts", 0)) < MAX_CODE_ATTEMPTS
        and isinstance(item.get("pact_id"), str)
    )
