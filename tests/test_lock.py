"""One lock for the whole project: what .venv holds, what Lambda ships and what make installs.

uv.lock pins every package of every extra with hashes; `make` installs it with `uv sync --locked`
(which also refuses a pyproject.toml the lock does not match); infra/lambda-requirements.txt is
derived from it for the template's runtime. These tests fail when any of the three drift apart.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from tools import cfn
from tools.lambda_zip import (
    LOCK_FILE,
    RUNTIME_PROVIDED,
    UV_LOCK,
    LockError,
    lambda_pins,
    read_lock,
    render_lock,
    target_tags,
)

ROOT = Path(__file__).resolve().parent.parent
TARGET = cfn.lambda_target(cfn.load())


def _lock() -> dict[str, Any]:
    return tomllib.loads(UV_LOCK.read_text(encoding="utf-8"))


def _locked_here() -> dict[str, str]:
    """name -> version of each uv.lock package this interpreter's environment installs."""
    environment = {k: str(v) for k, v in default_environment().items()}
    versions: dict[str, str] = {}
    for package in _lock()["package"]:
        if package.get("source", {}).get("editable"):
            continue
        markers = package.get("resolution-markers")
        if markers and not any(Marker(m).evaluate(environment) for m in markers):
            continue
        versions[canonicalize_name(package["name"])] = package["version"]
    return versions


def _installed() -> dict[str, str]:
    return {
        canonicalize_name(dist.metadata["Name"]): dist.version
        for dist in importlib.metadata.distributions()
        if dist.metadata["Name"]
    }


def test_the_lambda_list_is_derived_from_uv_lock() -> None:
    expected = render_lock(lambda_pins(TARGET), TARGET)
    assert LOCK_FILE.read_text(encoding="utf-8") == expected, (
        f"{LOCK_FILE.name} is not what uv.lock gives for {TARGET.runtime} {TARGET.architecture}: "
        "run `make lock`"
    )


def test_every_installed_package_has_the_locks_version() -> None:
    locked, installed = _locked_here(), _installed()
    project = canonicalize_name("pause-pact")
    wrong = {
        name: (version, locked.get(name))
        for name, version in installed.items()
        if name != project and locked.get(name) != version
    }
    assert not wrong, f"installed vs locked (run `make clean test`): {wrong}"


def test_lambda_ships_the_versions_the_tests_run_against() -> None:
    installed = _installed()
    pins = read_lock()
    assert pins, "the Lambda list is empty"
    for name, pin in pins.items():
        assert installed.get(name) == pin.version, (
            f"Lambda ships {name} {pin.version}, the tests run {installed.get(name)}"
        )
    assert not set(pins) & RUNTIME_PROVIDED


def test_every_lambda_pin_has_only_wheels_the_target_installs() -> None:
    accepted = target_tags(TARGET)
    wheels = {
        wheel["hash"]: wheel["url"].rsplit("/", 1)[-1]
        for package in _lock()["package"]
        for wheel in package.get("wheels", [])
    }
    for pin in read_lock().values():
        assert pin.hashes
        for digest in pin.hashes:
            filename = wheels[digest]
            assert re.search(r"(none-any|manylinux.*aarch64)\.whl$", filename), filename
    assert any(str(tag).endswith("manylinux_2_34_aarch64") for tag in accepted)
    assert not any("x86_64" in str(tag) for tag in accepted)


def test_a_package_without_a_wheel_for_the_target_is_a_clear_error(tmp_path: Path) -> None:
    lock = UV_LOCK.read_text(encoding="utf-8")
    # Drop babel's wheels: the Lambda list cannot be made, and says which package is missing.
    start = lock.index('name = "babel"')
    wheels = lock.index("wheels = [", start)
    broken = lock[:wheels] + "wheels = [\n]\n" + lock[lock.index("\n]\n", wheels) + 3 :]
    (tmp_path / "uv.lock").write_text(broken, encoding="utf-8")
    with pytest.raises(LockError, match="babel"):
        lambda_pins(TARGET, tmp_path / "uv.lock")


def test_make_installs_from_the_lock_only() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    stamp_rule = re.search(r"^\$\(STAMP\): (.*)\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert stamp_rule is not None
    prerequisites, recipe = stamp_rule.groups()
    assert "uv.lock" in prerequisites.split()
    assert "sync --locked" in recipe
    assert "pip install" not in recipe
    for target in ("run", "test", "unit", "bench", "package"):
        rule = re.search(rf"^{target}: (.*)$", makefile, re.MULTILINE)
        assert rule is not None, target
        assert "$(STAMP)" in rule.group(1) or target == "test", target
    assert "lock --check" in makefile


def _in_group(locked: str | None, extra: str | None) -> bool:
    """A lock entry's marker is its extra's, alone or joined to a platform marker (uv folds
    `espeakng-loader; sys_platform == ...` into one marker per platform, each with the extra)."""
    if locked is None or extra is None:
        return locked == extra
    return locked == extra or extra in locked


def test_pyproject_and_the_lock_agree() -> None:
    """What `uv lock --check` (make lint) and `uv sync --locked` check, here without the network:
    the lock records exactly pyproject.toml's requirements, runtime and each extra."""
    project = next(p for p in _lock()["package"] if p.get("source", {}).get("editable") == ".")
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"": data["dependencies"], **data["optional-dependencies"]}
    for extra, texts in groups.items():
        wanted = {
            (canonicalize_name(r.name), str(r.specifier))
            for r in map(Requirement, texts)
            if canonicalize_name(r.name) != "pause-pact"
        }
        marker = f"extra == '{extra}'" if extra else None
        locked = {
            (canonicalize_name(e["name"]), str(SpecifierSet(e.get("specifier", ""))))
            for e in project["metadata"]["requires-dist"]
            if _in_group(e.get("marker"), marker) and canonicalize_name(e["name"]) != "pause-pact"
        }
        assert wanted == locked, f"pyproject [{extra or 'runtime'}] changed: run `make lock`"


def test_clock_words_do_not_depend_on_babel() -> None:
    """The product's own clock rule: every market's times without Babel importable at all."""
    code = (
        "import sys; sys.modules['babel'] = None; sys.path.insert(0, 'lambda')\n"
        "from datetime import time\n"
        "from speech.formatting import SUPPORTED_LOCALES, clock_time\n"
        "print('|'.join(clock_time(time(20, 45), loc) for loc in SUPPORTED_LOCALES))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().split("|") == [
        "8:45 PM",
        "8:45 pm",
        "8:45 p.m.",
        "8:45 pm",
        "8:45 pm",
        "las 8:45 de la noche",
        "las 8:45 de la noche",
        "las 8:45 de la noche",
    ]
