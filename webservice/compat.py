"""Make ``flask_ask_sdk`` importable where ``oscrypto`` cannot load.

Why this exists
---------------
``flask_ask_sdk.skill_adapter`` imports ``ask_sdk_webservice_support.verifier``,
which does ``from certvalidator import CertificateValidator`` at module level.
``certvalidator`` imports ``oscrypto`` 1.3.0, whose libcrypto binding parses the
OpenSSL version with the regex ``\\d\\.\\d\\.\\d``; on OpenSSL >= 3.0.10 (e.g.
"3.0.19") that fails and the import raises
``LibraryNotFoundError('Error detecting the version of libcrypto')``.  The fix
exists upstream but was never released, so on current systems flask-ask-sdk
cannot even be imported.

What we do
----------
:func:`import_skill_adapter` first imports ``certvalidator`` for real.  Only if
that fails *with this specific oscrypto error* does it put a fail-closed
placeholder ``certvalidator`` (and ``certvalidator.errors``) into
``sys.modules`` and import flask_ask_sdk again.  The placeholder's
``CertificateValidator`` raises a ``certvalidator.errors.ValidationError``
subclass on any use, which the library's own ``RequestVerifier`` turns into a
``VerificationException``: if the library's verifier ever ran, every request
would be rejected, never silently accepted.  Any other import error is
re-raised unchanged.  One log line says which path was taken.

Why the library's verifiers are switched off
--------------------------------------------
``webservice.app.create_app`` sets ``ASK_SDK_VERIFY_SIGNATURE`` and
``ASK_SDK_VERIFY_TIMESTAMP`` to ``False`` *only because* it passes its own
replacements explicitly to ``SkillAdapter(verifiers=[...])``:
``webservice.verifier.AlexaSignatureVerifier`` (the same Amazon checks, on
``cryptography``'s path validation instead of certvalidator/oscrypto) and
``webservice.verifier.AlexaTimestampVerifier``.  Verification stays on by default;
with the placeholder installed the library verifier could only ever reject, so
leaving it on would make the service reject every request, not make it safer.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
import types

logger = logging.getLogger(__name__)

#: Set on the placeholder modules so tests and operators can tell them apart.
PLACEHOLDER_MARKER = "__pause_pact_placeholder__"

_LIBCRYPTO_BUG_TEXT = "Error detecting the version of libcrypto"
_lock = threading.Lock()
_path_logged = False


def _is_oscrypto_libcrypto_bug(exc: BaseException) -> bool:
    """True if ``exc`` (or an exception it chains from) is oscrypto's version bug."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if type(current).__name__ == "LibraryNotFoundError" and _LIBCRYPTO_BUG_TEXT in str(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def build_placeholder_modules() -> tuple[types.ModuleType, types.ModuleType]:
    """Build (without installing) the fail-closed ``certvalidator`` stand-ins.

    ``certvalidator.errors`` mirrors the real exception hierarchy, so code that
    catches ``ValidationError`` or ``PathError`` keeps working;
    ``CertificateValidator`` and ``ValidationContext`` refuse to be created.
    """
    errors = types.ModuleType(
        "certvalidator.errors", "Fail-closed stand-in for certvalidator.errors."
    )

    class PathError(Exception):
        pass

    class PathBuildingError(PathError):
        pass

    class DuplicateCertificateError(PathError):
        pass

    class ValidationError(Exception):
        pass

    class PathValidationError(ValidationError):
        pass

    class InvalidCertificateError(PathValidationError):
        pass

    class RevokedError(PathValidationError):
        pass

    class SoftFailError(Exception):
        pass

    class CertvalidatorUnavailableError(InvalidCertificateError):
        """Raised on any use of the placeholder: certificate validation is unavailable."""

    for cls in (
        PathError,
        PathBuildingError,
        DuplicateCertificateError,
        ValidationError,
        PathValidationError,
        InvalidCertificateError,
        RevokedError,
        SoftFailError,
        CertvalidatorUnavailableError,
    ):
        cls.__module__ = errors.__name__
        setattr(errors, cls.__name__, cls)
    setattr(errors, PLACEHOLDER_MARKER, True)

    message = (
        "certvalidator is unavailable (oscrypto cannot load libcrypto); "
        "this placeholder always rejects"
    )

    class _Refuses:
        """Base for placeholder classes: creating or using one always raises."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            raise CertvalidatorUnavailableError(message)

    class CertificateValidator(_Refuses):
        """Fail-closed stand-in for ``certvalidator.CertificateValidator``."""

    class ValidationContext(_Refuses):
        """Fail-closed stand-in for ``certvalidator.ValidationContext``."""

    package = types.ModuleType("certvalidator", "Fail-closed stand-in for certvalidator.")
    package.__path__ = []
    for refusing in (CertificateValidator, ValidationContext):
        refusing.__module__ = package.__name__
        setattr(package, refusing.__name__, refusing)
    package.errors = errors  # type: ignore[attr-defined]
    package.__version__ = "0+pause-pact-placeholder"  # type: ignore[attr-defined]
    setattr(package, PLACEHOLDER_MARKER, True)
    return package, errors


def placeholder_installed() -> bool:
    """True if ``sys.modules['certvalidator']`` is our placeholder."""
    module = sys.modules.get("certvalidator")
    return bool(module is not None and getattr(module, PLACEHOLDER_MARKER, False))


def _install_placeholder() -> None:
    package, errors = build_placeholder_modules()
    # Drop any half-imported leftovers of the failed real import.
    for name in [n for n in sys.modules if n == "certvalidator" or n.startswith("certvalidator.")]:
        del sys.modules[name]
    sys.modules["certvalidator"] = package
    sys.modules["certvalidator.errors"] = errors


def _log_path_once(message: str, *args: object) -> None:
    global _path_logged  # noqa: PLW0603 - one line per process, not per app
    if not _path_logged:
        _path_logged = True
        logger.info(message, *args)


def _ensure_certvalidator() -> None:
    """Import the real certvalidator, or install the placeholder for oscrypto's bug."""
    with _lock:
        if placeholder_installed():
            return
        try:
            importlib.import_module("certvalidator")
        except Exception as exc:
            if not _is_oscrypto_libcrypto_bug(exc):
                raise
            _install_placeholder()
            _log_path_once(
                "flask-ask-sdk support: certvalidator replaced by a fail-closed placeholder "
                "(oscrypto cannot detect the OpenSSL version); Alexa requests are verified "
                "by webservice.verifier"
            )
        else:
            _log_path_once("flask-ask-sdk support: using the real certvalidator")


def import_webservice_verifier_module() -> types.ModuleType:
    """Import and return ``ask_sdk_webservice_support.verifier`` (same fallback).

    Anything that needs ``AbstractVerifier`` or ``VerificationException`` must
    get them through here (or after :func:`import_skill_adapter`): a plain
    ``import ask_sdk_webservice_support.verifier`` fails where oscrypto does.
    """
    _ensure_certvalidator()
    return importlib.import_module("ask_sdk_webservice_support.verifier")


def import_skill_adapter() -> type:
    """Import and return ``flask_ask_sdk.skill_adapter.SkillAdapter``.

    Uses the real ``certvalidator`` when it imports; installs the fail-closed
    placeholder only when it fails because of oscrypto's libcrypto-version
    bug.  Any other failure propagates.
    """
    _ensure_certvalidator()
    module = importlib.import_module("flask_ask_sdk.skill_adapter")
    adapter: type = module.SkillAdapter
    return adapter


__all__ = [
    "PLACEHOLDER_MARKER",
    "build_placeholder_modules",
    "import_skill_adapter",
    "import_webservice_verifier_module",
    "placeholder_installed",
]
