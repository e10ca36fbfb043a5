"""Real Alexa request envelopes (JSON), as the Alexa service sends them to a skill.

Used by the offline simulator and by the tests; every envelope deserialises into
ask_sdk_model.RequestEnvelope.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.dialog_manager import Dialog

DEFAULT_SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000"


def _id(prefix: str) -> str:
    return f"{prefix}.{uuid.uuid4()}"


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Device:
    """One Alexa account on one device, and its open session (if any)."""

    user_id: str = field(default_factory=lambda: _id("amzn1.ask.account"))
    device_id: str = field(default_factory=lambda: _id("amzn1.ask.device"))
    skill_id: str = DEFAULT_SKILL_ID
    locale: str = "en-US"
    api_endpoint: str = "https://api.amazonalexa.com"
    api_access_token: str | None = "token"  # noqa: S105 - a stand-in token
    person_id: str | None = None
    screen: bool = False
    permissions_token: str | None = None
    session_id: str | None = None
    session_attributes: dict[str, Any] = field(default_factory=dict)
    dialog: Dialog | None = field(default=None, repr=False, compare=False)
    """The dialog Alexa runs in the open session (simulator.dialog_manager), if any."""

    def context(self) -> dict[str, Any]:
        interfaces: dict[str, Any] = {}
        if self.screen:
            interfaces["Alexa.Presentation.APL"] = {"runtime": {"maxVersion": "2023.3"}}
        system: dict[str, Any] = {
            "application": {"applicationId": self.skill_id},
            "user": {"userId": self.user_id},
            "device": {"deviceId": self.device_id, "supportedInterfaces": interfaces},
            "apiEndpoint": self.api_endpoint,
        }
        if self.api_access_token:
            system["apiAccessToken"] = self.api_access_token
        if self.permissions_token:
            system["user"]["permissions"] = {"consentToken": self.permissions_token}
        if self.person_id:
            system["person"] = {"personId": self.person_id}
        return {"System": system}

    def session(self, *, new: bool) -> dict[str, Any]:
        if new or self.session_id is None:
            self.session_id = _id("amzn1.echo-api.session")
            self.session_attributes = {}
            self.dialog = None
            new = True
        return {
            "new": new,
            "sessionId": self.session_id,
            "application": {"applicationId": self.skill_id},
            "user": {"userId": self.user_id},
            "attributes": dict(self.session_attributes),
        }

    def _envelope(self, request: dict[str, Any], *, session: bool, new: bool) -> dict[str, Any]:
        envelope: dict[str, Any] = {"version": "1.0", "context": self.context(), "request": request}
        if session:
            envelope["session"] = self.session(new=new)
        return envelope

    def _base(self, kind: str, now: datetime) -> dict[str, Any]:
        return {
            "type": kind,
            "requestId": _id("amzn1.echo-api.request"),
            "timestamp": timestamp(now),
            "locale": self.locale,
        }

    def launch(self, now: datetime) -> dict[str, Any]:
        return self._envelope(self._base("LaunchRequest", now), session=True, new=True)

    def intent(
        self,
        name: str,
        now: datetime,
        slots: dict[str, Any] | None = None,
        *,
        new_session: bool | None = None,
        dialog_state: str | None = None,
        confirmation_status: str = "NONE",
    ) -> dict[str, Any]:
        """An IntentRequest; `slots` maps a name to a value or to a full Alexa slot dict."""
        request = self._base("IntentRequest", now)
        slot_json: dict[str, Any] = {}
        for slot_name, value in (slots or {}).items():
            if isinstance(value, dict):
                slot_json[slot_name] = {"name": slot_name, **value}
            else:
                slot_json[slot_name] = {
                    "name": slot_name,
                    "confirmationStatus": "NONE",
                    "source": "USER",
                    **({"value": value} if value is not None else {}),
                }
        request["intent"] = {
            "name": name,
            "confirmationStatus": confirmation_status,
            "slots": slot_json,
        }
        if dialog_state:
            request["dialogState"] = dialog_state
        new = self.session_id is None if new_session is None else new_session
        return self._envelope(request, session=True, new=new)

    def session_ended(
        self, now: datetime, reason: str = "USER_INITIATED", *, error: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """A SessionEndedRequest (`error`: {type, message} when `reason` is ERROR); ends it."""
        request = self._base("SessionEndedRequest", now)
        request["reason"] = reason
        if error is not None:
            request["error"] = dict(error)
        envelope = self._envelope(request, session=True, new=False)
        self.end_session()
        return envelope

    def skill_event(
        self, kind: str, now: datetime, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        request = self._base(kind, now)
        request["eventCreationTime"] = timestamp(now)
        request["eventPublishingTime"] = timestamp(now)
        if body is not None:
            request["body"] = body
        return self._envelope(request, session=False, new=False)

    def message_received(self, now: datetime, message: dict[str, Any]) -> dict[str, Any]:
        """Messaging.MessageReceived: a Skill Messaging message for this account. Alexa sends it
        out of any session and without a device, with an apiAccessToken of the user's."""
        request = self._base("Messaging.MessageReceived", now)
        request.pop("locale", None)
        request["message"] = dict(message)
        system: dict[str, Any] = {
            "application": {"applicationId": self.skill_id},
            "user": {"userId": self.user_id},
            "apiEndpoint": self.api_endpoint,
        }
        if self.api_access_token:
            system["apiAccessToken"] = self.api_access_token
        if self.permissions_token:
            system["user"]["permissions"] = {"consentToken": self.permissions_token}
        return {"version": "1.0", "context": {"System": system}, "request": request}

    def absorb(self, response: dict[str, Any]) -> None:
        """Keep the session open or closed as the skill's response says."""
        body = response.get("response", {})
        if body.get("shouldEndSession") is False or (
            "shouldEndSession" not in body and body.get("directives")
        ):
            self.session_attributes = dict(response.get("sessionAttributes") or {})
        else:
            self.end_session()

    def end_session(self) -> None:
        self.session_id = None
        self.session_attributes = {}
        self.dialog = None

    def connections_response(
        self, name: str, now: datetime, payload: dict[str, Any], token: str
    ) -> dict[str, Any]:
        """Connections.Response: Alexa's answer to the skill's Connections.SendRequest."""
        request = self._base("Connections.Response", now)
        request.update(
            {
                "name": name,
                "status": {"code": "200", "message": "OK"},
                "payload": payload,
                "token": token,
            }
        )
        return self._envelope(request, session=True, new=self.session_id is None)
