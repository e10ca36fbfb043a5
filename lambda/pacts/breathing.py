"""Paced breathing: the one set of timings the spoken grounding pause and the breathing screen
both read (`intents.grounding` says it, `screens.breathing_screen` draws it).

In for 4 seconds, out for 6 (a long out-breath calms), six times: one minute of silence in
breaks of at most 10 seconds each, after a short lead-in.
"""

from __future__ import annotations

from typing import Final

BREATHS: Final = 6
IN_SECONDS: Final = 4
OUT_SECONDS: Final = 6
# The spoken pause after the invitation and before the first breath.
LEAD_IN_SECONDS: Final = 1.5
# After two guided breaths, shorter cues leave more quiet.
WORDED_BREATHS: Final = 2
