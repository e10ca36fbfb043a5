"""United Kingdom (en-GB): only what differs from speech.catalog.EN.

The speech is the same English; the safety lines are the UK's (pacts/hotlines.py, market GB),
and an example time is said the British way.
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

OVERRIDES: Final[dict[str, Entry]] = {
    "safety.emergency_after": "If you can't speak, press 55.",
    "safety.crisis": "If you might hurt yourself, call Samaritans on",
    "safety.crisis_text": "or text SHOUT to",
    "safety.others_crisis": "To talk it through now, call Samaritans on",
    "reflection.none": (
        "There's no nightly reflection set. To start one, say: set our nightly reflection for "
        "half past nine."
    ),
    # The verb is "practise" outside the US.
    "drill.intro": (
        "Let's practise your pact while things are calm. It takes about two minutes. Saying the "
        "words out loud now makes them come easily when it matters."
    ),
}
