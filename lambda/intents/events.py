"""Events from the Alexa service (no one is listening, so nothing is spoken).

They keep the stored state true when people change things outside the conversation: disabling
the skill, deleting a reminder in the Alexa app, or taking back the reminders permission.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_model import Response

from alexa_apis.reminders import REMINDERS_SCOPE
from intents import partner_devices
from intents.data import forget_account
from pacts.model import Pact
from pacts.store import StoreError
from turn import Turn

log = logging.getLogger(__name__)

EVENT_PREFIXES = ("AlexaSkillEvent.", "Reminders.")


def without_reminders(pact: Pact, tokens: set[str] | None) -> Pact:
    """Forget reminder tokens (all of them when `tokens` is None)."""
    space = pact.active_space
    if (
        space is not None
        and space.reminder_token
        and (tokens is None or space.reminder_token in tokens)
    ):
        pact = pact.with_space(replace(space, reminder_token=None))
    if pact.reflection_reminder and (tokens is None or pact.reflection_reminder in tokens):
        pact = replace(pact, reflection_reminder=None)
    return pact


def _gone_tokens(request: Any) -> set[str] | None:
    """Reminder tokens the event says are gone; an empty set when it says none are."""
    kind = request.object_type
    body = getattr(request, "body", None)
    if kind == "Reminders.ReminderDeleted":
        return {t for t in (getattr(body, "alert_tokens", None) or []) if isinstance(t, str)}
    if kind == "Reminders.ReminderStatusChanged":
        status = getattr(getattr(body, "status", None), "value", getattr(body, "status", None))
        token = getattr(body, "alert_token", None)
        # A return reminder that went off is done; a nightly one stays ON between nights.
        return {token} if status == "COMPLETED" and isinstance(token, str) else set()
    if kind == "AlexaSkillEvent.SkillPermissionChanged":
        accepted = getattr(body, "accepted_permissions", None) or []
        scopes = {getattr(p, "scope", None) for p in accepted}
        return set() if REMINDERS_SCOPE in scopes else None
    return set()


class SkillEventHandler(AbstractRequestHandler):  # type: ignore[misc]
    """A request handler for every AlexaSkillEvent.* and Reminders.* event."""

    def can_handle(self, handler_input: Any) -> bool:
        request_type = getattr(handler_input.request_envelope.request, "object_type", "") or ""
        return request_type.startswith(EVENT_PREFIXES)

    def handle(self, handler_input: Any) -> Response:
        request = handler_input.request_envelope.request
        turn = Turn.of(handler_input)
        try:
            if request.object_type == "AlexaSkillEvent.SkillDisabled":
                left = forget_account(turn.store, turn.user_id) if turn.user_id else None
                if left is not None:  # the partner's account drops what went with it
                    partner_devices.after_leaving(handler_input, *left)
            else:
                gone = _gone_tokens(request)
                if gone is None or gone:  # only then is the pact worth reading
                    household = turn.household
                    if without_reminders(household.pact, gone) != household.pact:
                        household.change(lambda p: without_reminders(p, gone))
                        turn.save()
        except StoreError as error:
            # Alexa does not retry skill events; the TTL still removes the history in time.
            log.error("could not apply a skill event: %s", error)
        response: Response = handler_input.response_builder.response
        return response
