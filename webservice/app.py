"""Pause Pact as a self-hosted web service (Flask + flask-ask-sdk).

Request verification
--------------------
Amazon requires a web-service skill to verify that each request came from
Alexa: the ``SignatureCertChainUrl`` / ``Signature-256`` headers (Amazon's
signing certificate, checked up to a trusted root, and an RSA/SHA-256
signature over the raw body) and a timestamp within 150 seconds.

flask-ask-sdk's built-in verifier relies on ``certvalidator``/``oscrypto``,
and oscrypto 1.3.0 cannot load on OpenSSL >= 3.0.10, so flask-ask-sdk cannot
even be imported on current systems.  We keep flask-ask-sdk's ``SkillAdapter``
and keep verification ON by default:

* :mod:`webservice.compat` imports flask-ask-sdk, installing a *fail-closed*
  ``certvalidator`` placeholder only when oscrypto's version bug is the cause
  (the library's own verifier could then only ever reject).
* :mod:`webservice.verifier` implements Amazon's checks on ``cryptography``
  (``x509.verification`` path validation against certifi's or the system's
  roots, explicit SAN/validity checks, RSA PKCS#1 v1.5 + SHA-256).
* :func:`create_app` passes those verifiers to ``SkillAdapter`` explicitly and
  switches the library's ``ASK_SDK_VERIFY_SIGNATURE`` /
  ``ASK_SDK_VERIFY_TIMESTAMP`` off *because ours replace them*.

``verify=False`` exists only for local testing and logs a loud warning.

HTTP behaviour
--------------
``POST /`` dispatches to the skill: 200 with the skill's JSON.  ``GET`` is 405,
a body over ``max_body_bytes`` is 413, and a failed verification, malformed
JSON or an envelope the SDK cannot deserialize is 400 with a generic JSON
body (flask-ask-sdk would turn SDK deserialization errors into 500, and the
SDK's error message embeds the request body, which must never reach the log;
so the envelope is checked before dispatch).

Logs never carry request bodies, slot values or user text: rejections log a
short reason, and flask-ask-sdk's own error records are reduced to the
exception type and stack frames.
"""

from __future__ import annotations

import importlib
import ipaddress
import json
import logging
import traceback
from typing import Any

import flask
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

from settings import Settings
from webservice.compat import import_skill_adapter
from webservice.verifier import CertFetcher, Clock, TrustStore, default_verifiers

logger = logging.getLogger(__name__)

VERIFY_SIGNATURE_APP_CONFIG = "ASK_SDK_VERIFY_SIGNATURE"
VERIFY_TIMESTAMP_APP_CONFIG = "ASK_SDK_VERIFY_TIMESTAMP"
DEFAULT_MAX_BODY_BYTES = 256 * 1024
DEFAULT_SKILL_KEY = "pause-pact"

#: Messages flask-ask-sdk logs with ``exc_info``; see :class:`_ScrubAdapterErrors`.
_ADAPTER_VERIFICATION_MESSAGE = "Request verification failed"
_ADAPTER_DISPATCH_MESSAGE = "Skill dispatch exception"

_UNVERIFIED_WARNING = (
    "!!! ALEXA REQUEST VERIFICATION IS OFF (verify=False) !!! Anyone can call this "
    "endpoint and impersonate Alexa. Use this only for local testing, never when "
    "the service is reachable from the internet."
)


class _ScrubAdapterErrors(logging.Filter):
    """Keep request content out of flask-ask-sdk's error logs.

    flask-ask-sdk logs ``AskSdkException`` with ``exc_info``, and the SDK's
    messages can embed the request body ("Couldn't parse response body: ...").
    Verification failures become one WARNING line without a traceback (our
    verifier already logged the reason); dispatch errors keep the exception
    type and the stack frames, but not the message.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == _ADAPTER_VERIFICATION_MESSAGE:
            record.exc_info = None
            record.exc_text = None
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
        elif record.msg == _ADAPTER_DISPATCH_MESSAGE and record.exc_info:
            exc_type, _exc, tb = record.exc_info
            name = exc_type.__name__ if exc_type is not None else "unknown"
            frames = "".join(traceback.format_tb(tb))
            record.msg = f"{_ADAPTER_DISPATCH_MESSAGE}: {name}\n{frames}".rstrip()
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def _deserialize(body: bytes, skill: CustomSkill) -> tuple[Any, str | None]:
    """Deserialize ``body`` as the SDK will: ``(envelope, None)`` or ``(None, reason)``."""
    try:
        text = body.decode("utf-8")
        payload = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        return None, "body is not UTF-8 JSON"
    if not isinstance(payload, dict):
        return None, "body is not a JSON object"
    if not isinstance(payload.get("request"), dict) or not isinstance(payload.get("context"), dict):
        return None, "envelope lacks request or context"
    try:
        return skill.serializer.deserialize(payload=text, obj_type=RequestEnvelope), None
    except Exception:  # the SDK's messages may contain the body: never log them
        return None, "envelope cannot be deserialized"


def _envelope_problem(body: bytes, skill: CustomSkill) -> str | None:
    """Why ``body`` is not an envelope the skill can take, or ``None`` if it is.

    Reasons are fixed strings: nothing from the body is echoed.
    """
    envelope, problem = _deserialize(body, skill)
    if problem is not None:
        return problem
    system = getattr(getattr(envelope, "context", None), "system", None)
    if getattr(envelope, "request", None) is None or system is None:
        return "envelope lacks request or context.System"
    application = getattr(system, "application", None)
    if (
        skill.skill_id is not None
        and getattr(application, "application_id", None) != skill.skill_id
    ):
        return "envelope is for another skill"
    return None


def _default_skill() -> CustomSkill:
    """The real Pause Pact skill (``skill.create_skill()``)."""
    skill_module: Any = importlib.import_module("skill")
    created = skill_module.create_skill()
    if not isinstance(created, CustomSkill):
        raise TypeError("skill.create_skill() must return an ask_sdk_core CustomSkill")
    return created


def create_app(
    skill: CustomSkill | None = None,
    *,
    verify: bool = True,
    trust_store: TrustStore | None = None,
    cert_fetcher: CertFetcher | None = None,
    clock: Clock | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> flask.Flask:
    """Build the Flask app serving ``skill`` on ``POST /``.

    :param skill: the skill; ``None`` builds Pause Pact via ``skill.create_skill()``.
    :param verify: verify Alexa's signature and timestamp (default).  ``False``
        is for local testing only and logs a loud warning.
    :param trust_store: trusted roots for the signing chain (``Store``,
        certificates, or a PEM path); default certifi's bundle, else the system's.
    :param cert_fetcher: ``url -> PEM bytes`` for the signing chain; default
        downloads over HTTPS within a deadline and a size cap (bounded: see
        :mod:`webservice.verifier`).
    :param clock: returns "now" (aware datetime) for both verifiers.
    :param max_body_bytes: larger bodies are refused with 413.
    """
    skill_adapter_cls = import_skill_adapter()
    the_skill = skill if skill is not None else _default_skill()

    app = flask.Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = max_body_bytes
    # The library's verifiers are off only because ours replace them (below);
    # see webservice.compat's docstring.
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    if not any(isinstance(f, _ScrubAdapterErrors) for f in app.logger.filters):
        app.logger.addFilter(_ScrubAdapterErrors())

    if verify:
        verifiers = default_verifiers(
            trust_store=trust_store, cert_fetcher=cert_fetcher, clock=clock
        )
    else:
        verifiers = []
        logger.warning(_UNVERIFIED_WARNING)
    app.config["PAUSE_PACT_VERIFY"] = verify

    adapter = skill_adapter_cls(
        skill=the_skill,
        skill_id=the_skill.skill_id or DEFAULT_SKILL_KEY,
        verifiers=verifiers,
        app=app,
    )

    @app.post("/")
    def invoke_skill() -> flask.Response:
        # Reading the body enforces MAX_CONTENT_LENGTH (413) and caches it
        # for flask-ask-sdk, which reads request.data again.
        body = flask.request.get_data(cache=True)
        problem = _envelope_problem(body, the_skill)
        if problem is not None:
            logger.info("Alexa request rejected: %s", problem)
            raise BadRequest()
        response: flask.Response = adapter.dispatch_request()
        return response

    @app.errorhandler(HTTPException)
    def generic_error(error: HTTPException) -> WerkzeugResponse:
        # Same short body for every failure: nothing about why it failed.
        response = error.get_response()
        response.set_data(json.dumps({"error": error.name}))
        response.content_type = "application/json"
        return response

    return app


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ``::1``)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def serving_problem(host: str, *, verify: bool, skill_id: str | None) -> str | None:
    """Why the service must not start this way (one line), or ``None`` if it may.

    * Without verification anyone can impersonate Alexa, so ``verify=False``
      is only allowed on a loopback host.
    * With verification on, a service without ``SKILL_ID`` would answer
      correctly signed requests meant for *any* skill, so it refuses to start.
      Local testing on loopback with ``--no-verify`` needs no skill ID.
    """
    if not verify and not is_loopback(host):
        return (
            f"--no-verify is for local testing only and is refused on {host!r}: "
            "serve on 127.0.0.1 (the default), or keep verification on"
        )
    if verify and not skill_id:
        return (
            "SKILL_ID is not set, so this service would answer requests for any skill: "
            "set it to your skill's ID (developer console, your skill, Copy Skill ID), "
            "e.g. `export SKILL_ID=amzn1.ask.skill.<id>`; for local testing only, "
            "`--no-verify` on 127.0.0.1 runs without it"
        )
    return None


def serve(host: str = "127.0.0.1", port: int = 5000, *, verify: bool = True) -> None:
    """Run Pause Pact on werkzeug's development server (local use).

    In production the app sits behind HTTPS termination on port 443 (Alexa
    only calls HTTPS endpoints with a trusted or uploaded certificate) and
    runs under a production WSGI server; this function is for local runs.
    Raises ``ValueError`` (see :func:`serving_problem`) without ``SKILL_ID``
    or for ``verify=False`` on a host other than loopback.
    """
    problem = serving_problem(host, verify=verify, skill_id=Settings.from_env().skill_id)
    if problem is not None:
        raise ValueError(problem)
    app = create_app(verify=verify)
    app.run(host=host, port=port, debug=False, use_reloader=False)


__all__ = ["DEFAULT_MAX_BODY_BYTES", "create_app", "is_loopback", "serve", "serving_problem"]
