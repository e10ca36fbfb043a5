"""United States in Spanish (es-US): the base table (speech/locales/es.py), US safety lines.

The same US services as en-US (pacts/hotlines.py, market US), said so that a Spanish speaker
knows they will be answered in Spanish: the Hotline has Spanish-speaking advocates, and 988 takes
Spanish calls (press 2) and texts (the word AYUDA).
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

OVERRIDES: Final[dict[str, Entry]] = {
    "safety.dv": "La Línea Nacional contra la Violencia Doméstica te atiende en español en el",
    "safety.dv_text": "o envía la palabra START por mensaje de texto al",
    "safety.crisis": (
        "Si estás pensando en hacerte daño, llama o envía la palabra AYUDA por mensaje de texto al"
    ),
    "safety.crisis_after": "Al llamar, marca el 2 para hablar en español.",
}
