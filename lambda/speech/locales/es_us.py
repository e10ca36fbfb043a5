"""United States in Spanish (es-US): the base table (speech/locales/es.py), US safety lines.

The same US services as en-US (pacts/hotlines.py, market US), said so that a Spanish speaker
knows they will be answered in Spanish: the Hotline has Spanish-speaking advocates, and 988 takes
Spanish calls (press 2) and texts (the word AYUDA).
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

OVERRIDES: Final[dict[str, Entry]] = {
    "safety.dv_text": "o manda START por mensaje al",
    "safety.crisis": "Si piensas hacerte daño, manda AYUDA o llama al",
    "safety.crisis_after": "Marca el 2 para español.",
    "safety.others_crisis": "Para hablarlo ahora, manda AYUDA o llama al",
}
