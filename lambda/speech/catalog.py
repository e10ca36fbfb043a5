"""The skill's words, kept out of the handlers. One table per language; variants rotate.

Keys are stable; each value is a phrase or a list of variants. `{name}` fields are filled by
`Phrases.get`. Writing here is writing for a flooded person: short sentences, no blame, the
pattern named rather than a partner.
"""

from __future__ import annotations

import hashlib
from typing import Final

Entry = str | tuple[str, ...]

EN: Final[dict[str, Entry]] = {
    # Space: the first sentence carries the whole job.
    "space.heard": "I heard you, and you'll come back to this {when}.",
    "space.heard_relative": "I heard you, and you'll come back to this in {duration}.",
    "space.moved": "I heard you, and I've moved your return: you'll come back to this {when}.",
    "space.moved_relative": (
        "I heard you, and I've moved your return: you'll come back to this in {duration}."
    ),
    "space.too_short": "That's the shortest space I keep, so there's time to settle.",
    "space.too_long": "That's the longest space your pact allows; space works best with a return.",
    "space.unreadable": "I didn't catch how long, so I used your usual {duration}.",
    "space.aftercare": (
        "Let your body settle. When you come back, one small step is enough.",
        "Take the time you need. The conversation will keep until then.",
        "Breathe slowly. Space is safe because you're coming back.",
    ),
    "space.no_clock": "I couldn't check your clock, so keep that time in mind yourselves.",
    # Cycle and grounding.
    "cycle.name": (
        "This is the cycle, not either of you. It's the two of you against the cycle, "
        "so let's slow it down together."
    ),
    "grounding.start": "Let's take a pause. Let your shoulders drop, and your feet rest on the floor.",
    "grounding.in": "Breathe in slowly,",
    "grounding.out": "and let it go, slow and long.",
    "grounding.in_short": "In,",
    "grounding.out_short": "and out.",
    "grounding.end": "Good. Notice that you're a little slower now.",
    "slow.question": (
        "Now, quietly, each of you ask: what am I feeling now?",
        "Now, quietly, each of you ask: can I say this differently?",
        "Now, quietly, each of you ask: what do I need?",
    ),
    "cycle.offer": "When you're ready, you can choose space, connection, or another pause.",
    "cycle.reprompt": "Would you like space, connection, or another pause?",
    "grounding.after": "If you need space or connection next, just tell me.",
    "grounding.reprompt": "Would you like space, connection, or another pause?",
    # Connection: the pursuer's side.
    "connection.waiting": (
        "I hear that you need connection. Your partner is taking space and will come back "
        "{when}, {left} from now."
    ),
    "connection.waiting_relative": (
        "I hear that you need connection. Your partner is taking space and will come back in "
        "{left}."
    ),
    "connection.wait_help": (
        "Waiting is hard. Ask yourself: what would happen if I waited five minutes? "
        "Would you like a short breathing pause while you wait?"
    ),
    "connection.soft_start": (
        "I hear that you need connection. Try a soft start: I have something to say. "
        "Are you free to listen? Then let your partner answer in their own time."
    ),
    "connection.reprompt": "Would you like a short breathing pause?",
    # Return time.
    "return.running": "You agreed to come back to this {when}. That's {left} from now.",
    "return.running_relative": "You agreed to come back to this in {left}.",
    "return.ended": ("Your space ended {when}. When you're ready, say: I'm back."),
    "return.ended_relative": "Your space has ended. When you're ready, say: I'm back.",
    "return.none": "There's no space running right now. If one of you needs a pause, say: I need space.",
    # Back.
    "back.on_time": "Welcome back. You came back when you said you would, and that builds trust.",
    "back.late": "Welcome back. It took a little longer than planned, and coming back still matters.",
    "back.early": "Welcome back. You're back before your time; that's a kind thing to do.",
    "back.none": "Welcome back.",
    "back.step": (
        "One small step toward each other: a warm word, a touch, or simply, thanks for waiting.",
        "Try starting gently: I've had time to settle. Can we try again, slowly?",
        "One small step is enough: tell your partner one thing you heard them say.",
    ),
    # Safety: no coaching.
    "safety.lead": "Your safety comes first.",
    "safety.emergency": "If you're in danger right now, call",
    "safety.dv": "The National Domestic Violence Hotline is",
    "safety.dv_text": "or text START to",
    "safety.crisis": "If you're thinking about hurting yourself, call or text",
    "safety.close": "You deserve support, and you don't have to handle this alone.",
    # Launch, help, fallback, goodbye.
    "launch.welcome": (
        "Pause Pact is here. In a hard moment you can say: I need space, "
        "we're in the cycle again, or help me calm down."
    ),
    "launch.reprompt": "What do you need right now?",
    "help": (
        "Pause Pact helps you pause the chase and retreat cycle. Say, I need space, and I'll hold "
        "your return time. Say, we're in the cycle again, and we'll slow down together. You can "
        "also ask, when are we coming back, or say, I'm back. What would you like?"
    ),
    "fallback": (
        "I didn't catch that. You can say: I need space, we're in the cycle again, or when are "
        "we coming back."
    ),
    "goodbye": "Okay. Be gentle with each other.",
    "not_saved": "I couldn't write this down just now, so please keep the time in mind.",
    "not_saved_soft": "I couldn't note this one down just now, and that's all right.",
    "error": (
        "I'm having a little trouble, but I'm still here. If you need space, take twenty minutes, "
        "and come back to this then."
    ),
}

CATALOGS: Final[dict[str, dict[str, Entry]]] = {"en": EN}


class Phrases:
    """The words for one locale; `seed` keeps a turn's choice of variants stable."""

    def __init__(self, locale: str | None, seed: str = "") -> None:
        language = (locale or "en").split("-")[0].lower()
        self.catalog = CATALOGS.get(language, EN)
        self.seed = seed

    def get(self, key: str, **fields: str) -> str:
        entry = self.catalog[key]
        if isinstance(entry, tuple):
            digest = hashlib.sha256(f"{self.seed}:{key}".encode()).digest()
            entry = entry[digest[0] % len(entry)]
        return entry.format(**fields) if fields else entry
