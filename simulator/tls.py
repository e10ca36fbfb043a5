"""Local TLS material for the HTTPS stand-ins (never shipped to Lambda).

ask-sdk's `DefaultApiClient` refuses any endpoint that is not https, so the local Alexa API
stand-in must speak TLS. `ensure_local_tls` makes a small private CA and a server certificate
for `localhost` / `127.0.0.1` signed by it. Clients trust it through `REQUESTS_CA_BUNDLE`
(what `requests`, and so ask-sdk, reads) or by passing `ca_file` explicitly.

The certificates follow the rules Python 3.13's `VERIFY_X509_STRICT` enforces (critical
basicConstraints and keyUsage on the CA, subject/authority key identifiers, SAN on the leaf),
so they verify on every supported Python.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from simulator.files import write_atomic

if sys.platform != "win32":
    import fcntl

CA_FILE = "local-ca.pem"
CA_KEY_FILE = "local-ca.key"
CERT_FILE = "localhost.pem"
KEY_FILE = "localhost.key"
_LOCK_FILE = ".tls.lock"

CA_VALIDITY = timedelta(days=825)
CERT_VALIDITY = timedelta(days=365)
MIN_REMAINING = timedelta(days=1)
SERVER_DNS = "localhost"
SERVER_IP = ipaddress.IPv4Address("127.0.0.1")


@dataclass(frozen=True)
class LocalTls:
    """Paths of the local CA certificate and the server certificate + key (PEM)."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def ensure_local_tls(directory: Path) -> LocalTls:
    """Create (once) a local CA and a localhost server certificate in `directory`.

    Existing files are reused while they still form a valid chain, the key matches the
    certificate, the SAN covers localhost and 127.0.0.1 and the certificate stays valid for more
    than a day; otherwise everything is made anew. Keys are written 0600, atomically.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    tls = LocalTls(
        ca_file=directory / CA_FILE,
        cert_file=directory / CERT_FILE,
        key_file=directory / KEY_FILE,
    )
    with _directory_lock(directory):
        if not _reusable(tls, datetime.now(UTC)):
            _create(directory, tls)
    return tls


def _reusable(tls: LocalTls, now: datetime) -> bool:
    try:
        ca = x509.load_pem_x509_certificate(tls.ca_file.read_bytes())
        cert = x509.load_pem_x509_certificate(tls.cert_file.read_bytes())
        key = serialization.load_pem_private_key(tls.key_file.read_bytes(), password=None)
        cert.verify_directly_issued_by(ca)  # issuer name and signature
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
        return False
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return all(
        (
            cert.not_valid_before_utc <= now,
            cert.not_valid_after_utc - now > MIN_REMAINING,
            ca.not_valid_after_utc - now > MIN_REMAINING,
            key.public_key().public_bytes(*spki) == cert.public_key().public_bytes(*spki),
            SERVER_DNS in san.get_values_for_type(x509.DNSName),
            SERVER_IP in san.get_values_for_type(x509.IPAddress),
        )
    )


def _create(directory: Path, tls: LocalTls) -> None:
    now = datetime.now(UTC)
    start = now - timedelta(minutes=5)  # tolerate small clock skew

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pause Pact simulator"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Pause Pact local CA"),
        ]
    )
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
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
        .add_extension(ca_ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )

    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SERVER_DNS)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(now + CERT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(SERVER_DNS), x509.IPAddress(SERVER_IP)]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )

    def key_pem(private_key: ec.EllipticCurvePrivateKey) -> bytes:
        return private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    # Keys first, the CA certificate last: a half-written set never looks reusable.
    write_atomic(directory / CA_KEY_FILE, key_pem(ca_key), 0o600)
    write_atomic(tls.key_file, key_pem(key), 0o600)
    write_atomic(tls.cert_file, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    write_atomic(tls.ca_file, ca_cert.public_bytes(serialization.Encoding.PEM), 0o644)


@contextlib.contextmanager
def _directory_lock(directory: Path) -> Iterator[None]:
    """Serialise creation across processes sharing the directory (POSIX; no-op elsewhere)."""
    if sys.platform == "win32":  # pragma: no cover
        yield
        return
    fd = os.open(directory / _LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
