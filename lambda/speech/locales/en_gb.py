"""United Kingdom (en-GB): only what differs from speech.catalog.EN.

The speech is the same English; the safety lines are the UK's (pacts/hotlines.py, market GB),
and an example time is said the British way.
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

OVERRIDES: Final[dict[str, Entry]] = {
    "safety.emergency_after": "If you can't speak on a mobile, press 55 when you're asked.",
    "safety.dv": "The National Domestic Abuse Helpline is free, day and night, on",
    "safety.crisis": (
        "If you're thinking about hurting yourself, call Samaritans free, any time, on"
    ),
    "safety.crisis_text": "or text SHOUT to",
    "reflection.none": (
        "There's no nightly reflection set. To start one, say: set our nightly reflection for "
        "half past nine."
    ),
}
