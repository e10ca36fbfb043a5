"""The table made from infra/template.yaml, and the embedded moto DynamoDB server."""

from __future__ import annotations

import json
import stat
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml
from botocore.config import Config
from moto import mock_aws

import simulator.dynamo
from lambda_function import make_handler
from pacts.store import PactStore
from settings import Settings
from simulator.dynamo import (
    DEFAULT_TEMPLATE,
    STATE_FILE,
    CallCounter,
    CfnTag,
    EmbeddedDynamo,
    create_table,
    load_template,
    table_spec,
)
from simulator.envelopes import Device
from skill import create_skill


def _independent_table_properties(path: Path) -> dict[str, Any]:
    """The template's table, read with a loader of the test's own (tags become None)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    template = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    (table,) = [r for r in template["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table"]
    return dict(table["Properties"])


TEMPLATE_PROPS = _independent_table_properties(DEFAULT_TEMPLATE)
TTL_ATTRIBUTE = TEMPLATE_PROPS["TimeToLiveSpecification"]["AttributeName"]


def _keys(schema: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(k["AttributeName"], k["KeyType"]) for k in schema}


def _attributes(definitions: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(a["AttributeName"], a["AttributeType"]) for a in definitions}


# -- the template ---------------------------------------------------------------------------


def test_template_loads_with_short_tags() -> None:
    template = load_template()
    table = next(r for r in template["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table")
    assert table["Properties"]["TableName"] == CfnTag("!Ref", "TableName")


def test_table_spec_matches_the_template() -> None:
    spec = table_spec()
    assert _keys(spec["KeySchema"]) == _keys(TEMPLATE_PROPS["KeySchema"])
    assert _attributes(spec["AttributeDefinitions"]) == _attributes(
        TEMPLATE_PROPS["AttributeDefinitions"]
    )
    assert spec["BillingMode"] == TEMPLATE_PROPS.get("BillingMode", "PROVISIONED")
    assert spec["TimeToLiveSpecification"] == {
        "AttributeName": TTL_ATTRIBUTE,
        "Enabled": bool(TEMPLATE_PROPS["TimeToLiveSpecification"]["Enabled"]),
    }
    assert "TableName" not in spec
    assert ("GlobalSecondaryIndexes" in spec) == bool(TEMPLATE_PROPS.get("GlobalSecondaryIndexes"))
    assert ("LocalSecondaryIndexes" in spec) == bool(TEMPLATE_PROPS.get("LocalSecondaryIndexes"))


def test_table_spec_reads_indexes_and_parameters_from_any_template(tmp_path: Path) -> None:
    template = tmp_path / "template.yaml"
    template.write_text(
        """
Parameters:
  Capacity:
    Type: Number
    Default: 3
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${AWS::StackName}-q"
  Things:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Ref AWS::StackName
      BillingMode: PROVISIONED
      ProvisionedThroughput:
        ReadCapacityUnits: !Ref Capacity
        WriteCapacityUnits: 2
      AttributeDefinitions:
        - {AttributeName: owner, AttributeType: S}
        - {AttributeName: at, AttributeType: N}
        - {AttributeName: kind, AttributeType: S}
      KeySchema:
        - {AttributeName: owner, KeyType: HASH}
        - {AttributeName: at, KeyType: RANGE}
      GlobalSecondaryIndexes:
        - IndexName: by-kind
          KeySchema: [{AttributeName: kind, KeyType: HASH}]
          Projection: {ProjectionType: KEYS_ONLY}
          ProvisionedThroughput: {ReadCapacityUnits: 1, WriteCapacityUnits: 1}
      LocalSecondaryIndexes:
        - IndexName: by-owner-kind
          KeySchema:
            - {AttributeName: owner, KeyType: HASH}
            - {AttributeName: kind, KeyType: RANGE}
          Projection: {ProjectionType: ALL}
      TimeToLiveSpecification: {AttributeName: gone_at, Enabled: true}
Outputs:
  Arn:
    Value: !GetAtt Things.Arn
""",
        encoding="utf-8",
    )
    spec = table_spec(template)
    assert spec["ProvisionedThroughput"] == {"ReadCapacityUnits": 3, "WriteCapacityUnits": 2}
    assert spec["GlobalSecondaryIndexes"][0]["IndexName"] == "by-kind"
    assert spec["LocalSecondaryIndexes"][0]["Projection"] == {"ProjectionType": "ALL"}
    assert spec["TimeToLiveSpecification"] == {"AttributeName": "gone_at", "Enabled": True}

    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create_table(client, "things", template)
        table = client.describe_table(TableName="things")["Table"]
        assert _keys(table["KeySchema"]) == {("owner", "HASH"), ("at", "RANGE")}
        assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["by-kind"]
        assert [i["IndexName"] for i in table["LocalSecondaryIndexes"]] == ["by-owner-kind"]
        ttl = client.describe_time_to_live(TableName="things")["TimeToLiveDescription"]
        assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "gone_at"}


def test_table_spec_needs_exactly_one_table(tmp_path: Path) -> None:
    template = tmp_path / "template.yaml"
    template.write_text("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n")
    with pytest.raises(ValueError, match="expected one"):
        table_spec(template)


def test_create_table_under_mock_aws_is_idempotent() -> None:
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create_table(client, "pause-pact-test")
        create_table(client, "pause-pact-test")  # an existing table is fine
        table = client.describe_table(TableName="pause-pact-test")["Table"]
        assert table["TableStatus"] == "ACTIVE"
        assert _keys(table["KeySchema"]) == _keys(TEMPLATE_PROPS["KeySchema"])
        assert _attributes(table["AttributeDefinitions"]) == _attributes(
            TEMPLATE_PROPS["AttributeDefinitions"]
        )
        assert table["BillingModeSummary"]["BillingMode"] == TEMPLATE_PROPS["BillingMode"]
        assert table.get("DeletionProtectionEnabled") is bool(
            TEMPLATE_PROPS.get("DeletionProtectionEnabled", False)
        )
        ttl = client.describe_time_to_live(TableName="pause-pact-test")["TimeToLiveDescription"]
        assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": TTL_ATTRIBUTE}


# -- the embedded server --------------------------------------------------------------------


def _key(pk: str, sk: str) -> dict[str, Any]:
    names = {k["KeyType"]: k["AttributeName"] for k in TEMPLATE_PROPS["KeySchema"]}
    return {names["HASH"]: {"S": pk}, names["RANGE"]: {"S": sk}}


def test_embedded_table_comes_from_the_template(tmp_path: Path) -> None:
    with EmbeddedDynamo("pp-embedded-shape", tmp_path) as db:
        assert db.endpoint_url.startswith("http://127.0.0.1:")
        client = db.client()
        table = client.describe_table(TableName="pp-embedded-shape")["Table"]
        assert table["TableStatus"] == "ACTIVE"
        assert _keys(table["KeySchema"]) == _keys(TEMPLATE_PROPS["KeySchema"])
        ttl = client.describe_time_to_live(TableName="pp-embedded-shape")
        assert ttl["TimeToLiveDescription"]["AttributeName"] == TTL_ATTRIBUTE


def test_state_survives_stop_and_start(tmp_path: Path) -> None:
    state = tmp_path / "state"
    item = {
        **_key("couple#1", "pact"),
        "return_minutes": {"N": "20"},
        "blob": {"B": b"\x00\xffpact"},
        "nested": {"M": {"times": {"L": [{"S": "21:30"}, {"BS": [b"a", b"b"]}]}}},
        TTL_ATTRIBUTE: {"N": "1893456000"},
    }
    with EmbeddedDynamo("pp-persist", state) as db:
        db.client().put_item(TableName="pp-persist", Item=item)
        db.client().put_item(TableName="pp-persist", Item=_key("couple#1", "episode#1"))

    saved = state / STATE_FILE
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    document = json.loads(saved.read_text())
    assert document["table"] == "pp-persist"
    assert len(document["items"]) == 2
    assert not [p for p in state.iterdir() if p.name != STATE_FILE]  # no temp files left

    with EmbeddedDynamo("pp-persist", state) as db:
        got = db.client().get_item(TableName="pp-persist", Key=_key("couple#1", "pact"))
        assert got["Item"] == item
        assert db.client().scan(TableName="pp-persist")["Count"] == 2
        db.client().delete_item(TableName="pp-persist", Key=_key("couple#1", "episode#1"))
        assert db.save() == saved
        assert len(json.loads(saved.read_text())["items"]) == 1


def test_many_items_round_trip(tmp_path: Path) -> None:
    with EmbeddedDynamo("pp-many", tmp_path) as db:
        client = db.client()
        for n in range(60):  # more than one BatchWriteItem on load
            client.put_item(TableName="pp-many", Item=_key(f"couple#{n}", "pact"))
    with EmbeddedDynamo("pp-many", tmp_path) as db:
        assert db.client().scan(TableName="pp-many", Select="COUNT")["Count"] == 60


def test_without_state_dir_nothing_is_kept(tmp_path: Path) -> None:
    with EmbeddedDynamo("pp-ephemeral", None) as db:
        db.client().put_item(TableName="pp-ephemeral", Item=_key("a", "b"))
        assert db.save() is None
    # stop() dropped the table from moto's shared backend: a new instance starts empty.
    with EmbeddedDynamo("pp-ephemeral", None) as db:
        assert db.client().scan(TableName="pp-ephemeral")["Count"] == 0


def test_unreadable_state_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text("{not json")
    db = EmbeddedDynamo("pp-corrupt", tmp_path)
    with pytest.raises(ValueError, match=r"could not be read .* left untouched"):
        db.start()
    assert (tmp_path / STATE_FILE).read_text() == "{not json"
    with pytest.raises(RuntimeError):
        _ = db.endpoint_url
    db.stop()  # harmless when not started


def test_instances_share_moto_backends_so_names_must_differ(tmp_path: Path) -> None:
    """ThreadedMotoServer serves moto's process-global backends (the ones mock_aws patches)."""
    with (
        EmbeddedDynamo("pp-one", tmp_path / "one") as one,
        EmbeddedDynamo("pp-two", tmp_path / "two") as two,
    ):
        assert one.endpoint_url != two.endpoint_url
        # Two servers, one DynamoDB: each lists the other's table.
        assert {"pp-one", "pp-two"} <= set(one.client().list_tables()["TableNames"])
        one.client().put_item(TableName="pp-one", Item=_key("only", "one"))
        assert two.client().scan(TableName="pp-two")["Count"] == 0

        with pytest.raises(RuntimeError, match="another EmbeddedDynamo"):
            EmbeddedDynamo("pp-one", tmp_path / "three").start()
        # The refused instance did not disturb the live one.
        assert one.client().scan(TableName="pp-one")["Count"] == 1

    assert len(json.loads((tmp_path / "one" / STATE_FILE).read_text())["items"]) == 1
    assert json.loads((tmp_path / "two" / STATE_FILE).read_text())["items"] == []


# -- TransactWriteItems idempotency (ClientRequestToken), as DynamoDB keeps it ---------------


def _put_new(table: str, pk: str, **extra: Any) -> dict[str, Any]:
    item = {**_key(pk, "pact"), **{k: {"S": v} for k, v in extra.items()}}
    return {
        "Put": {
            "TableName": table,
            "Item": item,
            "ConditionExpression": "attribute_not_exists(#k)",
            "ExpressionAttributeNames": {"#k": next(iter(_key("x", "y")))},
        }
    }


def test_a_repeated_transaction_token_applies_once(tmp_path: Path) -> None:
    with EmbeddedDynamo("pp-idempotent", None) as db:
        client = db.client()
        put = _put_new("pp-idempotent", "couple#1", note="first")
        client.transact_write_items(TransactItems=[put], ClientRequestToken="token-1")
        # The same request again (a retry after a lost answer): success, nothing applied twice.
        client.transact_write_items(TransactItems=[put], ClientRequestToken="token-1")
        # The same token with other parameters: refused, as DynamoDB does.
        other = _put_new("pp-idempotent", "couple#2")
        with pytest.raises(client.exceptions.IdempotentParameterMismatchException):
            client.transact_write_items(TransactItems=[other], ClientRequestToken="token-1")
        # A new token is a new transaction: its condition meets the item that is there.
        with pytest.raises(client.exceptions.TransactionCanceledException):
            client.transact_write_items(TransactItems=[put], ClientRequestToken="token-2")
        assert client.scan(TableName="pp-idempotent")["Count"] == 1


def test_a_retried_space_after_a_late_answer_is_written_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `make bench` flake: moto answered a TransactWriteItems after the skill's read
    timeout, botocore retried it (same ClientRequestToken), moto applied it again, its
    condition failed on the space just written, and the store reloaded and wrote twice."""
    late = {"answers": 0}

    class LateFirstTransaction(simulator.dynamo._OneAtATime):
        """The server answering its first TransactWriteItems (applied) after the client's
        read timeout, while it already serves other requests."""

        def __call__(self, environ: Any, start_response: Any) -> Any:
            chunks = super().__call__(environ, start_response)
            target = environ.get("HTTP_X_AMZ_TARGET", "")
            if target.endswith(".TransactWriteItems") and not late["answers"]:
                late["answers"] += 1
                time.sleep(0.8)
            return chunks

    monkeypatch.setattr(simulator.dynamo, "_OneAtATime", LateFirstTransaction)
    with EmbeddedDynamo("pp-late", None) as db:
        client = boto3.client(
            "dynamodb",
            endpoint_url=db.endpoint_url,
            region_name="us-east-1",
            config=Config(read_timeout=0.3, retries={"mode": "standard", "total_max_attempts": 2}),
        )
        counter = CallCounter(client)
        attempts: list[str] = []
        client.meta.events.register(
            "before-send.dynamodb.TransactWriteItems", lambda **_: attempts.append("send")
        )
        handler = make_handler(
            create_skill(Settings(table_name="pp-late"), store=PactStore("pp-late", lambda: client))
        )
        device = Device(api_access_token=None)
        reply = handler(device.intent("SpaceIntent", datetime.now(UTC), new_session=True), None)
        assert late["answers"] == 1 and len(attempts) == 2  # the retry really happened
        assert counter.writes == 1, counter.calls  # no conflict, no reload, no second write
        speech = json.dumps(reply["response"]["outputSpeech"])
        assert "be back in 20 minutes" in speech and "couldn't" not in speech
