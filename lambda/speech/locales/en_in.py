"""India (en-IN): only what differs from speech.catalog.EN.

112, the Women Helpline 181 and Tele MANAS 14416 (pacts/hotlines.py, market IN).
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

OVERRIDES: Final[dict[str, Entry]] = {
    "safety.dv": "For abuse at home, call the Women Helpline on",
    "safety.crisis": "If you might hurt yourself, call Tele MANAS on",
    "safety.others_crisis": "To talk it through now, call Tele MANAS on",
    # The verb is "practise" outside the US.
    "drill.intro": (
        "Let's practise your pact while things are calm. It takes about two minutes. Saying the "
        "words out loud now makes them come easily when it matters."
    ),
}
