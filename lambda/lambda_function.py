"""AWS Lambda entry point: `lambda_handler(event, context)`."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope

from intents.questions import ClosedQuestion, strict
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
            result: dict[str, Any] = current.serializer.serialize(response)
        except AskSdkException as error:
            if "Skill ID Verification failed" in str(error):
                log.warning("refused a request for another skill")
                raise SkillIdMismatch("request is not for this skill") from None
            log.error("request not handled: %s", type(error).__name__)
            return _calm_reply(event)
        except Exception as error:  # a calm answer, never a stack trace (nor request content)
            if isinstance(error, ClosedQuestion) and strict():
                raise  # tests and development: a question sent closed is a bug to see
            log.error("request not handled: %s", type(error).__name__)
            return _calm_reply(event)
        return result

    return handler


#: Names the SDK's deserializer must never see as keys: it ``setattr``s every key it does not
#: know onto the model object, so ``"__dict__"`` replaces the object's whole state and
#: ``"to_dict"`` or ``"attribute_map"`` shadow the model's own methods and class data.
_MODEL_NAMES: frozenset[str] = frozenset(
    {
        "attribute_map",
        "deserialized_types",
        "discriminator_value_class_map",
        "get_real_child_model",
        "json_discriminator_key",
        "supports_multiple_types",
        "to_dict",
        "to_str",
    }
)
_MAX_DEPTH = 64  # Alexa's envelopes nest about 10 deep


def _odd_keys(event: dict[str, Any]) -> bool:
    """True if any object in ``event`` has a key Alexa never sends and the SDK would misuse:
    a private or dunder name, or one of the model classes' own attribute names.

    The session attributes are the skill's own data, read back as a plain dict: not screened.
    The slots object is a map (slot name -> slot), which the SDK builds as a dict, never with
    setattr: its keys are names, not attributes; each slot inside it is screened.
    """
    session = event.get("session")
    own = session.get("attributes") if isinstance(session, dict) else None
    request = event.get("request")
    intent = request.get("intent") if isinstance(request, dict) else None
    slots = intent.get("slots") if isinstance(intent, dict) else None
    stack: list[tuple[Any, int]] = [(event, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > _MAX_DEPTH:
            return True
        if value is own and own is not None:
            continue
        if isinstance(value, dict):
            is_map = value is slots
            for key, item in value.items():
                if not isinstance(key, str):
                    return True
                if not is_map and (key.startswith("_") or key in _MODEL_NAMES):
                    return True
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return False


def _envelope(skill: CustomSkill, event: Any) -> RequestEnvelope | None:
    """The request envelope, or None when the event is not a usable Alexa request."""
    if not isinstance(event, dict) or not isinstance(event.get("request"), dict):
        log.warning("malformed request envelope")
        return None
    if _odd_keys(event):
        log.warning("malformed request envelope: a reserved or private key")
        return None
    try:
        envelope = skill.serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
    except Exception:  # the SDK's messages carry the request: log nothing from them
        log.warning("malformed request envelope")
        return None
    system = getattr(getattr(envelope, "context", None), "system", None)
    request = getattr(envelope, "request", None)
    if request is None or system is None or getattr(system, "application", None) is None:
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
