"""Conversations for the reliability tests: timed turns, whole dialogs, log checks, read-back.

Thread-safe where it matters: one skill (one Lambda container, or one web service) may serve
many `Conversation`s at once, each with its own device.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulator.envelopes import Device
from speech.catalog import Phrases
from speech.ssml import check_ssml
from tests.support.harness import Reply
from tests.support.model_requests import RequestSpec, envelope, follow_up, slot_values

ALEXA_DEADLINE_S = 8.0
MAX_DIALOG_TURNS = 5
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]

#: What the exception handler says when a handler raised (the skill's last line).
CATCH_ALL = Phrases("en-US").get("error")


@dataclass
class Turn:
    reply: Reply
    seconds: float
    event: dict[str, Any]


@dataclass
class Conversation:
    """One device talking to a skill handler, each turn timed and its speech checked."""

    handler: Handler
    device: Device
    clock: Callable[[], datetime]
    turns: list[Turn] = field(default_factory=list)

    def send(self, event: dict[str, Any]) -> Turn:
        start = time.monotonic()
        raw = self.handler(event, None)
        seconds = time.monotonic() - start
        reply = Reply(raw)
        problems = check_ssml(reply.ssml) if reply.ssml else []
        assert not problems, problems
        self.device.absorb(raw)
        turn = Turn(reply, seconds, event)
        self.turns.append(turn)
        return turn

    def say(self, intent: str, slots: dict[str, Any] | None = None, *, new: bool = True) -> Turn:
        return self.send(self.device.intent(intent, self.clock(), slots, new_session=new))

    def journey(
        self, spec: RequestSpec, values: dict[str, str] | None = None, *, new: bool = True
    ) -> list[Turn]:
        """The request and its dialog to the end (confirmations answered yes)."""
        values = values if values is not None else slot_values(spec)
        now = self.clock()
        event: dict[str, Any] | None = envelope(
            self.device, spec, now, values, new_session=new if spec.is_intent else None
        )
        turns: list[Turn] = []
        for _ in range(MAX_DIALOG_TURNS):
            if event is None:
                break
            turn = self.send(event)
            turns.append(turn)
            event = follow_up(self.device, spec, turn.reply.raw, now, values)
        return turns


def valid_response(raw: dict[str, Any]) -> bool:
    """The shape Alexa accepts: version, a response object, speech (if any) as SSML."""
    if not isinstance(raw, dict) or raw.get("version") != "1.0":
        return False
    response = raw.get("response")
    if not isinstance(response, dict):
        return False
    speech = response.get("outputSpeech")
    if speech is None:
        return True
    return (
        isinstance(speech, dict)
        and speech.get("type") == "SSML"
        and isinstance(speech.get("ssml"), str)
        and not check_ssml(speech["ssml"])
    )


def errors_logged(records: Iterable[logging.LogRecord]) -> list[str]:
    """ERROR and worse: an exception reached ask-sdk's exception handler, or worse."""
    return [f"{r.name}: {r.getMessage()[:200]}" for r in records if r.levelno >= logging.ERROR]


def record_text(record: logging.LogRecord) -> str:
    text = record.getMessage()
    if record.exc_info and record.exc_info[1] is not None:
        text += "\n" + "".join(traceback.format_exception(*record.exc_info))
    if record.exc_text:
        text += "\n" + record.exc_text
    if record.stack_info:
        text += "\n" + record.stack_info
    return text


def leaked(records: Iterable[logging.LogRecord], words: Iterable[str]) -> list[str]:
    """Log lines (any logger, any level) that contain one of `words` (case-insensitive)."""
    needles = [w.lower() for w in words if w]
    found: list[str] = []
    for record in records:
        text = record_text(record).lower()
        for needle in needles:
            if needle in text:
                found.append(f"{record.name} {record.levelname}: {needle!r} in {text[:300]!r}")
    return found
