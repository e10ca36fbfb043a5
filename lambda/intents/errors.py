"""The last line: a calm answer instead of a stack trace, and for a flooded person still help."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_model import Response

from intents.common import intent_name, respond
from intents.grounding import grounding_pause
from intents.questions import ClosedQuestion, strict
from speech.catalog import Phrases
from speech.ssml import Ssml

log = logging.getLogger(__name__)
GROUNDING_INTENTS = {"CycleIntent", "GroundingIntent"}


class CalmExceptionHandler(AbstractExceptionHandler):  # type: ignore[misc]
    def can_handle(self, handler_input: Any, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: Any, exception: Exception) -> Response:
        if isinstance(exception, ClosedQuestion) and strict():
            raise exception  # tests and development: a closed question is a bug, not a hiccup
        # The exception's message may carry what a person said: log its type and where only.
        where = "".join(traceback.format_tb(exception.__traceback__, limit=-3))
        log.error("turn failed: %s\n%s", type(exception).__name__, where)
        request = handler_input.request_envelope.request
        phrases = Phrases(getattr(request, "locale", None), getattr(request, "request_id", ""))
        if intent_name(handler_input) in GROUNDING_INTENTS:
            speech = grounding_pause(phrases).say(phrases.get("grounding.after"))
        else:
            speech = Ssml().say(phrases.get("error"))
        return respond(handler_input, speech)
