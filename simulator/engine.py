"""The offline Alexa simulator: typed words in, what Alexa would say out.

It plays the Alexa service's part: understands the utterance with the skill's own interaction
model (simulator.nlu), builds the real request envelope, sends it to the same handler Lambda runs,
serves the Alexa service APIs (Settings, Reminders) over HTTPS on 127.0.0.1, keeps DynamoDB in
moto's server with its state on disk, and announces reminders that come due on a simulated clock.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import boto3

from alexa_apis import messaging
from lambda_function import make_handler
from pacts.store import PactStore
from settings import Settings
from simulator.alexa_api import AlexaApiServer, DueReminder, SkillMessage
from simulator.dialog_manager import (
    Awaiting,
    DialogManager,
    Exchange,
    Outcome,
    Spoken,
    speech_ssml,
)
from simulator.dynamo import EmbeddedDynamo, create_table
from simulator.envelopes import Device
from simulator.nlu import Nlu, NluResult
from simulator.tls import ensure_local_tls
from skill import create_skill
from speech.ssml import to_plain_text, total_break_seconds

REPO = Path(__file__).resolve().parent.parent
CONSENT_QUESTION = "Pause Pact would like to create reminders for you. Do you give your permission?"
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
DEFAULT_STATE_DIR = Path(".state")
REMINDERS_STATE = "alexa_api.json"  # the stand-in's reminders and consents, next to DynamoDB's
MESSAGING_PARAMETER = "/pause-pact/skill-messaging"
MESSAGING_DRAIN_S = 5.0
WORDS_PER_SECOND = 2.6  # Alexa's speaking pace, for moving the simulated clock
_WAIT = re.compile(
    r"^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)$"
)


#: The simulated clock stays in these years: the skill adds weeks and years to "now"
#: (summaries, expiry times), which Python's datetime cannot do near the year 9999.
EARLIEST: Final = datetime(2000, 1, 1, tzinfo=UTC)
LATEST: Final = datetime(9000, 1, 1, tzinfo=UTC)
MAX_WAIT: Final = timedelta(days=3650)


def parse_wait(text: str) -> timedelta:
    """ "20m", "1h", "90 s", "2 days" -> a timedelta (ValueError if unreadable or too long)."""
    match = _WAIT.match(text.strip().lower())
    if not match:
        raise ValueError(f"cannot read {text!r}; try 20m, 1h, 30s or 1d")
    amount, unit = float(match.group(1)), match.group(2)[0]
    seconds = amount * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    if seconds > MAX_WAIT.total_seconds():
        raise ValueError(f"cannot wait {text.strip()}: at most {MAX_WAIT.days} days at a time")
    return timedelta(seconds=seconds)


def check_clock(now: datetime) -> datetime:
    """`now` as UTC if it lies in the simulator's years, else ValueError (one clear sentence)."""
    try:
        utc = now.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        raise ValueError(
            f"the simulated clock must stay between {EARLIEST.year} and {LATEST.year} "
            f"({now.isoformat(timespec='minutes')} is outside)"
        )
    return utc


def available_locales() -> list[str]:
    """The locales with an interaction model (interaction_models/<locale>.json)."""
    return sorted(path.stem for path in (REPO / "interaction_models").glob("*.json"))


def time_zone(key: str) -> ZoneInfo:
    """The IANA zone `key`, or ValueError in one sentence."""
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"unknown time zone {key!r}: use an IANA name such as America/Los_Angeles"
        ) from None


def stable_id(prefix: str, name: str) -> str:
    """The same name gives the same Alexa id on every run, so state carries over."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    return f"{prefix}.sim-{digest[:40]}"


class Environment:
    """Environment variables set for the simulated world, restored afterwards."""

    def __init__(self) -> None:
        self._saved: dict[str, str | None] = {}

    def set(self, name: str, value: str) -> None:
        if name not in self._saved:
            self._saved[name] = os.environ.get(name)
        os.environ[name] = value

    def restore(self) -> None:
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved.clear()


class LocalDynamoDB:
    """Where the skill's DynamoDB is when it runs here.

    `AWS_ENDPOINT_URL_DYNAMODB` set: that endpoint (the table is created there if missing).
    AWS credentials or a profile set: your AWS account, as configured. Otherwise: moto's server
    on 127.0.0.1, its items kept in `state_dir/dynamodb.json` between runs.
    """

    def __init__(
        self, table: str, state_dir: Path | None, *, persist: bool = True, embedded: bool = False
    ) -> None:
        self.table = table
        self.force_embedded = embedded
        self.state_dir = state_dir
        self.persist = persist
        self.embedded: EmbeddedDynamo | None = None
        self._env = Environment()

    def start(self) -> str:
        endpoint = None if self.force_embedded else os.environ.get("AWS_ENDPOINT_URL_DYNAMODB")
        real_aws = not self.force_embedded and bool(
            os.environ.get("AWS_PROFILE") or os.environ.get("AWS_ACCESS_KEY_ID")
        )
        if endpoint:
            create_table(boto3.client("dynamodb", endpoint_url=endpoint), self.table)
            return f"DynamoDB at {endpoint}"
        if real_aws:
            return "DynamoDB in your AWS account"
        state = self.state_dir if self.persist else None
        self.embedded = EmbeddedDynamo(self.table, state)
        self.embedded.start()
        self._env.set("AWS_ENDPOINT_URL_DYNAMODB", self.embedded.endpoint_url)
        self._env.set("AWS_ACCESS_KEY_ID", "testing")
        self._env.set("AWS_SECRET_ACCESS_KEY", "testing")
        self._env.set("AWS_DEFAULT_REGION", os.environ.get("AWS_DEFAULT_REGION") or "us-east-1")
        where = state / "dynamodb.json" if state is not None else "memory only"
        return f"embedded DynamoDB (moto), state in {where}"

    def stop(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()
            self.embedded = None
        self._env.restore()


@contextmanager
def local_dynamodb(state_dir: Path, *, persist: bool = True) -> Iterator[str]:
    local = LocalDynamoDB(Settings.from_env().table_name, state_dir, persist=persist)
    try:
        yield local.start()
    finally:
        local.stop()


@dataclass
class Options:
    locale: str = "en-US"
    time_zone: str = "America/Los_Angeles"
    now: datetime | None = None
    user: str = "home"
    person: str | None = None
    screen: bool = False
    state_dir: Path = DEFAULT_STATE_DIR
    persist: bool = True  # keep DynamoDB state in state_dir across runs
    embedded: bool = False  # always moto's server, whatever AWS settings the environment has
    skill_id: str | None = None


@dataclass
class Turn:
    """One exchange: what was typed, how it was understood, what the skill answered.

    `request` / `response` are the last envelopes of the turn; `exchanges` all of them (a dialog
    turn can send the skill more than one request). `prompt` is what Alexa said on its own (a
    dialog model prompt, or its error sentence); `dialog` what Alexa waits for after the turn;
    `answered` the dialog question the utterance answered.
    """

    said: str
    understood: NluResult | None
    request: dict[str, Any] | None
    response: dict[str, Any] | None
    notes: list[str] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    prompt: Spoken | None = None
    dialog: Awaiting | None = None
    answered: Awaiting | None = None
    alexa_asks: str | None = None  # Alexa's own question after the skill's answer (consent)

    @property
    def body(self) -> dict[str, Any]:
        return (self.response or {}).get("response", {}) or {}

    @property
    def ssml(self) -> str:
        """What Alexa said: its own prompt, else the skill's speech."""
        if self.prompt is not None:
            return self.prompt.ssml
        return speech_ssml(self.body.get("outputSpeech")) or ""

    @property
    def text(self) -> str:
        return to_plain_text(self.ssml)

    @property
    def reprompt(self) -> str:
        if self.prompt is not None:
            return to_plain_text(self.prompt.reprompt or "")
        speech = (self.body.get("reprompt") or {}).get("outputSpeech") or {}
        return to_plain_text(str(speech.get("ssml", "")))

    @property
    def session_open(self) -> bool:
        if self.prompt is not None and self.prompt.error:
            return False
        return self.dialog is not None or self.body.get("shouldEndSession") is False

    @property
    def directives(self) -> list[dict[str, Any]]:
        """Every directive the skill returned in this turn, in order."""
        if not self.exchanges:
            return list(self.body.get("directives") or [])
        return [
            directive
            for exchange in self.exchanges
            for directive in (exchange.response.get("response") or {}).get("directives") or []
        ]


class Simulator:
    """Alexa, offline. `Simulator(options)` runs the real skill with its local stand-ins.

    `handler` replaces the skill (any `(event, context) -> response` callable; no DynamoDB,
    TLS or Alexa API server is started for it) and `model` the interaction model (a path or the
    parsed JSON) - for testing the simulator itself with a small skill and model.
    """

    def __init__(
        self,
        options: Options | None = None,
        *,
        handler: Handler | None = None,
        model: Path | Mapping[str, Any] | None = None,
    ) -> None:
        self.options = options or Options()
        zone = time_zone(self.options.time_zone)
        start = self.options.now or datetime.now(zone).replace(second=0, microsecond=0)
        if start.tzinfo is None:
            start = start.replace(tzinfo=zone)
        self.now = check_clock(start)
        self.zone = zone
        if model is None:
            if self.options.locale not in available_locales():
                raise ValueError(
                    f"no interaction model for locale {self.options.locale!r}: "
                    f"use one of {', '.join(available_locales())}"
                )
            model = REPO / "interaction_models" / f"{self.options.locale}.json"
        nlu = Nlu.from_file(model, self.options.locale) if isinstance(model, Path) else None
        if isinstance(model, Path):
            model = json.loads(model.read_text(encoding="utf-8"))
        assert isinstance(model, Mapping)
        self.model: Mapping[str, Any] = model
        self.nlu = nlu or Nlu(model, self.options.locale)
        self.dialogs = DialogManager(model, self.nlu)
        self.devices: dict[tuple[str, str | None], Device] = {}
        self.user = self.options.user
        self.person = self.options.person
        self.api: AlexaApiServer | None = None
        self.local: LocalDynamoDB | None = None
        self.injected = handler
        self.handler: Any = handler
        self.history: list[Turn] = []
        self.consent: tuple[str, str] | None = None  # (user, token) while Alexa asks consent
        self.users: dict[str, str] = {}  # Alexa userId -> the account's name here
        self.undelivered: list[SkillMessage] = []  # messages for accounts not seen yet
        self.deliveries: list[Exchange] = []  # every Messaging.MessageReceived sent
        self.last_due: list[DueReminder] = []
        self.due_log: list[DueReminder] = []  # every reminder that rang, with its account
        self._rang_while_speaking: list[DueReminder] = []
        self._env = Environment()

    # -- lifecycle -------------------------------------------------------------------------

    def clock(self) -> datetime:
        return self.now

    def start(self) -> Simulator:
        settings = Settings.from_env()
        if self.options.skill_id:
            settings = replace(settings, skill_id=self.options.skill_id)
        self.settings = settings
        if self.injected is not None:
            return self  # the given handler is the whole skill
        state = self.options.state_dir
        state.mkdir(parents=True, exist_ok=True)
        self.local = LocalDynamoDB(
            settings.table_name, state, persist=self.options.persist, embedded=self.options.embedded
        )
        self.dynamodb_where = self.local.start()
        tls = ensure_local_tls(state / "tls")
        self._env.set("REQUESTS_CA_BUNDLE", str(tls.ca_file))
        self.api = AlexaApiServer(
            tls,
            clock=self.clock,
            default_time_zone=self.options.time_zone,
            state_file=state / REMINDERS_STATE if self.options.persist else None,
        )
        self.api.start()
        settings = self._skill_messaging(settings)
        self.settings = settings
        self.handler = make_handler(create_skill(settings, clock=self.clock))
        return self

    def _skill_messaging(self, settings: Settings) -> Settings:
        """Skill Messaging as the skill meets it in AWS: its client id and secret in an SSM
        SecureString (moto's SSM, on the embedded server), LWA and messaging on the stand-in.
        With DynamoDB elsewhere (your AWS account, another endpoint), messaging stays off."""
        embedded = self.local.embedded if self.local is not None else None
        if embedded is None or self.api is None:
            return settings
        client_id = "amzn1.application-oa2-client.sim-" + secrets.token_hex(8)
        client_secret = "amzn1.oa2-cs.v1.sim-" + secrets.token_hex(16)
        self._env.set("AWS_ENDPOINT_URL_SSM", embedded.endpoint_url)
        ssm = boto3.client("ssm", endpoint_url=embedded.endpoint_url, region_name="us-east-1")
        ssm.put_parameter(
            Name=MESSAGING_PARAMETER,
            Type="SecureString",
            Value=json.dumps({"clientId": client_id, "clientSecret": client_secret}),
            Overwrite=True,
        )
        self.api.set_skill_credentials(client_id, client_secret)
        return replace(
            settings, messaging_parameter=MESSAGING_PARAMETER, lwa_endpoint=self.api.endpoint
        )

    def deliver_messages(self) -> list[Exchange]:
        """Alexa delivers what the Skill Messaging API accepted: Messaging.MessageReceived to
        the skill, for each recipient account this simulator knows (others wait)."""
        if self.api is None:
            return []
        messaging.drain(MESSAGING_DRAIN_S)
        delivered: list[Exchange] = []
        waiting = list(self.undelivered)
        self.undelivered.clear()
        for message in waiting + self.api.take_messages(self.now):
            event = self.message_event(message.user_id, message.data)
            if event is None:
                self.undelivered.append(message)
                continue
            delivered.append(Exchange(event, self._call_skill(event)))
        self.deliveries += delivered
        return delivered

    def allow_reminders(self) -> None:
        """The current account turns reminders on for the skill in the Alexa app."""
        device = self.device
        if self.api is not None and device.api_access_token:
            self.api.grant_reminders(device.api_access_token)
        device.permissions_token = f"consent-{self.user}"

    def message_event(self, user_id: str, data: dict[str, Any]) -> dict[str, Any] | None:
        """The Messaging.MessageReceived envelope for an account of this simulator."""
        if self.api is None:
            return None
        user = self.users.get(user_id) or self.api.user_name(user_id)
        if user is None:
            return None
        envelope = Device(
            user_id=user_id,
            skill_id=self.settings.skill_id or Device().skill_id,
            api_endpoint=self.api.endpoint,
            api_access_token=self.api.issue_token(user=user, reminders=self.api.consented(user)),
            permissions_token=f"consent-{user}" if self.api.consented(user) else None,
        )
        return envelope.message_received(self.now, data)

    def stop(self) -> None:
        if self.api is not None:
            self.api.stop()
            self.api = None
        if self.local is not None:
            self.local.stop()
        self._env.restore()

    def __enter__(self) -> Simulator:
        try:
            return self.start()
        except BaseException:
            self.stop()  # whatever did start (DynamoDB, the API stand-in) stops again
            raise

    def __exit__(self, *_: object) -> None:
        self.stop()

    # -- talking ---------------------------------------------------------------------------

    @property
    def device(self) -> Device:
        key = (self.user, self.person)
        device = self.devices.get(key)
        if device is None:
            assert self.api is not None or self.injected is not None
            same_account = next((d for (u, _), d in self.devices.items() if u == self.user), None)
            device = Device(
                user_id=stable_id("amzn1.ask.account", self.user),
                device_id=(
                    same_account.device_id
                    if same_account
                    else stable_id("amzn1.ask.device", self.user)
                ),
                skill_id=self.options.skill_id or Device().skill_id,
                locale=self.options.locale,
                person_id=stable_id("amzn1.ask.person", self.person) if self.person else None,
                screen=self.options.screen,
            )
            if self.api is not None:
                device.skill_id = self.settings.skill_id or device.skill_id
                device.api_endpoint = self.api.endpoint
                device.api_access_token = self.api.issue_token(user=self.user)
                self.api.set_time_zone(device.device_id, self.zone.key)
                if self.api.consented(self.user):  # granted in an earlier run
                    device.permissions_token = f"consent-{self.user}"
            self.users[device.user_id] = self.user
            if self.api is not None:
                self.api.register_user(device.user_id, self.user)
            if same_account is not None:  # one Echo, two voices: the session is the device's
                device.session_id = same_account.session_id
                device.session_attributes = same_account.session_attributes
                device.dialog = same_account.dialog
            self.devices[key] = device
        return device

    def say(self, text: str) -> Turn:
        """One utterance, as typed or spoken (an answer, when Alexa waits on a dialog)."""
        device = self.device
        if self.consent is not None and self.consent[0] == self.user:
            return self._answer_consent(text)
        notes: list[str] = []
        unseen = False  # Alexa opened the session for its own dialog; the skill never saw it
        dialog = device.dialog if device.session_id is not None else None
        if dialog is not None and dialog.awaiting is not None:
            heard = self.dialogs.interpret(dialog, text)
            if heard.continues:
                return self._record(
                    text, self.dialogs.answer(device, heard, self.local_now(), self._call_skill)
                )
            if heard.kind == "unclear":
                return self._record(text, self.dialogs.ask_again(dialog, heard))
            unseen = dialog.unseen_session
            notes += self.dialogs.leave(device, heard)
            understood = heard.understood or self.nlu.parse(text)
        else:
            understood = self.nlu.parse(text)
        if understood.launch:
            return self.send(text, understood, device.launch(self.now), notes)
        intent = understood.intent_json()
        if intent is None:
            notes.append("Alexa did not understand that as anything Pause Pact handles")
            turn = Turn(text, understood, None, None, notes)
            self.history.append(turn)
            return turn
        session_open = device.session_id is not None
        if not session_open and not understood.invoked:
            notes.append('heard as: "Alexa, tell Pause Pact ' + text.strip() + '"')
        outcome = self.dialogs.begin(
            device,
            intent,
            self.local_now(),
            self._call_skill,
            new_session=understood.invoked or not session_open or unseen,
        )
        outcome.understood = understood
        outcome.notes[:0] = notes
        return self._record(text, outcome)

    def send(
        self,
        said: str,
        understood: NluResult | None,
        event: dict[str, Any],
        notes: list[str] | None = None,
    ) -> Turn:
        """Send one envelope to the skill; Alexa plays its part in the response (dialogs)."""
        outcome = self.dialogs.deliver(self.device, event, self.local_now(), self._call_skill)
        outcome.understood = understood
        outcome.notes[:0] = notes or []
        return self._record(said, outcome)

    def _answer_consent(self, text: str) -> Turn:
        """The user answers Alexa's own permission question; the skill hears the outcome."""
        assert self.consent is not None
        _, token = self.consent
        self.consent = None
        device = self.device
        intent = self.nlu.parse(text).intent
        if intent == "AMAZON.YesIntent":
            status = "ACCEPTED"
            if self.api is not None and device.api_access_token:
                self.api.grant_reminders(device.api_access_token)
            device.permissions_token = f"consent-{uuid.uuid4()}"
        else:
            status = "DENIED" if intent == "AMAZON.NoIntent" else "NOT_ANSWERED"
        event = device.connections_response("AskFor", self.now, {"status": status}, token)
        return self.send(text, None, event, [f"permission {status.lower().replace('_', ' ')}"])

    def _call_skill(self, event: dict[str, Any]) -> dict[str, Any]:
        response = self.handler(event, None)
        # The envelope must survive a JSON round trip, exactly as over the wire.
        result: dict[str, Any] = json.loads(json.dumps(response))
        return result

    def _record(self, said: str, outcome: Outcome) -> Turn:
        device = self.device
        last = outcome.exchanges[-1] if outcome.exchanges else None
        self._share_session()
        turn = Turn(
            said,
            outcome.understood,
            last.request if last else None,
            last.response if last else None,
            outcome.notes,
            exchanges=outcome.exchanges,
            prompt=outcome.spoken,
            dialog=device.dialog.awaiting if device.dialog is not None else None,
            answered=outcome.answered,
        )
        for directive in turn.directives:
            if directive.get("type") == "Connections.SendRequest" and (
                directive.get("name") == "AskFor"
            ):
                # Alexa itself asks for the permission, then answers the skill.
                self.consent = (self.user, str(directive.get("token", "")))
                turn.alexa_asks = CONSENT_QUESTION
        self.history.append(turn)
        self.deliver_messages()
        if self.api is not None and self.options.persist:
            self.api.save()
        # Reminders that ring while Alexa speaks are announced with the turn's (not dropped).
        self.advance(timedelta(seconds=self._speaking_seconds(turn)))
        self._rang_while_speaking = list(self.last_due)
        return turn

    def _share_session(self) -> None:
        """Voices on one account share the device's session (and its dialog)."""
        current = self.device
        for (user, _), device in self.devices.items():
            if user == self.user and device is not current:
                device.session_id = current.session_id
                device.session_attributes = current.session_attributes
                device.dialog = current.dialog

    def _speaking_seconds(self, turn: Turn) -> float:
        words = len(turn.text.split())
        return round(words / WORDS_PER_SECOND + total_break_seconds(turn.ssml), 1)

    def advance(self, delta: timedelta) -> list[str]:
        """Move the simulated clock; returns the reminders that came due, as Alexa says them.

        ValueError (and the clock unmoved) if it would leave the simulator's years."""
        try:
            later = self.now + delta
        except OverflowError:
            later = LATEST
        if not EARLIEST <= later < LATEST:
            raise ValueError(
                f"cannot move the clock that far: it must stay between {EARLIEST.year} "
                f"and {LATEST.year}"
            )
        self.now = later
        return self.announcements()

    def announcements(self) -> list[str]:
        if self.api is None:
            return []
        due = self.api.due_reminders(self.now)
        self.due_log += due
        self.last_due = self._rang_while_speaking + due
        self._rang_while_speaking = []
        return [r.text for r in self.last_due]

    def switch(self, *, user: str | None = None, person: str | None = None) -> None:
        if user is not None:
            self.user = user
        self.person = person

    @contextmanager
    def as_user(self, user: str) -> Iterator[None]:
        previous = (self.user, self.person)
        self.switch(user=user)
        try:
            yield
        finally:
            self.user, self.person = previous

    def local_now(self) -> datetime:
        return self.now.astimezone(self.zone)


def stored_pact(sim: Simulator) -> dict[str, Any] | None:
    """The pact DynamoDB holds for the current account (for dialog expectations), or None."""
    household = PactStore(
        sim.settings.table_name,
        lambda: boto3.client("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_DYNAMODB")),
    ).load(sim.device.user_id)
    return household.pact.to_item() if household.exists else None
