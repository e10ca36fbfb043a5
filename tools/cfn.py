"""infra/template.yaml as plain JSON-shaped data, and the facts other tools read from it.

CloudFormation's short-form tags (``!Ref X``, ``!GetAtt A.B``, ``!Sub ...``) are turned into
their long JSON form (``{"Ref": "X"}``, ``{"Fn::GetAtt": ["A", "B"]}``, ...), which is what
aws-sam-translator, cfn-lint and CloudFormation's JSON templates take.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
TEMPLATE: Final = REPO_ROOT / "infra" / "template.yaml"

FUNCTION_TYPE: Final = "AWS::Serverless::Function"
TABLE_TYPE: Final = "AWS::DynamoDB::Table"
ROLE_TYPE: Final = "AWS::IAM::Role"

# Short tags whose long form is {"Fn::<Name>": value}; !Ref and !Condition are special.
_FN_TAGS: Final = {
    "And",
    "Base64",
    "Cidr",
    "Equals",
    "FindInMap",
    "GetAZs",
    "GetAtt",
    "If",
    "ImportValue",
    "Join",
    "Not",
    "Or",
    "Select",
    "Split",
    "Sub",
    "ToJsonString",
    "Length",
}


class _LongFormLoader(yaml.SafeLoader):
    """SafeLoader that writes CloudFormation short-form tags in their long form."""


def _long_form(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "Condition":
        return {"Condition": value}
    if suffix not in _FN_TAGS:
        raise yaml.constructor.ConstructorError(
            None, None, f"unknown tag !{suffix}", node.start_mark
        )
    if suffix == "GetAtt" and isinstance(value, str):
        resource, _, attribute = value.partition(".")
        value = [resource, attribute]
    return {f"Fn::{suffix}": value}


_LongFormLoader.add_multi_constructor("!", _long_form)
# Keep "2010-09-09"-like scalars as strings: templates are JSON, which has no dates.
_LongFormLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path: Path = TEMPLATE) -> dict[str, Any]:
    """The template as JSON-shaped data (long-form intrinsics)."""
    with Path(path).open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_LongFormLoader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        raise ValueError(f"{path} is not a CloudFormation template")
    return data


def dumps(template: dict[str, Any]) -> str:
    """A template as stable, readable JSON (sorted keys keep the build reproducible)."""
    return json.dumps(template, indent=2, sort_keys=True) + "\n"


def resources_of(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    return {
        name: resource
        for name, resource in template["Resources"].items()
        if isinstance(resource, dict) and resource.get("Type") == resource_type
    }


def only(template: dict[str, Any], resource_type: str) -> tuple[str, dict[str, Any]]:
    """The one resource of a type (logical id, resource); a clear error if not exactly one."""
    found = resources_of(template, resource_type)
    if len(found) != 1:
        raise ValueError(f"expected exactly one {resource_type}, found {sorted(found) or 'none'}")
    ((name, resource),) = found.items()
    return name, resource


@dataclass(frozen=True)
class LambdaTarget:
    """What the Lambda zip is built for, as the template says."""

    runtime: str  # "python3.13"
    architecture: str  # "arm64" | "x86_64"
    handler: str  # "lambda_function.lambda_handler"

    @property
    def python_version(self) -> str:
        if not self.runtime.startswith("python3."):
            raise ValueError(f"not a Python runtime: {self.runtime}")
        return self.runtime.removeprefix("python")

    @property
    def abi(self) -> str:
        return "cp" + self.python_version.replace(".", "")

    @property
    def handler_module(self) -> str:
        return self.handler.rpartition(".")[0]


def lambda_target(template: dict[str, Any]) -> LambdaTarget:
    _, function = only(template, FUNCTION_TYPE)
    props = function.get("Properties") or {}
    globals_ = (template.get("Globals") or {}).get("Function") or {}
    architectures = props.get("Architectures", globals_.get("Architectures", ["x86_64"]))
    return LambdaTarget(
        runtime=str(props.get("Runtime", globals_.get("Runtime"))),
        architecture=str(architectures[0]),
        handler=str(props.get("Handler", globals_.get("Handler"))),
    )
