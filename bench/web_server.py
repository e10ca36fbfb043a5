"""`pause-pact serve` for the bench: the same app on werkzeug's threaded server, with a local PKI.

`python -m bench.web_server on|off PKI_DIR` prints {"port": N} once it listens on 127.0.0.1
and serves until its standard input closes. What differs from `pause-pact serve`: Amazon's
signing chain is replaced by a local one (trust store = PKI_DIR/root.pem, the chain served from
PKI_DIR/chain.pem instead of downloaded), and DynamoDB is bench.infra's moto server.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from werkzeug.serving import make_server

from bench.common import emit
from skill import create_skill
from webservice import create_app


def main(argv: list[str]) -> int:
    verify = argv[0] == "on"
    pki = Path(argv[1])
    chain = (pki / "chain.pem").read_bytes()
    app = create_app(
        create_skill(),
        verify=verify,
        trust_store=str(pki / "root.pem"),
        cert_fetcher=lambda _url: chain,
    )
    # What Flask's app.run (and so `pause-pact serve`) starts: werkzeug, one thread a request.
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    emit({"port": server.server_port, "verify": verify})
    sys.stdin.read()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
