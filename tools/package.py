"""`make package`: the Lambda zip, the skill package and the ASK CLI project under build/.

    python -m tools.package [--endpoint ARN_OR_HTTPS_URL] [--ssl-certificate-type TYPE]
    python -m tools.package lock      # infra/lambda-requirements.txt from uv.lock (make lock)

build/
  lambda.zip                 reproducible Lambda deployment package (sha256 printed)
  lambda/                    the same files unpacked (the ASK CLI's code "src")
  skill-package/             skill.json + interactionModels/custom/<locale>.json
  ask-resources.json         ASK CLI project (cfn-deployer), infrastructure/, hooks/build.sh
  .ask/                      the ASK CLI's own state: kept between builds
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from tools import cfn
from tools.cfn import REPO_ROOT
from tools.lambda_zip import (
    LOCK_FILE,
    ZIP_BUDGET_BYTES,
    babel_data_files,
    install_dependencies,
    lambda_pins,
    lambda_sources,
    prune_dependencies,
    sha256_of,
    tree_files,
    write_lock,
    write_zip,
)
from tools.skill_package import (
    Endpoint,
    PackageError,
    build_ask_project,
    build_skill_package,
    total_size,
)

BUILD_DIR: Final = REPO_ROOT / "build"


def build(out: Path, endpoint: Endpoint | None) -> int:
    template = cfn.load()
    target = cfn.lambda_target(template)
    out.mkdir(parents=True, exist_ok=True)

    sources = lambda_sources()
    with tempfile.TemporaryDirectory(prefix="pause-pact-deps-") as tmp:
        deps_dir = Path(tmp) / "deps"
        install_dependencies(target, deps_dir)
        dependencies = prune_dependencies(tree_files(deps_dir), babel_data_files())
        clash = sorted(set(sources) & set(dependencies))
        if clash:
            raise PackageError(f"lambda/ files clash with dependency files: {clash[:5]}")
        files = {**dependencies, **sources}
        zip_path = out / "lambda.zip"
        write_zip(files, zip_path)
        unpacked = total_size(files.values())
        staged = out / "lambda"
        if staged.exists():
            shutil.rmtree(staged)
        for name, path in files.items():
            (staged / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, staged / name)

    size = zip_path.stat().st_size
    print(f"Lambda zip     {_rel(zip_path)}  {target.runtime} {target.architecture}")
    print(
        f"               {size:,} bytes ({size / 1_048_576:.2f} MiB; unpacked {unpacked:,}), "
        f"{len(files)} files ({len(sources)} from lambda/), budget {ZIP_BUDGET_BYTES:,}"
    )
    print(f"               sha256 {sha256_of(zip_path)}")

    package = build_skill_package(out / "skill-package", endpoint)
    where = endpoint.uri if endpoint else "none yet: the ASK CLI sets it after deploying"
    print(f"Skill package  {_rel(out / 'skill-package')}/  {total_size(package):,} bytes")
    for path in package:
        print(f"               {path.relative_to(out / 'skill-package')}  {path.stat().st_size:,}")
    print(f"               endpoint: {where}")

    project = build_ask_project(out, template)
    print(f"ASK CLI        {', '.join(str(p.relative_to(out)) for p in project)} (in {_rel(out)})")

    if size > ZIP_BUDGET_BYTES:
        print(f"FAILED: the zip is over its {ZIP_BUDGET_BYTES:,}-byte budget", file=sys.stderr)
        return 1
    return 0


def lock() -> int:
    target = cfn.lambda_target(cfn.load())
    pins = lambda_pins(target)
    write_lock(pins, target)
    for pin in pins:
        print(f"{pin.name}=={pin.version}")
    print(f"wrote {_rel(LOCK_FILE)}")
    return 0


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.package", description=__doc__.split("\n")[0], allow_abbrev=False
    )
    parser.add_argument("command", nargs="?", choices=("build", "lock"), default="build")
    parser.add_argument(
        "--endpoint",
        default=os.environ.get("SKILL_ENDPOINT", ""),
        help="Lambda alias ARN (stack output FunctionArn) or https:// URL of `pause-pact serve`; "
        "empty: leave it to the ASK CLI (default $SKILL_ENDPOINT)",
    )
    parser.add_argument(
        "--ssl-certificate-type",
        default="Trusted",
        help="for an https:// endpoint: Trusted, Wildcard or SelfSigned (default Trusted)",
    )
    parser.add_argument("--out", type=Path, default=BUILD_DIR, help="output folder (build/)")
    args = parser.parse_args(argv)
    try:
        if args.command == "lock":
            return lock()
        endpoint = (
            Endpoint.parse(args.endpoint.strip(), args.ssl_certificate_type)
            if args.endpoint.strip()
            else None
        )
        return build(args.out.resolve(), endpoint)
    except PackageError as error:
        print(f"make package: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
