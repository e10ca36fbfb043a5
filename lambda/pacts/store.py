"""The pact table (DynamoDB through boto3): one read and at most one write per turn.

Layout (one table; the table itself is defined only in infra/template.yaml). `<a>` is the
SHA-256 of an Alexa account id (the raw id is never a key), and an account's own pact id is <a>:

  pk = PACT#<pact id>  sk = PACT               the pact: names, signals, spaces, members, version
  pk = PACT#<pact id>  sk = EPISODE#<iso time> space / cycle / connection / reflection (TTL)
  pk = PACT#<a>        sk = LINK               this account shares another pact: {pact_id}
  pk = PACT#<a>        sk = GUARD              failed pairing attempts of this account (TTL)
  pk = PAIR#<code>     sk = PAIR               a pairing code: {pact_id, attempts} (TTL 10 min)

Because an account's LINK sits in its own partition and sorts just before PACT, one Query
(sk BETWEEN "LINK" AND "PACT") reads a solo household completely. A linked partner needs one
more read on a cold container; the link is then cached, and re-checked against `members`.
Pact writes carry the version they were based on: when two devices write at once, the loser
reloads, re-applies its change (a function, not a snapshot) and writes again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from pacts.model import Episode, Pact

log = logging.getLogger(__name__)

Mutation = Callable[[Pact], Pact]
MAX_CONFLICT_RETRIES = 10
CONFLICT_BACKOFF_S = 0.02  # jittered and growing: contenders spread out
LINK_CACHE_SIZE = 4096
# The OS's randomness, not `random`'s state: after a SnapStart restore every environment would
# share the same pseudo-random sequence and back off in lockstep.
_jitter = secrets.SystemRandom()
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


class StoreError(Exception):
    """DynamoDB could not be reached, timed out, throttled, or refused the write."""


def account_hash(user_id: str) -> str:
    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:32]


# An account's own pact id is its hash (the id a fresh household starts with).
pact_id_for = account_hash


def pact_key(pact_id: str) -> str:
    return f"PACT#{pact_id}"


def key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


@dataclass
class Household:
    """The pact as read this turn, plus the changes this turn wants to keep."""

    pact: Pact
    account: str = ""  # hash of the speaking Alexa account
    loaded: bool = True  # False: the read failed, so nothing may be written over what is stored
    exists: bool = False
    history: list[dict[str, Any]] = field(default_factory=list)  # episodes, when asked for
    guard: dict[str, Any] | None = None  # pairing failures, when asked for
    episodes: list[Episode] = field(default_factory=list)
    mutations: list[Mutation] = field(default_factory=list)
    operations: list[dict[str, Any]] = field(default_factory=list)  # raw TransactWriteItems

    def change(self, mutation: Mutation) -> Pact:
        """Apply a change now and remember it, so it can be re-applied after a write conflict."""
        self.pact = mutation(self.pact)
        self.mutations.append(mutation)
        return self.pact

    def record(self, episode: Episode) -> None:
        self.episodes.append(episode)

    def also(self, operation: dict[str, Any]) -> None:
        """Another item to write in the same transaction (a link, a pairing code, a guard)."""
        self.operations.append(operation)

    @property
    def dirty(self) -> bool:
        return bool(self.mutations or self.episodes or self.operations)

    @property
    def shared(self) -> bool:
        return len(self.pact.members) > 1


def to_dynamo(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _serializer.serialize(v) for k, v in item.items() if v is not None}


def from_dynamo(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(_deserializer.deserialize(v)) for k, v in item.items()}


def _plain(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal; the domain wants ints."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | set):
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
    cache_key = (region, endpoint, connect_timeout, read_timeout, max_attempts)
    with _clients_lock:
        client = _clients.get(cache_key)
        if client is None:
            config = Config(
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                retries={"mode": "standard", "total_max_attempts": max_attempts},
                tcp_keepalive=True,
            )
            client = boto3.session.Session().client("dynamodb", region_name=region, config=config)
            _clients[cache_key] = client
        return client


class _LinkCache:
    """account hash -> shared pact id, for warm containers (validated on every use)."""

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[str, str] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, account: str) -> str | None:
        with self._lock:
            value = self._items.get(account)
            if value is not None:
                self._items.move_to_end(account)
            return value

    def put(self, account: str, pact_id: str) -> None:
        with self._lock:
            self._items[account] = pact_id
            self._items.move_to_end(account)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def drop(self, account: str) -> None:
        with self._lock:
            self._items.pop(account, None)


class _Conflict(Exception):
    pass


class PactStore:
    def __init__(self, table_name: str, client: Callable[[], Any]) -> None:
        self.table_name = table_name
        self._client = client
        self._links = _LinkCache(LINK_CACHE_SIZE)

    # -- reading -----------------------------------------------------------------------------

    def load(
        self, user_id: str, *, history_since: datetime | None = None, guard: bool = False
    ) -> Household:
        """The household of an account: usually one Query (see the module docstring)."""
        account = account_hash(user_id)
        low = "GUARD" if guard else "LINK"
        if history_since is not None:
            low = "EPISODE#" + history_since.strftime("%Y-%m-%dT%H:%M:%S")
        cached = self._links.get(account)
        if cached is not None:
            items = self._partition(cached, low)
            pact_item = items.get("PACT")
            if pact_item is not None and account in (pact_item.get("members") or []):
                if guard:
                    items.update(self._partition(account, "GUARD", "GUARD"))
                return self._household(account, cached, items)
            self._links.drop(account)
        items = self._partition(account, low)
        link = items.get("LINK")
        pact_id = link.get("pact_id") if link else None
        if isinstance(pact_id, str) and pact_id and pact_id != account:
            guard_item = items.get("GUARD")
            items = self._partition(pact_id, low)
            items["GUARD"] = guard_item
            self._links.put(account, pact_id)
            return self._household(account, pact_id, items)
        return self._household(account, account, items)

    def _household(self, account: str, pact_id: str, items: dict[str, Any]) -> Household:
        pact_item = items.get("PACT")
        pact = Pact.from_item(pact_id, pact_item) if pact_item else Pact(pact_id=pact_id)
        return Household(
            pact=pact,
            account=account,
            exists=pact_item is not None,
            history=items.get("EPISODES", []),
            guard=items.get("GUARD"),
        )

    def _partition(self, pact_id: str, low: str, high: str = "PACT") -> dict[str, Any]:
        """Items of one partition between two sort keys; episodes gathered under "EPISODES"."""
        try:
            response = self._client().query(
                TableName=self.table_name,
                KeyConditionExpression="pk = :pk AND sk BETWEEN :low AND :high",
                ExpressionAttributeValues={
                    ":pk": {"S": pact_key(pact_id)},
                    ":low": {"S": low},
                    ":high": {"S": high},
                },
                ConsistentRead=True,
            )
        except (ClientError, BotoCoreError) as error:
            raise StoreError(type(error).__name__) from error
        found: dict[str, Any] = {"EPISODES": []}
        for raw in response.get("Items", []):
            item = from_dynamo(raw)
            sort_key = str(item.get("sk", ""))
            if sort_key.startswith("EPISODE#"):
                found["EPISODES"].append(item)
            else:
                found[sort_key] = item
        return found

    def get(self, pk: str, sk: str) -> dict[str, Any] | None:
        try:
            response = self._client().get_item(
                TableName=self.table_name, Key=key(pk, sk), ConsistentRead=True
            )
        except (ClientError, BotoCoreError) as error:
            raise StoreError(type(error).__name__) from error
        item = response.get("Item")
        return from_dynamo(item) if item else None

    def episodes(self, user_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """Recent episodes of the account's household, newest first."""
        household = self.load(user_id)
        try:
            response = self._client().query(
                TableName=self.table_name,
                KeyConditionExpression="pk = :pk AND begins_with(sk, :e)",
                ExpressionAttributeValues={
                    ":pk": {"S": pact_key(household.pact.pact_id)},
                    ":e": {"S": "EPISODE#"},
                },
                ScanIndexForward=False,
                Limit=limit,
            )
        except (ClientError, BotoCoreError) as error:
            raise StoreError(type(error).__name__) from error
        return [from_dynamo(item) for item in response.get("Items", [])]

    # -- writing -----------------------------------------------------------------------------

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
                time.sleep(_jitter.uniform(0, CONFLICT_BACKOFF_S * (attempt + 1)))
                self._reload(household)
                continue
            household.pact = _bumped(household.pact)
            household.exists = True
            household.mutations.clear()
            household.episodes.clear()
            household.operations.clear()
            return

    def _reload(self, household: Household) -> None:
        pact_id = household.pact.pact_id
        item = self.get(pact_key(pact_id), "PACT")
        fresh = Pact.from_item(pact_id, item) if item else Pact(pact_id=pact_id)
        household.exists = item is not None
        for mutation in household.mutations:
            fresh = mutation(fresh)
        household.pact = fresh

    def _write(self, household: Household) -> None:
        pact = household.pact
        if household.account and not household.exists:
            pact = pact.with_member(household.account)
            household.pact = pact
        pk = pact_key(pact.pact_id)
        pact_item = {"pk": pk, "sk": "PACT", **_bumped(pact).to_item()}
        if household.exists:
            condition = {
                "ConditionExpression": "version = :v",
                "ExpressionAttributeValues": {":v": {"N": str(pact.version)}},
            }
        else:
            condition = {"ConditionExpression": "attribute_not_exists(pk)"}
        put_pact = {"TableName": self.table_name, "Item": to_dynamo(pact_item), **condition}
        client = self._client()
        try:
            if not household.episodes and not household.operations:
                client.put_item(**put_pact)
                return
            items: list[dict[str, Any]] = [{"Put": put_pact}]
            for episode in household.episodes:
                item = {"pk": pk, "sk": f"EPISODE#{episode.episode_id}", **episode.to_item()}
                items.append({"Put": {"TableName": self.table_name, "Item": to_dynamo(item)}})
            for operation in household.operations:
                kind, body = next(iter(operation.items()))
                items.append({kind: {"TableName": self.table_name, **body}})
            client.transact_write_items(TransactItems=items)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code == "ConditionalCheckFailedException":
                raise _Conflict from error
            if code == "TransactionCanceledException":
                reasons = error.response.get("CancellationReasons") or []
                first = reasons[0].get("Code") if reasons else None
                if first == "ConditionalCheckFailed":
                    raise _Conflict from error
            raise StoreError(code or type(error).__name__) from error
        except BotoCoreError as error:
            raise StoreError(type(error).__name__) from error

    def transact(self, operations: Iterable[dict[str, Any]]) -> bool:
        """Raw operations in one transaction; False when a condition failed."""
        items = [
            {kind: {"TableName": self.table_name, **body}}
            for operation in operations
            for kind, body in operation.items()
        ]
        try:
            self._client().transact_write_items(TransactItems=items)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "TransactionCanceledException":
                return False
            raise StoreError(type(error).__name__) from error
        except BotoCoreError as error:
            raise StoreError(type(error).__name__) from error
        return True

    def forget_link(self, account: str) -> None:
        self._links.drop(account)

    # -- deleting ----------------------------------------------------------------------------

    def delete_partitions(self, pact_ids: Iterable[str]) -> int:
        """Delete every item of these partitions (pacts, episodes, links, guards). Returns count."""
        deleted = 0
        client = self._client()
        for pact_id in dict.fromkeys(pact_ids):
            keys = self._keys_of(pact_key(pact_id))
            for start in range(0, len(keys), 25):
                batch = keys[start : start + 25]
                request = {self.table_name: [{"DeleteRequest": {"Key": k}} for k in batch]}
                for _ in range(5):
                    try:
                        response = client.batch_write_item(RequestItems=request)
                    except (ClientError, BotoCoreError) as error:
                        raise StoreError(type(error).__name__) from error
                    request = response.get("UnprocessedItems") or {}
                    if not request:
                        break
                else:
                    raise StoreError("unprocessed deletes")
                deleted += len(batch)
        return deleted

    def _keys_of(self, pk: str) -> list[dict[str, Any]]:
        keys: list[dict[str, Any]] = []
        start: dict[str, Any] | None = None
        while True:
            query: dict[str, Any] = {
                "TableName": self.table_name,
                "KeyConditionExpression": "pk = :pk",
                "ExpressionAttributeValues": {":pk": {"S": pk}},
                "ProjectionExpression": "pk, sk",
            }
            if start:
                query["ExclusiveStartKey"] = start
            try:
                response = self._client().query(**query)
            except (ClientError, BotoCoreError) as error:
                raise StoreError(type(error).__name__) from error
            keys.extend(response.get("Items", []))
            start = response.get("LastEvaluatedKey")
            if not start:
                return keys


def _bumped(pact: Pact) -> Pact:
    return replace(pact, version=pact.version + 1)
