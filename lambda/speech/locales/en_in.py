"""India (en-IN): only what differs from speech.catalog.EN.

112, the Women Helpline 181 and Tele MANAS 14416 (pacts/hotlines.py, market IN).
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

OVERRIDES: Final[dict[str, Entry]] = {
    "safety.dv": "The Women Helpline, open day and night, is",
    "safety.crisis": (
        "If you're thinking about hurting yourself, call Tele MANAS, free, any time, on"
    ),
}
