"""infra/template.yaml, the Lambda zip and the skill package, checked against the code.

cfn-lint runs on infra/template.yaml in `make lint`; here the SAM translation (aws-sam-translator,
offline) and the ASK CLI copy of the template are linted too, and every fact the template and the
code must share is measured on the code: the environment names `Settings.from_env` reads, the
table keys and TTL attribute the store writes, the DynamoDB actions the skill performs (IAM).
"""

from __future__ import annotations

import ast
import copy
import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore import xform_name
from botocore.client import BaseClient
from cfnlint.api import lint
from moto import mock_aws
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version
from samtranslator.translator.transform import transform

from alexa_apis.secrets import CredentialStore
from lambda_function import lambda_handler
from pacts.store import PactStore
from settings import Settings
from simulator.dialogs import run_dialog
from simulator.dynamo import create_table
from simulator.envelopes import Device
from tests.support.harness import TABLE, Harness
from tools import cfn
from tools.lambda_zip import (
    BABEL_LOCALE_DATA,
    FIXED_DATE_TIME,
    LAMBDA_DIR,
    LOCK_FILE,
    NOT_IN_LAMBDA,
    RUNTIME_PROVIDED,
    SELF_HOSTING_PACKAGE,
    babel_data_files,
    lambda_requirements,
    lambda_sources,
    prune_dependencies,
    read_lock,
    runtime_sdk_ranges,
    tree_files,
    write_zip,
)
from tools.skill_package import (
    ASK_PARAMETERS,
    BUILD_HOOK,
    ENDPOINT_PLACEHOLDER,
    Endpoint,
    LocaleFacts,
    PackageError,
    ask_resources,
    ask_stack,
    build_ask_project,
    build_skill_package,
    load_manifest,
    load_models,
    manifest_problems,
    render_manifest,
    skill_facts,
    source_problems,
    subscriptions,
)

REPO = Path(__file__).resolve().parent.parent
# Every journey's dialog, measured for the DynamoDB calls it makes; the per-locale copies of the
# core journeys ("en-GB_core.yaml") reach the same store code in another language, so they are
# left to tests/test_dialogs.py to keep this test's time down.
DIALOGS = [
    path
    for path in sorted((REPO / "tests" / "dialogs").glob("*.yaml"))
    if not re.match(r"^[a-z]{2}-[A-Z]{2}_", path.name)
]
TEMPLATE = cfn.load()
FUNCTION_ID, FUNCTION = cfn.only(TEMPLATE, cfn.FUNCTION_TYPE)
TABLE_ID, TABLE_RESOURCE = cfn.only(TEMPLATE, cfn.TABLE_TYPE)
ROLE_ID, ROLE = cfn.only(TEMPLATE, cfn.ROLE_TYPE)
PROPS = FUNCTION["Properties"]
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:pause-pact-SkillFunction-Ab1:live"
ALEXA_TIMEOUT_S = 8
# Event bodies as Alexa sends them (enough for the handlers to act on).
EVENT_BODIES: dict[str, dict[str, Any]] = {
    "AlexaSkillEvent.SkillDisabled": {"userInformationPersistenceStatus": "NOT_PERSISTED"},
    "AlexaSkillEvent.SkillPermissionAccepted": {
        "acceptedPermissions": [{"scope": "alexa::alerts:reminders:skill:readwrite"}]
    },
    "AlexaSkillEvent.SkillPermissionChanged": {"acceptedPermissions": []},
    "Reminders.ReminderDeleted": {"alertTokens": ["amzn1.alert.1"]},
    "Reminders.ReminderStatusChanged": {"alertToken": "amzn1.alert.1", "status": "COMPLETED"},
}
# skill.json eventName -> the request type Alexa sends for it.
EVENT_REQUEST_TYPES = {
    "SKILL_ENABLED": "AlexaSkillEvent.SkillEnabled",
    "SKILL_DISABLED": "AlexaSkillEvent.SkillDisabled",
    "SKILL_PERMISSION_ACCEPTED": "AlexaSkillEvent.SkillPermissionAccepted",
    "SKILL_PERMISSION_CHANGED": "AlexaSkillEvent.SkillPermissionChanged",
    "SKILL_ACCOUNT_LINKED": "AlexaSkillEvent.SkillAccountLinked",
    "REMINDER_STARTED": "Reminders.ReminderStarted",
    "REMINDER_CREATED": "Reminders.ReminderCreated",
    "REMINDER_UPDATED": "Reminders.ReminderUpdated",
    "REMINDER_DELETED": "Reminders.ReminderDeleted",
    "REMINDER_STATUS_CHANGED": "Reminders.ReminderStatusChanged",
}


def event(name: str, now: datetime) -> tuple[str, datetime, dict[str, Any]]:
    """skill.json eventName -> (request type, time, body) for Device.skill_event."""
    request_type = EVENT_REQUEST_TYPES[name]
    return request_type, now, EVENT_BODIES.get(request_type, {"alertToken": "amzn1.alert.1"})


def ref(name: str) -> dict[str, str]:
    return {"Ref": name}


def packaged(template: dict[str, Any]) -> dict[str, Any]:
    """The template as `sam deploy` uploads it: the local zip replaced by its S3 location."""
    result = copy.deepcopy(template)
    result["Resources"][FUNCTION_ID]["Properties"]["CodeUri"] = (
        "s3://pause-pact-artifacts/lambda-0123456789abcdef.zip"
    )
    return result


class _NoManagedPolicies:
    """The template attaches no managed policy; looking them up would need AWS."""

    def load(self) -> dict[str, str]:
        return {}


def translate(template: dict[str, Any], **parameters: str) -> dict[str, Any]:
    values = {"SkillId": SKILL_ID, "AWS::Region": "us-east-1", **parameters}
    translated: dict[str, Any] = transform(copy.deepcopy(template), values, _NoManagedPolicies())
    return translated


def lint_problems(template: dict[str, Any]) -> list[str]:
    return [str(match) for match in lint(json.dumps(template), regions=["us-east-1"])]


def of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return cfn.resources_of(template, kind)


# -- the SAM translation and cfn-lint -------------------------------------------------------------


def test_template_translates_offline_and_the_result_passes_cfn_lint() -> None:
    translated = translate(packaged(TEMPLATE))
    assert "Transform" not in translated
    problems = lint_problems(translated)
    assert not problems, "\n".join(problems)


def test_translation_binds_the_alexa_trigger_to_the_skill_on_the_snapstart_alias() -> None:
    translated = translate(packaged(TEMPLATE))
    [(alias_id, alias)] = of_type(translated, "AWS::Lambda::Alias").items()
    assert alias["Properties"]["Name"] == PROPS["AutoPublishAlias"]
    assert of_type(translated, "AWS::Lambda::Version"), "no version is published"
    [permission] = of_type(translated, "AWS::Lambda::Permission").values()
    assert permission["Properties"] == {
        "Action": "lambda:InvokeFunction",
        "FunctionName": ref(alias_id),
        "Principal": "alexa-appkit.amazon.com",
        "EventSourceToken": ref("SkillId"),
    }
    function = translated["Resources"][FUNCTION_ID]["Properties"]
    assert function["SnapStart"] == {"ApplyOn": ref("SnapStart")}
    outputs = translated["Outputs"]
    assert outputs["FunctionArn"]["Value"] == ref(alias_id)
    assert outputs["SkillEndpoint"]["Value"] == ref(alias_id)


def test_the_ask_cli_copy_of_the_template_translates_and_passes_cfn_lint() -> None:
    stack = ask_stack(TEMPLATE)
    target = cfn.lambda_target(TEMPLATE)
    translated = translate(
        stack,
        LambdaRuntime=target.runtime,
        LambdaHandler=target.handler,
        CodeBucket="ask-pause-pact-artifacts",
        CodeKey="endpoint/build.zip",
        CodeVersion="3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
    )
    # The translation resolves the code location from the parameter values CloudFormation
    # passes it, so the parameters look unused afterwards; cfn-lint checks them on the SAM copy.
    problems = [
        problem
        for problem in lint_problems(translated)
        if not (problem.startswith("[W2001") and any(f" {p} " in problem for p in ASK_PARAMETERS))
    ]
    problems += lint_problems(stack)
    assert not problems, "\n".join(problems)
    code = translated["Resources"][FUNCTION_ID]["Properties"]["Code"]
    assert code == {
        "S3Bucket": "ask-pause-pact-artifacts",
        "S3Key": "endpoint/build.zip",
        "S3ObjectVersion": "3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
    }
    assert set(ASK_PARAMETERS) | {"SkillId"} <= set(stack["Parameters"])
    assert stack["Parameters"]["LambdaRuntime"]["AllowedValues"] == [target.runtime]
    assert stack["Parameters"]["LambdaHandler"]["AllowedValues"] == [target.handler]
    assert stack["Resources"][TABLE_ID] == TEMPLATE["Resources"][TABLE_ID]


# -- the function ------------------------------------------------------------------------------


def test_function_runtime_architecture_timeout_memory_and_handler() -> None:
    target = cfn.lambda_target(TEMPLATE)
    assert Version(target.python_version) >= Version("3.12"), target.runtime
    assert target.architecture == "arm64"
    assert PROPS["Timeout"] < ALEXA_TIMEOUT_S
    assert 128 <= PROPS["MemorySize"] <= 512
    module, _, function = target.handler.rpartition(".")
    source = LAMBDA_DIR / f"{module}.py"
    assert source.is_file(), f"handler module {source} does not exist"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names = {
        t.id
        for n in tree.body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    names |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert function in names, f"{module}.py defines no {function}"
    assert callable(lambda_handler)


def test_code_comes_from_the_package_build() -> None:
    assert PROPS["CodeUri"] == "../build/lambda.zip"
    assert (cfn.TEMPLATE.parent / PROPS["CodeUri"]).resolve() == REPO / "build" / "lambda.zip"


def test_cold_start_answer_is_snapstart_on_a_published_alias() -> None:
    assert PROPS["SnapStart"] == {"ApplyOn": ref("SnapStart")}
    assert TEMPLATE["Parameters"]["SnapStart"]["Default"] == "PublishedVersions"
    assert PROPS["AutoPublishAlias"]
    assert PROPS["AutoPublishAliasAllProperties"] is True


def test_alexa_trigger_is_bound_to_the_skill_id_parameter() -> None:
    events = PROPS["Events"]
    assert [e["Type"] for e in events.values()] == ["AlexaSkill"]
    [event] = events.values()
    assert event["Properties"]["SkillId"] == ref("SkillId")
    assert "Default" not in TEMPLATE["Parameters"]["SkillId"], "the skill id must be given"


def test_logs_are_structured_and_kept_for_a_limited_time() -> None:
    logging = PROPS["LoggingConfig"]
    assert logging["LogFormat"] == "JSON"
    group_id = logging["LogGroup"]["Ref"]
    group = TEMPLATE["Resources"][group_id]
    assert group["Type"] == "AWS::Logs::LogGroup"
    assert group["Properties"]["RetentionInDays"] == ref("LogRetentionDays")
    assert TEMPLATE["Parameters"]["LogRetentionDays"]["Default"] in (7, 14, 30, 60, 90)


class RecordingEnviron(dict[str, str]):
    """An environment that remembers which names were asked for."""

    def __init__(self, values: dict[str, str] | None = None) -> None:
        super().__init__(values or {})
        self.asked: list[str] = []

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self.asked.append(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> str:
        self.asked.append(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.asked.append(str(key))
        return super().__contains__(key)


def test_function_environment_is_exactly_what_settings_reads() -> None:
    environ = RecordingEnviron()
    Settings.from_env(environ)
    read = set(environ.asked)
    declared = set(PROPS["Environment"]["Variables"])
    assert declared == read, (
        f"settings.Settings.from_env reads {sorted(read)}; the template's {FUNCTION_ID} sets "
        f"{sorted(declared)} (missing: {sorted(read - declared)}, "
        f"unused: {sorted(declared - read)})"
    )


def test_environment_values_reach_the_settings_they_are_meant_for() -> None:
    variables = PROPS["Environment"]["Variables"]
    assert variables["PACTS_TABLE_NAME"] == ref(TABLE_ID)
    assert variables["SKILL_ID"] == ref("SkillId")
    assert variables["SKILL_MESSAGING_PARAMETER"] == ref("SkillMessagingParameter")
    default = TEMPLATE["Parameters"]["SkillMessagingParameter"]["Default"]
    assert Settings.from_env({"SKILL_MESSAGING_PARAMETER": default}).messaging_parameter == default
    table_name = TEMPLATE["Parameters"][TABLE_RESOURCE["Properties"]["TableName"]["Ref"]]["Default"]
    settings = Settings.from_env({"PACTS_TABLE_NAME": table_name, "SKILL_ID": SKILL_ID})
    assert settings.table_name == table_name
    assert settings.skill_id == SKILL_ID


# -- the table and the store -------------------------------------------------------------------


def test_table_is_on_demand_encrypted_recoverable_protected_with_ttl() -> None:
    props = TABLE_RESOURCE["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["SSESpecification"]["SSEEnabled"] is True
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["DeletionProtectionEnabled"] is True
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert TABLE_RESOURCE["DeletionPolicy"] == "Retain"


def test_the_real_store_writes_and_reads_back_through_the_template_table(
    skill: Harness, dynamodb: Any, store: PactStore
) -> None:
    """The table comes from the template (conftest); keys or TTL drifting apart fails here."""
    props = TABLE_RESOURCE["Properties"]
    key_names = {k["AttributeName"]: k["KeyType"] for k in props["KeySchema"]}
    ttl_attribute = props["TimeToLiveSpecification"]["AttributeName"]
    skill.say("SpaceIntent")
    skill.wait(minutes=5)
    skill.say("ReturnTimeIntent")
    skill.say("CycleIntent")
    items = dynamodb.scan(TableName=TABLE, ConsistentRead=True)["Items"]
    assert items, (
        f"nothing was written: the store's items do not fit the template's keys {key_names}"
    )
    for item in items:
        for name in key_names:
            assert set(item[name]) == {"S"}, f"{name} is not a string in {item}"
    expiring = [item for item in items if ttl_attribute in item]
    assert expiring, f"no item carries the template's TTL attribute {ttl_attribute!r}"
    now = datetime.now().timestamp()
    for item in expiring:
        assert set(item[ttl_attribute]) == {"N"}, f"{ttl_attribute} must be a number (epoch s)"
        assert float(item[ttl_attribute]["N"]) > now
    household = store.load(skill.device.user_id)
    assert household.exists, "the pact written through the store could not be read back"
    ttl = dynamodb.describe_time_to_live(TableName=TABLE)["TimeToLiveDescription"]
    assert ttl["AttributeName"] == ttl_attribute


# -- IAM: least privilege, measured ------------------------------------------------------------

# DynamoDB operations -> the IAM actions that authorise them. Transactions are authorised item by
# item: Put/Update/Delete/Get by PutItem/UpdateItem/DeleteItem/GetItem, ConditionCheck by
# ConditionCheckItem ("Using IAM with DynamoDB transactions", DynamoDB developer guide).
TRANSACT_ITEM_ACTIONS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
    "Get": "dynamodb:GetItem",
}
_DYNAMODB = botocore.session.get_session().get_service_model("dynamodb")
CLIENT_METHODS = {xform_name(name): name for name in _DYNAMODB.operation_names}


def iam_actions(operation: str, params: dict[str, Any]) -> set[str]:
    if operation in ("TransactWriteItems", "TransactGetItems"):
        return {TRANSACT_ITEM_ACTIONS[kind] for item in params["TransactItems"] for kind in item}
    return {f"dynamodb:{operation}"}


def tables_of(operation: str, params: dict[str, Any]) -> set[str]:
    if "TableName" in params:
        return {params["TableName"]}
    if "RequestItems" in params:
        return set(params["RequestItems"])
    if "TransactItems" in params:
        return {body["TableName"] for item in params["TransactItems"] for body in item.values()}
    raise AssertionError(f"unknown table for {operation}")


@dataclass
class Call:
    operation: str
    params: dict[str, Any]
    where: str  # lambda/ file:line that made the call


class DynamoRecorder:
    """Every DynamoDB call made from lambda/ code, through botocore (any client, any session)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = BaseClient._make_api_call
        recorder = self

        def recording(client: Any, operation_name: str, api_params: dict[str, Any]) -> Any:
            if client.meta.service_model.service_name == "dynamodb":
                where = _lambda_caller()
                if where is not None:
                    recorder.calls.append(Call(operation_name, copy.deepcopy(api_params), where))
            return original(client, operation_name, api_params)

        monkeypatch.setattr(BaseClient, "_make_api_call", recording)

    def actions(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for call in self.calls:
            for action in iam_actions(call.operation, call.params):
                found[action].append(f"{call.where} ({call.operation})")
        return found


def _lambda_caller() -> str | None:
    frame = sys._getframe(2)
    root = str(LAMBDA_DIR) + os.sep
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(root):
            return f"lambda/{Path(filename).relative_to(LAMBDA_DIR).as_posix()}:{frame.f_lineno}"
        frame = frame.f_back  # type: ignore[assignment]
    return None


def scanned_actions() -> dict[str, list[str]]:
    """IAM actions for every DynamoDB client method the shipped code calls (read from its AST).

    Transactions: the item kinds ({"Put": ...}, {"Update": ...}, ...) written as dict keys
    anywhere in the shipped code, when the code calls transact_write_items at all.
    """
    found: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, list[str]] = defaultdict(list)
    transacts = False
    for name, path in lambda_sources().items():
        if not name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"lambda/{name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                operation = CLIENT_METHODS.get(node.func.attr)
                if operation in ("TransactWriteItems", "TransactGetItems"):
                    transacts = True
                elif operation is not None:
                    found[f"dynamodb:{operation}"].append(f"{where} {node.func.attr}()")
            if isinstance(node, ast.Dict):
                for key in node.keys:
                    if isinstance(key, ast.Constant) and key.value in TRANSACT_ITEM_ACTIONS:
                        kinds[TRANSACT_ITEM_ACTIONS[key.value]].append(f"{where} {key.value!r}")
    if transacts:
        for action, places in kinds.items():
            found[action] += [f"{place} in a transaction" for place in places]
    return found


def granted_table_actions() -> tuple[set[str], list[Any]]:
    """The role's DynamoDB actions and the resources they are granted on."""
    actions: set[str] = set()
    resources: list[Any] = []
    for policy in ROLE["Properties"]["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            names = (
                statement["Action"]
                if isinstance(statement["Action"], list)
                else [statement["Action"]]
            )
            if any(str(n).startswith("dynamodb:") for n in names):
                assert statement["Effect"] == "Allow"
                actions |= set(names)
                resources.append(statement["Resource"])
    return actions, resources


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> DynamoRecorder:
    recording = DynamoRecorder()
    recording.install(monkeypatch)
    return recording


def _run_journeys(recorder: DynamoRecorder, device: Device, tmp_path: Path) -> None:
    """Every YAML dialog, then skill events (SkillDisabled deletes a household)."""
    for path in DIALOGS:
        run_dialog(path, tmp_path / path.stem)
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create_table(client, TABLE)
        harness = Harness(
            now=datetime.fromisoformat("2026-11-22T20:25:00-08:00"),
            device=device,
            store=PactStore(TABLE, lambda: client),
        )
        harness.say("SpaceIntent")
        # SkillDisabled last: it deletes the household the others act on.
        names = sorted(subscriptions(load_manifest()), key=lambda n: n == "SKILL_DISABLED")
        for name in names:
            harness.send(device.skill_event(*event(name, harness.now)))


def test_iam_grants_exactly_the_dynamodb_actions_the_code_performs(
    recorder: DynamoRecorder, device: Device, tmp_path: Path
) -> None:
    _run_journeys(recorder, device, tmp_path)
    measured = recorder.actions()
    assert {"dynamodb:Query", "dynamodb:PutItem"} <= set(measured), (
        f"the journeys reached DynamoDB too little to measure anything: {sorted(measured)}"
    )
    scanned = scanned_actions()
    needed = set(measured) | set(scanned)
    granted, _ = granted_table_actions()
    missing = needed - granted
    unused = granted - needed
    report = []
    if missing:
        report.append(f"{ROLE_ID} in infra/template.yaml lacks IAM actions the code performs:")
        for action in sorted(missing):
            places = sorted(set(measured.get(action, []) + scanned.get(action, [])))
            report.append(f"  {action}: {', '.join(places[:4])}")
    if unused:
        report.append(
            f"{ROLE_ID} grants {sorted(unused)}, which no code path performs "
            "(least privilege: remove them from infra/template.yaml)"
        )
    assert not report, "\n".join(report)
    tables = {table for call in recorder.calls for table in tables_of(call.operation, call.params)}
    assert tables == {TABLE}, f"the skill touched tables {tables}, not only its own"
    indexes = {call.params["IndexName"] for call in recorder.calls if "IndexName" in call.params}
    assert not indexes, f"the code queries indexes {indexes}: grant them on the table's index ARN"


def test_iam_resources_are_only_this_table_and_this_log_group() -> None:
    """...and the messaging parameter, with KMS only through Parameter Store for it."""
    _, resources = granted_table_actions()
    assert resources == [{"Fn::GetAtt": [TABLE_ID, "Arn"]}]
    assert PROPS["Role"] == {"Fn::GetAtt": [ROLE_ID, "Arn"]}
    assert "Policies" not in PROPS, "SAM Policies would add a managed policy with * resources"
    group_id = PROPS["LoggingConfig"]["LogGroup"]["Ref"]
    for policy in ROLE["Properties"]["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            actions = (
                statement["Action"]
                if isinstance(statement["Action"], list)
                else [statement["Action"]]
            )
            assert all("*" not in action for action in actions), actions
            assert statement["Resource"] != "*"
            if actions == ["kms:Decrypt"]:
                assert _kms_only_via_the_parameter(statement), statement
                continue
            assert "*" not in json.dumps(statement["Resource"]), statement["Resource"]
            if any(action.startswith("logs:") for action in actions):
                assert set(actions) <= {"logs:CreateLogStream", "logs:PutLogEvents"}
                assert statement["Resource"] == {"Fn::GetAtt": [group_id, "Arn"]}
    principal = ROLE["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
    assert principal == {"Service": "lambda.amazonaws.com"}


# -- IAM for the Skill Messaging secret, measured --------------------------------------------

PARAMETER_ARN = {
    "Fn::Sub": (
        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter"
        "${SkillMessagingParameter}"
    )
}
_SSM = botocore.session.get_session().get_service_model("ssm")
SSM_METHODS = {xform_name(name): name for name in _SSM.operation_names}


def _statements(prefix: str) -> list[dict[str, Any]]:
    found = []
    for policy in ROLE["Properties"]["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            actions = statement["Action"]
            names = actions if isinstance(actions, list) else [actions]
            if any(str(n).startswith(prefix) for n in names):
                found.append(statement)
    return found


def _kms_only_via_the_parameter(statement: dict[str, Any]) -> bool:
    equals = (statement.get("Condition") or {}).get("StringEquals") or {}
    via = equals.get("kms:ViaService")
    return (
        statement["Effect"] == "Allow"
        and isinstance(via, dict)
        and via.get("Fn::Sub") == "ssm.${AWS::Region}.amazonaws.com"
        and equals.get("kms:EncryptionContext:PARAMETER_ARN") == PARAMETER_ARN
        and set(statement.get("Condition") or {}) == {"StringEquals"}
    )


def ssm_actions_measured(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The IAM actions of every SSM call lambda/ code makes when it reads the messaging secret
    (moto's SSM): GetParameter, and kms:Decrypt when it asks for decryption."""
    found: dict[str, list[str]] = defaultdict(list)
    original = BaseClient._make_api_call

    def recording(client: Any, operation_name: str, api_params: dict[str, Any]) -> Any:
        where = _lambda_caller()
        if client.meta.service_model.service_name == "ssm" and where is not None:
            found[f"ssm:{operation_name}"].append(where)
            if api_params.get("WithDecryption"):
                found["kms:Decrypt"].append(f"{where} (WithDecryption)")
        return original(client, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", recording)
    default = TEMPLATE["Parameters"]["SkillMessagingParameter"]["Default"]
    with mock_aws():
        boto3.client("ssm", region_name="us-east-1").put_parameter(
            Name=default, Type="SecureString", Value='{"clientId": "a", "clientSecret": "b"}'
        )
        assert CredentialStore(default).get() is not None
    return found


def ssm_methods_scanned() -> dict[str, list[str]]:
    """SSM client methods the shipped code calls anywhere (read from its AST)."""
    found: dict[str, list[str]] = defaultdict(list)
    for name, path in lambda_sources().items():
        if not name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                operation = SSM_METHODS.get(node.func.attr)
                if operation is not None and operation not in CLIENT_METHODS.values():
                    found[f"ssm:{operation}"].append(f"lambda/{name}:{node.lineno}")
    return found


def test_iam_grants_exactly_the_ssm_and_kms_actions_the_code_performs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    measured = ssm_actions_measured(monkeypatch)
    assert set(measured) == {"ssm:GetParameter", "kms:Decrypt"}, dict(measured)
    assert all(
        place.startswith("lambda/alexa_apis/secrets.py") for place in measured["ssm:GetParameter"]
    )
    needed = set(measured) | set(ssm_methods_scanned())
    granted = {
        action
        for statement in _statements("ssm:") + _statements("kms:")
        for action in (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
    }
    assert granted == needed, f"granted {sorted(granted)}, the code needs {sorted(needed)}"
    [ssm] = _statements("ssm:")
    assert ssm["Resource"] == PARAMETER_ARN, "exactly the one parameter the function reads"
    [kms] = _statements("kms:")
    assert _kms_only_via_the_parameter(kms)


def test_the_parameter_arn_matches_how_ssm_names_a_path_parameter() -> None:
    """A name starting with "/" gives arn:...:parameter/<path>; the pattern insists on it."""
    pattern = re.compile(TEMPLATE["Parameters"]["SkillMessagingParameter"]["AllowedPattern"])
    assert pattern.match("/pause-pact/skill-messaging")
    assert not pattern.match("pause-pact/skill-messaging"), "no slash: the ARN would break"
    assert not pattern.match("/pause-pact/*"), "one parameter, never a wildcard"
    assert not pattern.match("/pause-pact//x")


def test_the_recorder_and_the_scan_can_tell_a_missing_action() -> None:
    """The IAM test must be able to fail: an UpdateItem inside a transaction is seen."""
    params = {
        "TransactItems": [
            {"Update": {"TableName": TABLE}},
            {"ConditionCheck": {"TableName": TABLE}},
        ]
    }
    assert iam_actions("TransactWriteItems", params) == {
        "dynamodb:UpdateItem",
        "dynamodb:ConditionCheckItem",
    }
    assert iam_actions("BatchWriteItem", {"RequestItems": {TABLE: []}}) == {
        "dynamodb:BatchWriteItem"
    }
    scanned = scanned_actions()
    assert "dynamodb:Query" in scanned
    assert all(place.startswith("lambda/") for places in scanned.values() for place in places)


# -- alarms and outputs ------------------------------------------------------------------------


def _alarm(metric: str) -> dict[str, Any]:
    for alarm in of_type(TEMPLATE, "AWS::CloudWatch::Alarm").values():
        props = alarm["Properties"]
        names = [props.get("MetricName")] + [
            m.get("MetricStat", {}).get("Metric", {}).get("MetricName")
            for m in props.get("Metrics", [])
        ]
        if metric in names:
            return dict(props)
    raise AssertionError(f"no alarm on {metric}")


@pytest.mark.parametrize("metric", ["Errors", "Throttles", "Duration"])
def test_function_alarms(metric: str) -> None:
    alarm = _alarm(metric)
    assert alarm["Namespace"] == "AWS/Lambda"
    assert alarm["Dimensions"] == [{"Name": "FunctionName", "Value": ref(FUNCTION_ID)}]
    assert alarm["AlarmActions"], "an alarm nobody hears"
    if metric == "Duration":
        timeout_ms = PROPS["Timeout"] * 1000
        assert timeout_ms / 2 <= alarm["Threshold"] < timeout_ms


def test_table_throttle_alarm() -> None:
    alarm = _alarm("WriteThrottleEvents")
    metrics = {m["Id"]: m for m in alarm["Metrics"]}
    for name in ("ReadThrottleEvents", "WriteThrottleEvents"):
        [metric] = [
            m
            for m in metrics.values()
            if m.get("MetricStat", {}).get("Metric", {}).get("MetricName") == name
        ]
        assert metric["MetricStat"]["Metric"]["Dimensions"] == [
            {"Name": "TableName", "Value": ref(TABLE_ID)}
        ]


def test_outputs_name_the_function_alias_and_the_table() -> None:
    outputs = TEMPLATE["Outputs"]
    assert outputs["FunctionArn"]["Value"] == ref(f"{FUNCTION_ID}.Alias")
    assert outputs["SkillEndpoint"]["Value"] == ref(f"{FUNCTION_ID}.Alias")
    assert outputs["PactsTableName"]["Value"] == ref(TABLE_ID)


# -- the Lambda zip ----------------------------------------------------------------------------


def test_zip_ships_the_skill_and_not_the_self_hosting_modules() -> None:
    shipped = lambda_sources()
    assert "lambda_function.py" in shipped
    assert not [n for n in shipped if "__pycache__" in n or n.endswith(".pyc")]
    every_module = {
        p.relative_to(LAMBDA_DIR).as_posix()
        for p in LAMBDA_DIR.rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert every_module == {n for n in shipped if n.endswith(".py")}  # all of lambda/ ships
    # The web service is a package of its own beside the Lambda root (issue 19), so nothing of
    # it can ship: not the package, not the old modules at the root.
    assert (SELF_HOSTING_PACKAGE / "__init__.py").exists()
    assert not SELF_HOSTING_PACKAGE.is_relative_to(LAMBDA_DIR)
    for old in ("webservice.py", "webservice_compat.py", "alexa_verifier.py"):
        assert not (LAMBDA_DIR / old).exists()
        assert old not in shipped
    assert SELF_HOSTING_PACKAGE.name in NOT_IN_LAMBDA


def test_shipped_code_imports_nothing_lambda_lacks() -> None:
    """By the AST, and for real: the shipped files import with dev/self-hosting packages blocked."""
    offenders = []
    for name, path in lambda_sources().items():
        if not name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            line = getattr(node, "lineno", 0)
            offenders += [f"{name}:{line} {m}" for m in modules if m.split(".")[0] in NOT_IN_LAMBDA]
    assert not offenders, offenders


def _pruned_babel(into: Path) -> None:
    """The installed Babel, with only the locale data the zip keeps."""
    import babel

    source = Path(babel.__file__).parent
    files = {f"babel/{name}": path for name, path in tree_files(source).items()}
    for name, path in prune_dependencies(files, babel_data_files()).items():
        (into / name).parent.mkdir(parents=True, exist_ok=True)
        (into / name).write_bytes(path.read_bytes())


def test_babel_locale_data_is_pruned_to_the_skills_locales() -> None:
    keep = babel_data_files()
    files = {
        f"{BABEL_LOCALE_DATA}/{name}.dat": Path(name) for name in ("root", "en", "de", "fr_CA")
    }
    files["babel/global.dat"] = Path("global")
    files["babel/dates.py"] = Path("dates")
    kept = prune_dependencies(files, keep)
    assert "babel/global.dat" in kept and "babel/dates.py" in kept
    assert f"{BABEL_LOCALE_DATA}/root.dat" in kept and f"{BABEL_LOCALE_DATA}/en.dat" in kept
    assert f"{BABEL_LOCALE_DATA}/de.dat" not in kept
    for locale in load_models():
        assert locale.replace("-", "_") in keep, f"{locale} has no Babel data in the zip"


def test_shipped_files_alone_import_answer_and_format_every_locale(tmp_path: Path) -> None:
    """Only what the zip holds: lambda/ as shipped, Babel pruned, dev packages blocked."""
    staged = tmp_path / "task"
    for name, path in lambda_sources().items():
        (staged / name).parent.mkdir(parents=True, exist_ok=True)
        (staged / name).write_bytes(path.read_bytes())
    _pruned_babel(tmp_path / "deps")
    locales = sorted(load_models())
    script = f"""
import importlib.abc, json, sys
from datetime import time
BLOCKED = {sorted(NOT_IN_LAMBDA)!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError("not in the Lambda zip: " + name)
        return None
sys.meta_path.insert(0, Block())
sys.path[:0] = [{str(staged)!r}, {str(tmp_path / "deps")!r}, {sysconfig.get_paths()["purelib"]!r}]
import babel
assert babel.__file__.startswith({str(tmp_path / "deps")!r}), babel.__file__
from babel.dates import format_time
times = [format_time(time(20, 45), "short", locale=l.replace("-", "_")) for l in {locales!r}]
import lambda_function
reply = lambda_function.lambda_handler({{"not": "an alexa request"}}, None)
print(json.dumps({{"reply": reply, "times": times}}))
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AWS_ENDPOINT"))}
    result = subprocess.run(
        [sys.executable, "-I", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["reply"]["response"]["outputSpeech"]["type"] == "SSML"
    assert len(answer["times"]) == len(locales)


def test_zip_is_reproducible_sorted_with_fixed_times_and_modes(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "b").mkdir(parents=True)
    (tree / "b" / "z.py").write_text("z = 1\n")
    (tree / "a.py").write_text("a = 1\n")
    (tree / "b" / "__pycache__").mkdir()
    (tree / "b" / "__pycache__" / "z.cpython-311.pyc").write_bytes(b"\0")
    (tree / "bin").mkdir()
    (tree / "bin" / "normalizer").write_text("#!/usr/bin/python\n")
    os.chmod(tree / "a.py", 0o600)
    first, second = tmp_path / "1.zip", tmp_path / "2.zip"
    write_zip(tree_files(tree), first)
    os.utime(tree / "a.py", (0, 0))
    os.chmod(tree / "a.py", 0o755)
    write_zip(tree_files(tree), second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == ["a.py", "b/z.py"]
    assert {i.date_time for i in infos} == {FIXED_DATE_TIME}
    assert {(i.external_attr >> 16) & 0o777 for i in infos} == {0o644}


def test_lock_pins_every_runtime_dependency_with_hashes_for_the_template_target() -> None:
    pins = read_lock()
    target = cfn.lambda_target(TEMPLATE)
    header = LOCK_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert f"for {target.runtime} on {target.architecture}" in header, (
        "the template's runtime or architecture changed: run `python -m tools.package lock`"
    )
    for requirement in lambda_requirements():
        pin = pins.get(canonicalize_name(requirement.name))
        assert pin is not None, f"{requirement.name} is not in {LOCK_FILE.name}: re-run the lock"
        assert requirement.specifier.contains(pin.version, prereleases=True), (
            f"{requirement} in pyproject.toml, {pin.version} in the lock: re-run the lock"
        )
    assert not set(pins) & RUNTIME_PROVIDED, "boto3 and its libraries come with the runtime"
    for pin in pins.values():
        assert pin.hashes and all(h.startswith("sha256:") for h in pin.hashes), pin
    for name, requirement in runtime_sdk_ranges(target.python_version).items():
        if name in pins:
            assert SpecifierSet(str(requirement.specifier)).contains(pins[name].version), (
                f"the zip's {name} {pins[name].version} would break the runtime's botocore "
                f"({requirement})"
            )


# -- the skill package and the ASK CLI project -------------------------------------------------


@pytest.fixture(scope="module")
def models() -> dict[str, Any]:
    return load_models()


@pytest.fixture(scope="module")
def facts(models: dict[str, Any]) -> dict[str, LocaleFacts]:
    return skill_facts(models)


def test_manifest_source_keeps_its_build_time_placeholders() -> None:
    assert source_problems(load_manifest()) == []


def test_manifest_fits_every_locale_the_code_and_the_rules(
    models: dict[str, Any], facts: dict[str, LocaleFacts]
) -> None:
    for endpoint in (None, Endpoint.parse(LAMBDA_ARN)):
        rendered = render_manifest(load_manifest(), endpoint, facts)
        assert manifest_problems(rendered, models, facts) == []


def test_descriptions_carry_the_skills_own_safety_answer(facts: dict[str, LocaleFacts]) -> None:
    rendered = render_manifest(load_manifest(), None, facts)
    for locale, info in rendered["manifest"]["publishingInformation"]["locales"].items():
        assert info["description"].endswith(facts[locale].safety_answer)
        assert facts[locale].numbers, f"no safety numbers for {locale}"


# Skill Messaging in the manifest (issue 18), as Amazon documents it:
# - https://developer.amazon.com/docs/custom-skills/messaging-interface-reference.html and
#   https://developer.amazon.com/docs/smapi/send-a-message-request-to-a-skill.html: Alexa delivers
#   Messaging.MessageReceived to the skill's own endpoint (it "includes the same request body
#   format as the standard request types for custom skills"); no event subscription is named
#   for it (https://developer.amazon.com/docs/smapi/skill-events-in-alexa-skills.html lists the
#   skill events, and Messaging is not one), so apis.custom.endpoint is what receives it.
# - https://developer.amazon.com/docs/alexa/routines/routines-skill-manifest.html: a manifest
#   without `permissions` gets no Alexa Client Id / Client Secret in the developer console,
#   and those are the credentials the Skill Messaging API's LWA token needs
#   (https://developer.amazon.com/docs/smapi/configure-an-application-or-service-to-send-messages-to-your-skill.html).
#   The reminders permission is the one both partners' accounts need anyway.
def test_the_manifest_declares_what_skill_messaging_needs(
    facts: dict[str, LocaleFacts],
) -> None:
    source = load_manifest()["manifest"]
    permissions = [p.get("name") for p in source.get("permissions") or []]
    assert "alexa::alerts:reminders:skill:readwrite" in permissions, "no credentials without it"
    assert "Messaging.MessageReceived" not in subscriptions(load_manifest())
    rendered = render_manifest(load_manifest(), Endpoint.parse(LAMBDA_ARN), facts)
    custom = rendered["manifest"]["apis"]["custom"]
    assert custom["endpoint"]["uri"] == LAMBDA_ARN, "MessageReceived arrives here"
    assert rendered["manifest"]["events"]["endpoint"]["uri"] == LAMBDA_ARN


def _locale(manifest: dict[str, Any], locale: str = "en-US") -> dict[str, Any]:
    info: dict[str, Any] = manifest["manifest"]["publishingInformation"]["locales"][locale]
    return info


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: m["manifest"]["publishingInformation"]["locales"].pop("en-GB"), "locales"),
        (lambda m: _locale(m).update(description="Calm. {{SAFETY_ANSWER}}"), "not medical"),
        (
            lambda m: _locale(m, "es-MX").update(description="Calma. {{SAFETY_ANSWER}}"),
            "no es consejo médico",
        ),
        (lambda m: m["manifest"]["privacyAndCompliance"].update(containsAds=True), "containsAds"),
        (
            lambda m: m["manifest"]["privacyAndCompliance"].update(isChildDirected=True),
            "isChildDirected",
        ),
        (lambda m: m["manifest"].update(permissions=[]), "reminders"),
        (lambda m: m["manifest"]["events"].update(subscriptions=[]), "SKILL_DISABLED"),
        (
            lambda m: m["manifest"]["publishingInformation"].update(distributionCountries=["US"]),
            "distributionCountries",
        ),
        (
            lambda m: _locale(m).update(examplePhrases=["Alexa, tell pause pact to order pizza"]),
            "order pizza",
        ),
        (
            lambda m: _locale(m, "es-ES").update(examplePhrases=["Alexa, abre pausa"]),
            "abre pausa",
        ),
    ],
)
def test_manifest_rules_can_fail(
    models: dict[str, Any], facts: dict[str, LocaleFacts], change: Any, expected: str
) -> None:
    manifest = copy.deepcopy(load_manifest())
    change(manifest)
    rendered = render_manifest(manifest, Endpoint.parse(LAMBDA_ARN), facts)
    problems = source_problems(manifest) + manifest_problems(rendered, models, facts)
    assert any(expected in problem for problem in problems), problems


def test_a_description_without_a_safety_number_is_refused(
    models: dict[str, Any], facts: dict[str, LocaleFacts]
) -> None:
    rendered = render_manifest(load_manifest(), None, facts)
    info = _locale(rendered, "en-GB")
    number = facts["en-GB"].numbers[0]
    info["description"] = info["description"].replace(number, "")
    problems = manifest_problems(rendered, models, facts)
    assert any(number in problem for problem in problems), problems


def test_manifest_source_rules_can_fail() -> None:
    manifest = copy.deepcopy(load_manifest())
    manifest["manifest"]["apis"]["custom"]["endpoint"]["uri"] = "arn:aws:lambda:x"
    _locale(manifest)["description"] = "Not medical advice."
    problems = source_problems(manifest)
    assert any("apis.custom.endpoint" in p for p in problems), problems
    assert any("{{SAFETY_ANSWER}}" in p for p in problems), problems


def test_manifest_endpoints_are_filled_at_build_time(facts: dict[str, LocaleFacts]) -> None:
    manifest = load_manifest()
    lambda_manifest = render_manifest(manifest, Endpoint.parse(LAMBDA_ARN), facts)["manifest"]
    assert lambda_manifest["apis"]["custom"]["endpoint"] == {"uri": LAMBDA_ARN}
    assert lambda_manifest["events"]["endpoint"] == {"uri": LAMBDA_ARN}
    https = render_manifest(
        manifest, Endpoint.parse("https://pause.example.org/", "Wildcard"), facts
    )
    assert https["manifest"]["apis"]["custom"]["endpoint"] == {
        "uri": "https://pause.example.org/",
        "sslCertificateType": "Wildcard",
    }
    ask_cli = render_manifest(manifest, None, facts)["manifest"]
    assert "endpoint" not in ask_cli["apis"]["custom"]
    assert "events" not in ask_cli, "the ASK CLI adds events with the endpoint (skillEvents)"
    assert ENDPOINT_PLACEHOLDER in json.dumps(manifest), "the source keeps its placeholder"
    with pytest.raises(PackageError):
        Endpoint.parse("http://insecure.example.org/")


def test_skill_package_copies_the_interaction_models_unchanged(tmp_path: Path) -> None:
    written = build_skill_package(tmp_path / "skill-package", None)
    names = {p.relative_to(tmp_path / "skill-package").as_posix() for p in written}
    sources = sorted((REPO / "interaction_models").glob("*.json"))
    assert names == {"skill.json"} | {f"interactionModels/custom/{p.name}" for p in sources}
    for source in sources:
        copied = tmp_path / "skill-package" / "interactionModels" / "custom" / source.name
        assert copied.read_bytes() == source.read_bytes()
    json.loads((tmp_path / "skill-package" / "skill.json").read_text(encoding="utf-8"))


def test_ask_cli_project_takes_runtime_handler_and_events_from_their_sources(
    tmp_path: Path,
) -> None:
    written = build_ask_project(tmp_path, TEMPLATE)
    resources = json.loads((tmp_path / "ask-resources.json").read_text(encoding="utf-8"))
    assert resources == ask_resources(TEMPLATE, load_manifest())
    profile = resources["profiles"]["default"]
    config = profile["skillInfrastructure"]["userConfig"]
    target = cfn.lambda_target(TEMPLATE)
    assert profile["skillInfrastructure"]["type"] == "@ask-cli/cfn-deployer"
    assert (config["runtime"], config["handler"]) == (target.runtime, target.handler)
    assert config["skillEvents"]["subscriptions"] == subscriptions(load_manifest())
    assert "CAPABILITY_AUTO_EXPAND" in config["cfn"]["capabilities"], "SAM needs it"
    assert (tmp_path / config["templatePath"]).is_file()
    assert profile["skillMetadata"]["src"] == "./skill-package"
    assert profile["code"]["default"]["src"] == "./lambda"
    hook = tmp_path / "hooks" / "build.sh"
    assert hook in written and os.access(hook, os.X_OK)
    assert hook.read_text(encoding="utf-8") == BUILD_HOOK
    (tmp_path / "lambda.zip").write_bytes(b"PK zip")
    subprocess.run(["sh", str(hook), str(tmp_path / "out.zip"), "false"], check=True)
    assert (tmp_path / "out.zip").read_bytes() == b"PK zip"


@pytest.mark.parametrize("event_name", subscriptions(load_manifest()))
def test_every_subscribed_event_is_answered_silently(skill: Harness, event_name: str) -> None:
    """skill.json subscribes to these events: each reaches a handler and nothing is spoken."""
    request_type, now, body = event(event_name, skill.now)
    reply = skill.send(skill.device.skill_event(request_type, now, body))
    assert "outputSpeech" not in reply.body, (
        f"{request_type} was answered with speech: {reply.text}"
    )
