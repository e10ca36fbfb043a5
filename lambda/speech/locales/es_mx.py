"""Mexico (es-MX): only what differs from the Latin American base (speech/locales/es.py).

The base is already how Mexico speaks (ustedes, pretérito, "listo"); Mexico gets its own safety
lines and "platicar", the everyday word for talking something through.
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

OVERRIDES: Final[dict[str, Entry]] = {
    # Safety (pacts/hotlines.py, market MX): 911, Línea de las Mujeres 079 opción 1,
    # Línea de la Vida 800 911 2000.
    "safety.dv": "Si vives violencia, llama a la Línea de las Mujeres al",
    "safety.dv_after": "Marca la opción 1.",
    "safety.others_crisis": "Para hablarlo ahora, llama a la Línea de la Vida al",
    "safety.crisis": "Si piensas hacerte daño, llama a la Línea de la Vida al",
    "connection.soft_start": (
        "Entiendo que necesitas conexión. Podrías decirle: tengo algo que platicarte, "
        "¿me puedes escuchar? Y deja que tu pareja responda a su tiempo."
    ),
    "drill.connection": "{who}, ahora di: tengo algo que platicarte, ¿me puedes escuchar?",
    "summary.suggest_soft": (
        "Una idea para la próxima semana: cuando necesites hablar, pregunta primero. Podrías "
        "decir: tengo algo que platicarte, ¿me puedes escuchar? Y dale tiempo de contestar."
    ),
    "pattern.practice.gentle_ask": (
        "Baja la intensidad. Podrías decir: tengo algo que platicarte, ¿me puedes escuchar un "
        "momento?"
    ),
}
