"""Pause Pact as a self-hosted web service (`pause-pact serve`): never shipped to Lambda.

Lambda runs ``lambda/lambda_function.py`` alone; this package is what self-hosting adds on top of
the same skill (it needs Flask, flask-ask-sdk and cryptography, which the Lambda zip lacks):

* :mod:`webservice.app` - the Flask app around flask-ask-sdk's ``SkillAdapter`` and the rules
  for starting it (``SKILL_ID``, ``--no-verify`` only on loopback);
* :mod:`webservice.verifier` - Amazon's request checks (signature chain, signature, timestamp)
  on ``cryptography``, with bounded certificate downloads;
* :mod:`webservice.compat` - makes flask-ask-sdk importable where ``oscrypto`` cannot load.

It imports the skill from ``lambda/`` by its top-level names (``skill``, ``settings``), as the
Lambda runtime does; importing this package puts ``lambda/`` on ``sys.path`` for that (as
``simulator`` does), so a WSGI server can load ``webservice:create_app()`` directly.
"""

import sys
from pathlib import Path

LAMBDA_DIR = Path(__file__).resolve().parent.parent / "lambda"
if str(LAMBDA_DIR) not in sys.path:
    sys.path.insert(0, str(LAMBDA_DIR))

from webservice.app import (  # noqa: E402 - after lambda/ is importable
    DEFAULT_MAX_BODY_BYTES,
    create_app,
    is_loopback,
    serve,
    serving_problem,
)

__all__ = ["DEFAULT_MAX_BODY_BYTES", "create_app", "is_loopback", "serve", "serving_problem"]
