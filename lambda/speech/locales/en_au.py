"""Australia (en-AU): only what differs from speech.catalog.EN.

Triple Zero, 1800RESPECT and Lifeline, each with its text number (pacts/hotlines.py, market AU).
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

OVERRIDES: Final[dict[str, Entry]] = {
    "safety.emergency": "If you're in danger right now, call Triple Zero,",
    "safety.dv": "For domestic and family violence, 1800RESPECT is",
    "safety.dv_text": "or text",
    "safety.crisis": "If you're thinking about hurting yourself, call Lifeline on",
    "safety.crisis_text": "or text",
}
