"""The device's time zone from the Alexa Settings API (UpsServiceClient)."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)


def device_time_zone(handler_input: Any) -> ZoneInfo | None:
    """The zone, or None when it cannot be known (then the skill says relative times)."""
    factory = handler_input.service_client_factory
    system = handler_input.request_envelope.context.system
    device = getattr(system, "device", None)
    device_id = getattr(device, "device_id", None)
    if factory is None or not device_id or not system.api_access_token or not system.api_endpoint:
        return None
    try:
        name = factory.get_ups_service().get_system_time_zone(device_id)
    except Exception as error:
        log.info("time zone unavailable: %s", type(error).__name__)
        return None
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.info("time zone not recognised")
        return None
