"""Skill events from the Alexa service (no one is listening, so nothing is spoken)."""

from __future__ import annotations

import logging
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_model import Response

from intents.data import forget_account
from pacts.store import StoreError
from turn import Turn

log = logging.getLogger(__name__)


class SkillEventHandler(AbstractRequestHandler):  # type: ignore[misc]
    """AlexaSkillEvent.* (enabled, disabled, permission changes): acknowledged, never a crash."""

    def can_handle(self, handler_input: Any) -> bool:
        request_type = getattr(handler_input.request_envelope.request, "object_type", "") or ""
        return request_type.startswith("AlexaSkillEvent.")

    def handle(self, handler_input: Any) -> Response:
        request_type = handler_input.request_envelope.request.object_type
        if request_type == "AlexaSkillEvent.SkillDisabled":
            turn = Turn.of(handler_input)
            if turn.user_id:
                try:
                    forget_account(turn.store, turn.user_id)
                except StoreError as error:
                    # Alexa does not retry skill events; the TTL still removes the history.
                    log.error("could not remove a disabled account's data: %s", error)
        response: Response = handler_input.response_builder.response
        return response
