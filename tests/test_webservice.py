"""The Flask web service: Alexa request verification end to end, on a local PKI.

The skill here is a tiny one built in the test (one LaunchRequest handler), so
these tests do not depend on the real skill module.
"""

from __future__ import annotations

import importlib
import logging
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import flask
import pytest
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import RequestEnvelope
from cryptography.x509.oid import ExtendedKeyUsageOID

from tests.support.signing import (
    CERT_URL,
    NOW,
    CountingFetcher,
    TestPki,
    launch_envelope,
    make_ca,
    make_leaf,
    make_pki,
    pem_chain,
    rsa_key,
    sign_body,
)
from webservice import compat as webservice_compat
from webservice import create_app
from webservice.verifier import (
    GENERIC_FAILURE,
    AlexaSignatureVerifier,
    AlexaTimestampVerifier,
    VerificationException,
    load_trust_store,
    normalize_cert_url,
)

SPEECH = "Welcome to the test pact."
SECRET = "SECRETSLOTVALUE"


def build_test_skill(skill_id: str | None = None) -> CustomSkill:
    builder = CustomSkillBuilder()
    builder.skill_id = skill_id

    @builder.request_handler(can_handle_func=is_request_type("LaunchRequest"))
    def launch(handler_input: Any) -> Any:
        return handler_input.response_builder.speak(SPEECH).response

    return builder.create()


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return make_pki()


def fixed_clock() -> datetime:
    return NOW


def make_app(
    pki: TestPki,
    fetcher: CountingFetcher | None = None,
    *,
    clock: Callable[[], datetime] = fixed_clock,
    skill: CustomSkill | None = None,
    **kwargs: Any,
) -> flask.Flask:
    return create_app(
        skill if skill is not None else build_test_skill(),
        trust_store=[pki.root],
        cert_fetcher=fetcher if fetcher is not None else CountingFetcher({CERT_URL: pki.chain()}),
        clock=clock,
        **kwargs,
    )


def post(
    app: flask.Flask,
    body: bytes,
    *,
    key: Any = None,
    url: str | None = CERT_URL,
    signature: str | None = None,
    sign: bool = True,
) -> Any:
    headers: dict[str, str] = {}
    if url is not None:
        headers["SignatureCertChainUrl"] = url
    if sign:
        headers["Signature-256"] = signature if signature is not None else sign_body(body, key)
    return app.test_client().post("/", data=body, headers=headers, content_type="application/json")


def assert_generic_400(response: Any) -> None:
    assert response.status_code == 400
    assert response.get_json() == {"error": "Bad Request"}


# --- the happy path ------------------------------------------------------------


def test_signed_fresh_request_gets_the_skills_answer(pki: TestPki) -> None:
    app = make_app(pki)
    body = launch_envelope()
    response = post(app, body, key=pki.leaf_key)
    assert response.status_code == 200
    payload = response.get_json()
    assert SPEECH in payload["response"]["outputSpeech"]["ssml"]
    assert payload["version"] == "1.0"


def test_verification_is_on_by_default_and_library_verifiers_off(pki: TestPki) -> None:
    app = make_app(pki)
    assert app.config["PAUSE_PACT_VERIFY"] is True
    assert app.config["ASK_SDK_VERIFY_SIGNATURE"] is False
    assert app.config["ASK_SDK_VERIFY_TIMESTAMP"] is False
    # ...because ours are registered instead:
    adapter = next(iter(app.extensions["ASK_SDK_SKILL_ADAPTER"].values()))
    kinds = {type(v) for v in adapter._webservice_handler._verifiers}
    assert kinds == {AlexaSignatureVerifier, AlexaTimestampVerifier}


def test_certificate_chain_is_cached_by_url(pki: TestPki) -> None:
    fetcher = CountingFetcher({CERT_URL: pki.chain()})
    app = make_app(pki, fetcher)
    for marker in ("1", "2"):
        body = launch_envelope(marker=marker)
        assert post(app, body, key=pki.leaf_key).status_code == 200
    assert fetcher.calls == [CERT_URL]


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert-xx.pem",
        "HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert-xx.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-xx.pem",
        "https://s3.amazonaws.com/echo.api/./echo-api-cert-xx.pem",
    ],
)
def test_valid_url_spellings_fetch_the_normalised_url(pki: TestPki, url: str) -> None:
    fetcher = CountingFetcher({CERT_URL: pki.chain()})
    app = make_app(pki, fetcher)
    body = launch_envelope()
    assert post(app, body, key=pki.leaf_key, url=url).status_code == 200
    assert fetcher.calls == [CERT_URL]


# --- headers and URL -------------------------------------------------------------


def test_missing_signature_header_is_rejected(pki: TestPki) -> None:
    assert_generic_400(post(make_app(pki), launch_envelope(), sign=False))


def test_missing_cert_url_header_is_rejected(pki: TestPki) -> None:
    body = launch_envelope()
    assert_generic_400(post(make_app(pki), body, key=pki.leaf_key, url=None))


def test_signature_that_is_not_base64_is_rejected(pki: TestPki) -> None:
    assert_generic_400(post(make_app(pki), launch_envelope(), signature="not base64!"))


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert-xx.pem",  # scheme
        "https://notamazon.com/echo.api/echo-api-cert-xx.pem",  # host
        "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert-xx.pem",
        "https://s3.amazonaws.com@evil.example/echo.api/echo-api-cert-xx.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-xx.pem",  # path is case-sensitive
        "https://s3.amazonaws.com/invalid.path/echo-api-cert-xx.pem",
        "https://s3.amazonaws.com:563/echo.api/echo-api-cert-xx.pem",  # port
        "https://s3.amazonaws.com:notaport/echo.api/echo-api-cert-xx.pem",
        "https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert-xx.pem",  # traversal
        "https://s3.amazonaws.com/echo.api/%2e%2e/invalid.path/echo-api-cert-xx.pem",
        "https://s3.amazonaws.com/echo.api",
        "https://s3.amazonaws.com/echo.api/ x.pem",
        "",
    ],
)
def test_bad_cert_urls_are_rejected_before_any_download(pki: TestPki, url: str) -> None:
    fetcher = CountingFetcher(default=pki.chain())  # would serve a valid chain anywhere
    app = make_app(pki, fetcher)
    body = launch_envelope()
    assert_generic_400(post(app, body, key=pki.leaf_key, url=url))
    assert fetcher.calls == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        ),
        (
            "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        ),
        (
            "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
            "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        ),
        ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", None),
        ("https://notamazon.com/echo.api/echo-api-cert.pem", None),
        ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", None),
        ("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem", None),
        ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", None),
    ],
)
def test_amazons_documented_url_examples(url: str, expected: str | None) -> None:
    assert normalize_cert_url(url) == expected


# --- body and signature ------------------------------------------------------------


def test_tampered_body_is_rejected(pki: TestPki) -> None:
    body = launch_envelope()
    tampered = launch_envelope(marker="x")
    response = post(make_app(pki), tampered, signature=sign_body(body, pki.leaf_key))
    assert_generic_400(response)


def test_signature_by_another_key_is_rejected(pki: TestPki) -> None:
    body = launch_envelope()
    assert_generic_400(post(make_app(pki), body, key=rsa_key("someone-else")))


# --- the certificate chain ---------------------------------------------------------


def test_chain_to_an_untrusted_root_is_rejected(pki: TestPki) -> None:
    rogue = make_pki("rogue")  # same names, other keys: not our trusted root
    fetcher = CountingFetcher({CERT_URL: rogue.chain()})
    body = launch_envelope()
    assert_generic_400(post(make_app(pki, fetcher), body, key=rogue.leaf_key))


def test_chain_missing_its_intermediate_is_rejected(pki: TestPki) -> None:
    fetcher = CountingFetcher({CERT_URL: pem_chain(pki.leaf)})
    body = launch_envelope()
    assert_generic_400(post(make_app(pki, fetcher), body, key=pki.leaf_key))


def test_chain_with_an_expired_intermediate_is_rejected(pki: TestPki) -> None:
    root_key = rsa_key("main-root")
    expired = make_ca(
        "Test Signing CA",
        pki.intermediate_key,
        issuer=(pki.root, root_key),
        not_after=NOW - timedelta(days=1),
    )
    fetcher = CountingFetcher({CERT_URL: pem_chain(pki.leaf, expired, pki.root)})
    body = launch_envelope()
    assert_generic_400(post(make_app(pki, fetcher), body, key=pki.leaf_key))


def test_leaf_whose_eku_excludes_server_auth_is_rejected(pki: TestPki) -> None:
    """The server verifier's policy: an EKU, if present, must allow serverAuth."""
    leaf = make_leaf(pki.issuer, pki.leaf_key, eku=(ExtendedKeyUsageOID.CODE_SIGNING,))
    fetcher = CountingFetcher({CERT_URL: pki.chain(leaf)})
    body = launch_envelope()
    assert_generic_400(post(make_app(pki, fetcher), body, key=pki.leaf_key))


def test_leaf_without_eku_is_accepted(pki: TestPki) -> None:
    leaf = make_leaf(pki.issuer, pki.leaf_key, eku=None)
    fetcher = CountingFetcher({CERT_URL: pki.chain(leaf)})
    body = launch_envelope()
    assert post(make_app(pki, fetcher), body, key=pki.leaf_key).status_code == 200


def test_garbage_chain_is_rejected(pki: TestPki) -> None:
    fetcher = CountingFetcher({CERT_URL: b"-----BEGIN CERTIFICATE-----\nnope\n"})
    body = launch_envelope()
    assert_generic_400(post(make_app(pki, fetcher), body, key=pki.leaf_key))


def test_failed_download_is_rejected(pki: TestPki) -> None:
    fetcher = CountingFetcher()  # 404 for everything
    body = launch_envelope()
    assert_generic_400(post(make_app(pki, fetcher), body, key=pki.leaf_key))


def test_oversized_chain_is_rejected(pki: TestPki) -> None:
    fetcher = CountingFetcher({CERT_URL: pki.chain() + b"\n" * (64 * 1024)})
    body = launch_envelope()
    assert_generic_400(post(make_app(pki, fetcher), body, key=pki.leaf_key))


@pytest.mark.parametrize(
    "leaf_kwargs",
    [
        pytest.param({"not_after": NOW - timedelta(seconds=1)}, id="expired"),
        pytest.param({"not_before": NOW + timedelta(seconds=1)}, id="not-yet-valid"),
        pytest.param({"sans": ("evil.example.com",)}, id="other-san"),
        pytest.param({"sans": ("*.amazon.com",)}, id="wildcard-san"),
        pytest.param({"sans": ()}, id="no-san"),
    ],
)
def test_invalid_signing_certificate_is_rejected(pki: TestPki, leaf_kwargs: Any) -> None:
    leaf = make_leaf(pki.issuer, pki.leaf_key, **leaf_kwargs)
    fetcher = CountingFetcher({CERT_URL: pki.chain(leaf)})
    body = launch_envelope()
    assert_generic_400(post(make_app(pki, fetcher), body, key=pki.leaf_key))


def test_cached_chain_is_dropped_when_the_leaf_expires(pki: TestPki) -> None:
    now = [NOW]
    leaf = make_leaf(pki.issuer, pki.leaf_key, not_after=NOW + timedelta(minutes=10))
    fetcher = CountingFetcher({CERT_URL: pki.chain(leaf)})
    verifier = AlexaSignatureVerifier(
        trust_store=[pki.root], cert_fetcher=fetcher, clock=lambda: now[0]
    )
    body = launch_envelope()
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign_body(body, pki.leaf_key)}
    verifier.verify(headers, body.decode(), None)
    verifier.verify(headers, body.decode(), None)
    assert fetcher.calls == [CERT_URL]
    now[0] = NOW + timedelta(minutes=11)
    with pytest.raises(VerificationException) as excinfo:
        verifier.verify(headers, body.decode(), None)
    assert str(excinfo.value) == GENERIC_FAILURE
    assert fetcher.calls == [CERT_URL, CERT_URL]


def test_unexpected_errors_fail_closed(pki: TestPki) -> None:
    def broken_clock() -> datetime:
        raise RuntimeError("clock broke")

    verifier = AlexaSignatureVerifier(
        trust_store=[pki.root],
        cert_fetcher=CountingFetcher({CERT_URL: pki.chain()}),
        clock=broken_clock,
    )
    body = launch_envelope()
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign_body(body, pki.leaf_key)}
    with pytest.raises(VerificationException):
        verifier.verify(headers, body.decode(), None)


def test_default_trust_store_loads() -> None:
    load_trust_store(None)  # certifi's bundle, or the system's


# --- timestamp ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset_s", "status"),
    [(-149, 200), (149, 200), (-151, 400), (151, 400), (-3600, 400)],
)
def test_timestamp_tolerance(pki: TestPki, offset_s: int, status: int) -> None:
    body = launch_envelope(NOW + timedelta(seconds=offset_s))
    assert post(make_app(pki), body, key=pki.leaf_key).status_code == status


def _envelope(body: bytes) -> Any:
    return build_test_skill().serializer.deserialize(
        payload=body.decode(), obj_type=RequestEnvelope
    )


def test_skill_events_get_an_hour() -> None:
    verifier = AlexaTimestampVerifier(clock=fixed_clock)
    event = "AlexaSkillEvent.SkillEnabled"
    recent = _envelope(launch_envelope(NOW - timedelta(minutes=30), request_type=event))
    verifier.verify({}, "", recent)
    old = _envelope(launch_envelope(NOW - timedelta(minutes=61), request_type=event))
    with pytest.raises(VerificationException):
        verifier.verify({}, "", old)
    launch = _envelope(launch_envelope(NOW - timedelta(minutes=30)))
    with pytest.raises(VerificationException):
        verifier.verify({}, "", launch)


def test_timestamp_tolerance_cannot_be_widened() -> None:
    verifier = AlexaTimestampVerifier(clock=fixed_clock, tolerance_s=10_000)
    with pytest.raises(VerificationException):
        verifier.verify({}, "", _envelope(launch_envelope(NOW - timedelta(seconds=151))))


# --- HTTP edges ------------------------------------------------------------------


def test_get_is_405(pki: TestPki) -> None:
    response = make_app(pki).test_client().get("/")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_oversized_body_is_413(pki: TestPki) -> None:
    app = make_app(pki, max_body_bytes=1024)
    body = launch_envelope(marker="y" * 2048)
    response = post(app, body, key=pki.leaf_key)
    assert response.status_code == 413
    assert response.get_json() == {"error": "Request Entity Too Large"}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"{not json", id="not-json"),
        pytest.param(b"\xff\xfe\x00", id="not-utf8"),
        pytest.param(b"[1, 2]", id="array"),
        pytest.param(b'{"request": {"type": "LaunchRequest"}}', id="no-context"),
        pytest.param(b'{"request": {}, "context": {}}', id="no-request-type"),
        pytest.param(launch_envelope(request_type="NoSuchRequest"), id="unknown-type"),
        pytest.param(b"", id="empty"),
    ],
)
def test_malformed_envelopes_are_400_even_when_signed(pki: TestPki, body: bytes) -> None:
    assert_generic_400(post(make_app(pki), body, key=pki.leaf_key))


def test_envelope_for_another_skill_is_400(pki: TestPki) -> None:
    app = make_app(pki, skill=build_test_skill("amzn1.ask.skill.ours"))
    body = launch_envelope(application_id="amzn1.ask.skill.theirs")
    assert_generic_400(post(app, body, key=pki.leaf_key))
    ours = launch_envelope(application_id="amzn1.ask.skill.ours")
    assert post(app, ours, key=pki.leaf_key).status_code == 200


def test_logs_never_carry_request_content(pki: TestPki, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    app = make_app(pki)
    unknown = launch_envelope(request_type="NoSuchRequest", marker=SECRET)
    post(app, unknown, key=pki.leaf_key)
    # Passes our envelope check, fails in the skill: flask-ask-sdk logs it.
    session_end = launch_envelope(request_type="SessionEndedRequest", marker=SECRET)
    assert post(app, session_end, key=pki.leaf_key).status_code == 500
    tampered = launch_envelope(marker=SECRET)
    post(app, tampered, signature=sign_body(launch_envelope(), pki.leaf_key))
    post(app, launch_envelope(NOW - timedelta(hours=2), marker=SECRET), key=pki.leaf_key)
    assert caplog.records, "rejections should be logged"
    assert SECRET not in caplog.text
    assert all(SECRET not in str(r.args) for r in caplog.records)


def test_verify_false_warns_loudly_and_accepts_unsigned(
    pki: TestPki, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    app = create_app(build_test_skill(), verify=False)
    assert any(
        r.levelno == logging.WARNING and "VERIFICATION IS OFF" in r.getMessage()
        for r in caplog.records
    )
    response = post(app, launch_envelope(datetime.now(UTC)), sign=False, url=None)
    assert response.status_code == 200


# --- flask-ask-sdk import compatibility ----------------------------------------------


def test_import_skill_adapter_works_here() -> None:
    adapter = webservice_compat.import_skill_adapter()
    assert adapter.__name__ == "SkillAdapter"
    assert adapter.__module__ == "flask_ask_sdk.skill_adapter"


def test_placeholder_certificate_validator_fails_closed() -> None:
    package, errors = webservice_compat.build_placeholder_modules()
    with pytest.raises(errors.ValidationError):
        package.CertificateValidator(b"leaf", [b"intermediate"])
    with pytest.raises(errors.ValidationError):
        package.ValidationContext()
    assert issubclass(errors.PathBuildingError, errors.PathError)


def test_library_verifier_cannot_pass_under_the_placeholder(pki: TestPki) -> None:
    webservice_compat.import_skill_adapter()
    if not webservice_compat.placeholder_installed():
        pytest.skip("the real certvalidator imports on this machine")
    from ask_sdk_webservice_support.webservice_handler import WebserviceSkillHandler

    handler = WebserviceSkillHandler(
        skill=build_test_skill(), verify_signature=True, verify_timestamp=False
    )
    library_verifier = handler._verifiers[0]
    library_verifier._cert_cache[CERT_URL] = pki.chain()  # no network
    body = launch_envelope()
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign_body(body, pki.leaf_key)}
    with pytest.raises(VerificationException):
        handler.verify_request_and_dispatch(headers, body.decode())


def test_only_the_oscrypto_bug_triggers_the_placeholder(monkeypatch: pytest.MonkeyPatch) -> None:
    class LibraryNotFoundError(Exception):
        pass

    bug = LibraryNotFoundError("Error detecting the version of libcrypto")
    assert webservice_compat._is_oscrypto_libcrypto_bug(bug)
    wrapped = ImportError("wrapped")
    wrapped.__cause__ = bug
    assert webservice_compat._is_oscrypto_libcrypto_bug(wrapped)
    assert not webservice_compat._is_oscrypto_libcrypto_bug(ImportError("no module named x"))

    def failing_import(name: str, package: str | None = None) -> Any:
        raise ImportError("something else entirely")

    monkeypatch.delitem(sys.modules, "certvalidator", raising=False)
    monkeypatch.setattr(importlib, "import_module", failing_import)
    with pytest.raises(ImportError, match="something else"):
        webservice_compat.import_skill_adapter()


# --- the default downloader, against a loopback HTTPS server ---------------------------


def loopback_tls(tmp_path: Any) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context for "localhost", client context trusting only its root)."""
    from cryptography.hazmat.primitives import serialization

    # Real TLS checks real time, so this PKI is valid now, not at NOW.
    real_now = datetime.now(UTC)
    root_key = rsa_key("loopback-root")
    root = make_ca("Loopback Root CA", root_key, now=real_now)
    server_key = rsa_key("loopback-server")
    server_cert = make_leaf((root, root_key), server_key, sans=("localhost",), now=real_now)
    cert_file = tmp_path / "server.pem"
    key_file = tmp_path / "server.key"
    cert_file.write_bytes(pem_chain(server_cert))
    key_file.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)
    client_context = ssl.create_default_context(
        cadata=root.public_bytes(serialization.Encoding.PEM).decode()
    )
    return server_context, client_context


@pytest.fixture
def https_server(pki: TestPki, tmp_path: Any) -> Any:
    import http.server

    server_context, client_context = loopback_tls(tmp_path)
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/echo.api/ok.pem": (200, {}, pki.chain()),
        "/echo.api/big.pem": (200, {}, b"x" * (64 * 1024 + 1)),
        "/echo.api/moved.pem": (302, {"Location": "/echo.api/ok.pem"}, b""),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = routes.get(self.path, (404, {}, b"missing"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://localhost:{server.server_address[1]}", client_context
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_default_fetcher_downloads_with_caps(pki: TestPki, https_server: Any) -> None:
    from webservice.verifier import HttpsCertFetcher

    base, context = https_server
    fetch = HttpsCertFetcher(timeout=5, ssl_context=context)
    assert fetch(f"{base}/echo.api/ok.pem") == pki.chain()
    with pytest.raises(ValueError, match="too large"):
        fetch(f"{base}/echo.api/big.pem")
    with pytest.raises(OSError):  # urllib's HTTPError: the redirect is not followed
        fetch(f"{base}/echo.api/moved.pem")
    with pytest.raises(OSError):
        fetch(f"{base}/echo.api/missing.pem")
    with pytest.raises(ValueError, match="https"):
        fetch(base.replace("https://", "http://") + "/echo.api/ok.pem")
    # TLS is verified: a client that does not trust our test root refuses the server.
    with pytest.raises(OSError):
        HttpsCertFetcher(timeout=5)(f"{base}/echo.api/ok.pem")


# --- download limits: unsigned requests cannot make us download (issue 12, item 9) ----------


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limited_verifier(
    pki: TestPki, fetcher: CountingFetcher, monotonic: FakeMonotonic
) -> AlexaSignatureVerifier:
    return AlexaSignatureVerifier(
        trust_store=[pki.root], cert_fetcher=fetcher, clock=fixed_clock, monotonic=monotonic
    )


def verify_with(verifier: AlexaSignatureVerifier, url: str, pki: TestPki) -> bool:
    body = launch_envelope()
    headers = {"SignatureCertChainUrl": url, "Signature-256": sign_body(body, pki.leaf_key)}
    try:
        verifier.verify(headers, body.decode(), None)
    except VerificationException:
        return False
    return True


def test_unique_query_strings_cause_no_download(pki: TestPki) -> None:
    fetcher = CountingFetcher(default=pki.chain())  # would serve a valid chain anywhere
    app = make_app(pki, fetcher)
    for n in range(40):
        url = f"{CERT_URL}?n={n}"
        assert_generic_400(post(app, launch_envelope(), key=pki.leaf_key, url=url))
    assert fetcher.calls == []
    assert normalize_cert_url(f"{CERT_URL}?") is None


def test_spellings_of_one_url_share_one_download(pki: TestPki) -> None:
    fetcher = CountingFetcher({CERT_URL: pki.chain()})
    app = make_app(pki, fetcher)
    spellings = [
        CERT_URL,
        CERT_URL.replace("https://s3.amazonaws.com", "HTTPS://S3.AMAZONAWS.COM:443"),
        CERT_URL.replace("/echo.api/", "/echo.api/./"),
        CERT_URL.replace("/echo.api/", "/echo.api/../echo.api/"),
        CERT_URL.replace("/echo.api/e", "/echo.api/%65"),
        CERT_URL + "#fragment",
    ]
    for url in spellings:
        assert post(app, launch_envelope(), key=pki.leaf_key, url=url).status_code == 200
    assert fetcher.calls == [CERT_URL]


def test_a_failed_url_is_not_fetched_again_for_a_while(pki: TestPki) -> None:
    clock = FakeMonotonic()
    fetcher = CountingFetcher()  # 404 everywhere
    verifier = limited_verifier(pki, fetcher, clock)
    for _ in range(10):
        assert not verify_with(verifier, CERT_URL, pki)
    assert fetcher.calls == [CERT_URL]
    clock.now += 61  # FAILURE_TTL_S later, it may be tried again
    fetcher.chains[CERT_URL] = pki.chain()
    assert verify_with(verifier, CERT_URL, pki)
    assert fetcher.calls == [CERT_URL, CERT_URL]


def test_a_chain_that_fails_verification_is_remembered_as_a_failure(pki: TestPki) -> None:
    clock = FakeMonotonic()
    expired = make_leaf(pki.issuer, pki.leaf_key, not_after=NOW - timedelta(seconds=1))
    fetcher = CountingFetcher({CERT_URL: pki.chain(expired)})
    verifier = limited_verifier(pki, fetcher, clock)
    for _ in range(5):
        assert not verify_with(verifier, CERT_URL, pki)
    assert fetcher.calls == [CERT_URL]


def test_unique_paths_are_bounded_by_a_download_budget(pki: TestPki) -> None:
    clock = FakeMonotonic()
    fetcher = CountingFetcher({CERT_URL: pki.chain()})
    verifier = limited_verifier(pki, fetcher, clock)
    assert verify_with(verifier, CERT_URL, pki)  # Amazon's chain, cached
    for n in range(40):
        url = f"https://s3.amazonaws.com/echo.api/unique-{n}.pem"
        assert not verify_with(verifier, url, pki)
        clock.now += 0.5
    assert len(fetcher.calls) == 4  # 1 real + 3 of the 40: MAX_DOWNLOADS_PER_WINDOW in 60 s
    assert verify_with(verifier, CERT_URL, pki)  # the cached chain still serves Alexa
    clock.now += 61
    assert not verify_with(verifier, "https://s3.amazonaws.com/echo.api/later.pem", pki)
    assert len(fetcher.calls) == 5  # a new window, a new download


def test_concurrent_requests_for_one_url_make_one_download(pki: TestPki) -> None:
    calls: list[str] = []

    def slow_fetch(url: str) -> bytes:
        calls.append(url)
        time.sleep(0.3)
        return pki.chain()

    verifier = AlexaSignatureVerifier(
        trust_store=[pki.root], cert_fetcher=slow_fetch, clock=fixed_clock
    )
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda: results.append(verify_with(verifier, CERT_URL, pki)))
        for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [True] * 20
    assert calls == [CERT_URL]


# The default fetcher against servers that answer one byte a second.

DEADLINE_S = 1.5
DRIBBLED_BYTES = 8  # the server gives up after this many seconds: the old code took them all


@pytest.fixture
def dribbling_server(tmp_path: Any) -> Iterator[Callable[[str], tuple[str, ssl.SSLContext]]]:
    """Start a loopback server that sends one byte a second in one phase of the fetch:
    "handshake" (a TLS record header, byte by byte, never a ServerHello), "headers" (the
    status line and headers) or "body" (a 200 with a body)."""
    server_context, client_context = loopback_tls(tmp_path)
    listeners: list[socket.socket] = []
    stop = threading.Event()

    def drip(conn: socket.socket, data: bytes) -> None:
        for byte in data[:DRIBBLED_BYTES]:
            if stop.wait(1.0):
                return
            conn.sendall(bytes([byte]))

    def handle(conn: socket.socket, phase: str) -> None:
        with conn:
            try:
                if phase == "handshake":
                    drip(conn, b"\x16\x03\x03\x40\x00" + b"\x02" * 64)
                    return
                tls = server_context.wrap_socket(conn, server_side=True)
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = tls.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                head = b"HTTP/1.1 200 OK\r\nContent-Length: 4000\r\n\r\n"
                if phase == "headers":
                    drip(tls, head)
                else:
                    tls.sendall(head)
                    drip(tls, b"-----BEGIN CERTIFICATE-----\n" + b"A" * 4000)
            except OSError:
                return

    def start(phase: str) -> tuple[str, ssl.SSLContext]:
        listener = socket.create_server(("127.0.0.1", 0))
        listeners.append(listener)

        def accept() -> None:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                threading.Thread(target=handle, args=(conn, phase), daemon=True).start()

        threading.Thread(target=accept, daemon=True).start()
        return f"https://localhost:{listener.getsockname()[1]}/echo.api/slow.pem", client_context

    yield start
    stop.set()
    for listener in listeners:
        listener.close()


@pytest.mark.parametrize("phase", ["handshake", "headers", "body"])
def test_a_one_byte_a_second_server_cannot_hold_a_fetch_past_its_deadline(
    dribbling_server: Callable[[str], tuple[str, ssl.SSLContext]], phase: str
) -> None:
    from webservice.verifier import HttpsCertFetcher

    url, context = dribbling_server(phase)
    fetch = HttpsCertFetcher(timeout=DEADLINE_S, ssl_context=context)
    began = time.monotonic()
    with pytest.raises((OSError, ValueError)):
        fetch(url)
    elapsed = time.monotonic() - began
    assert elapsed < DEADLINE_S + 1.0, f"{phase}: the fetch took {elapsed:.1f} s"
