"""Australia (en-AU): only what differs from speech.catalog.EN.

Triple Zero, 1800RESPECT and Lifeline, each with its text number (pacts/hotlines.py, market AU).
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

OVERRIDES: Final[dict[str, Entry]] = {
    "safety.emergency": "If you're in danger, call Triple Zero,",
    "safety.dv": "For abuse at home, call 1800RESPECT on",
    "safety.dv_text": "or text",
    "safety.crisis": "If you might hurt yourself, call Lifeline on",
    "safety.crisis_text": "or text",
    "safety.others_emergency": "If anyone is in danger, call Triple Zero,",
    "safety.others_crisis": "To talk it through now, call Lifeline on",
    # The verb is "practise" outside the US.
    "drill.intro": (
        "Let's practise your pact while things are calm. It takes about two minutes. Saying the "
        "words out loud now makes them come easily when it matters."
    ),
}
