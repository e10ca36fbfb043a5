"""Builds the Pause Pact skill (ask-sdk-core CustomSkillBuilder)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from ask_sdk_core.dispatch_components import (
    AbstractRequestHandler,
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from alexa_apis.client import TimedApiClient
from alexa_apis.messaging import Messenger
from alexa_apis.secrets import CredentialStore
from intents.cancel_reminder import CancelReminderHandler
from intents.common import IntentHandler
from intents.connection import ConnectionHandler
from intents.cycle import CycleHandler
from intents.data import DeleteDataHandler
from intents.errors import CalmExceptionHandler
from intents.events import SkillEventHandler
from intents.grounding import GroundingHandler
from intents.pact import ChangePactHandler, ReadPactHandler, SetupPactHandler, SignalHandler
from intents.partner_devices import (
    MessageReceivedHandler,
    PartnerMessageInterceptor,
    TurnClockInterceptor,
)
from intents.partners import (
    ConnectPartnerHandler,
    JoinPactHandler,
    LeavePactHandler,
    NameHandler,
)
from intents.pattern_check import (
    PatternCheckHandler,
    PatternSessionInterceptor,
    PatternStepHandler,
    PlaybookHandler,
)
from intents.permissions import PermissionResponseHandler
from intents.questions import QuestionGuard
from intents.reflection import (
    ReflectionHandler,
    ScheduleReflectionHandler,
    StopReflectionHandler,
)
from intents.return_time import BackHandler, ReturnTimeHandler
from intents.safety import SafetyHandler
from intents.session import (
    FallbackHandler,
    HelpHandler,
    LaunchHandler,
    SessionEndedHandler,
    StopHandler,
    UnknownIntentHandler,
    YesNoHandler,
)
from intents.slow_motion import SlowMotionHandler
from intents.space import ReminderHandler, SpaceHandler
from intents.summary import SummaryHandler
from log_privacy import quiet_libraries
from pacts.store import PactStore, dynamodb_client
from settings import Settings
from turn import Clock, Turn, system_clock

log = logging.getLogger(__name__)
quiet_libraries()


class TurnInterceptor(AbstractRequestInterceptor):  # type: ignore[misc]
    """Gathers what the turn needs (lazily) and logs what kind of turn it is, never its words."""

    def __init__(self, store: PactStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def process(self, handler_input: Any) -> None:
        request = handler_input.request_envelope.request
        intent = getattr(getattr(request, "intent", None), "name", None)
        log.info("request %s %s", getattr(request, "object_type", "?"), intent or "")
        Turn(handler_input, self.store, self.clock).attach()


class SessionHygieneInterceptor(AbstractResponseInterceptor):  # type: ignore[misc]
    """A closed session carries no attributes; an open one keeps only what the skill set."""

    def process(self, handler_input: Any, response: Any) -> None:
        if response is not None and response.should_end_session:
            Turn.of(handler_input).session.clear()


def create_skill_builder(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    store: PactStore | None = None,
    api_client: Any | None = None,
    messenger: Messenger | None = None,
) -> CustomSkillBuilder:
    settings = settings or Settings.from_env()
    if messenger is None:
        messenger = Messenger(
            CredentialStore(
                settings.messaging_parameter,
                ttl_s=settings.credentials_ttl_s,
                timeout_s=settings.messaging_timeout_s,
            ),
            lwa_endpoint=settings.lwa_endpoint,
            timeout_s=settings.messaging_timeout_s,
        )
    if store is None:
        store = PactStore(
            settings.table_name,
            partial(
                dynamodb_client,
                settings.dynamodb_connect_timeout_s,
                settings.dynamodb_read_timeout_s,
                settings.dynamodb_max_attempts,
            ),
        )
    builder = CustomSkillBuilder(
        api_client=api_client or TimedApiClient(settings.alexa_api_timeout_s)
    )
    builder.skill_id = settings.skill_id
    builder.add_global_request_interceptor(TurnClockInterceptor())
    builder.add_global_request_interceptor(TurnInterceptor(store, clock))
    builder.add_global_request_interceptor(PatternSessionInterceptor())
    builder.add_global_response_interceptor(QuestionGuard())  # first: a question stays open
    builder.add_global_response_interceptor(
        PartnerMessageInterceptor(messenger, settings.messaging_wait_s, settings.turn_budget_s)
    )
    builder.add_global_response_interceptor(SessionHygieneInterceptor())
    for handler in request_handlers():
        builder.add_request_handler(handler)
    builder.add_exception_handler(CalmExceptionHandler())
    return builder


def request_handlers() -> list[AbstractRequestHandler]:
    """Every request handler, in the order they are tried."""
    return [
        SafetyHandler(),  # first: a sign of danger wins over everything
        PatternStepHandler(),  # an answer mid-check (only while the check runs)
        LaunchHandler(),
        SlowMotionHandler(),  # step commands only while a slow conversation runs
        SpaceHandler(),
        CycleHandler(),
        GroundingHandler(),
        ConnectionHandler(),
        ReturnTimeHandler(),
        BackHandler(),
        SetupPactHandler(),
        ReadPactHandler(),
        ChangePactHandler(),
        SignalHandler(),
        NameHandler(),
        ConnectPartnerHandler(),
        JoinPactHandler(),
        LeavePactHandler(),
        PatternCheckHandler(),
        PlaybookHandler(),
        SummaryHandler(),
        DeleteDataHandler(),
        ReminderHandler(),
        CancelReminderHandler(),
        PermissionResponseHandler(),
        ScheduleReflectionHandler(),
        StopReflectionHandler(),
        ReflectionHandler(),
        YesNoHandler(),
        HelpHandler(),
        StopHandler(),
        FallbackHandler(),
        SessionEndedHandler(),
        SkillEventHandler(),
        MessageReceivedHandler(),
        UnknownIntentHandler(),  # last
    ]


def handled_intents() -> set[str]:
    """The intent names the skill's handlers declare (the model lint compares these)."""
    names: set[str] = set()
    for handler in request_handlers():
        if isinstance(handler, IntentHandler):
            names.update(handler.intents)
    return names


def create_skill(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    store: PactStore | None = None,
    api_client: Any | None = None,
    messenger: Messenger | None = None,
) -> CustomSkill:
    skill: CustomSkill = create_skill_builder(
        settings, clock=clock, store=store, api_client=api_client, messenger=messenger
    ).create()
    return skill
