"""The pact table (DynamoDB through boto3): one read and at most one write per turn.

Layout (one table, household-scoped; the table is defined only in infra/template.yaml):
  pk = PACT#<pact id>   sk = PACT               the pact, with a `version` for safe writes
  pk = PACT#<pact id>   sk = EPISODE#<iso time>  space / cycle / connection episodes (TTL)

A household's pact id is derived from its Alexa account id with a one-way hash, so the table
never needs the raw id as a key. Writes carry the version they were based on; when two devices
write at once, the loser reloads, re-applies its change and writes again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from pacts.model import Episode, Pact

log = logging.getLogger(__name__)

Mutation = Callable[[Pact], Pact]
MAX_CONFLICT_RETRIES = 3
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


class StoreError(Exception):
    """DynamoDB could not be reached, timed out, throttled, or refused the write."""


@dataclass
class Household:
    """The pact as read this turn, plus the changes this turn wants to keep."""

    pact: Pact
    loaded: bool = True  # False: the read failed, so nothing may be written over what is stored
    exists: bool = False
    episodes: list[Episode] = field(default_factory=list)
    mutations: list[Mutation] = field(default_factory=list)

    def change(self, mutation: Mutation) -> Pact:
        """Apply a change now and remember it, so it can be re-applied after a write conflict."""
        self.pact = mutation(self.pact)
        self.mutations.append(mutation)
        return self.pact

    def record(self, episode: Episode) -> None:
        self.episodes.append(episode)

    @property
    def dirty(self) -> bool:
        return bool(self.mutations or self.episodes)


def pact_id_for(user_id: str) -> str:
    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:32]


def _pk(pact_id: str) -> str:
    return f"PACT#{pact_id}"


def _to_dynamo(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _serializer.serialize(v) for k, v in item.items() if v is not None}


def _from_dynamo(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(_deserializer.deserialize(v)) for k, v in item.items()}


def _plain(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal; the domain wants ints."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


_clients: dict[tuple[Any, ...], Any] = {}
_clients_lock = threading.Lock()


def dynamodb_client(connect_timeout: float, read_timeout: float, max_attempts: int) -> Any:
    """One boto3 client per container: bounded timeouts and retries keep a turn inside 8 s.

    boto3 reads AWS_ENDPOINT_URL_DYNAMODB and the region variables itself.
    """
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    endpoint = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") or os.environ.get("AWS_ENDPOINT_URL")
    key = (region, endpoint, connect_timeout, read_timeout, max_attempts)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            config = Config(
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                retries={"mode": "standard", "total_max_attempts": max_attempts},
                tcp_keepalive=True,
            )
            client = boto3.session.Session().client("dynamodb", region_name=region, config=config)
            _clients[key] = client
        return client


class PactStore:
    def __init__(self, table_name: str, client: Callable[[], Any]) -> None:
        self.table_name = table_name
        self._client = client

    def load(self, user_id: str) -> Household:
        pact_id = pact_id_for(user_id)
        item = self._get(pact_id)
        if item is None:
            return Household(pact=Pact(pact_id=pact_id), loaded=True, exists=False)
        return Household(pact=Pact.from_item(pact_id, item), loaded=True, exists=True)

    def _get(self, pact_id: str) -> dict[str, Any] | None:
        try:
            response = self._client().get_item(
                TableName=self.table_name,
                Key={"pk": {"S": _pk(pact_id)}, "sk": {"S": "PACT"}},
                ConsistentRead=True,
            )
        except (ClientError, BotoCoreError) as error:
            raise StoreError(type(error).__name__) from error
        item = response.get("Item")
        return _from_dynamo(item) if item else None

    def save(self, household: Household) -> None:
        """Write the household's changes in one request; re-apply them after a conflict."""
        if not household.dirty:
            return
        if not household.loaded:
            raise StoreError("not loaded")
        for attempt in range(MAX_CONFLICT_RETRIES + 1):
            try:
                self._write(household)
            except _Conflict:
                if attempt == MAX_CONFLICT_RETRIES:
                    raise StoreError("conflict") from None
                self._reload(household)
                continue
            household.pact = _bumped(household.pact)
            household.exists = True
            household.mutations.clear()
            household.episodes.clear()
            return

    def _reload(self, household: Household) -> None:
        pact_id = household.pact.pact_id
        item = self._get(pact_id)
        fresh = Pact.from_item(pact_id, item) if item else Pact(pact_id=pact_id)
        household.exists = item is not None
        for mutation in household.mutations:
            fresh = mutation(fresh)
        household.pact = fresh

    def _write(self, household: Household) -> None:
        pact = household.pact
        pk = _pk(pact.pact_id)
        pact_item = {"pk": pk, "sk": "PACT", **_bumped(pact).to_item()}
        if household.exists:
            condition = {
                "ConditionExpression": "version = :v",
                "ExpressionAttributeValues": {":v": {"N": str(pact.version)}},
            }
        else:
            condition = {"ConditionExpression": "attribute_not_exists(pk)"}
        put_pact = {"TableName": self.table_name, "Item": _to_dynamo(pact_item), **condition}
        client = self._client()
        try:
            if not household.episodes:
                client.put_item(**put_pact)
                return
            items: list[dict[str, Any]] = [{"Put": put_pact}]
            for episode in household.episodes:
                item = {"pk": pk, "sk": f"EPISODE#{episode.episode_id}", **episode.to_item()}
                items.append({"Put": {"TableName": self.table_name, "Item": _to_dynamo(item)}})
            client.transact_write_items(TransactItems=items)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code == "ConditionalCheckFailedException":
                raise _Conflict from error
            if code == "TransactionCanceledException":
                reasons = error.response.get("CancellationReasons") or []
                if any(r.get("Code") == "ConditionalCheckFailed" for r in reasons):
                    raise _Conflict from error
                if not reasons and "ConditionalCheckFailed" in str(error):
                    raise _Conflict from error
            raise StoreError(code or type(error).__name__) from error
        except BotoCoreError as error:
            raise StoreError(type(error).__name__) from error

    def episodes(self, user_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """Recent episodes, newest first (for summaries and tests)."""
        try:
            response = self._client().query(
                TableName=self.table_name,
                KeyConditionExpression="pk = :pk AND begins_with(sk, :e)",
                ExpressionAttributeValues={
                    ":pk": {"S": _pk(pact_id_for(user_id))},
                    ":e": {"S": "EPISODE#"},
                },
                ScanIndexForward=False,
                Limit=limit,
            )
        except (ClientError, BotoCoreError) as error:
            raise StoreError(type(error).__name__) from error
        return [_from_dynamo(item) for item in response.get("Items", [])]


class _Conflict(Exception):
    pass


def _bumped(pact: Pact) -> Pact:
    return replace(pact, version=pact.version + 1)
