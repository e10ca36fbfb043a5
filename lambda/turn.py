"""What one request needs, gathered once: now, the phrases, the time zone, the household.

Everything costly is lazy: a Help turn never reads DynamoDB, a Cycle turn never asks for the
time zone unless it speaks a clock time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from alexa_apis.timezone import device_time_zone
from pacts.model import Pact
from pacts.store import Household, PactStore, StoreError, account_hash
from speech.catalog import Phrases

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
_KEY = "pause_pact.turn"
_UNSET: Any = object()


def system_clock() -> datetime:
    return datetime.now(UTC)


class Turn:
    def __init__(self, handler_input: Any, store: PactStore, clock: Clock) -> None:
        self.handler_input = handler_input
        self._store = store
        envelope = handler_input.request_envelope
        now = clock()
        self.now = now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)
        request = envelope.request
        self.locale: str = getattr(request, "locale", None) or "en-US"
        self.phrases = Phrases(self.locale, seed=getattr(request, "request_id", "") or "")
        system = envelope.context.system if envelope.context else None
        user = getattr(system, "user", None)
        self.user_id: str | None = getattr(user, "user_id", None)
        person = getattr(system, "person", None)
        person_id = getattr(person, "person_id", None)
        self.voice: str | None = account_hash(person_id) if person_id else None
        self.account: str | None = account_hash(self.user_id) if self.user_id else None
        self._zone: Any = _UNSET
        self._household: Household | None = None
        self.save_failed = False
        self._scratch: dict[str, Any] | None = None

    @staticmethod
    def of(handler_input: Any) -> Turn:
        turn = handler_input.attributes_manager.request_attributes[_KEY]
        assert isinstance(turn, Turn)
        return turn

    def attach(self) -> None:
        self.handler_input.attributes_manager.request_attributes[_KEY] = self

    @property
    def speaker(self) -> str | None:
        """Who is speaking, as the pact keys names: a voice profile, else the account."""
        if self.voice:
            return f"v:{self.voice}"
        return f"a:{self.account}" if self.account else None

    @property
    def speaker_name(self) -> str | None:
        return self.household.pact.name_of(self.speaker)

    def load(self) -> Household:
        """Read the household (one read per turn; see pacts/store.py)."""
        return self.household

    @property
    def zone(self) -> ZoneInfo | None:
        if self._zone is _UNSET:
            self._zone = device_time_zone(self.handler_input)
        zone: ZoneInfo | None = self._zone
        return zone

    @property
    def household(self) -> Household:
        if self._household is None:
            self._household = self._load()
        return self._household

    def _load(self) -> Household:
        if not self.user_id:
            return Household(pact=Pact(pact_id="anonymous"), loaded=False)
        try:
            return self._store.load(self.user_id)
        except StoreError as error:
            log.warning("pact read failed: %s", error)
            account = account_hash(self.user_id)
            return Household(pact=Pact(pact_id="unreachable"), account=account, loaded=False)

    def not_saved(self) -> str:
        """What to say when this turn's change was not kept: a pact that could not be read
        (and so was not written over) is said so, not called a failed save."""
        key = "pact.not_reached" if self.household.unreadable else "change.not_saved"
        return self.phrases.get(key)

    @property
    def store(self) -> PactStore:
        return self._store

    def save(self) -> bool:
        """Persist this turn's changes (one write). False means they could not be kept."""
        household = self._household
        if household is None or not household.dirty:
            return True
        try:
            self._store.save(household)
        except StoreError as error:
            log.warning("pact write failed: %s", error)
            self.save_failed = True
            return False
        return True

    @property
    def session(self) -> dict[str, Any]:
        """Session attributes; a request outside a session (an event, a Connections.Response)
        gets a scratch dict, so nothing fails for want of a session."""
        if self.handler_input.request_envelope.session is None:
            if self._scratch is None:
                self._scratch = {}
            return self._scratch
        attributes: dict[str, Any] = self.handler_input.attributes_manager.session_attributes
        return attributes
