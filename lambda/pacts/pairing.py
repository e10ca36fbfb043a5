"""Pairing two Alexa accounts: a code one way, a number back, and the owner's word.

1. The owner says "connect my partner" and hears a six-digit code (ten minutes, single use).
2. The partner says it on their own Echo. Before the code is even looked at, the attempt is
   counted, atomically (a conditional `ADD`), against the account (five an hour) and against the
   whole service (`SERVICE_ATTEMPTS_PER_HOUR`), so no burst of concurrent guesses gets past
   either limit. A live code is claimed once; the partner hears a six-digit number.
3. Nothing is linked yet. The owner's Echo asks "what number did their Echo give them?" and the
   link goes live only when the owner says that number (one try). A code redeemed twice (a
   stranger and the partner) links no one, and the owner is told.

Every failure of a guess sounds the same, so a guesser learns nothing. The odds, at 100,000
accounts guessing as fast as they may: the service lets through at most 60 attempts an hour,
525,600 a year; with about one live code at any moment (50,000 pairings a year, ten minutes
each) a guess hits one with chance 1e-6, so about 0.5 lucky guesses a year service-wide. Each
then needs the owner to say a six-digit number they never heard: 1e-6. Together about 5e-7 a
year that a stranger joins any household (README: Data, threat model).
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
MAX_CODE_ATTEMPTS = 3
MAX_ACCOUNT_ATTEMPTS = 5  # per account and clock hour
SERVICE_ATTEMPTS_PER_HOUR = 60  # for the whole service
FAILURE_WINDOW = timedelta(hours=1)
MAX_MEMBERS = 2
BUDGET_KEY = "PAIRING"


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


def hour_bucket(now: datetime) -> str:
    """The clock hour an attempt counts in (UTC)."""
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H")


def next_try(now: datetime) -> datetime:
    """When an account that used up its attempts this clock hour may try again."""
    hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return hour + FAILURE_WINDOW


def attempt_counter(pk: str, sk: str, limit: int, now: datetime) -> dict[str, Any]:
    """An UpdateItem that counts one attempt, refused once `limit` attempts were counted."""
    expires = int(now.timestamp() + 2 * FAILURE_WINDOW.total_seconds())
    return {
        "Update": {
            "Key": {"pk": {"S": pk}, "sk": {"S": sk}},
            "UpdateExpression": "ADD attempts :one SET expires_at = :expires",
            "ConditionExpression": "attribute_not_exists(attempts) OR attempts < :limit",
            "ExpressionAttributeValues": {
                ":one": {"N": "1"},
                ":limit": {"N": str(limit)},
                ":expires": {"N": str(expires)},
            },
        }
    }


def code_usable(item: dict[str, Any] | None, now: datetime) -> bool:
    if not item:
        return False
    return (
        int(item.get("expires_at", 0)) > now.timestamp()
        and int(item.get("attempts", 0)) < MAX_CODE_ATTEMPTS
        and isinstance(item.get("pact_id"), str)
        and isinstance(item.get("owner"), str)
        and "claimed" not in item
    )


def pending_live(item: dict[str, Any] | None, now: datetime) -> bool:
    """A redemption waiting for the owner's number."""
    return bool(item) and int((item or {}).get("expires_at", 0)) > now.timestamp()
