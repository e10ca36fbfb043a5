"""The Lambda deployment zip: what ships, the pinned dependencies, and a reproducible archive.

* Sources: every file under ``lambda/`` except bytecode caches. The self-hosting web service
  (Flask, its signature checks) is the ``webservice/`` package beside ``lambda/``, never in it.
* Dependencies: ``infra/lambda-requirements.txt``, derived from ``uv.lock`` with hashes, installed
  as wheels for the template's runtime and architecture (manylinux, no compilation here). boto3
  and its own libraries come with the Lambda runtime and are left out; packages the zip shares
  with the runtime's botocore (python-dateutil, urllib3) come from the same resolution as the
  botocore in uv.lock, and a test holds them to the ranges botocore accepts, since the zip's copy
  is the one botocore imports.
* Phrase catalogs: compiled (``.mo``, compiled here when missing or stale), without their
  ``.po`` sources, so the skill reads them with the standard library and never compiles.
* Babel's CLDR data: only the locale files the skill's locales load
  (``speech.formatting.BABEL_DATA_FILES``, proven by tests/test_locales.py); the full set is
  about 30 MB for some 1,000 locales and would not fit the budget.
* Archive: entries sorted, one fixed timestamp, fixed permissions, no directory entries and no
  ``__pycache__``, so the same inputs give the same bytes (and the same sha256).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from packaging import tags
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.tags import Tag
from packaging.utils import canonicalize_name, parse_wheel_filename

from tools.cfn import REPO_ROOT, LambdaTarget

LAMBDA_DIR: Final = REPO_ROOT / "lambda"
PYPROJECT: Final = REPO_ROOT / "pyproject.toml"
LOCK_FILE: Final = REPO_ROOT / "infra" / "lambda-requirements.txt"
UV_LOCK: Final = REPO_ROOT / "uv.lock"
# Amazon Linux 2023 (python3.12 and later runtimes) has glibc 2.34.
LAMBDA_GLIBC_MINOR: Final = 34

ZIP_BUDGET_BYTES: Final = 5_000_000
FIXED_DATE_TIME: Final = (1980, 1, 1, 0, 0, 0)
FILE_MODE: Final = 0o100644  # regular file, rw-r--r--

# Self-hosting only (pause-pact serve): it needs Flask and cryptography, which Lambda lacks, so
# it lives outside the Lambda root and nothing in lambda/ may import it (NOT_IN_LAMBDA).
SELF_HOSTING_PACKAGE: Final = REPO_ROOT / "webservice"
# Imports that must never be reached from the shipped code (dev, self-hosting or local tooling).
NOT_IN_LAMBDA: Final = frozenset(
    {
        "flask",
        "flask_ask_sdk",
        "ask_sdk_webservice_support",
        "cryptography",
        "moto",
        "yaml",
        "text_to_num",
        "simulator",
        "tests",
        "tools",
        "webservice",
    }
)
# The Lambda Python runtime provides the AWS SDK: never packaged.
RUNTIME_PROVIDED: Final = frozenset({"boto3", "botocore", "s3transfer", "jmespath"})
BABEL_LOCALE_DATA: Final = "babel/locale-data"
_SKIPPED_PARTS: Final = frozenset({"__pycache__"})
_SKIPPED_SUFFIXES: Final = (".pyc", ".pyo")
CATALOG_SOURCE: Final = ".po"  # phrase catalogs ship compiled (.mo)
_LOCK_HEADER: Final = """\
# Lambda runtime dependencies, pinned with hashes for {runtime} on {architecture}.
# Derived from uv.lock by `make lock` (python -m tools.package lock): the same versions the tests
# run against. boto3 and its libraries come with the Lambda runtime, so are left out.
# PLATFORM-SPECIFIC: only the hashes of the wheels {runtime} {architecture} installs are listed, so
# `pip install -r` of this file fails elsewhere (a hash mismatch). It is for `make package` only:
# the development environment is `make test` / `make run` (uv sync from uv.lock). Do not edit.
"""


def lambda_on_path() -> None:
    """Make the skill's top-level modules (speech, pacts, ...) importable for the build."""
    if str(LAMBDA_DIR) not in sys.path:
        sys.path.insert(0, str(LAMBDA_DIR))


def babel_data_files() -> frozenset[str]:
    """The babel/locale-data/<name>.dat names the skill's locales need (from the skill)."""
    lambda_on_path()
    from speech.formatting import BABEL_DATA_FILES  # noqa: PLC0415

    return frozenset(BABEL_DATA_FILES)


def prune_dependencies(files: Mapping[str, Path], keep_locales: frozenset[str]) -> dict[str, Path]:
    """Leave out Babel locale data no supported locale loads."""
    kept = {}
    for name, path in files.items():
        directory, _, filename = name.rpartition("/")
        locale_data = directory == BABEL_LOCALE_DATA and filename.endswith(".dat")
        if locale_data and filename.removesuffix(".dat") not in keep_locales:
            continue
        kept[name] = path
    return kept


def compile_catalogs(root: Path = LAMBDA_DIR) -> None:
    """The phrase catalogs' `.mo` files, compiled where missing or older than their `.po`."""
    lambda_on_path()
    from speech.locales.loader import compiled_bytes  # noqa: PLC0415

    catalogs = root / "speech" / "locales"
    for po in sorted(catalogs.glob(f"*/LC_MESSAGES/*{CATALOG_SOURCE}")):
        compiled_bytes(po.parent.parent.name, catalogs)


def lambda_sources(root: Path = LAMBDA_DIR) -> dict[str, Path]:
    """Archive name -> file, for every file of lambda/ that ships: the phrase catalogs compiled
    (`.mo`, read by the skill), not their `.po` sources."""
    compile_catalogs(root)
    files: dict[str, Path] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or _skipped(relative) or relative.suffix == CATALOG_SOURCE:
            continue
        files[relative.as_posix()] = path
    return files


def _skipped(relative: Path) -> bool:
    return (
        any(part in _SKIPPED_PARTS or part.startswith(".") for part in relative.parts)
        or relative.suffix in _SKIPPED_SUFFIXES
    )


def tree_files(root: Path) -> dict[str, Path]:
    """Archive name -> file for an installed dependency tree (no caches, no console scripts)."""
    files: dict[str, Path] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or _skipped(relative) or relative.parts[0] == "bin":
            continue
        files[relative.as_posix()] = path
    return files


def write_zip(files: Mapping[str, Path], target: Path) -> None:
    """A reproducible zip: sorted entries, fixed time and mode, deflate level 9."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so external_attr carries the mode
            info.external_attr = FILE_MODE << 16
            zf.writestr(info, files[name].read_bytes(), compresslevel=9)
    partial.replace(target)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


# -- dependencies ------------------------------------------------------------------------------
#
# One lock for the whole project: uv.lock (`make lock`). The Lambda list is *derived* from it for
# the template's runtime and architecture, never resolved on its own, so the versions the tests
# run against are the versions Lambda runs (tests/test_lock.py holds them together).


@dataclass(frozen=True)
class Pin:
    name: str  # canonical name
    version: str
    hashes: tuple[str, ...]  # "sha256:<hex>"

    def line(self) -> str:
        hashes = " ".join(f"--hash={h}" for h in self.hashes)
        return f"{self.name}=={self.version} {hashes}"


class LockError(RuntimeError):
    """uv.lock cannot give the Lambda's dependencies (missing package, no wheel for the target)."""


def project_requirements(pyproject: Path = PYPROJECT) -> list[Requirement]:
    """pyproject's [project] dependencies: what the skill needs at run time."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return [Requirement(text) for text in data["project"]["dependencies"]]


def lambda_requirements(pyproject: Path = PYPROJECT) -> list[Requirement]:
    """The run-time requirements the zip must carry (the runtime's own SDK left out)."""
    return [
        req
        for req in project_requirements(pyproject)
        if canonicalize_name(req.name) not in RUNTIME_PROVIDED
    ]


def runtime_sdk_ranges(python_version: str) -> dict[str, Requirement]:
    """What the runtime's botocore needs of packages the zip may also carry (name -> range).

    Read from the botocore installed here, the closest stand-in for the runtime's own.
    """
    environment = {"python_version": python_version, "python_full_version": python_version + ".0"}
    ranges: dict[str, Requirement] = {}
    for text in importlib.metadata.requires("botocore") or []:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate({**environment, "extra": ""}):
            continue
        ranges[canonicalize_name(req.name)] = req
    return ranges


def read_lock(lock: Path = LOCK_FILE) -> dict[str, Pin]:
    pins: dict[str, Pin] = {}
    for raw in lock.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        spec, *options = line.split()
        name, _, version = spec.partition("==")
        hashes = tuple(o.removeprefix("--hash=") for o in options if o.startswith("--hash="))
        pins[canonicalize_name(name)] = Pin(canonicalize_name(name), version, hashes)
    return pins


def target_environment(target: LambdaTarget) -> dict[str, str]:
    """PEP 508 marker values of the Lambda runtime (Amazon Linux 2023, CPython)."""
    machine = {"arm64": "aarch64", "x86_64": "x86_64"}[target.architecture]
    return {
        "implementation_name": "cpython",
        "implementation_version": target.python_version + ".0",
        "os_name": "posix",
        "platform_machine": machine,
        "platform_python_implementation": "CPython",
        "platform_system": "Linux",
        "platform_release": "",
        "platform_version": "",
        "python_full_version": target.python_version + ".0",
        "python_version": target.python_version,
        "sys_platform": "linux",
        "extra": "",
    }


def target_platforms(target: LambdaTarget) -> list[str]:
    """The manylinux platform tags the runtime installs, newest glibc first."""
    machine = target_environment(target)["platform_machine"]
    platforms = [f"manylinux_2_{glibc}_{machine}" for glibc in range(LAMBDA_GLIBC_MINOR, 16, -1)]
    return [*platforms, f"manylinux2014_{machine}"]


def target_tags(target: LambdaTarget) -> frozenset[Tag]:
    """Wheel tags the runtime accepts: CPython of its version, manylinux up to its glibc."""
    major, minor = (int(part) for part in target.python_version.split("."))
    platforms = target_platforms(target)
    python = (major, minor)
    return frozenset(
        [
            *tags.cpython_tags(python, abis=[target.abi, "abi3", "none"], platforms=platforms),
            *tags.compatible_tags(python, target.abi, platforms),
        ]
    )


def _marker_holds(entry: Mapping[str, Any], environment: dict[str, str]) -> bool:
    marker = entry.get("marker")
    return marker is None or Marker(marker).evaluate(environment)


def lambda_pins(target: LambdaTarget, uv_lock: Path = UV_LOCK) -> list[Pin]:
    """The zip's dependencies, read from uv.lock for the target: the project's run-time
    dependencies and theirs, boto3 and its libraries left out (the runtime has them), each pinned
    to the lock's version with the hashes of the wheels the target can install."""
    lock = tomllib.loads(uv_lock.read_text(encoding="utf-8"))
    environment = target_environment(target)
    by_name: dict[str, list[dict[str, Any]]] = {}
    for package in lock["package"]:
        by_name.setdefault(canonicalize_name(package["name"]), []).append(package)

    def chosen(name: str, version: str | None) -> dict[str, Any]:
        candidates = by_name.get(name) or []
        if version is not None:
            candidates = [p for p in candidates if p["version"] == version]
        if len(candidates) > 1:  # a fork in the lock: the branch whose markers hold here
            candidates = [
                p
                for p in candidates
                if any(Marker(m).evaluate(environment) for m in p.get("resolution-markers", []))
            ]
        if len(candidates) != 1:
            raise LockError(f"uv.lock has no single {name} for {target.runtime}: run `make lock`")
        return candidates[0]

    (project,) = [p for p in lock["package"] if p.get("source", {}).get("editable") == "."]
    accepted = target_tags(target)
    pins: dict[str, Pin] = {}
    queue = [d for d in project.get("dependencies", []) if _marker_holds(d, environment)]
    while queue:
        dependency = queue.pop()
        name = canonicalize_name(dependency["name"])
        if name in RUNTIME_PROVIDED or name in pins:
            continue
        package = chosen(name, dependency.get("version"))
        hashes = sorted(
            wheel["hash"]
            for wheel in package.get("wheels", [])
            if accepted & parse_wheel_filename(wheel["url"].rsplit("/", 1)[-1])[3]
        )
        if not hashes:
            version = package["version"]
            raise LockError(f"no {name} {version} wheel for {target.runtime} {target.architecture}")
        pins[name] = Pin(name, package["version"], tuple(hashes))
        queue += [d for d in package.get("dependencies", []) if _marker_holds(d, environment)]
    return sorted(pins.values(), key=lambda pin: pin.name)


def _pip_target_options(target: LambdaTarget) -> list[str]:
    # The same platforms the lock's wheels were chosen for (target_tags), not just the oldest.
    platforms = [option for tag in target_platforms(target) for option in ("--platform", tag)]
    return [
        *platforms,
        "--implementation",
        "cp",
        "--python-version",
        target.python_version,
        "--abi",
        target.abi,
        "--only-binary=:all:",
    ]


def _pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", *args]
    subprocess.run(command, check=True)  # noqa: S603 - our own interpreter, fixed arguments


def render_lock(pins: Iterable[Pin], target: LambdaTarget) -> str:
    header = _LOCK_HEADER.format(runtime=target.runtime, architecture=target.architecture)
    return header + "".join(pin.line() + "\n" for pin in pins)


def write_lock(pins: Iterable[Pin], target: LambdaTarget, lock: Path = LOCK_FILE) -> None:
    lock.write_text(render_lock(pins, target), encoding="utf-8")


def install_dependencies(target: LambdaTarget, into: Path, lock: Path = LOCK_FILE) -> None:
    """The locked wheels for the target, unpacked into `into` (hashes checked by pip)."""
    if into.exists():
        shutil.rmtree(into)
    _pip(
        "install",
        "--quiet",
        "--no-deps",
        "--no-compile",
        "--require-hashes",
        "--target",
        str(into),
        *_pip_target_options(target),
        "--requirement",
        str(lock),
    )
