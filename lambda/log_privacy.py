"""Logs never carry what a person said.

The skill's own log lines name request types, intents and error types only. Libraries are the
risk: botocore at DEBUG logs whole DynamoDB request bodies (names, signal words, reflections),
ask-sdk and urllib3 can log payloads and URLs too. Their loggers are pinned to WARNING here, so
even a root logger at DEBUG cannot make them write what couples said.
"""

from __future__ import annotations

import logging

CHATTY_LIBRARIES = (
    "botocore",
    "boto3",
    "urllib3",
    "requests",
    "ask_sdk_core",
    "ask_sdk_runtime",
    "ask_sdk_model",
    "ask_sdk_webservice_support",
    "flask_ask_sdk",
    "s3transfer",
)


def quiet_libraries() -> None:
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
