"""Move pacts stored in the layout before issue 12 to the current one (see lambda/pacts/store.py).

    python -m tools.migrate_layout --table pause-pact [--endpoint-url http://127.0.0.1:8000]

Run once before the new version serves requests; running it again moves nothing twice.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lambda"))

from pacts.store import PactStore, StoreError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--table", default="pause-pact")
    parser.add_argument("--endpoint-url", default=None)
    args = parser.parse_args(argv)
    client = boto3.client("dynamodb", endpoint_url=args.endpoint_url)
    try:
        moved = PactStore(args.table, lambda: client).migrate_old_layout()
    except StoreError as error:
        print(f"migrate_layout: DynamoDB refused: {error}", file=sys.stderr)
        return 1
    print(f"migrate_layout: {moved} pacts moved")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
