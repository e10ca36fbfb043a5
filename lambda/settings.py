"""Settings read from the environment (see README "Settings")."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_TABLE_NAME = "pause-pact"


@dataclass(frozen=True)
class Settings:
    """Everything the skill reads from its environment, in one place."""

    table_name: str = DEFAULT_TABLE_NAME
    skill_id: str | None = None
    # Bounded time budgets so a turn always answers inside Alexa's 8 seconds.
    dynamodb_connect_timeout_s: float = 0.5
    dynamodb_read_timeout_s: float = 1.0
    dynamodb_max_attempts: int = 2
    alexa_api_timeout_s: float = 1.5
    # Skill Messaging (the partner's devices): the SSM SecureString holding the skill's LWA
    # client id and secret, read in the background and cached; never the secret itself.
    messaging_parameter: str | None = None
    lwa_endpoint: str = "https://api.amazon.com"
    messaging_timeout_s: float = 1.0  # each LWA / SSM / messaging call, off the answer's path
    messaging_wait_s: float = 0.25  # the most a turn waits for its message before answering
    # ...and never past this much of the turn (today's worst case without messaging: DynamoDB
    # 2 x 1.5 s and one Alexa API call of 1.5 s), so messaging never lengthens the worst turn.
    turn_budget_s: float = 4.5
    credentials_ttl_s: float = 900.0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            table_name=env.get("PACTS_TABLE_NAME", "").strip() or DEFAULT_TABLE_NAME,
            skill_id=env.get("SKILL_ID", "").strip() or None,
            messaging_parameter=env.get("SKILL_MESSAGING_PARAMETER", "").strip() or None,
        )
