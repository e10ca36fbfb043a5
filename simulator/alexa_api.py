"""A local HTTPS stand-in for the Alexa service APIs the skill calls (never shipped to Lambda).

It serves, on https://127.0.0.1:<port> (the value for `context.System.apiEndpoint`):

* the Settings API: ``GET /v2/devices/{deviceId}/settings/System.timeZone``, which answers 200
  with a JSON *string* body (``"America/Los_Angeles"``) exactly as Amazon does, or 204 with no
  body for a device without a zone (ask-sdk's ``UpsServiceClient.get_system_time_zone`` then
  returns None);
* the Reminders API: ``POST/GET /v1/alerts/reminders`` and
  ``GET/PUT/DELETE /v1/alerts/reminders/{alertToken}``, with the JSON shapes of
  ``ask_sdk_model.services.reminder_management`` and Amazon's validation (400 with
  ``{"code", "message"}``);
* Login with Amazon's token endpoint, ``POST /auth/O2/token`` (the path ask-sdk's ``LwaClient``
  uses; ``/auth/o2/token`` as Amazon documents it works too): a form body with
  ``grant_type=client_credentials``, the skill's client id and secret (`set_skill_credentials`)
  and ``scope=alexa:skill_messaging`` gets ``{"access_token", "token_type", "expires_in",
  "scope"}``; wrong credentials get 401 ``invalid_client``;
* the Skill Messaging API: ``POST /v1/skillmessages/users/{userId}`` with such a token and
  ``{"data": {...}, "expiresAfterSeconds": n}`` answers 202 and queues the message. Alexa then
  delivers it to the skill as ``Messaging.MessageReceived``; here the simulator does that,
  taking the queue with `take_messages` (late, twice or out of order, as a test wants).

Every request but the LWA one needs ``Authorization: Bearer <token>``: from
`AlexaApiServer.issue_token` for the Settings and Reminders APIs, from LWA for Skill Messaging;
unknown or missing tokens get 401 everywhere, tokens without the reminders permission get 401
from the Reminders API. Tests can inject faults (status and/or delay) and read back the requests.
`due_reminders` tells the simulator which reminders would ring now. With a `state_file`, the
reminders and who granted the reminders permission are kept on disk between runs (`save`).

Error codes: 401 bodies on the Settings API use ask-sdk's ``ups.ErrorCode`` values (ask-sdk
deserialises them into that enum, so any other code would turn a clean ServiceException into a
SerializationException). The Reminders API 400 codes are the stand-in's names (the
``INVALID_*`` constants below); Amazon is known to use ``INVALID_TRIGGER_SCHEDULED_TIME_FORMAT``
for a scheduledTime with an offset, the others are not documented precisely.

Nothing here logs request bodies or tokens.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import secrets
import socketserver
import ssl
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Final, cast
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, available_timezones

from dateutil.rrule import rrule, rruleset, rrulestr  # type: ignore[import-untyped]

from simulator.files import write_atomic
from simulator.tls import LocalTls

log = logging.getLogger(__name__)

# Bounds: the stand-in never waits, stores or reads without limit.
MAX_DELAY_S: Final = 30.0
MAX_BODY_BYTES: Final = 64 * 1024
MAX_TEXT_CHARS: Final = 250
MAX_REMINDERS_PER_USER: Final = 250
MAX_RECURRENCE_RULES: Final = 10
MAX_RECORDED_REQUESTS: Final = 10_000
HANDLER_TIMEOUT_S: Final = 10.0
STOP_JOIN_TIMEOUT_S: Final = 5.0
MAX_QUEUED_MESSAGES: Final = 1_000
MAX_MESSAGE_DATA_BYTES: Final = 6 * 1024  # Amazon: data up to 6 KB
LWA_TOKEN_SECONDS: Final = 3600
MESSAGE_EXPIRY_DEFAULT_S: Final = 3600
MESSAGE_EXPIRY_MIN_S: Final = 60
MESSAGE_EXPIRY_MAX_S: Final = 86_400
SKILL_MESSAGING_SCOPE: Final = "alexa:skill_messaging"
STATE_FORMAT: Final = "pause-pact/alexa-api/1"

# Reminders API 400 codes.
INVALID_REQUEST: Final = "INVALID_REQUEST"
INVALID_TRIGGER_TYPE: Final = "INVALID_TRIGGER_TYPE"
INVALID_TRIGGER_SCHEDULED_TIME_FORMAT: Final = "INVALID_TRIGGER_SCHEDULED_TIME_FORMAT"
INVALID_TIME_ZONE_ID: Final = "INVALID_TIME_ZONE_ID"
INVALID_TRIGGER_OFFSET: Final = "INVALID_TRIGGER_OFFSET"
INVALID_RECURRENCE: Final = "INVALID_RECURRENCE"
INVALID_ALERT_INFO: Final = "INVALID_ALERT_INFO"
INVALID_TEXT_LENGTH: Final = "INVALID_TEXT_LENGTH"
INVALID_PUSH_NOTIFICATION: Final = "INVALID_PUSH_NOTIFICATION"

SCHEDULED_ABSOLUTE: Final = "SCHEDULED_ABSOLUTE"
SCHEDULED_RELATIVE: Final = "SCHEDULED_RELATIVE"

_REMINDERS_ROOT = "/v1/alerts/reminders"
_LWA_PATHS = frozenset({"/auth/O2/token", "/auth/o2/token"})
_MESSAGES_PATH = re.compile(r"^/v1/skillmessages/users/(?P<user>[^/]+)$")
_USER_ID = re.compile(r"^amzn1\.ask\.account\.[A-Za-z0-9._-]{1,200}$")
_REMINDER_PATH = re.compile(r"^/v1/alerts/reminders/(?P<token>[^/]+)$")
_TIME_ZONE_PATH = re.compile(r"^/v2/devices/(?P<device>[^/]+)/settings/System\.timeZone$")
# Local date-time without offset. Amazon's own examples use one-digit hours ("T6:00:00.000").
_LOCAL_TIME = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})T(?P<h>\d{1,2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:\.(?P<f>\d{1,9}))?)?$"
)
_UNTIL_UTC = re.compile(r"UNTIL=(?P<value>\d{8}T\d{6})Z", re.IGNORECASE)
_WEEKDAYS = frozenset({"SU", "MO", "TU", "WE", "TH", "FR", "SA"})
_OLD_FREQS = frozenset({"DAILY", "WEEKLY"})

# Settings API error codes must be members of ask_sdk_model.services.ups.ErrorCode.
_UPS_CODES = {401: "INVALID_TOKEN", 403: "INVALID_TOKEN", 404: "INVALID_URI"}
_REMINDER_CODES = {
    400: INVALID_REQUEST,
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    429: "RATE_EXCEEDED",
    500: "INTERNAL_SERVER_ERROR",
    503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT",
}


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the stand-in saw it (never the Authorization header)."""

    method: str
    path: str
    json: Any
    status: int


@dataclass(frozen=True)
class DueReminder:
    """A reminder Alexa would announce now."""

    text: str
    due_at: datetime
    alert_token: str
    user: str


@dataclass(frozen=True)
class SkillMessage:
    """A message the Skill Messaging API accepted for a user, waiting for delivery."""

    user_id: str
    data: dict[str, Any]
    accepted_at: datetime
    expires_at: datetime
    message_id: str


class _ApiError(Exception):
    """An error answer; code None means the usual code for the status on that API."""

    def __init__(self, status: int, code: str | None, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass
class _Fault:
    path_prefix: str
    method: str | None
    status: int | None
    delay_s: float
    remaining: int | None


@dataclass
class _Token:
    user: str
    reminders: bool


@dataclass(frozen=True)
class _Schedule:
    """When a reminder rings: one instant, or a recurrence over local wall-clock times."""

    tz: ZoneInfo
    once: datetime | None = None  # aware
    rule: Any = None  # dateutil rrule / rruleset over naive local times
    end: datetime | None = None  # naive local

    def latest_at_or_before(self, now: datetime) -> datetime | None:
        if self.rule is None:
            return self.once if self.once is not None and self.once <= now else None
        local_now = now.astimezone(self.tz).replace(tzinfo=None)
        if self.end is not None:
            local_now = min(local_now, self.end)
        found = self.rule.before(local_now, inc=True)
        return None if found is None else cast(datetime, found).replace(tzinfo=self.tz)

    def has_occurrence_after(self, now: datetime) -> bool:
        if self.rule is None:
            return self.once is not None and self.once > now
        found = self.rule.after(now.astimezone(self.tz).replace(tzinfo=None))
        return found is not None and (self.end is None or found <= self.end)


@dataclass
class _Reminder:
    alert_token: str
    user: str
    created: datetime
    updated: datetime
    version: int
    request: dict[str, Any]
    schedule: _Schedule
    status: str
    announced_until: datetime


@dataclass(frozen=True)
class _Response:
    status: int
    body: Any = None
    has_body: bool = True


class _HttpsServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, api: AlexaApiServer, context: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.api = api
        # The handshake happens in the handler thread (see _Handler.setup), never in accept().
        self.socket = context.wrap_socket(
            self.socket, server_side=True, do_handshake_on_connect=False
        )

    def server_bind(self) -> None:
        # HTTPServer.server_bind would resolve the host name (getfqdn); loopback needs none.
        socketserver.TCPServer.server_bind(self)
        self.server_name = "127.0.0.1"
        self.server_port = self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("alexa api stand-in: connection error from %s", client_address)


class _Handler(BaseHTTPRequestHandler):
    server_version = "AlexaApiStandIn/1.0"
    sys_version = ""
    timeout = HANDLER_TIMEOUT_S
    # HTTP/1.1 keeps a connection open between requests, as Alexa's API does: a warm
    # container's requests.Session reuses it. Under http.server's HTTP/1.0 default every call
    # paid a TLS handshake (most of the CPU a space turn spent beyond the bench's hello world).
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        cast(ssl.SSLSocket, self.connection).do_handshake()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence http.server's stderr access log (paths may carry ids)."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        api = cast(_HttpsServer, self.server).api
        path = urlsplit(self.path).path
        raw = self._read_body()
        response = api._handle(self.command, path, self.headers.get("Authorization"), raw)
        self._send(response)

    def _read_body(self) -> bytes | None:
        """The body, or None when it is larger than MAX_BODY_BYTES (or its length is bad)."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_BYTES:
            self.close_connection = True  # the unread body must not become the next request
            return None
        return self.rfile.read(length) if length else b""

    def _send(self, response: _Response) -> None:
        data = b""
        if response.has_body:
            data = json.dumps(response.body).encode("utf-8")
        try:
            self.send_response(response.status)
            if response.has_body:
                self.send_header("Content-Type", "application/json")
            if response.status != 204:
                self.send_header("Content-Length", str(len(data)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if data:
                self.wfile.write(data)
        except OSError:
            log.debug("alexa api stand-in: client went away")


class AlexaApiServer:
    """The Alexa Settings + Reminders APIs over HTTPS on 127.0.0.1 (see module docstring)."""

    def __init__(
        self,
        tls: LocalTls,
        *,
        clock: Callable[[], datetime] | None = None,
        default_time_zone: str | None = "America/Los_Angeles",
        state_file: Path | None = None,
    ) -> None:
        if default_time_zone is not None and default_time_zone not in _iana_zones():
            raise ValueError(f"not an IANA time zone: {default_time_zone!r}")
        self._tls = tls
        self._clock = clock or (lambda: datetime.now(UTC))
        self._default_time_zone = default_time_zone
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: _HttpsServer | None = None
        self._thread: threading.Thread | None = None
        self._tokens: dict[str, _Token] = {}
        self._time_zones: dict[str, str | None] = {}
        self._reminders: dict[str, dict[str, _Reminder]] = {}  # user -> alertToken -> reminder
        self._faults: list[_Fault] = []
        self._seen: deque[RecordedRequest] = deque(maxlen=MAX_RECORDED_REQUESTS)
        self._consented: set[str] = set()  # users who granted the reminders permission
        self._user_ids: dict[str, str] = {}  # Alexa userId -> user
        self._skill_credentials: tuple[str, str] | None = None
        self._messaging_tokens: dict[str, datetime] = {}  # LWA token -> expiry
        self._messages: list[SkillMessage] = []
        self._state_file = state_file
        if state_file is not None:
            self._load_state(state_file)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> AlexaApiServer:
        """Bind 127.0.0.1 on a free port and serve in a daemon thread."""
        with self._lock:
            if self._server is not None:
                raise RuntimeError("AlexaApiServer already started")
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.load_cert_chain(self._tls.cert_file, self._tls.key_file)
            self._stopping.clear()
            server = _HttpsServer(self, context)
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name="alexa-api-stand-in",
                daemon=True,
            )
            thread.start()
            self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Stop serving. Handlers sleeping in an injected delay are woken at once."""
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is None:
            return
        self.save()
        self._stopping.set()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=STOP_JOIN_TIMEOUT_S)

    def __enter__(self) -> AlexaApiServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def endpoint(self) -> str:
        """``https://127.0.0.1:PORT``, for ``context.System.apiEndpoint``."""
        server = self._server
        if server is None:
            raise RuntimeError("AlexaApiServer is not started")
        return f"https://127.0.0.1:{server.server_address[1]}"

    # -- tokens and settings -----------------------------------------------------------------

    def issue_token(self, *, reminders: bool = True, user: str | None = None) -> str:
        """A new random access token. Tokens issued with the same `user` share reminders
        (Alexa sends a fresh apiAccessToken with every request); by default each token is its
        own user. `reminders` says whether the user granted alexa::alerts:reminders:skill:readwrite.
        """
        token = "sim-at." + secrets.token_urlsafe(32)
        with self._lock:
            owner = user or "user-" + secrets.token_hex(8)
            self._tokens[token] = _Token(user=owner, reminders=reminders)
        return token

    def grant_reminders(self, token: str) -> None:
        """The token's user grants the reminders permission (it holds for the whole account)."""
        with self._lock:
            self._tokens[token].reminders = True
            self._consented.add(self._tokens[token].user)

    def revoke_reminders(self, token: str) -> None:
        with self._lock:
            self._tokens[token].reminders = False
            self._consented.discard(self._tokens[token].user)

    def register_user(self, user_id: str, user: str) -> None:
        """Which Alexa userId is which account here (kept in the state file), so a message for
        an account not heard from in this run still reaches it."""
        with self._lock:
            self._user_ids[user_id] = user

    def user_name(self, user_id: str) -> str | None:
        with self._lock:
            return self._user_ids.get(user_id)

    def consented(self, user: str) -> bool:
        """Whether `user` granted the reminders permission (kept in the state file)."""
        with self._lock:
            return user in self._consented

    # -- skill messaging ---------------------------------------------------------------------

    def set_skill_credentials(self, client_id: str, client_secret: str) -> None:
        """The skill's client id and secret (developer console: Build > Permissions > Alexa
        Skill Messaging) that LWA accepts for ``scope=alexa:skill_messaging``."""
        if not client_id or not client_secret:
            raise ValueError("client id and secret must be non-empty")
        with self._lock:
            self._skill_credentials = (client_id, client_secret)
            self._messaging_tokens.clear()

    def take_messages(self, now: datetime | None = None) -> list[SkillMessage]:
        """The queued messages, oldest first, removed from the queue; expired ones are dropped
        (Alexa keeps an undelivered message for its expiresAfterSeconds, then gives up)."""
        moment = _aware(now) if now is not None else self._now()
        with self._lock:
            queued, self._messages = self._messages, []
        return [m for m in queued if m.expires_at > moment]

    @property
    def queued_messages(self) -> list[SkillMessage]:
        with self._lock:
            return list(self._messages)

    # -- state kept between runs -------------------------------------------------------------

    def save(self) -> Path | None:
        """Write reminders and consents to the state file (if any); returns its path."""
        target = self._state_file
        if target is None:
            return None
        with self._lock:
            state = {
                "format": STATE_FORMAT,
                "consented": sorted(self._consented),
                "users": dict(sorted(self._user_ids.items())),
                "reminders": [
                    _reminder_state(reminder)
                    for reminders in self._reminders.values()
                    for reminder in reminders.values()
                ],
            }
        write_atomic(target, json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))
        return target

    def _load_state(self, path: Path) -> None:
        if not path.exists():
            return
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
                raise ValueError("not a stand-in state file")
            consented = {str(user) for user in state.get("consented") or []}
            users = {str(k): str(v) for k, v in (state.get("users") or {}).items()}
            loaded = [_reminder_from_state(item) for item in state.get("reminders") or []]
        except (OSError, ValueError, KeyError, TypeError, _ApiError) as error:
            raise ValueError(
                f"{path} could not be read ({type(error).__name__}); it was left untouched. "
                "Move it away (or run with --fresh) to start without reminders."
            ) from None
        with self._lock:
            self._consented = consented
            self._user_ids = users
            for reminder in loaded:
                self._reminders.setdefault(reminder.user, {})[reminder.alert_token] = reminder

    def set_time_zone(self, device_id: str, tz: str | None) -> None:
        """The device's System.timeZone; None means the device has none set (204)."""
        if tz is not None and tz not in _iana_zones():
            raise ValueError(f"not an IANA time zone: {tz!r}")
        with self._lock:
            self._time_zones[device_id] = tz

    # -- fault injection and recording -------------------------------------------------------

    def inject(
        self,
        path_prefix: str,
        *,
        status: int | None = None,
        delay_s: float = 0.0,
        times: int | None = None,
        method: str | None = None,
    ) -> None:
        """The next `times` requests (all if None) whose path starts with `path_prefix` (and
        whose method is `method`, if given) first sleep `delay_s` (at most MAX_DELAY_S; stop()
        wakes them) and then, if `status` is set, answer it with a JSON error body."""
        if status is not None and not 100 <= status <= 599:
            raise ValueError("status must be an HTTP status code")
        if not 0.0 <= delay_s <= MAX_DELAY_S:
            raise ValueError(f"delay_s must be between 0 and {MAX_DELAY_S}")
        if times is not None and times < 1:
            raise ValueError("times must be positive or None")
        if status is None and delay_s == 0.0:
            raise ValueError("a fault needs a status or a delay")
        with self._lock:
            self._faults.append(
                _Fault(path_prefix, method.upper() if method else None, status, delay_s, times)
            )

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    @property
    def requests_seen(self) -> list[RecordedRequest]:
        """A snapshot of the requests received so far (the last MAX_RECORDED_REQUESTS)."""
        with self._lock:
            return list(self._seen)

    def clear_requests(self) -> None:
        with self._lock:
            self._seen.clear()

    # -- the simulator's view of reminders ---------------------------------------------------

    def due_reminders(self, now: datetime) -> list[DueReminder]:
        """Reminders whose trigger time is <= now and not yet announced, oldest first.

        Each is marked announced: a one-time reminder becomes COMPLETED, a recurring one moves
        on to its next occurrence. A recurring reminder whose several occurrences were missed
        (the clock jumped) is announced once, for its latest occurrence, as a device would.
        """
        now = _aware(now)
        due: list[DueReminder] = []
        with self._lock:
            for reminders in self._reminders.values():
                for reminder in reminders.values():
                    fired = self._fire(reminder, now)
                    if fired is not None:
                        due.append(fired)
        due.sort(key=lambda item: item.due_at)
        return due

    @staticmethod
    def _fire(reminder: _Reminder, now: datetime) -> DueReminder | None:
        if reminder.status != "ON":
            return None
        at = reminder.schedule.latest_at_or_before(now)
        if at is None:
            return None
        if reminder.schedule.rule is not None:
            if at <= reminder.announced_until:
                return None
            reminder.announced_until = now
            if not reminder.schedule.has_occurrence_after(now):
                reminder.status = "COMPLETED"
        else:
            reminder.status = "COMPLETED"
        content = reminder.request["alertInfo"]["spokenInfo"]["content"]
        return DueReminder(
            text=str(content[0]["text"]),
            due_at=at,
            alert_token=reminder.alert_token,
            user=reminder.user,
        )

    # -- request handling (runs in handler threads) ------------------------------------------

    def _now(self) -> datetime:
        return _aware(self._clock())

    def _handle(
        self, method: str, path: str, authorization: str | None, raw: bytes | None
    ) -> _Response:
        if path in _LWA_PATHS:
            response = self._lwa(method, path, raw)
            with self._lock:  # never the form body: it carries the client secret
                self._seen.append(RecordedRequest(method, path, None, response.status))
            return response
        body, body_error = _parse_body(raw)
        try:
            response = self._respond(method, path, authorization, body, body_error)
        except _ApiError as error:
            code: str | int = error.code or _error_code(path, error.status)
            if path.startswith("/v1/skillmessages/"):
                code = error.status  # ask-sdk's skill_messaging.Error has an integer code
            response = _Response(error.status, {"code": code, "message": error.message})
        except Exception as error:  # a stand-in bug must still answer
            log.warning("alexa api stand-in: internal error %s", type(error).__name__)
            response = _Response(500, {"code": "INTERNAL_SERVER_ERROR", "message": "stand-in"})
        with self._lock:
            self._seen.append(RecordedRequest(method, path, body, response.status))
        return response

    def _respond(
        self,
        method: str,
        path: str,
        authorization: str | None,
        body: Any,
        body_error: _ApiError | None,
    ) -> _Response:
        fault = self._take_fault(method, path)
        if fault is not None:
            if fault.delay_s > 0 and self._stopping.wait(fault.delay_s):
                raise _ApiError(503, None, "stand-in stopping")
            if fault.status is not None:
                raise _ApiError(fault.status, None, "injected fault")

        match = _MESSAGES_PATH.match(path)
        if match:
            _require_method(method, "POST")
            if not self._messaging_token_valid(authorization):
                # Amazon: 403 "The skill messaging authentication token is expired or not valid"
                raise _ApiError(403, None, "skill messaging token expired or not valid")
            if body_error is not None:
                raise body_error
            return self._queue_message(unquote(match["user"]), body)

        token = self._authenticate(authorization)
        if token is None:
            raise _ApiError(401, None, "invalid or missing bearer token")

        match = _TIME_ZONE_PATH.match(path)
        if match:
            _require_method(method, "GET")
            return self._time_zone(unquote(match["device"]))

        if path == _REMINDERS_ROOT or _REMINDER_PATH.match(path):
            if not token.reminders:
                raise _ApiError(401, None, "reminders permission not granted")
            if body_error is not None:
                raise body_error
            return self._reminders_api(method, path, token.user, body)

        raise _ApiError(404, None, "no such resource")

    def _lwa(self, method: str, path: str, raw: bytes | None) -> _Response:
        """Login with Amazon's client-credentials grant (errors in LWA's own shape)."""
        try:
            return self._lwa_grant(method, path, raw)
        except _ApiError as error:
            body = {"error": error.code or "server_error", "error_description": error.message}
            return _Response(error.status, body)

    def _lwa_grant(self, method: str, path: str, raw: bytes | None) -> _Response:
        fault = self._take_fault(method, path)
        if fault is not None:
            if fault.delay_s > 0 and self._stopping.wait(fault.delay_s):
                raise _ApiError(503, "server_error", "stand-in stopping")
            if fault.status is not None:
                raise _ApiError(fault.status, "server_error", "injected fault")
        if method != "POST":
            raise _ApiError(405, "invalid_request", "method not allowed")
        if raw is None:
            raise _ApiError(400, "invalid_request", "body too large")
        try:
            form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8"), strict_parsing=True).items()}
        except (ValueError, UnicodeDecodeError):
            raise _ApiError(400, "invalid_request", "body is not a form") from None
        if form.get("grant_type") != "client_credentials":
            raise _ApiError(400, "unsupported_grant_type", "only client_credentials here")
        with self._lock:
            expected = self._skill_credentials
        given = (form.get("client_id", ""), form.get("client_secret", ""))
        if expected is None or not secrets.compare_digest(
            "\n".join(given).encode(), "\n".join(expected).encode()
        ):
            raise _ApiError(401, "invalid_client", "client authentication failed")
        if form.get("scope") != SKILL_MESSAGING_SCOPE:
            raise _ApiError(400, "invalid_scope", "the scope must be alexa:skill_messaging")
        access_token = "sim-lwa." + secrets.token_urlsafe(32)
        with self._lock:
            self._messaging_tokens[access_token] = self._now() + timedelta(
                seconds=LWA_TOKEN_SECONDS
            )
        return _Response(
            200,
            {
                "access_token": access_token,
                "token_type": "bearer",
                "expires_in": LWA_TOKEN_SECONDS,
                "scope": SKILL_MESSAGING_SCOPE,
            },
        )

    def _messaging_token_valid(self, authorization: str | None) -> bool:
        scheme, _, value = (authorization or "").partition(" ")
        if scheme.lower() != "bearer":
            return False
        with self._lock:
            expiry = self._messaging_tokens.get(value.strip())
        return expiry is not None and expiry > self._now()

    def _queue_message(self, user_id: str, body: Any) -> _Response:
        if not _USER_ID.match(user_id):
            raise _ApiError(404, None, "the passed userId does not exist")
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            raise _ApiError(400, None, "data must be a JSON object")
        if len(json.dumps(body["data"]).encode("utf-8")) > MAX_MESSAGE_DATA_BYTES:
            raise _ApiError(400, None, "data is larger than 6 KB")
        expires = body.get("expiresAfterSeconds", MESSAGE_EXPIRY_DEFAULT_S)
        if (
            isinstance(expires, bool)
            or not isinstance(expires, int)
            or not MESSAGE_EXPIRY_MIN_S <= expires <= MESSAGE_EXPIRY_MAX_S
        ):
            raise _ApiError(400, None, "expiresAfterSeconds must be an integer, 60 to 86400")
        now = self._now()
        with self._lock:
            if len(self._messages) >= MAX_QUEUED_MESSAGES:
                raise _ApiError(429, None, "too many messages waiting")
            self._messages.append(
                SkillMessage(
                    user_id=user_id,
                    data=dict(body["data"]),
                    accepted_at=now,
                    expires_at=now + timedelta(seconds=expires),
                    message_id="sim-msg." + secrets.token_hex(8),
                )
            )
        return _Response(202, has_body=False)

    def _take_fault(self, method: str, path: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if not path.startswith(fault.path_prefix):
                    continue
                if fault.method is not None and fault.method != method:
                    continue
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None

    def _authenticate(self, authorization: str | None) -> _Token | None:
        if not authorization:
            return None
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            return None
        with self._lock:
            found = self._tokens.get(value.strip())
            return None if found is None else _Token(found.user, found.reminders)

    def _time_zone(self, device_id: str) -> _Response:
        with self._lock:
            tz = self._time_zones.get(device_id, self._default_time_zone)
        if tz is None:
            return _Response(204, has_body=False)
        return _Response(200, tz)

    def _reminders_api(self, method: str, path: str, user: str, body: Any) -> _Response:
        if path == _REMINDERS_ROOT:
            _require_method(method, "GET", "POST")
            return self._create(user, body) if method == "POST" else self._list(user)
        alert_token = unquote(path.rsplit("/", 1)[1])
        _require_method(method, "GET", "PUT", "DELETE")
        if method == "GET":
            return _Response(200, _reminder_json(self._find(user, alert_token)))
        if method == "PUT":
            return self._update(user, alert_token, body)
        with self._lock:
            self._find(user, alert_token)
            del self._reminders[user][alert_token]
        return _Response(200, has_body=False)

    def _create(self, user: str, body: Any) -> _Response:
        now = self._now()
        request, schedule = _validate(body, now, self._default_time_zone)
        alert_token = "sim-alert." + secrets.token_hex(16)
        with self._lock:
            reminders = self._reminders.setdefault(user, {})
            if len(reminders) >= MAX_REMINDERS_PER_USER:
                raise _ApiError(403, "MAX_REMINDERS_EXCEEDED", "too many reminders")
            reminder = _Reminder(
                alert_token=alert_token,
                user=user,
                created=now,
                updated=now,
                version=1,
                request=request,
                schedule=schedule,
                status="ON",
                announced_until=now,
            )
            reminders[alert_token] = reminder
            return _Response(201, _reminder_summary(reminder))

    def _update(self, user: str, alert_token: str, body: Any) -> _Response:
        now = self._now()
        with self._lock:
            reminder = self._find(user, alert_token)
            request, schedule = _validate(body, now, self._default_time_zone)
            reminder.request = request
            reminder.schedule = schedule
            reminder.updated = now
            reminder.version += 1
            reminder.status = "ON"
            reminder.announced_until = now
            return _Response(200, _reminder_summary(reminder))

    def _list(self, user: str) -> _Response:
        with self._lock:
            reminders = sorted(
                self._reminders.get(user, {}).values(), key=lambda item: item.created
            )
            alerts = [_reminder_json(item) for item in reminders]
        return _Response(200, {"totalCount": str(len(alerts)), "alerts": alerts, "links": None})

    def _find(self, user: str, alert_token: str) -> _Reminder:
        with self._lock:
            found = self._reminders.get(user, {}).get(alert_token)
        if found is None:
            raise _ApiError(404, "ALERT_NOT_FOUND", "no reminder with this alertToken")
        return found


# -- helpers -----------------------------------------------------------------------------------


@functools.cache
def _iana_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetimes must be timezone-aware")
    return moment.astimezone(UTC)


def _iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.microsecond // 1000:03d}Z"
    )


def _reminder_state(reminder: _Reminder) -> dict[str, Any]:
    """A reminder as the state file keeps it (the schedule is re-derived from the request)."""
    return {
        "alertToken": reminder.alert_token,
        "user": reminder.user,
        "created": reminder.created.isoformat(),
        "updated": reminder.updated.isoformat(),
        "version": reminder.version,
        "request": reminder.request,
        "status": reminder.status,
        "announcedUntil": reminder.announced_until.isoformat(),
        # A relative trigger counts from when it was set: keep the moment it rings.
        "once": reminder.schedule.once.isoformat() if reminder.schedule.once else None,
    }


def _reminder_from_state(item: dict[str, Any]) -> _Reminder:
    created = _aware(datetime.fromisoformat(item["created"]))
    request = item["request"]
    trigger = request["trigger"]
    if item.get("once"):
        tz = _zone(trigger, None)
        schedule = _Schedule(tz=tz, once=_aware(datetime.fromisoformat(item["once"])))
    else:
        schedule = _validate_trigger(trigger, created, None)
    return _Reminder(
        alert_token=str(item["alertToken"]),
        user=str(item["user"]),
        created=created,
        updated=_aware(datetime.fromisoformat(item["updated"])),
        version=int(item["version"]),
        request=request,
        schedule=schedule,
        status=str(item["status"]),
        announced_until=_aware(datetime.fromisoformat(item["announcedUntil"])),
    )


def _error_code(path: str, status: int) -> str:
    if path.startswith("/v2/devices/"):
        return _UPS_CODES.get(status, "UNKNOWN_ERROR")

    return _REMINDER_CODES.get(status, "ERROR")


def _require_method(method: str, *allowed: str) -> None:
    if method not in allowed:
        raise _ApiError(405, None, "method not allowed")


def _parse_body(raw: bytes | None) -> tuple[Any, _ApiError | None]:
    if raw is None:
        return None, _ApiError(413, None, "body too large or without a valid Content-Length")
    if not raw:
        return None, None
    try:
        return json.loads(raw), None
    except (ValueError, UnicodeDecodeError):
        return None, _ApiError(400, INVALID_REQUEST, "body is not JSON")


def _reminder_summary(reminder: _Reminder) -> dict[str, Any]:
    return {
        "alertToken": reminder.alert_token,
        "createdTime": _iso_utc(reminder.created),
        "updatedTime": _iso_utc(reminder.updated),
        "status": reminder.status,
        "version": str(reminder.version),
        "href": f"{_REMINDERS_ROOT}/{reminder.alert_token}",
    }


def _reminder_json(reminder: _Reminder) -> dict[str, Any]:
    return {
        "alertToken": reminder.alert_token,
        "createdTime": _iso_utc(reminder.created),
        "updatedTime": _iso_utc(reminder.updated),
        "trigger": reminder.request["trigger"],
        "status": reminder.status,
        "alertInfo": reminder.request["alertInfo"],
        "pushNotification": reminder.request["pushNotification"],
        "version": str(reminder.version),
    }


def _bad(code: str, message: str) -> _ApiError:
    return _ApiError(400, code, message)


def _local_time(value: Any, field: str) -> datetime:
    """A local ISO 8601 date-time without offset or Z, e.g. 2026-11-22T20:45:00."""
    match = _LOCAL_TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise _bad(
            INVALID_TRIGGER_SCHEDULED_TIME_FORMAT,
            f"{field} must be a local ISO 8601 time without offset, e.g. 2026-11-22T20:45:00",
        )
    try:
        return datetime(
            int(match["y"]),
            int(match["mo"]),
            int(match["d"]),
            int(match["h"]),
            int(match["mi"]),
            int(match["s"] or 0),
            int((match["f"] or "0")[:6].ljust(6, "0")),
        )
    except ValueError as error:
        raise _bad(INVALID_TRIGGER_SCHEDULED_TIME_FORMAT, f"{field} is not a valid time") from error


def _validate(body: Any, now: datetime, default_tz: str | None) -> tuple[dict[str, Any], _Schedule]:
    """Check a ReminderRequest body like Amazon does; the stored request and its schedule."""
    if not isinstance(body, dict):
        raise _bad(INVALID_REQUEST, "body must be a JSON object")
    trigger = body.get("trigger")
    if not isinstance(trigger, dict):
        raise _bad(INVALID_TRIGGER_TYPE, "trigger is required")
    alert_info = _validate_alert_info(body.get("alertInfo"))
    push = body.get("pushNotification")
    if push is None:
        push = {"status": "ENABLED"}
    if not isinstance(push, dict) or push.get("status", "ENABLED") not in {"ENABLED", "DISABLED"}:
        raise _bad(INVALID_PUSH_NOTIFICATION, "pushNotification.status must be ENABLED or DISABLED")
    schedule = _validate_trigger(trigger, now, default_tz)
    request = {"trigger": trigger, "alertInfo": alert_info, "pushNotification": push}
    if "requestTime" in body:
        request["requestTime"] = body["requestTime"]
    return request, schedule


def _validate_alert_info(alert_info: Any) -> dict[str, Any]:
    spoken = alert_info.get("spokenInfo") if isinstance(alert_info, dict) else None
    content = spoken.get("content") if isinstance(spoken, dict) else None
    if not isinstance(content, list) or not content:
        raise _bad(INVALID_ALERT_INFO, "alertInfo.spokenInfo.content must be a non-empty list")
    for item in content:
        if not isinstance(item, dict):
            raise _bad(INVALID_ALERT_INFO, "each spoken content needs locale and text")
        locale, text = item.get("locale"), item.get("text")
        if not isinstance(locale, str) or not locale or not isinstance(text, str) or not text:
            raise _bad(INVALID_ALERT_INFO, "each spoken content needs locale and text")
        if len(text) > MAX_TEXT_CHARS:
            raise _bad(INVALID_TEXT_LENGTH, f"text is longer than {MAX_TEXT_CHARS} characters")
    return cast(dict[str, Any], alert_info)


def _zone(trigger: dict[str, Any], default_tz: str | None) -> ZoneInfo:
    name = trigger.get("timeZoneId")
    if name is None:
        return ZoneInfo(default_tz or "UTC")  # Amazon uses the device's zone
    if not isinstance(name, str) or name not in _iana_zones():
        raise _bad(INVALID_TIME_ZONE_ID, "timeZoneId must be an IANA time zone")
    return ZoneInfo(name)


def _validate_trigger(trigger: dict[str, Any], now: datetime, default_tz: str | None) -> _Schedule:
    kind = trigger.get("type")
    if kind not in {SCHEDULED_ABSOLUTE, SCHEDULED_RELATIVE}:
        raise _bad(
            INVALID_TRIGGER_TYPE, "trigger.type must be SCHEDULED_ABSOLUTE or SCHEDULED_RELATIVE"
        )
    tz = _zone(trigger, default_tz)
    recurrence = trigger.get("recurrence")
    if kind == SCHEDULED_RELATIVE:
        offset = trigger.get("offsetInSeconds")
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 1:
            raise _bad(INVALID_TRIGGER_OFFSET, "SCHEDULED_RELATIVE needs positive offsetInSeconds")
        if recurrence is not None:
            raise _bad(INVALID_RECURRENCE, "SCHEDULED_RELATIVE reminders cannot recur")
        return _Schedule(tz=tz, once=now + timedelta(seconds=offset))

    if recurrence is None:
        scheduled = _local_time(trigger.get("scheduledTime"), "scheduledTime")
        return _Schedule(tz=tz, once=scheduled.replace(tzinfo=tz))
    if not isinstance(recurrence, dict):
        raise _bad(INVALID_RECURRENCE, "recurrence must be an object")
    return _recurring(trigger, recurrence, tz, now)


def _recurring(
    trigger: dict[str, Any], recurrence: dict[str, Any], tz: ZoneInfo, now: datetime
) -> _Schedule:
    rules = recurrence.get("recurrenceRules")
    scheduled = trigger.get("scheduledTime")
    if rules is not None:
        # New style: startDateTime/endDateTime/recurrenceRules (freq and byDay are ignored).
        if not isinstance(rules, list) or not rules or len(rules) > MAX_RECURRENCE_RULES:
            raise _bad(INVALID_RECURRENCE, "recurrenceRules must be a non-empty list of RRULEs")
        if recurrence.get("startDateTime") is not None:
            start = _local_time(recurrence["startDateTime"], "startDateTime")
        elif scheduled is not None:
            start = _local_time(scheduled, "scheduledTime")
        else:
            start = now.astimezone(tz).replace(tzinfo=None, microsecond=0)
        end = None
        if recurrence.get("endDateTime") is not None:
            end = _local_time(recurrence["endDateTime"], "endDateTime")
        texts = rules
    else:
        # Deprecated style: freq (+ byDay) at scheduledTime's time of day.
        freq, by_day = recurrence.get("freq"), recurrence.get("byDay")
        if freq not in _OLD_FREQS:
            raise _bad(INVALID_RECURRENCE, "recurrence needs recurrenceRules or freq DAILY/WEEKLY")
        start = _local_time(scheduled, "scheduledTime")
        end = None
        text = f"FREQ={freq}"
        if by_day is not None:
            if not isinstance(by_day, list) or not by_day or not set(by_day) <= _WEEKDAYS:
                raise _bad(INVALID_RECURRENCE, "byDay must list SU..SA")
            text += ";BYDAY=" + ",".join(by_day)
        texts = [text]
    start = start.replace(microsecond=0)
    rule_set = rruleset()
    for text in texts:
        rule_set.rrule(_parse_rrule(text, start, tz))
    return _Schedule(tz=tz, rule=rule_set, end=end)


def _parse_rrule(text: Any, start: datetime, tz: ZoneInfo) -> Any:
    """One RFC 5545 RRULE over naive local times (Amazon's examples end in ';', allowed)."""
    if not isinstance(text, str) or not text.strip() or "\n" in text or "\r" in text:
        raise _bad(INVALID_RECURRENCE, "each recurrence rule must be one RRULE line")
    cleaned = text.strip().rstrip(";")

    def until_local(match: re.Match[str]) -> str:
        # RFC 5545 allows UNTIL in UTC; the rule runs over local times, so convert.
        utc = datetime.strptime(match["value"], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        return "UNTIL=" + utc.astimezone(tz).strftime("%Y%m%dT%H%M%S")

    try:
        cleaned = _UNTIL_UTC.sub(until_local, cleaned)
        parsed = rrulestr(cleaned, dtstart=start)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise _bad(INVALID_RECURRENCE, "recurrence rule is not a valid RFC 5545 RRULE") from error
    if not isinstance(parsed, rrule):
        raise _bad(INVALID_RECURRENCE, "each recurrence rule must be one RRULE")
    return parsed
