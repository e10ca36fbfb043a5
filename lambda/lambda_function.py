"""AWS Lambda entry point: `lambda_handler(event, context)`."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope

from skill import create_skill
from speech.catalog import Phrases
from speech.ssml import Ssml
from turn import Clock, system_clock

logging.getLogger().setLevel(logging.INFO)
log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


class SkillIdMismatch(AskSdkException):  # type: ignore[misc]
    """The request was for another skill: refused (ask-sdk's own skill-id check)."""


def make_handler(skill: CustomSkill | None = None, *, clock: Clock = system_clock) -> Handler:
    """A Lambda handler around one skill instance (built once per container)."""
    state: dict[str, CustomSkill] = {}

    def get_skill() -> CustomSkill:
        if "skill" not in state:
            state["skill"] = skill or create_skill(clock=clock)
        return state["skill"]

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        current = get_skill()
        envelope = _envelope(current, event)
        if envelope is None:
            return _calm_reply(event)
        try:
            response = current.invoke(request_envelope=envelope, context=context)
        except AskSdkException as error:
            if "Skill ID Verification failed" in str(error):
                log.warning("refused a request for another skill")
                raise SkillIdMismatch("request is not for this skill") from None
            raise
        result: dict[str, Any] = current.serializer.serialize(response)
        return result

    return handler


def _envelope(skill: CustomSkill, event: Any) -> RequestEnvelope | None:
    """The request envelope, or None when the event is not a usable Alexa request."""
    if not isinstance(event, dict) or not isinstance(event.get("request"), dict):
        log.warning("malformed request envelope")
        return None
    try:
        envelope = skill.serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
    except (AskSdkException, TypeError, ValueError):
        log.warning("malformed request envelope")
        return None
    system = getattr(getattr(envelope, "context", None), "system", None)
    if envelope.request is None or system is None or getattr(system, "application", None) is None:
        log.warning("request envelope without context")
        return None
    return envelope


def _calm_reply(event: Any) -> dict[str, Any]:
    """A valid Alexa response for a request we cannot read: a calm sentence, nothing stored."""
    request = event.get("request") if isinstance(event, dict) else None
    locale = request.get("locale") if isinstance(request, dict) else None
    phrases = Phrases(locale if isinstance(locale, str) else None)
    return {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": Ssml().say(phrases.get("error")).build()},
            "shouldEndSession": True,
        },
    }


lambda_handler = make_handler()
