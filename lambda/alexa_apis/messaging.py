"""Skill Messaging: a message for another Alexa account's user, sent off the answer's path.

ask-sdk's `SkillMessagingServiceClient` sends ``POST /v1/skillmessages/users/{userId}`` with a
token its `LwaClient` gets from Login with Amazon (client-credentials grant, scope
``alexa:skill_messaging``, the skill's client id and secret from `secrets.CredentialStore`).
Alexa answers 202 and later delivers the message to the skill as ``Messaging.MessageReceived``
for that user, with an apiAccessToken of theirs.

Nothing here may slow the speaker's answer: `Messenger.send_soon` runs the whole exchange
(secret read, token, message) in a daemon thread, and the turn waits for it at most
`Settings.messaging_wait_s`. A send still running then finishes on its own; a send that fails
is logged by kind (never ids or content) and is caught up later (the receiver reconciles with
the pact, and the next turn of either partner sends again while the partner is behind).

The LWA client is kept per container, so its token (an hour) is reused across invocations.
ask-sdk's model and service clients are imported on first use only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from alexa_apis.secrets import CredentialStore, SkillCredentials

log = logging.getLogger(__name__)

MESSAGING_SCOPE = "alexa:skill_messaging"
MIN_EXPIRY_S = 60
MAX_EXPIRY_S = 86_400


class Outcome(Enum):
    SENT = "sent"  # 202: accepted for delivery
    NOT_CONFIGURED = "not_configured"  # no parameter, or it could not be read
    REFUSED = "refused"  # 400/403 or LWA said no: a setup problem, not worth retrying now
    UNKNOWN_USER = "unknown_user"  # 404: the userId is not a user of this skill (any more)
    UNAVAILABLE = "unavailable"  # 429, 5xx, timeouts: try again later


_BY_STATUS = {400: Outcome.REFUSED, 403: Outcome.REFUSED, 404: Outcome.UNKNOWN_USER}


@dataclass(frozen=True)
class Message:
    user_id: str
    data: dict[str, Any]
    expires_after_s: int = 3600


@dataclass
class Delivery:
    """A batch of messages on their way (a thread); `outcomes` fills in as they go."""

    thread: threading.Thread | None = None
    outcomes: list[Outcome] = field(default_factory=list)

    def wait(self, timeout_s: float) -> bool:
        """Wait at most `timeout_s`; True when every message has been handed over."""
        if self.thread is None:
            return True
        self.thread.join(timeout_s)
        return not self.thread.is_alive()


_in_flight: set[threading.Thread] = set()
_in_flight_lock = threading.Lock()


def drain(timeout_s: float = 5.0) -> bool:
    """Wait for every send still running (the simulator and tests; never a turn)."""
    with _in_flight_lock:
        threads = list(_in_flight)
    for thread in threads:
        thread.join(timeout_s)
    return all(not thread.is_alive() for thread in threads)


class Messenger:
    """Sends Skill Messaging messages with the skill's credentials (one per container)."""

    def __init__(
        self,
        credentials: CredentialStore,
        *,
        lwa_endpoint: str = "https://api.amazon.com",
        timeout_s: float = 1.0,
        api_client: Callable[[float], Any] | None = None,
    ) -> None:
        self.credentials = credentials
        self.lwa_endpoint = lwa_endpoint
        self.timeout_s = timeout_s
        self._api_client_factory = api_client
        self._api_client: Any = None
        self._lwa: tuple[SkillCredentials, Any] | None = None
        self._lock = threading.Lock()

    @property
    def configured(self) -> bool:
        return self.credentials.configured

    def send_soon(self, api_endpoint: str, messages: Sequence[Message]) -> Delivery:
        """Send in a daemon thread; the caller decides how long (if at all) to wait."""
        delivery = Delivery()
        if not messages:
            return delivery

        def run() -> None:
            try:
                for message in messages:
                    delivery.outcomes.append(self.send(api_endpoint, message))
            finally:
                with _in_flight_lock:
                    _in_flight.discard(threading.current_thread())

        thread = threading.Thread(target=run, name="skill-messaging", daemon=True)
        delivery.thread = thread
        with _in_flight_lock:
            _in_flight.add(thread)
        thread.start()
        return delivery

    def send(self, api_endpoint: str, message: Message, *, fresh_token: bool = False) -> Outcome:
        """One message, synchronously, each HTTP call bounded by `timeout_s`. A 403 (the LWA
        token expired or was revoked) gets one more try with a new token."""
        from ask_sdk_model.services import ServiceException  # noqa: PLC0415
        from ask_sdk_model.services.skill_messaging import (  # noqa: PLC0415
            SendSkillMessagingRequest,
        )

        credentials = self.credentials.get()
        if credentials is None:
            return Outcome.NOT_CONFIGURED
        client = self._client(api_endpoint, credentials)
        expires = max(MIN_EXPIRY_S, min(MAX_EXPIRY_S, int(message.expires_after_s)))
        request = SendSkillMessagingRequest(data=message.data, expires_after_seconds=expires)
        try:
            client.send_skill_message(message.user_id, request)
        except ServiceException as error:
            status = getattr(error, "status_code", None)
            log.info("skill message not sent: HTTP %s", status)
            if status == 401:  # LWA refused the client id/secret: read them again next time
                self.credentials.invalidate()
                with self._lock:
                    self._lwa = None
                return Outcome.REFUSED
            if status == 403 and not fresh_token:
                with self._lock:
                    self._lwa = None  # the LwaClient keeps its token: a new client asks again
                return self.send(api_endpoint, message, fresh_token=True)
            return _BY_STATUS.get(int(status or 0), Outcome.UNAVAILABLE)
        except Exception as error:  # LWA's ValueError, serialisation, anything unexpected
            log.info("skill message not sent: %s", type(error).__name__)
            return Outcome.UNAVAILABLE
        return Outcome.SENT

    def _client(self, api_endpoint: str, credentials: SkillCredentials) -> Any:
        from ask_sdk_core.serialize import DefaultSerializer  # noqa: PLC0415
        from ask_sdk_model.services import (  # noqa: PLC0415
            ApiConfiguration,
            AuthenticationConfiguration,
        )
        from ask_sdk_model.services.lwa import LwaClient  # noqa: PLC0415
        from ask_sdk_model.services.skill_messaging import (  # noqa: PLC0415
            SkillMessagingServiceClient,
        )

        with self._lock:
            if self._api_client is None:
                self._api_client = self._make_api_client()
            authentication = AuthenticationConfiguration(
                client_id=credentials.client_id, client_secret=credentials.client_secret
            )
            if self._lwa is None or self._lwa[0] != credentials:
                lwa = LwaClient(
                    api_configuration=ApiConfiguration(
                        serializer=DefaultSerializer(),
                        api_client=self._api_client,
                        api_endpoint=self.lwa_endpoint,
                    ),
                    authentication_configuration=authentication,
                )
                self._lwa = (credentials, lwa)
            return SkillMessagingServiceClient(
                api_configuration=ApiConfiguration(
                    serializer=DefaultSerializer(),
                    api_client=self._api_client,
                    api_endpoint=api_endpoint,
                ),
                authentication_configuration=authentication,
                lwa_client=self._lwa[1],
            )

    def _make_api_client(self) -> Any:
        if self._api_client_factory is not None:
            return self._api_client_factory(self.timeout_s)
        from alexa_apis.client import TimedApiClient  # noqa: PLC0415

        return TimedApiClient(self.timeout_s)
