"""Canada (en-CA): only what differs from speech.catalog.EN.

Canada's 911 and 988 (call or text) are said exactly as in the US; Canada has no national
domestic-violence phone line, so that sentence points to the shelters' 24-hour lines
(pacts/hotlines.py, market CA).
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

OVERRIDES: Final[dict[str, Entry]] = {
    "safety.dv": "For abuse at home, find a shelter's 24-hour line at",
    # The verb is "practise" outside the US.
    "drill.intro": (
        "Let's practise your pact while things are calm. It takes about two minutes. Saying the "
        "words out loud now makes them come easily when it matters."
    ),
}
