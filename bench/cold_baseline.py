"""A fresh process: the minimal ask-sdk-core hello-world skill plus a boto3 DynamoDB resource.

The baseline for `cold_import_ratio`; prints the seconds it took, as bench/cold_ours.py does.
"""

import time

_START = time.perf_counter()
_CPU = time.process_time()

import json  # noqa: E402
from typing import Any  # noqa: E402

import boto3  # noqa: E402
from ask_sdk_core.skill_builder import SkillBuilder  # noqa: E402
from ask_sdk_core.utils import is_request_type  # noqa: E402

builder = SkillBuilder()


@builder.request_handler(can_handle_func=is_request_type("LaunchRequest"))
def hello(handler_input: Any) -> Any:
    return handler_input.response_builder.speak("Hello world").response


lambda_handler = builder.lambda_handler()
dynamodb = boto3.resource("dynamodb")
print(
    json.dumps(
        {
            "seconds": time.perf_counter() - _START,
            "cpu_seconds": time.process_time() - _CPU,
        }
    ),
    flush=True,
)
