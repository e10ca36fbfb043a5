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

Downloads are bounded, because any unsigned request can name a certificate URL:

* the URL must meet Amazon's rules *and* carry no query string (Amazon's never
  does), and is normalised (``.``/``..``, percent-escapes, ``:443``, fragment)
  before it is fetched or used as a cache key, so spellings of one URL share
  one download;
* verified chains are kept in a small LRU until the leaf expires; a URL whose
  download or chain failed is remembered for :data:`FAILURE_TTL_S` and not
  fetched again meanwhile;
* at most :data:`MAX_DOWNLOADS_PER_WINDOW` downloads start in any
  :data:`DOWNLOAD_WINDOW_S`, one at a time (requests for a URL being fetched
  wait for that fetch instead of starting another);
* the default fetcher bounds the *whole* fetch (connect, TLS handshake,
  headers, body) by a wall-clock deadline: a watchdog shuts the socket down
  when it passes, so a server that answers one byte a second cannot hold it.

Every failure raises ``VerificationException`` with one generic message; the
short reason goes to the log at INFO, never with request content (no body,
no header values).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import http.client
import logging
import os
import posixpath
import socket
import ssl
import threading
import time
import warnings
from collections import OrderedDict, deque
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

from webservice.compat import import_webservice_verifier_module

# Through webservice.compat: a plain import fails where oscrypto cannot load.
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
#: The whole certificate fetch (connect, TLS, headers, body) must end within this.
DEFAULT_FETCH_TIMEOUT_S = 3.0
DEFAULT_CACHE_ENTRIES = 16
#: A URL whose download or chain failed is not fetched again for this long.
FAILURE_TTL_S = 60.0
FAILURE_CACHE_ENTRIES = 64
#: At most this many downloads start in any window of DOWNLOAD_WINDOW_S seconds.
MAX_DOWNLOADS_PER_WINDOW = 4
DOWNLOAD_WINDOW_S = 60.0

NORMAL_TOLERANCE_S = verifier_constants.MAX_NORMAL_REQUEST_TOLERANCE_IN_MILLIS / 1000
SKILL_EVENT_TOLERANCE_S = verifier_constants.MAX_SKILL_EVENT_TOLERANCE_IN_MILLIS / 1000

#: The only text a caller (and so the HTTP client) ever sees.
GENERIC_FAILURE = "Request verification failed"

Clock = Callable[[], datetime]
Monotonic = Callable[[], float]
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
    A query string is refused: Amazon's URL has none, and each new query
    would otherwise be a new download.

    The URL returned (and fetched) is rebuilt from the validated parts:
    scheme, host and normalised path.  User info, an explicit ``:443`` and
    any fragment are dropped, so what is fetched is exactly what was checked,
    and every spelling of one URL is one cache key.
    """
    parts = _split_cert_url(url)
    if parts is None or not parts.path or parts.query or "?" in url:
        return None
    raw_path = posixpath.normpath(parts.path)
    decoded_path = posixpath.normpath(unquote(parts.path))
    if not (
        raw_path.startswith(CERT_URL_PATH_PREFIX) and decoded_path.startswith(CERT_URL_PATH_PREFIX)
    ):
        return None
    return f"{CERT_URL_SCHEME}://{CERT_URL_HOST}{quote(decoded_path, safe='/')}"


# --------------------------------------------------------------------------
# Fetching and trust


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


class _Watchdog:
    """Shuts a fetch's socket down when its deadline passes.

    A socket timeout bounds each operation, not the whole fetch: a server that
    sends one byte a second keeps every ``recv`` short and the fetch alive.
    The watchdog's timer shuts the socket down (both ways) at the deadline,
    which wakes any blocked ``recv``, TLS handshake or ``readline``.
    """

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def attach(self, sock: socket.socket) -> None:
        with self._lock:
            self._sock = sock
            if self.expired:
                self._shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                self._shutdown(self._sock)

    @staticmethod
    def _shutdown(sock: socket.socket) -> None:
        # The plain socket's shutdown, under any TLS wrapper: it only touches
        # the file descriptor, which is safe from another thread.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


class HttpsCertFetcher:
    """Download a certificate chain over HTTPS within a deadline and a size cap.

    TLS to S3 is verified (certifi's bundle if installed, else the system's,
    unless ``ssl_context`` is given); redirects are not followed; a non-200
    answer or a body over ``max_bytes`` is an error.  ``timeout`` is a
    deadline for the *whole* fetch - connect, TLS handshake, headers and body
    - enforced by a watchdog (see :class:`_Watchdog`); only the name lookup
    is left to the system resolver.
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_FETCH_TIMEOUT_S,
        max_bytes: int = MAX_CHAIN_BYTES,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if timeout <= 0:
            raise ValueError("the fetch deadline must be positive")
        self._deadline_s = timeout
        self._max_bytes = max_bytes
        self._context = ssl_context or ssl.create_default_context(cafile=_default_ca_file())

    def __call__(self, url: str) -> bytes:
        parts = urlsplit(url)
        if parts.scheme != CERT_URL_SCHEME or not parts.hostname:
            raise ValueError("only https URLs are fetched")
        deadline = time.monotonic() + self._deadline_s
        watchdog = _Watchdog(self._deadline_s)
        try:
            return self._fetch(parts, deadline, watchdog)
        except (OSError, http.client.HTTPException) as error:
            if watchdog.expired:
                raise TimeoutError("certificate fetch deadline passed") from None
            if isinstance(error, OSError):
                raise
            raise OSError(f"bad HTTP response: {type(error).__name__}") from None
        finally:
            watchdog.cancel()

    def _fetch(self, parts: SplitResult, deadline: float, watchdog: _Watchdog) -> bytes:
        def remaining() -> float:
            left = deadline - time.monotonic()
            if left <= 0 or watchdog.expired:
                raise TimeoutError("certificate fetch deadline passed")
            return left

        host = parts.hostname or ""
        sock = socket.create_connection((host, parts.port or 443), timeout=remaining())
        try:
            watchdog.attach(sock)
            sock = self._context.wrap_socket(
                sock, server_hostname=host, do_handshake_on_connect=False
            )
            watchdog.attach(sock)  # the TLS socket now owns the file descriptor
            sock.settimeout(remaining())
            sock.do_handshake()
            connection = http.client.HTTPSConnection(host, parts.port or 443)
            connection.sock = sock
            path = parts.path or "/"
            connection.request("GET", path, headers={"Accept": "*/*", "Connection": "close"})
            sock.settimeout(remaining())
            response = connection.getresponse()
            if response.status != 200:
                raise OSError(f"unexpected status {response.status}")
            length = response.getheader("Content-Length")
            if length is not None and length.isdigit() and int(length) > self._max_bytes:
                raise ValueError("certificate chain too large")
            data = bytearray()
            while True:
                sock.settimeout(remaining())
                chunk = response.read1(16 * 1024)
                if not chunk:
                    break
                data += chunk
                if len(data) > self._max_bytes:
                    raise ValueError("certificate chain too large")
            remaining()  # a body cut short by the watchdog is not a chain
            return bytes(data)
        finally:
            sock.close()


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


class _DownloadGate:
    """Which certificate downloads may start: not a URL that failed within
    ``failure_ttl_s`` (a small LRU of them), and at most ``max_downloads`` in any
    ``window_s``.  One download runs at a time; others wait for it (up to
    ``wait_s``) and then look in the caches again."""

    def __init__(
        self,
        *,
        monotonic: Monotonic,
        failure_ttl_s: float = FAILURE_TTL_S,
        failure_entries: int = FAILURE_CACHE_ENTRIES,
        max_downloads: int = MAX_DOWNLOADS_PER_WINDOW,
        window_s: float = DOWNLOAD_WINDOW_S,
        wait_s: float = DEFAULT_FETCH_TIMEOUT_S + 1.0,
    ) -> None:
        self._monotonic = monotonic
        self._failure_ttl_s = failure_ttl_s
        self._failure_entries = max(1, failure_entries)
        self._max_downloads = max(1, max_downloads)
        self._window_s = window_s
        self._wait_s = wait_s
        self._failed: OrderedDict[str, float] = OrderedDict()
        self._started: deque[float] = deque()
        self._lock = threading.Lock()  # guards the two records above
        self.one_at_a_time = threading.Lock()

    def acquire(self) -> bool:
        """Wait for the download slot; False if another download held it too long."""
        return self.one_at_a_time.acquire(timeout=self._wait_s)

    def release(self) -> None:
        self.one_at_a_time.release()

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be downloaded now (a fixed reason), or None after
        counting the download as started."""
        now = self._monotonic()
        with self._lock:
            until = self._failed.get(url)
            if until is not None:
                if now < until:
                    return "certificate URL failed recently"
                del self._failed[url]
            while self._started and now - self._started[0] >= self._window_s:
                self._started.popleft()
            if len(self._started) >= self._max_downloads:
                return "certificate download budget spent"
            self._started.append(now)
            return None

    def failed(self, url: str) -> None:
        with self._lock:
            self._failed[url] = self._monotonic() + self._failure_ttl_s
            self._failed.move_to_end(url)
            while len(self._failed) > self._failure_entries:
                self._failed.popitem(last=False)


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
        :class:`HttpsCertFetcher`.  Whatever it returns is also capped at
        :data:`MAX_CHAIN_BYTES`.
    :param clock: returns "now"; used for certificate validity.
    :param cache_entries: how many chains (by URL) to keep; each is kept at
        most until its signing certificate's Not After.
    :param monotonic: seconds for the download limits (``time.monotonic``).
    :param failure_ttl_s: a URL whose download or chain failed is refused
        without a download for this long.
    :param max_downloads: downloads allowed to start in any ``window_s``.
    """

    def __init__(
        self,
        *,
        trust_store: TrustStore | None = None,
        cert_fetcher: CertFetcher | None = None,
        clock: Clock | None = None,
        cache_entries: int = DEFAULT_CACHE_ENTRIES,
        monotonic: Monotonic = time.monotonic,
        failure_ttl_s: float = FAILURE_TTL_S,
        max_downloads: int = MAX_DOWNLOADS_PER_WINDOW,
        window_s: float = DOWNLOAD_WINDOW_S,
    ) -> None:
        self._store = load_trust_store(trust_store)
        self._fetch: CertFetcher = cert_fetcher if cert_fetcher is not None else HttpsCertFetcher()
        self._clock: Clock = clock if clock is not None else utc_now
        self._cache = _ChainCache(cache_entries)
        self._gate = _DownloadGate(
            monotonic=monotonic,
            failure_ttl_s=failure_ttl_s,
            max_downloads=max_downloads,
            window_s=window_s,
        )

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
            # Validated on every request, cached or not: "now" moves on.
            self._check_chain(cached.leaf, list(cached.intermediates), now)
            return cached.leaf
        if not self._gate.acquire():
            raise _reject("another certificate download is still running")
        try:
            cached = self._cache.get(fetch_url, now)  # fetched while we waited?
            if cached is not None:
                self._check_chain(cached.leaf, list(cached.intermediates), now)
                return cached.leaf
            refusal = self._gate.refusal(fetch_url)
            if refusal is not None:
                raise _reject(refusal)
            try:
                leaf, intermediates = self._download(fetch_url)
                self._check_chain(leaf, intermediates, now)
            except VerificationException:
                self._gate.failed(fetch_url)
                raise
            self._cache.put(
                fetch_url,
                _CachedChain(leaf, tuple(intermediates), leaf.not_valid_after_utc),
            )
            return leaf
        finally:
            self._gate.release()

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
    "HttpsCertFetcher",
    "TrustStore",
    "VerificationException",
    "default_verifiers",
    "load_trust_store",
    "normalize_cert_url",
]
