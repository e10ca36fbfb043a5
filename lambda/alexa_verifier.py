"""Alexa request verification built on ``cryptography`` alone.

Amazon requires a skill hosted as a web service to prove that every request
came from Alexa ("Host a Custom Skill as a Web Service", section "Verify that
the request was sent by Alexa"):

1. The ``SignatureCertChainUrl`` header must name Amazon's certificate
   location: scheme ``https`` (case-insensitive), host ``s3.amazonaws.com``
   (case-insensitive), a path that - after normalising ``.``/``..``
   segments - starts with ``/echo.api/`` (case-sensitive), and port 443 if a
   port is given.
2. The PEM chain at that URL (signing certificate first) must be trusted:
   the signing certificate is within its Not Before / Not After dates, its
   Subject Alternative Names contain ``echo-api.amazon.com``, and the chain
   leads to a trusted root CA.
3. The ``Signature-256`` header, base64-decoded, must be a valid RSA
   (PKCS#1 v1.5) signature with SHA-256 over the exact request body bytes.
4. The request's ``timestamp`` must be within 150 seconds of now.

ask-sdk-webservice-support implements this with ``certvalidator``/``oscrypto``,
and ``oscrypto`` 1.3.0 cannot even be imported on OpenSSL >= 3.0.10 (its
version regex does not match e.g. "3.0.19"; fixed upstream, never released).
This module does the same checks with ``cryptography`` only.

Path validation uses ``cryptography.x509.verification``:
``PolicyBuilder().store(...).time(now).build_server_verifier(DNSName(...))``.
The server verifier is the right tool, and we checked that it fits Amazon's
real chain: Amazon's signing certificate is an ordinary publicly-trusted TLS
server certificate (``echo-api-cert-12.pem``: issued by "Amazon RSA 2048 M01"
under "Amazon Root CA 1", EKU serverAuth + clientAuth, SAN
``echo-api.amazon.com``), and the default CA/B-Forum ("webpki") extension
policies accept it against certifi's bundle.  The server verifier gives us, in
one step: chain building to a root in the trust store, signature checks on
every link, the validity period of *every* certificate at ``now``, CA
constraints on the issuers, and a SAN match for ``echo-api.amazon.com``.
It also requires the serverAuth EKU *if* the leaf carries an EKU extension;
Amazon's does, and a leaf whose EKU excludes serverAuth is rejected, which
fails closed.  ``build_client_verifier`` was not used: it demands the
clientAuth EKU and does not check a subject name, so it fits worse.  No custom
``ExtensionPolicy`` is needed.

On top of the server verifier we still check Amazon's rules explicitly, so
that they do not rest on library defaults alone: the leaf's Not Before / Not
After dates, and that ``echo-api.amazon.com`` itself is one of the leaf's
DNS SANs (the server verifier would also accept a wildcard such as
``*.amazon.com``; Amazon's rule asks for the name itself).

Every failure raises ``VerificationException`` with one generic message; the
short reason goes to the log at INFO, never with request content (no body,
no header values).
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import posixpath
import ssl
import threading
import urllib.error
import urllib.request
import warnings
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import SplitResult, quote, unquote, urlsplit

from ask_sdk_webservice_support import verifier_constants
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from webservice_compat import import_webservice_verifier_module

# Through webservice_compat: a plain import fails where oscrypto cannot load.
_sdk_verifier = import_webservice_verifier_module()
AbstractVerifier: Any = _sdk_verifier.AbstractVerifier
VerificationException: type[Exception] = _sdk_verifier.VerificationException

logger = logging.getLogger(__name__)

SIGNATURE_CERT_CHAIN_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_256_HEADER = "Signature-256"
CERT_URL_SCHEME = "https"
CERT_URL_HOST = "s3.amazonaws.com"
CERT_URL_PATH_PREFIX = "/echo.api/"
CERT_URL_PORT = 443
SIGNING_CERT_DOMAIN = "echo-api.amazon.com"

#: Amazon's chain is about 7 KB; anything much larger is not Amazon's.
MAX_CHAIN_BYTES = 64 * 1024
#: A certificate URL longer than this is not one Amazon would use.
MAX_CERT_URL_LENGTH = 2048
DEFAULT_FETCH_TIMEOUT_S = 5.0
DEFAULT_CACHE_ENTRIES = 16

NORMAL_TOLERANCE_S = verifier_constants.MAX_NORMAL_REQUEST_TOLERANCE_IN_MILLIS / 1000
SKILL_EVENT_TOLERANCE_S = verifier_constants.MAX_SKILL_EVENT_TOLERANCE_IN_MILLIS / 1000

#: The only text a caller (and so the HTTP client) ever sees.
GENERIC_FAILURE = "Request verification failed"

Clock = Callable[[], datetime]
CertFetcher = Callable[[str], bytes]
TrustStore = Store | Sequence[x509.Certificate] | str | os.PathLike[str]


def utc_now() -> datetime:
    """The default clock: an aware datetime in UTC."""
    return datetime.now(UTC)


def _now(clock: Clock) -> datetime:
    now = clock()
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def _reject(reason: str) -> Exception:
    """Log a content-free reason and build the generic exception to raise."""
    logger.info("Alexa request rejected: %s", reason)
    return VerificationException(GENERIC_FAILURE)


def _header(headers: Any, name: str) -> str | None:
    """Case-insensitive single header lookup; ``None`` if absent or repeated.

    ``headers`` is whatever the adapter hands over (werkzeug ``EnvironHeaders``
    from flask-ask-sdk, or a plain mapping); both have ``items()``.
    """
    wanted = name.lower()
    values = [str(v) for k, v in headers.items() if str(k).lower() == wanted]
    if len(values) != 1:
        return None
    return values[0]


def _body_bytes(serialized_request_env: str | bytes) -> bytes:
    """The exact request body bytes the signature covers.

    flask-ask-sdk decodes the raw body with strict UTF-8 before handing it
    to verifiers, so encoding it back yields the original bytes exactly.
    """
    if isinstance(serialized_request_env, bytes):
        return serialized_request_env
    return serialized_request_env.encode(verifier_constants.CHARACTER_ENCODING)


# --------------------------------------------------------------------------
# Certificate URL


def _split_cert_url(url: str) -> SplitResult | None:
    """Parse ``url`` if its scheme, host and port are Amazon's, else ``None``."""
    if not url or len(url) > MAX_CERT_URL_LENGTH:
        return None
    # Header values never legitimately carry whitespace or control characters,
    # and urlsplit silently strips some of them.
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError on a malformed port
    except ValueError:
        return None
    scheme_ok = parts.scheme.lower() == CERT_URL_SCHEME
    host_ok = parts.hostname is not None and parts.hostname.lower() == CERT_URL_HOST
    port_ok = port is None or port == CERT_URL_PORT
    return parts if scheme_ok and host_ok and port_ok else None


def normalize_cert_url(url: str) -> str | None:
    """Return the URL to fetch if ``url`` meets Amazon's rules, else ``None``.

    Rules: scheme ``https`` and host ``s3.amazonaws.com`` (both
    case-insensitive), port 443 if given, and a path that starts with
    ``/echo.api/`` (case-sensitive) once ``.``/``..`` segments are resolved.
    Percent-escapes are decoded before the path check, so ``%2e%2e`` cannot
    smuggle a ``..`` segment past it; the undecoded path must pass too.

    The URL returned (and fetched) is rebuilt from the validated parts:
    scheme, host, normalised path and query.  User info, an explicit ``:443``
    and any fragment are dropped, so what is fetched is exactly what was
    checked.
    """
    parts = _split_cert_url(url)
    if parts is None or not parts.path:
        return None
    raw_path = posixpath.normpath(parts.path)
    decoded_path = posixpath.normpath(unquote(parts.path))
    if not (
        raw_path.startswith(CERT_URL_PATH_PREFIX) and decoded_path.startswith(CERT_URL_PATH_PREFIX)
    ):
        return None
    fetch_url = f"{CERT_URL_SCHEME}://{CERT_URL_HOST}{quote(decoded_path, safe='/')}"
    if parts.query:
        fetch_url += f"?{parts.query}"
    return fetch_url


# --------------------------------------------------------------------------
# Fetching and trust


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: we fetch only the URL we validated."""

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None


def _default_ca_file() -> str | None:
    """certifi's bundle if installed, else the system CA file."""
    try:
        import certifi  # noqa: PLC0415 - optional dependency

        return str(certifi.where())
    except ImportError:
        pass
    paths = ssl.get_default_verify_paths()
    for candidate in (paths.cafile, paths.openssl_cafile):
        if candidate and os.path.isfile(candidate):
            return candidate
    return None


class UrllibCertFetcher:
    """Download a certificate chain over HTTPS with a timeout and a size cap.

    TLS to S3 is verified (certifi's bundle if installed, else the system's,
    unless ``ssl_context`` is given); redirects are refused; a non-200 answer
    or a body over ``max_bytes`` is an error.  ``timeout`` applies to each
    socket operation.
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_FETCH_TIMEOUT_S,
        max_bytes: int = MAX_CHAIN_BYTES,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._timeout = timeout
        self._max_bytes = max_bytes
        context = ssl_context or ssl.create_default_context(cafile=_default_ca_file())
        self._opener = urllib.request.build_opener(
            _RefuseRedirects(), urllib.request.HTTPSHandler(context=context)
        )

    def __call__(self, url: str) -> bytes:
        if not url.startswith(f"{CERT_URL_SCHEME}://"):
            raise ValueError("only https URLs are fetched")
        request = urllib.request.Request(url, method="GET")  # noqa: S310 - https only, checked above
        with self._opener.open(request, timeout=self._timeout) as response:
            if response.status != 200:
                raise urllib.error.URLError(f"unexpected status {response.status}")
            data: bytes = response.read(self._max_bytes + 1)
        if len(data) > self._max_bytes:
            raise ValueError("certificate chain too large")
        return data


def _split_pem_certificates(data: bytes) -> list[x509.Certificate]:
    """Parse a PEM bundle certificate by certificate, skipping any that fail.

    A CA bundle may hold a certificate this version of ``cryptography``
    dislikes; one bad root must not make the whole trust store unusable.
    """
    end = b"-----END CERTIFICATE-----"
    certs: list[x509.Certificate] = []
    for block in data.split(end):
        start = block.find(b"-----BEGIN CERTIFICATE-----")
        if start < 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                certs.append(x509.load_pem_x509_certificate(block[start:] + end + b"\n"))
            except ValueError:
                continue
    return certs


def load_trust_store(trust_store: TrustStore | None = None) -> Store:
    """Build the ``Store`` of trusted roots.

    ``None`` means certifi's bundle if installed, else the system CA file from
    ``ssl.get_default_verify_paths()``.  A ``Store`` is used as is; a sequence
    of certificates or a path to a PEM bundle is loaded.
    """
    if isinstance(trust_store, Store):
        return trust_store
    if trust_store is None or isinstance(trust_store, str | os.PathLike):
        path = _default_ca_file() if trust_store is None else os.fspath(trust_store)
        if path is None:
            raise RuntimeError("no CA bundle found: install certifi or pass trust_store")
        with open(path, "rb") as handle:
            roots = _split_pem_certificates(handle.read())
    else:
        roots = list(trust_store)
    if not roots:
        raise RuntimeError("the trust store holds no certificates")
    return Store(roots)


@dataclass(frozen=True)
class _CachedChain:
    leaf: x509.Certificate
    intermediates: tuple[x509.Certificate, ...]
    expires_at: datetime


class _ChainCache:
    """A small thread-safe LRU of verified chains, each kept until its leaf expires."""

    def __init__(self, max_entries: int) -> None:
        self._max_entries = max(1, max_entries)
        self._entries: OrderedDict[str, _CachedChain] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, url: str, now: datetime) -> _CachedChain | None:
        with self._lock:
            entry = self._entries.get(url)
            if entry is None:
                return None
            if now > entry.expires_at:
                del self._entries[url]
                return None
            self._entries.move_to_end(url)
            return entry

    def put(self, url: str, entry: _CachedChain) -> None:
        with self._lock:
            self._entries[url] = entry
            self._entries.move_to_end(url)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def _dns_sans(cert: x509.Certificate) -> list[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return [name.lower() for name in san.get_values_for_type(x509.DNSName)]


# --------------------------------------------------------------------------
# Verifiers


class AlexaSignatureVerifier(AbstractVerifier):
    """Checks ``SignatureCertChainUrl`` and ``Signature-256`` as Amazon specifies.

    :param trust_store: trusted roots (a ``Store``, certificates, or a PEM
        bundle path); ``None`` means certifi's bundle, else the system's.
    :param cert_fetcher: ``url -> PEM bytes``; defaults to
        :class:`UrllibCertFetcher`.  Whatever it returns is also capped at
        :data:`MAX_CHAIN_BYTES`.
    :param clock: returns "now"; used for certificate validity.
    :param cache_entries: how many chains (by URL) to keep; each is kept at
        most until its signing certificate's Not After.
    """

    def __init__(
        self,
        *,
        trust_store: TrustStore | None = None,
        cert_fetcher: CertFetcher | None = None,
        clock: Clock | None = None,
        cache_entries: int = DEFAULT_CACHE_ENTRIES,
    ) -> None:
        self._store = load_trust_store(trust_store)
        self._fetch: CertFetcher = cert_fetcher if cert_fetcher is not None else UrllibCertFetcher()
        self._clock: Clock = clock if clock is not None else utc_now
        self._cache = _ChainCache(cache_entries)

    def verify(
        self,
        headers: Any,
        serialized_request_env: str | bytes,
        deserialized_request_env: Any,
    ) -> None:
        """Raise ``VerificationException`` unless the request is signed by Alexa."""
        try:
            self._verify(headers, serialized_request_env)
        except VerificationException:
            raise
        except Exception as exc:  # fail closed on anything unforeseen (odd certificates...)
            raise _reject(f"unexpected {type(exc).__name__}") from None

    def _verify(self, headers: Any, serialized_request_env: str | bytes) -> None:
        cert_url = _header(headers, SIGNATURE_CERT_CHAIN_URL_HEADER)
        signature_b64 = _header(headers, SIGNATURE_256_HEADER)
        if cert_url is None or signature_b64 is None:
            raise _reject("missing or repeated signature headers")
        fetch_url = normalize_cert_url(cert_url.strip())
        if fetch_url is None:
            raise _reject("certificate URL does not meet Amazon's rules")
        try:
            signature = base64.b64decode(signature_b64.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise _reject("signature is not valid base64") from None
        if not signature:
            raise _reject("empty signature")

        now = _now(self._clock)
        leaf = self._trusted_leaf(fetch_url, now)
        public_key = leaf.public_key()
        if not isinstance(public_key, RSAPublicKey):
            raise _reject("signing certificate key is not RSA")
        try:
            public_key.verify(signature, _body_bytes(serialized_request_env), PKCS1v15(), SHA256())
        except InvalidSignature:
            raise _reject("signature does not match the body") from None

    def _trusted_leaf(self, fetch_url: str, now: datetime) -> x509.Certificate:
        cached = self._cache.get(fetch_url, now)
        if cached is not None:
            leaf, intermediates = cached.leaf, list(cached.intermediates)
        else:
            leaf, intermediates = self._download(fetch_url)
        # Validated on every request, cached or not: "now" moves on.
        self._check_chain(leaf, intermediates, now)
        if cached is None:
            self._cache.put(
                fetch_url,
                _CachedChain(leaf, tuple(intermediates), leaf.not_valid_after_utc),
            )
        return leaf

    def _download(self, fetch_url: str) -> tuple[x509.Certificate, list[x509.Certificate]]:
        try:
            data = self._fetch(fetch_url)
        except Exception:  # any fetch failure, whatever the fetcher raises
            raise _reject("certificate chain could not be downloaded") from None
        if not isinstance(data, bytes) or len(data) > MAX_CHAIN_BYTES:
            raise _reject("certificate chain missing or too large")
        try:
            certs = x509.load_pem_x509_certificates(data)
        except ValueError:
            raise _reject("certificate chain is not valid PEM") from None
        if not certs:
            raise _reject("certificate chain is empty")
        return certs[0], certs[1:]

    def _check_chain(
        self, leaf: x509.Certificate, intermediates: list[x509.Certificate], now: datetime
    ) -> None:
        # Amazon's explicit rules first, so the log says which one failed.
        if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
            raise _reject("signing certificate is outside its validity period")
        if SIGNING_CERT_DOMAIN not in _dns_sans(leaf):
            raise _reject("signing certificate SAN lacks echo-api.amazon.com")
        verifier = (
            PolicyBuilder()
            .store(self._store)
            .time(now)
            .build_server_verifier(x509.DNSName(SIGNING_CERT_DOMAIN))
        )
        try:
            verifier.verify(leaf, intermediates)
        except (VerificationError, ValueError, x509.UnsupportedGeneralNameType) as exc:
            logger.debug("path validation detail: %s", exc)
            raise _reject("certificate chain is not trusted") from None


class AlexaTimestampVerifier(AbstractVerifier):
    """Rejects requests whose ``timestamp`` is more than 150 s from now.

    Skill events (``ALEXA_SKILL_EVENT_LIST``, e.g. ``SkillEnabled``) may be
    up to an hour old, as in ask-sdk-webservice-support.  Future timestamps
    count the same as past ones.

    :param clock: returns "now".
    :param tolerance_s: the normal tolerance, at most 150 s.
    """

    def __init__(
        self, *, clock: Clock | None = None, tolerance_s: float = NORMAL_TOLERANCE_S
    ) -> None:
        if tolerance_s < 0:
            raise ValueError("tolerance must not be negative")
        self._clock: Clock = clock if clock is not None else utc_now
        self._tolerance_s = min(tolerance_s, NORMAL_TOLERANCE_S)

    def verify(
        self,
        headers: Any,
        serialized_request_env: str | bytes,
        deserialized_request_env: Any,
    ) -> None:
        """Raise ``VerificationException`` unless the timestamp is fresh."""
        request = getattr(deserialized_request_env, "request", None)
        timestamp = getattr(request, "timestamp", None)
        if not isinstance(timestamp, datetime):
            raise _reject("request has no timestamp")
        if timestamp.tzinfo is None:
            timestamp = timestamp.replace(tzinfo=UTC)
        skew = abs(_now(self._clock) - timestamp)
        if skew <= timedelta(seconds=self._tolerance_s):
            return
        request_type = getattr(request, "object_type", None)
        if request_type in verifier_constants.ALEXA_SKILL_EVENT_LIST and skew <= timedelta(
            seconds=SKILL_EVENT_TOLERANCE_S
        ):
            return
        raise _reject("request timestamp outside tolerance")


def default_verifiers(
    *,
    trust_store: TrustStore | None = None,
    cert_fetcher: CertFetcher | None = None,
    clock: Clock | None = None,
) -> list[AlexaTimestampVerifier | AlexaSignatureVerifier]:
    """Our two verifiers, cheapest first (a stale request never triggers a download)."""
    return [
        AlexaTimestampVerifier(clock=clock),
        AlexaSignatureVerifier(trust_store=trust_store, cert_fetcher=cert_fetcher, clock=clock),
    ]


__all__ = [
    "GENERIC_FAILURE",
    "AbstractVerifier",
    "AlexaSignatureVerifier",
    "AlexaTimestampVerifier",
    "CertFetcher",
    "Clock",
    "TrustStore",
    "UrllibCertFetcher",
    "VerificationException",
    "default_verifiers",
    "load_trust_store",
    "normalize_cert_url",
]
