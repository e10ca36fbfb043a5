"""The pact table (DynamoDB through boto3): one read and at most one write per turn.

Layout (one table; the table itself is defined only in infra/template.yaml). `<a>` is the
SHA-256 of an Alexa account id (the raw id is never a key); a pact id is random, its own:

  pk = ACCOUNT#<a>   sk = PACT          this member's copy of its pact (pact_id, members, version)
  pk = ACCOUNT#<a>   sk = PENDING       someone redeemed this account's pairing code (TTL)
  pk = ACCOUNT#<a>   sk = REMINDERS     reminders on this account whose pact is gone (TTL)
  pk = ACCOUNT#<a>   sk = GUARD#<hour>  this account's pairing attempts in that hour (TTL)
  pk = PACT#<id>     sk = EPISODE#<t>   space / cycle / connection / reflection (TTL)
  pk = PAIR#<code>   sk = PAIR          a pairing code: {pact_id, owner, claimed} (TTL)
  pk = PAIRING       sk = BUDGET#<hour> pairing attempts of the whole service in that hour (TTL)

Every member holds an identical copy of the pact in their own partition, written together in one
transaction, each conditional on the version read and on the pact id. So one Query of the
speaker's own partition is the whole turn's read, cold container or warm, founder or partner;
a copy exists only while its account is a member (leaving deletes it in the same transaction
that takes the account off the other copy), and a copy that does not list its account is never
shown. When two devices write at once, the loser reloads, re-applies its change (a function, not
a snapshot) and writes again. A stored pact that cannot be parsed is never written over.

Items in the layout before issue 12 (`PACT#<a>` holding a founder's pact, and `LINK`s) are never
read as a pact: `python -m tools.migrate_layout` moves them to this one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from pacts import partner_sync
from pacts.model import Episode, Pact, UnreadablePact

log = logging.getLogger(__name__)

Mutation = Callable[[Pact], Pact]
MAX_CONFLICT_RETRIES = 10
CONFLICT_BACKOFF_S = 0.02  # jittered and growing: contenders spread out
# Deleting under throttling: unprocessed items are retried with jittered, doubling waits, all
# inside a budget that keeps the turn well within Alexa's 8 seconds.
DELETE_BACKOFF_S = 0.05
DELETE_MAX_WAIT_S = 1.0
DELETE_BUDGET_S = 4.0
# The OS's randomness, not `random`'s state: after a SnapStart restore every environment would
# share the same pseudo-random sequence and back off in lockstep.
_jitter = secrets.SystemRandom()
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()
# Items in an account's partition (with GUARD#<hour>, its pairing attempts; a turn reads all).
COPY, PENDING, LEFTOVER = "PACT", "PENDING", "REMINDERS"
# The error codes of a write refused by its condition (one item; a transaction).
CONDITION_FAILED, CANCELLED = "ConditionalCheckFailedException", "TransactionCanceledException"


class StoreError(Exception):
    """DynamoDB could not be reached, timed out, throttled, or refused the write."""


class DeleteIncomplete(StoreError):
    """Part of a delete was done and part was not; running it again finishes it."""

    def __init__(self, deleted: int) -> None:
        super().__init__(f"delete incomplete after {deleted} items")
        self.deleted = deleted


def account_hash(user_id: str) -> str:
    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:32]


def new_pact_id() -> str:
    """A pact's own id: random, never derived from an account."""
    return secrets.token_hex(16)


def account_key(account: str) -> str:
    return f"ACCOUNT#{account}"


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
    unreadable: bool = False  # the stored pact is there but cannot be parsed (never written over)
    exists: bool = False
    stored: Pact | None = None  # the pact as stored (whose copies the write replaces)
    pending: dict[str, Any] | None = None  # someone redeemed this account's pairing code
    leftover: dict[str, Any] | None = None  # reminders on this account whose pact is gone
    # The sort keys of every item in this account's partition as read this turn (None: not
    # read): "delete our data" deletes them without querying the partition again.
    partition: list[str] | None = None
    # Members joining in this write -> the pact id their copy holds now ("" for none), as the
    # pending join recorded it: their copy is replaced only if it still holds that (a pact they
    # have alone), so the join knows which history it replaced without reading their copy.
    joining: dict[str, str] = field(default_factory=dict)
    episodes: list[Episode] = field(default_factory=list)
    mutations: list[Mutation] = field(default_factory=list)
    operations: list[dict[str, Any]] = field(default_factory=list)  # raw TransactWriteItems

    def change(self, mutation: Mutation) -> Pact:
        """Apply a change now and remember it, so it can be re-applied after a write conflict."""
        self.pact = mutation(self.pact)
        self.mutations.append(mutation)
        return self.pact

    def record(self, episode: Episode) -> None:
        """An episode to keep; the pact's activity log notes it in the same write."""
        self.episodes.append(episode)
        self.change(lambda p: p.noting(episode))

    def also(self, operation: dict[str, Any]) -> None:
        """Another item to write in the same transaction (a pairing code, a pending join)."""
        self.operations.append(operation)

    @property
    def dirty(self) -> bool:
        return bool(self.mutations or self.episodes or self.operations)

    @property
    def shared(self) -> bool:
        return len(self.pact.members) > 1

    @property
    def leftover_tokens(self) -> list[str]:
        """Reminders on this account whose pact a partner deleted (see PactStore.delete_pact)."""
        tokens = (self.leftover or {}).get("tokens")
        return [t for t in tokens if isinstance(t, str)] if isinstance(tokens, list) else []

    @property
    def leftover_partner_tokens(self) -> list[str]:
        """Partner reminders (issue 18) on this account whose pact was deleted."""
        tokens = (self.leftover or {}).get("partner_tokens")
        return [t for t in tokens if isinstance(t, str)] if isinstance(tokens, list) else []


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


class _Conflict(Exception):
    pass


class _Moved(Exception):
    """A joining member's copy is not the one the pending join recorded, but still a pact they
    have alone (`Household.joining` now says which): write again, nothing to reload."""


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", "") or type(error).__name__)


class PactStore:
    def __init__(self, table_name: str, client: Callable[[], Any]) -> None:
        self.table_name = table_name
        self._client = client

    # -- reading -----------------------------------------------------------------------------

    def load(self, user_id: str, **_: Any) -> Household:
        """The household of an account: one Query of its own partition (all of it: besides the
        copy, the pending join and leftover reminders, only this account's pairing-attempt
        counters live there, a few small items for two hours)."""
        account = account_hash(user_id)
        items = self._items(account_key(account))
        household = self._household(account, items.get(COPY)) or self._fresh(account)
        household.pending = items.get(PENDING)
        household.leftover = items.get(LEFTOVER)
        household.partition = sorted(items)
        return household

    def _fresh(self, account: str) -> Household:
        return Household(pact=Pact(pact_id=new_pact_id()), account=account, exists=False)

    def _household(self, account: str, item: dict[str, Any] | None) -> Household | None:
        """The household from this account's copy; None when it has no copy of a pact it is a
        member of. An unparseable copy gives a household that may not be written."""
        if item is None:
            return None
        try:
            pact = Pact.from_item("", item)
        except UnreadablePact as error:
            log.warning("unreadable pact item: field %s", error)
            return Household(
                pact=Pact(pact_id="unreadable"), account=account, loaded=False, unreadable=True
            )
        if not pact.pact_id:
            log.warning("unreadable pact item: no pact id")
            return Household(
                pact=Pact(pact_id="unreadable"), account=account, loaded=False, unreadable=True
            )
        if account not in pact.members:
            return None  # never shown; replaced when this account writes a pact of its own
        return Household(pact=pact, account=account, exists=True, stored=pact)

    def _items(self, pk: str, only: str | None = None) -> dict[str, Any]:
        """Items of one partition (or the one item `only`), by sort key."""
        query: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": pk}},
            "ConsistentRead": True,
        }
        if only is not None:
            query["KeyConditionExpression"] = "pk = :pk AND sk = :sk"
            query["ExpressionAttributeValues"][":sk"] = {"S": only}
        found: dict[str, Any] = {}
        for raw in self._query(query):  # one page in practice (a pact copy and a few small items)
            item = from_dynamo(raw)
            found[str(item.get("sk", ""))] = item
        return found

    def _query(self, query: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """A Query's items, every page of it (raw, as DynamoDB sends them)."""
        while True:
            try:
                response = self._client().query(**query)
            except (ClientError, BotoCoreError) as error:
                raise StoreError(type(error).__name__) from error
            yield from response.get("Items", [])
            start = response.get("LastEvaluatedKey")
            if not start:
                return
            query = {**query, "ExclusiveStartKey": start}

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
        if not household.exists:
            return []
        return self.episodes_of(household.pact.pact_id, limit)

    def episodes_of(self, pact_id: str, limit: int | None = None) -> list[dict[str, Any]]:
        query: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :e)",
            "ExpressionAttributeValues": {":pk": {"S": pact_key(pact_id)}, ":e": {"S": "EPISODE#"}},
            "ScanIndexForward": False,
        }
        if limit is not None:
            query["Limit"] = limit
        try:
            response = self._client().query(**query)
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
            except _Moved:
                if attempt == MAX_CONFLICT_RETRIES:
                    raise StoreError("conflict") from None
                continue
            except _Conflict:
                if attempt == MAX_CONFLICT_RETRIES:
                    raise StoreError("conflict") from None
                time.sleep(_jitter.uniform(0, CONFLICT_BACKOFF_S * (attempt + 1)))
                self._reload(household)
                continue
            household.pact = _bumped(household.pact)
            household.stored = household.pact
            household.exists = True
            household.mutations.clear()
            household.episodes.clear()
            household.operations.clear()
            return

    def _reload(self, household: Household) -> None:
        items = self._items(account_key(household.account), COPY)
        fresh = self._household(household.account, items.get(COPY))
        if fresh is None:
            fresh = self._fresh(household.account)
        if not fresh.loaded:
            raise StoreError("unreadable")
        pact = fresh.pact
        for mutation in household.mutations:
            pact = mutation(pact)
        household.pact = pact
        household.stored = fresh.stored
        household.exists = fresh.exists

    def _write(self, household: Household) -> None:
        me = household.account
        stored = household.stored if household.exists else None
        pact = household.pact
        if stored is None and me:
            pact = pact.with_member(me)
        if stored is not None:
            pact = pact.claiming_voices(stored, me)
        household.pact = pact
        written = _bumped(pact)
        before = set(stored.members) if stored is not None else set()
        items = self._copies(pact, written, before, me, household.joining)
        for episode in household.episodes:
            item = {
                "pk": pact_key(pact.pact_id),
                "sk": f"EPISODE#{episode.episode_id}",
                **episode.to_item(),
            }
            items.append({"Put": {"TableName": self.table_name, "Item": to_dynamo(item)}})
        for operation in household.operations:
            kind, body = next(iter(operation.items()))
            items.append({kind: {"TableName": self.table_name, **body}})
        client = self._client()
        try:
            if len(items) == 1 and "Put" in items[0]:
                # The item as stored comes back when the condition fails: a retry (botocore's,
                # after a reply lost in a timeout) of a put that was done finds it already
                # there, and that is success, not a conflict to reload and apply twice.
                # (A transaction's retry is idempotent by its ClientRequestToken.)
                put = {**items[0]["Put"], "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}
                client.put_item(**put)
            else:
                client.transact_write_items(TransactItems=items)
        except ClientError as error:
            failure = _failure(error, household, items)
            if failure is not None:
                raise failure from error
        except BotoCoreError as error:
            raise StoreError(type(error).__name__) from error

    def _copies(
        self,
        pact: Pact,
        written: Pact,
        before: set[str],
        me: str,
        joining: dict[str, str] | None = None,
    ) -> list[dict[str, Any]]:
        """Every member's copy of the pact, each conditional: a copy kept on the version and id
        it was read with, a new member's over nothing (or a pact they have alone: the one
        `joining` names, when it does), a leaving member's deleted."""
        joining = joining or {}
        items: list[dict[str, Any]] = []
        for member in written.members:
            put: dict[str, Any] = {
                "TableName": self.table_name,
                "Item": to_dynamo({"pk": account_key(member), "sk": COPY, **written.to_item()}),
            }
            if member in before:
                put["ConditionExpression"] = (
                    "version = :v AND pact_id = :id AND contains(members, :m)"
                )
                put["ExpressionAttributeValues"] = {
                    ":v": {"N": str(pact.version)},
                    ":id": {"S": pact.pact_id},
                    ":m": {"S": member},
                }
            elif member == me:
                # A new pact: over nothing, or over a copy that does not list this account.
                put["ConditionExpression"] = "attribute_not_exists(pk) OR NOT contains(members, :m)"
                put["ExpressionAttributeValues"] = {":m": {"S": member}}
            elif member in joining:
                # A member joining over the copy the pending join recorded: nothing (or a copy
                # that does not list them), or that pact, which they have alone. Any other copy
                # comes back (ALL_OLD) to write again over it if they still have it alone.
                had = joining[member]
                put["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
                put["ExpressionAttributeValues"] = {":two": {"N": "2"}, ":m": {"S": member}}
                if had:
                    put["ConditionExpression"] = "pact_id = :had AND size(members) < :two"
                    put["ExpressionAttributeValues"][":had"] = {"S": had}
                else:
                    put["ConditionExpression"] = (
                        "attribute_not_exists(pk) OR "
                        "(size(members) < :two AND NOT contains(members, :m))"
                    )
            else:
                # A member joining: over nothing, or over a pact they have alone.
                put["ConditionExpression"] = "attribute_not_exists(pk) OR size(members) < :two"
                put["ExpressionAttributeValues"] = {":two": {"N": "2"}}
            items.append({"Put": put})
        for member in sorted(before - set(written.members)):
            items.append(
                {
                    "Delete": {
                        "TableName": self.table_name,
                        "Key": key(account_key(member), COPY),
                        "ConditionExpression": "pact_id = :id AND version = :v",
                        "ExpressionAttributeValues": {
                            ":id": {"S": pact.pact_id},
                            ":v": {"N": str(pact.version)},
                        },
                    }
                }
            )
        return items

    def transact(self, operations: Iterable[dict[str, Any]]) -> bool:
        """Raw operations in one transaction; False when a condition failed."""
        return not self.transact_reasons(operations)

    def transact_reasons(self, operations: Iterable[dict[str, Any]]) -> list[str]:
        """Raw operations in one transaction: [] when done, else each operation's cancellation
        reason ("None" for those that were fine)."""
        items = [
            {kind: {"TableName": self.table_name, **body}}
            for operation in operations
            for kind, body in operation.items()
        ]
        refused = self._call(CANCELLED, lambda c: c.transact_write_items(TransactItems=items))
        if refused is None:
            return []
        reasons = refused.response.get("CancellationReasons") or []
        return [str(r.get("Code", "None")) for r in reasons] or ["Unknown"]

    def update(self, **request: Any) -> bool:
        """One UpdateItem; False when its condition failed."""
        table = self.table_name
        refused = self._call(CONDITION_FAILED, lambda c: c.update_item(TableName=table, **request))
        return refused is None

    def _call(self, refused: str, write: Callable[[Any], object]) -> ClientError | None:
        """One write through the client: None when done, the error when DynamoDB refused it
        with the code `refused` (a condition that failed); anything else that went wrong is a
        StoreError."""
        try:
            write(self._client())
        except ClientError as error:
            if _code(error) == refused:
                return error
            raise StoreError(_code(error)) from error
        except BotoCoreError as error:
            raise StoreError(type(error).__name__) from error
        return None

    # -- deleting ----------------------------------------------------------------------------

    def delete_pact(self, household: Household) -> int:
        """Everything of the household's pact, for every member: its pairing code, episodes and
        reflections and this account's own items (one BatchWriteItem per 25; the partition as
        this turn read it), the other members' copies, this account's copy last. Idempotent,
        and resumable: until the very last delete this account still holds its copy, so saying
        it again finds the pact and finishes. Reminders the other members hold (this account
        cannot cancel them) are left in their partition as a `REMINDERS` item, so their "stop
        the nightly reflection" still finds them. Returns items deleted; raises
        DeleteIncomplete when throttling outlasted the budget."""
        pact, me = household.pact, household.account
        deadline = time.monotonic() + DELETE_BUDGET_S
        deleted = 0
        try:
            others, copy = self._account_keys(me, household.partition)
            batch: list[dict[str, Any]] = []
            if household.exists:
                if pact.pairing_code:
                    batch.append(key(f"PAIR#{pact.pairing_code}", "PAIR"))
                batch += self._keys_of(pact_key(pact.pact_id))
            deleted += self._delete_keys(batch + others, deadline)
            if household.exists:
                for member in pact.members:
                    if member != me:
                        deleted += self._drop_copy(pact, member, deadline)
                deleted += self._drop_copy(pact, me, deadline, keep_reminders=False)
            else:  # a copy that does not list this account (never shown), if any
                deleted += self._delete_keys(copy, deadline)
        except DeleteIncomplete as error:
            raise DeleteIncomplete(deleted + error.deleted) from error
        except StoreError as error:
            raise DeleteIncomplete(deleted) from error
        log.info("household deleted (%d items)", deleted)
        return deleted

    def delete_account(
        self,
        account: str,
        deadline: float | None = None,
        *,
        keep_copy: bool = False,
        known: list[str] | None = None,
    ) -> int:
        """Every item in an account's own partition (its copy last, or kept with keep_copy).
        `known`: the partition's sort keys as this turn read them (no second Query)."""
        deadline = deadline if deadline is not None else time.monotonic() + DELETE_BUDGET_S
        others, copy = self._account_keys(account, known)
        deleted = self._delete_keys(others, deadline)
        if not keep_copy:
            deleted += self._delete_keys(copy, deadline)
        return deleted

    def _account_keys(
        self, account: str, known: list[str] | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The keys of an account's partition (`known`: its sort keys as this turn read them,
        else a Query): those of its other items, and its copy's."""
        if known is None:
            keys = self._keys_of(account_key(account))
        else:
            keys = [key(account_key(account), sk) for sk in known]
        others = [k for k in keys if k["sk"]["S"] != COPY]
        return others, [k for k in keys if k["sk"]["S"] == COPY]

    def forget_leftover(self, account: str) -> None:
        """The reminders kept aside for this account were cancelled."""
        self._delete_keys([key(account_key(account), LEFTOVER)], time.monotonic() + 1)

    def forget_leftover_partner(self, household: Household) -> None:
        """The partner reminders kept aside for this account were cancelled (the item goes when
        nothing else is kept in it)."""
        if not household.leftover_tokens:
            self.forget_leftover(household.account)
            return
        self.update(
            Key=key(account_key(household.account), LEFTOVER),
            UpdateExpression="REMOVE partner_tokens",
            ConditionExpression="attribute_exists(pk)",
        )

    def delete_partition(self, pk: str) -> int:
        """Every item under one partition key (a pact's history)."""
        return self._delete_keys(self._keys_of(pk), time.monotonic() + DELETE_BUDGET_S)

    def delete_episodes(self, keys: list[dict[str, Any]]) -> int:
        return self.delete_keys(keys)

    def delete_keys(self, keys: list[dict[str, Any]]) -> int:
        """These items (BatchWriteItem with backoff; see _delete_keys)."""
        return self._delete_keys(keys, time.monotonic() + DELETE_BUDGET_S)

    def _drop_copy(
        self, pact: Pact, member: str, deadline: float, *, keep_reminders: bool = True
    ) -> int:
        """One member's copy of this pact (only if it still is a copy of this pact), with the
        reminders that member holds kept aside for them."""
        held = sorted(_held_by(pact, member)) if keep_reminders else []
        # The partner reminders (issue 18) go too: a message to that account cancels them.
        partner = partner_sync.held_by(pact, member) if keep_reminders else []
        condition = {
            "ConditionExpression": "pact_id = :id",
            "ExpressionAttributeValues": {":id": {"S": pact.pact_id}},
        }
        delete = {"Delete": {"Key": key(account_key(member), COPY), **condition}}
        operations: list[dict[str, Any]] = [delete]
        if held or partner:
            leftover = {
                "pk": account_key(member),
                "sk": LEFTOVER,
                "tokens": held,
                "partner_tokens": partner or None,
                "expires_at": int(time.time()) + 400 * 86400,
            }
            operations.append({"Put": {"Item": to_dynamo(leftover)}})
        while True:
            try:
                done = self._drop(operations)
            except StoreError as error:
                if "Throttl" not in str(error) or time.monotonic() > deadline:
                    raise DeleteIncomplete(0) from error
                time.sleep(_jitter.uniform(0, DELETE_BACKOFF_S))
                continue
            return 1 if done else 0

    def _drop(self, operations: list[dict[str, Any]]) -> bool:
        """A copy's conditional delete: one DeleteItem (half a transaction's write units) when
        no reminders go aside with it. False when its condition failed."""
        if len(operations) > 1:
            return not self.transact_reasons(operations)
        table, delete = self.table_name, operations[0]["Delete"]
        refused = self._call(CONDITION_FAILED, lambda c: c.delete_item(TableName=table, **delete))
        return refused is None

    def _delete_keys(self, keys: list[dict[str, Any]], deadline: float) -> int:
        """BatchWriteItem in 25s; unprocessed items are retried with jittered, doubling waits
        until the deadline. Deleting what is already gone is fine."""
        deleted = 0
        client = self._client()
        for start in range(0, len(keys), 25):
            batch = keys[start : start + 25]
            request: dict[str, Any] = {
                self.table_name: [{"DeleteRequest": {"Key": k}} for k in batch]
            }
            wait = DELETE_BACKOFF_S
            while True:
                try:
                    response = client.batch_write_item(RequestItems=request)
                except ClientError as error:
                    if "Throttl" not in _code(error) or time.monotonic() + wait > deadline:
                        raise DeleteIncomplete(deleted) from error
                    response = {"UnprocessedItems": request}
                except BotoCoreError as error:
                    raise DeleteIncomplete(deleted) from error
                unprocessed = response.get("UnprocessedItems") or {}
                left = len(unprocessed.get(self.table_name, []))
                deleted += len(request.get(self.table_name, [])) - left
                if not left:
                    break
                if time.monotonic() + wait > deadline:
                    raise DeleteIncomplete(deleted)
                time.sleep(_jitter.uniform(wait / 2, wait))
                wait = min(wait * 2, DELETE_MAX_WAIT_S)
                request = unprocessed
        return deleted

    def _keys_of(self, pk: str) -> list[dict[str, Any]]:
        query: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": pk}},
            "ProjectionExpression": "pk, sk",
        }
        return list(self._query(query))


def _held_by(pact: Pact, member: str) -> set[str]:
    """Reminder tokens that live on `member`'s Alexa account."""
    held: set[str] = set()
    if pact.reflection_reminder and pact.reflection_reminder_by == member:
        held.add(pact.reflection_reminder)
    space = pact.active_space
    if space is not None and space.reminder_token and space.reminder_by == member:
        held.add(space.reminder_token)
    return held


def _failure(
    error: ClientError, household: Household, items: list[dict[str, Any]]
) -> Exception | None:
    """What a refused write means: a conflict to reload and re-apply, a joining member's copy
    to write over again, an error, or (None) a retried put that had in fact been done."""
    code = _code(error)
    if code == "ConditionalCheckFailedException":
        if _same(error.response.get("Item"), items[0]["Put"]["Item"]):
            return None
        return _Conflict()
    if code == "TransactionCanceledException":
        reasons = error.response.get("CancellationReasons") or []
        failed = [i for i, r in enumerate(reasons) if r.get("Code") == "ConditionalCheckFailed"]
        if failed and all(_moved(household, items[i], reasons[i]) for i in failed):
            return _Moved()
        if failed:
            return _Conflict()
    return StoreError(code)


def _same(stored: dict[str, Any] | None, written: dict[str, Any]) -> bool:
    """The item a failed conditional put found is the very item it meant to write."""
    return stored is not None and from_dynamo(stored) == from_dynamo(written)


def _moved(household: Household, operation: dict[str, Any], reason: dict[str, Any]) -> bool:
    """A joining member's copy failed its condition only because it is not the one recorded,
    and is still nothing or a pact they have alone: `household.joining` learns which, and the
    write can go again (True). Anything else (a copy they share) is a real conflict (False)."""
    put = operation.get("Put")
    pk = str(((put or {}).get("Item") or {}).get("pk", {}).get("S", ""))
    member = pk.removeprefix("ACCOUNT#")
    if put is None or not pk.startswith("ACCOUNT#") or member not in household.joining:
        return False
    found = from_dynamo(reason["Item"]) if reason.get("Item") else None
    if found is None:
        household.joining[member] = ""
        return True
    members = found.get("members")
    members = members if isinstance(members, list) else []
    if len(members) >= 2:  # a pact they share: never written over
        return False
    had = found.get("pact_id")
    household.joining[member] = had if isinstance(had, str) and member in members else ""
    return True


def _bumped(pact: Pact) -> Pact:
    return replace(pact, version=pact.version + 1)
