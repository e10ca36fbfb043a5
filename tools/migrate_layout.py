"""Move pacts stored in the layout before issue 12 to the current one (see lambda/pacts/store.py).

    python -m tools.migrate_layout --table pause-pact [--endpoint-url http://127.0.0.1:8000]

The old layout kept a founder's pact in `PACT#<a>`/`PACT` and pointed partners at it with
`PACT#<a>`/`LINK`. Each pact gets a copy for every current member (`ACCOUNT#<a>`/`PACT`), and
the old pact item and links go, in one transaction per pact. Its id stays, an opaque id from
then on (nothing derives it from an account any more), so its episodes stay where they are.
Run once before the new version serves requests; running it again moves nothing twice. It scans
the table, which the skill itself never does (so the function's role needs no Scan).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lambda"))

from pacts.model import Pact, UnreadablePact
from pacts.store import (
    COPY,
    PactStore,
    StoreError,
    account_key,
    from_dynamo,
    key,
    pact_key,
    to_dynamo,
)

log = logging.getLogger(__name__)


def migrate(store: PactStore, client: Any) -> int:
    """Move every old-layout pact; returns how many moved."""
    pacts: dict[str, dict[str, Any]] = {}
    links: dict[str, str] = {}
    for item in _old_items(store.table_name, client):
        owner = str(item.get("pk", "")).removeprefix("PACT#")
        if item.get("sk") == "PACT":
            pacts[owner] = item
        elif isinstance(item.get("pact_id"), str):
            links[owner] = item["pact_id"]
    moved = sum(1 for pact_id, item in pacts.items() if _move(store, pact_id, item, links))
    # Links to nothing: the old layout's "start fresh" after leaving.
    store.delete_keys(
        [key(pact_key(a), "LINK") for a, target in links.items() if target not in pacts]
    )
    return moved


def _old_items(table: str, client: Any) -> Iterator[dict[str, Any]]:
    start: dict[str, Any] | None = None
    while True:
        request: dict[str, Any] = {
            "TableName": table,
            "FilterExpression": "begins_with(pk, :p) AND (sk = :pact OR sk = :link)",
            "ExpressionAttributeValues": {
                ":p": {"S": "PACT#"},
                ":pact": {"S": "PACT"},
                ":link": {"S": "LINK"},
            },
        }
        if start:
            request["ExclusiveStartKey"] = start
        try:
            response = client.scan(**request)
        except (ClientError, BotoCoreError) as error:
            raise StoreError(type(error).__name__) from error
        yield from (from_dynamo(raw) for raw in response.get("Items", []))
        start = response.get("LastEvaluatedKey")
        if not start:
            return


def _move(store: PactStore, pact_id: str, item: dict[str, Any], links: dict[str, str]) -> bool:
    try:
        pact = Pact.from_item(pact_id, item)
    except UnreadablePact as error:
        log.warning("old-layout pact left as it is: field %s unreadable", error)
        return False
    # A member whose link points elsewhere joined (or left for) another pact.
    members = tuple(m for m in pact.members or (pact_id,) if links.get(m, pact_id) == pact_id)
    if not members:
        return False
    pact = replace(pact, pact_id=pact_id, members=members)
    operations: list[dict[str, Any]] = [
        {
            "Put": {
                "Item": to_dynamo({"pk": account_key(m), "sk": COPY, **pact.to_item()}),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
        for m in members
    ]
    operations.append(
        {
            "Delete": {
                "Key": key(pact_key(pact_id), "PACT"),
                "ConditionExpression": "attribute_not_exists(version) OR version = :v",
                "ExpressionAttributeValues": {":v": {"N": str(pact.version)}},
            }
        }
    )
    operations += [{"Delete": {"Key": key(pact_key(m), "LINK")}} for m in members if m != pact_id]
    if not store.transact(operations):
        log.warning("old-layout pact not moved: a member already has a pact")
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--table", default="pause-pact")
    parser.add_argument("--endpoint-url", default=None)
    args = parser.parse_args(argv)
    client = boto3.client("dynamodb", endpoint_url=args.endpoint_url)
    try:
        moved = migrate(PactStore(args.table, lambda: client), client)
    except StoreError as error:
        print(f"migrate_layout: DynamoDB refused: {error}", file=sys.stderr)
        return 1
    print(f"migrate_layout: {moved} pacts moved")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
