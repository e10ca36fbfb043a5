"""Local tooling for Pause Pact (never shipped to Lambda): simulator, stand-ins, web service CLI.

`lambda/` is the Lambda deployment root, whose modules import each other as top-level names
(`from intents import space`); importing this package makes them importable here too.
"""

import sys
from pathlib import Path

LAMBDA_DIR = Path(__file__).resolve().parent.parent / "lambda"
if str(LAMBDA_DIR) not in sys.path:
    sys.path.insert(0, str(LAMBDA_DIR))
