"""Return reminders and the nightly reflection, through ask-sdk's ReminderManagementServiceClient.

Absolute reminders carry the device's IANA zone and a local time with no offset (Amazon refuses
a trailing `Z`); when the zone is unknown a return reminder is relative instead. The nightly
reflection is a daily RFC 5545 rule. Only reminders this skill created (their tokens are kept
in the pact) are ever updated or deleted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from ask_sdk_model.services import ServiceException
from ask_sdk_model.services.reminder_management import (
    AlertInfo,
    PushNotification,
    PushNotificationStatus,
    Recurrence,
    ReminderRequest,
    SpokenInfo,
    SpokenText,
    Trigger,
    TriggerType,
)

log = logging.getLogger(__name__)

REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
MAX_TEXT = 250


class Failure(Enum):
    NO_PERMISSION = "no_permission"  # 401: ask for consent
    UNAVAILABLE = "unavailable"  # 403, 429, 5xx, timeouts: say so calmly; nothing else changes
    GONE = "gone"  # 404: the user already deleted it


@dataclass(frozen=True)
class ReminderError(Exception):
    failure: Failure


def has_permission(handler_input: Any) -> bool:
    """Whether the request says the user granted the reminders permission."""
    user = getattr(handler_input.request_envelope.context.system, "user", None)
    permissions = getattr(user, "permissions", None)
    scopes = getattr(permissions, "scopes", None) or {}
    scope = scopes.get(REMINDERS_SCOPE) if isinstance(scopes, dict) else None
    if scope is not None:
        status = getattr(getattr(scope, "status", None), "value", getattr(scope, "status", None))
        return status == "GRANTED"
    return bool(getattr(permissions, "consent_token", None))


def _client(handler_input: Any) -> Any:
    factory = handler_input.service_client_factory
    system = handler_input.request_envelope.context.system
    if factory is None or not system.api_access_token:
        raise ReminderError(Failure.UNAVAILABLE)
    return factory.get_reminder_management_service()


def _call(action: str, call: Any) -> Any:
    try:
        return call()
    except ServiceException as error:
        status = getattr(error, "status_code", None)
        log.info("reminders %s failed: HTTP %s", action, status)
        if status == 401:
            raise ReminderError(Failure.NO_PERMISSION) from None
        if status == 404:
            raise ReminderError(Failure.GONE) from None
        raise ReminderError(Failure.UNAVAILABLE) from None
    except Exception as error:
        log.info("reminders %s failed: %s", action, type(error).__name__)
        raise ReminderError(Failure.UNAVAILABLE) from None


@dataclass(frozen=True)
class Reminder:
    """What to say, when, in which locale."""

    trigger: Trigger
    text: str
    locale: str

    def request(self, now: datetime) -> ReminderRequest:
        spoken = SpokenText(locale=self.locale, text=self.text[:MAX_TEXT])
        return ReminderRequest(
            request_time=now.astimezone(UTC).replace(tzinfo=None, microsecond=0),
            trigger=self.trigger,
            alert_info=AlertInfo(spoken_info=SpokenInfo(content=[spoken])),
            push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
        )


def return_trigger(now: datetime, return_at: datetime, zone: ZoneInfo | None) -> Trigger:
    if zone is None:
        seconds = max(60, round((return_at - now).total_seconds()))
        return Trigger(object_type=TriggerType.SCHEDULED_RELATIVE, offset_in_seconds=seconds)
    local = return_at.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    return Trigger(
        object_type=TriggerType.SCHEDULED_ABSOLUTE, scheduled_time=local, time_zone_id=zone.key
    )


def nightly_trigger(now: datetime, at: str, zone: ZoneInfo | None) -> Trigger:
    """Every day at `at` ("21:30"), from its next occurrence; in the device's zone."""
    hour, minute = (int(part) for part in at.split(":"))
    local_now = now.astimezone(zone) if zone else now.astimezone(UTC)
    start = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if start <= local_now:
        start += timedelta(days=1)
    naive = start.replace(tzinfo=None)
    rule = f"FREQ=DAILY;BYHOUR={hour};BYMINUTE={minute};BYSECOND=0"
    return Trigger(
        object_type=TriggerType.SCHEDULED_ABSOLUTE,
        scheduled_time=naive,
        # Without a zone, Alexa uses the device's own: the local time is still right.
        time_zone_id=zone.key if zone else None,
        recurrence=Recurrence(start_date_time=naive, recurrence_rules=[rule]),
    )


def create(handler_input: Any, now: datetime, reminder: Reminder) -> str:
    client = _client(handler_input)
    response = _call("create", lambda: client.create_reminder(reminder.request(now)))
    token = getattr(response, "alert_token", None)
    if not isinstance(token, str) or not token:
        raise ReminderError(Failure.UNAVAILABLE)
    return token


def update(handler_input: Any, token: str, now: datetime, reminder: Reminder) -> None:
    client = _client(handler_input)
    _call("update", lambda: client.update_reminder(token, reminder.request(now)))


def delete(handler_input: Any, token: str) -> None:
    client = _client(handler_input)
    _call("delete", lambda: client.delete_reminder(token))


def ask_permission_directive(token: str) -> Any:
    """Connections.SendRequest AskFor the reminders permission (Alexa asks the user by voice)."""
    from ask_sdk_model.interfaces.connections import SendRequestDirective  # noqa: PLC0415

    return SendRequestDirective(
        name="AskFor",
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "2",
            "permissionScopes": [{"permissionScope": REMINDERS_SCOPE, "consentLevel": "ACCOUNT"}],
        },
        token=token,
    )
