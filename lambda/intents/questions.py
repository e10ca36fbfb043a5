"""A question always keeps the session open with a reprompt (issue 15).

Every response passes `QuestionGuard` (a global response interceptor, the first one), whichever
way a handler built it. A spoken answer whose last sentence is a question, sent with the session
closed or without a reprompt, is refused in tests and development (`PAUSE_PACT_STRICT=1`: the
turn raises `ClosedQuestion`, which the calm exception handler lets through), and repaired in
production: the session stays open and the last question becomes the reprompt, so a person is
never asked something Alexa has already stopped listening for.

Exempt: a `Connections.SendRequest` (Alexa asks its own question, the session left open-ended as
Amazon requires) and a `Dialog.Delegate` (Alexa's dialog model asks).
"""

from __future__ import annotations

import logging
import os
import re
from html import escape
from typing import Any

from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_model.ui import Reprompt, SsmlOutputSpeech

from speech.ssml import to_plain_text

log = logging.getLogger(__name__)
STRICT_ENV = "PAUSE_PACT_STRICT"
EXEMPT_DIRECTIVES = frozenset({"Connections.SendRequest", "Dialog.Delegate"})
_CLOSERS = " \t\n\"'”’»)]"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class ClosedQuestion(RuntimeError):
    """A question about to be sent with the session closed or no reprompt (no words in the
    message: it may reach a log)."""


def strict() -> bool:
    return os.environ.get(STRICT_ENV, "").strip() == "1"


def ends_with_question(speech: str) -> bool:
    """Does this speech (SSML or plain text) end with a question? "¿...?" counts too."""
    return to_plain_text(speech).rstrip(_CLOSERS).endswith("?")


def last_sentence(speech: str) -> str:
    text = to_plain_text(speech).strip()
    return _SENTENCE_END.split(text)[-1] if text else ""


def _speech_of(output: Any) -> str | None:
    if output is None:
        return None
    value = getattr(output, "ssml", None) or getattr(output, "text", None)
    return value if isinstance(value, str) else None


def problem(response: Any) -> str | None:
    """Why this response may not be sent as it is, or None: a spoken question needs an open
    session and a reprompt."""
    if response is None:
        return None
    speech = _speech_of(getattr(response, "output_speech", None))
    if not speech or not ends_with_question(speech):
        return None
    kinds = {getattr(d, "object_type", None) for d in getattr(response, "directives", None) or []}
    if kinds & EXEMPT_DIRECTIVES:
        return None
    if response.should_end_session is not False:
        return "a question with the session closed"
    reprompt = getattr(response, "reprompt", None)
    if _speech_of(getattr(reprompt, "output_speech", None)) is None:
        return "a question without a reprompt"
    return None


def guard(response: Any) -> Any:
    """Refuse (strict) or repair a question sent closed or without a reprompt."""
    trouble = problem(response)
    if trouble is None:
        return response
    if strict():
        raise ClosedQuestion(trouble)
    log.warning("%s: session kept open, the question as reprompt", trouble)
    speech = _speech_of(response.output_speech) or ""
    if _speech_of(getattr(getattr(response, "reprompt", None), "output_speech", None)) is None:
        question = escape(last_sentence(speech), quote=False)
        response.reprompt = Reprompt(
            output_speech=SsmlOutputSpeech(ssml=f"<speak>{question}</speak>")
        )
    response.should_end_session = False
    return response


class QuestionGuard(AbstractResponseInterceptor):  # type: ignore[misc]
    """Runs first among the response interceptors, so a repaired (open) session keeps its
    attributes."""

    def process(self, handler_input: Any, response: Any) -> None:
        guard(response)
