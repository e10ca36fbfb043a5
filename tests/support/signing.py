"""A local stand-in for Amazon's request-signing PKI, made with ``cryptography``.

Root CA -> intermediate CA -> leaf ``echo-api.amazon.com`` (SAN), the way
Amazon's real chain is shaped (``echo-api-cert-*.pem``: signing certificate
first, then the CA certificates).  Keys are RSA 2048 and created once per
process; certificates are cheap and made per test as needed.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ECHO_DOMAIN = "echo-api.amazon.com"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-xx.pem"

#: Fixed "now" for both verifiers and the certificates' validity windows.
NOW = datetime(2031, 5, 4, 12, 0, 0, tzinfo=UTC)


@cache
def rsa_key(label: str) -> rsa.RSAPrivateKey:
    """One RSA 2048 key per label, generated once per test process."""
    del label  # only the cache key
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pause Pact Test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _ski(key: rsa.RSAPrivateKey) -> x509.SubjectKeyIdentifier:
    return x509.SubjectKeyIdentifier.from_public_key(key.public_key())


def make_ca(
    common_name: str,
    key: rsa.RSAPrivateKey,
    *,
    issuer: tuple[x509.Certificate, rsa.RSAPrivateKey] | None = None,
    not_after: datetime | None = None,
    now: datetime = NOW,
) -> x509.Certificate:
    """A CA certificate: self-signed root if ``issuer`` is None, else an intermediate."""
    subject = _name(common_name)
    issuer_name, issuer_key = (subject, key) if issuer is None else (issuer[0].subject, issuer[1])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=365))
        .not_valid_after(not_after if not_after is not None else now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(_ski(key), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def make_leaf(
    issuer: tuple[x509.Certificate, rsa.RSAPrivateKey],
    key: rsa.RSAPrivateKey,
    *,
    sans: Sequence[str] = (ECHO_DOMAIN,),
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    eku: Sequence[x509.ObjectIdentifier] | None = (
        ExtendedKeyUsageOID.SERVER_AUTH,
        ExtendedKeyUsageOID.CLIENT_AUTH,
    ),
    now: datetime = NOW,
) -> x509.Certificate:
    """A signing certificate shaped like Amazon's (serverAuth + clientAuth EKU)."""
    issuer_cert, issuer_key = issuer
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ECHO_DOMAIN)]))
        .issuer_name(issuer_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before if not_before is not None else now - timedelta(days=30))
        .not_valid_after(not_after if not_after is not None else now + timedelta(days=180))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(_ski(key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(eku)), critical=False)
    if sans:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in sans]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def pem_chain(*certs: x509.Certificate) -> bytes:
    """Concatenated PEM, in the order given (signing certificate first)."""
    return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)


def sign_body(body: bytes, key: rsa.RSAPrivateKey) -> str:
    """The ``Signature-256`` header value: base64 RSA PKCS#1 v1.5 / SHA-256."""
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


@dataclass
class TestPki:
    """Root, intermediate and a valid leaf, plus the leaf's key."""

    __test__ = False  # not a pytest test class

    root: x509.Certificate
    intermediate: x509.Certificate
    intermediate_key: rsa.RSAPrivateKey
    leaf: x509.Certificate
    leaf_key: rsa.RSAPrivateKey

    @property
    def issuer(self) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
        return self.intermediate, self.intermediate_key

    def chain(self, leaf: x509.Certificate | None = None) -> bytes:
        return pem_chain(leaf if leaf is not None else self.leaf, self.intermediate, self.root)


def make_pki(prefix: str = "main") -> TestPki:
    """A fresh chain; ``prefix`` selects the keys, so another prefix is another PKI."""
    root_key = rsa_key(f"{prefix}-root")
    intermediate_key = rsa_key(f"{prefix}-intermediate")
    leaf_key = rsa_key(f"{prefix}-leaf")
    root = make_ca("Test Root CA", root_key)
    intermediate = make_ca("Test Signing CA", intermediate_key, issuer=(root, root_key))
    leaf = make_leaf((intermediate, intermediate_key), leaf_key)
    return TestPki(root, intermediate, intermediate_key, leaf, leaf_key)


@dataclass
class CountingFetcher:
    """A cert_fetcher serving fixed PEM bytes per URL and counting calls.

    ``default`` (if set) is served for any other URL, so a test can show that
    a URL was refused by the URL check rather than by a failed download.
    """

    chains: dict[str, bytes] = field(default_factory=dict)
    default: bytes | None = None
    calls: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        if url in self.chains:
            return self.chains[url]
        if self.default is not None:
            return self.default
        raise OSError("404 Not Found")


def launch_envelope(
    timestamp: datetime = NOW,
    *,
    request_type: str = "LaunchRequest",
    application_id: str = "amzn1.ask.skill.test",
    marker: str = "",
) -> bytes:
    """A minimal, realistic request envelope as Alexa sends it (compact JSON bytes)."""
    stamp = timestamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    system: dict[str, Any] = {
        "application": {"applicationId": application_id},
        "user": {"userId": "amzn1.ask.account.test"},
        "device": {"deviceId": "amzn1.ask.device.test", "supportedInterfaces": {}},
        "apiEndpoint": "https://api.amazonalexa.com",
        "apiAccessToken": "token",
    }
    envelope: dict[str, Any] = {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": "amzn1.echo-api.session.test",
            "application": {"applicationId": application_id},
            "user": {"userId": "amzn1.ask.account.test"},
        },
        "context": {"System": system},
        "request": {
            "type": request_type,
            "requestId": f"amzn1.echo-api.request.test{marker}",
            "timestamp": stamp,
            "locale": "en-US",
        },
    }
    return json.dumps(envelope, separators=(",", ":")).encode("utf-8")
