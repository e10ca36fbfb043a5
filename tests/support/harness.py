"""Drive the skill with real envelopes through lambda_handler and read what Alexa would say."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from lambda_function import make_handler
from pacts.store import PactStore
from settings import Settings
from simulator.envelopes import Device
from skill import create_skill
from speech.ssml import check_ssml, to_plain_text

TABLE = "pause-pact"


@dataclass
class Reply:
    raw: dict[str, Any]

    @property
    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = self.raw.get("response", {})
        return body

    @property
    def ssml(self) -> str:
        speech = self.body.get("outputSpeech") or {}
        return str(speech.get("ssml", ""))

    @property
    def text(self) -> str:
        return to_plain_text(self.ssml)

    @property
    def reprompt(self) -> str:
        speech = (self.body.get("reprompt") or {}).get("outputSpeech") or {}
        return to_plain_text(str(speech.get("ssml", "")))

    @property
    def ends_session(self) -> bool:
        return self.body.get("shouldEndSession") is not False

    @property
    def directives(self) -> list[dict[str, Any]]:
        return list(self.body.get("directives") or [])

    @property
    def card(self) -> str:
        return str((self.body.get("card") or {}).get("content", ""))

    @property
    def first_sentence(self) -> str:
        text = self.text
        end = text.find(". ")
        return text if end < 0 else text[: end + 1]


@dataclass
class Harness:
    """One household's device, a controllable clock, and the skill behind lambda_handler."""

    now: datetime
    device: Device
    settings: Settings = field(default_factory=Settings)
    store: PactStore | None = None
    replies: list[Reply] = field(default_factory=list)

    def __post_init__(self) -> None:
        skill = create_skill(self.settings, clock=lambda: self.now, store=self.store)
        self.handler = make_handler(skill)

    def send(self, event: dict[str, Any]) -> Reply:
        reply = Reply(self.handler(event, None))
        if reply.ssml:
            problems = check_ssml(reply.ssml)
            assert not problems, problems
        self.device.absorb(reply.raw)
        self.replies.append(reply)
        return reply

    def say(self, intent: str, slots: dict[str, Any] | None = None, **kw: Any) -> Reply:
        return self.send(self.device.intent(intent, self.now, slots, **kw))

    def say_as(
        self, device: Device, intent: str, slots: dict[str, Any] | None = None, **kw: Any
    ) -> Reply:
        """The same skill and clock, another device (a partner's own Echo, or another voice)."""
        mine = self.device
        self.device = device
        try:
            return self.say(intent, slots, **kw)
        finally:
            self.device = mine

    def dialog(
        self,
        intent: str,
        slots: dict[str, Any],
        *,
        state: str = "IN_PROGRESS",
        confirmation: str = "NONE",
    ) -> Reply:
        """An intent request in the middle of a dialog Alexa manages."""
        event = self.device.intent(intent, self.now, slots, dialog_state=state)
        event["request"]["intent"]["confirmationStatus"] = confirmation
        return self.send(event)

    def permission_answer(self, status: str, token: str) -> Reply:
        """Alexa's Connections.Response to the skill's AskFor (ACCEPTED, DENIED, NOT_ANSWERED)."""
        event = self.device.launch(self.now)
        event.pop("session", None)
        event["request"] = {
            "type": "Connections.Response",
            "requestId": "amzn1.echo-api.request.permission",
            "timestamp": event["request"]["timestamp"],
            "locale": self.device.locale,
            "name": "AskFor",
            "status": {"code": "200", "message": "OK"},
            "payload": {"status": status, "isCardThrown": False},
            "token": token,
        }
        return self.send(event)

    def launch(self) -> Reply:
        return self.send(self.device.launch(self.now))

    def wait(self, **delta: float) -> None:
        self.now += timedelta(**delta)
