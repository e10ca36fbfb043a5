"""Screens (Echo Show and other APL devices): what to show, built as APL RenderDocument directives.

Pure functions: they read the request only to ask whether the device has a screen, and build
directives from the same values the speech uses, so screen, speech and card cannot disagree.

* The space screen shows the return time in the speech's own words (`label`, what `when_words`
  gives: "at 8:45 PM", "tomorrow at 7 AM", "a las 8:45 de la noche") and a countdown
  that APL computes on the device: the return instant (epoch ms, in the datasource) minus APL's
  `utcTime`. A tick handler re-measures it once a second; it never counts ticks.
* The breathing screen grows a circle for each in-breath and shrinks it for each out-breath,
  with the breath count and seconds from `pacts.breathing`, which the spoken pause reads too.

Documents live in `apl/*.json` beside this module (they ship in the Lambda zip with it).
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ask_sdk_core.utils import get_supported_interfaces

from pacts import breathing

if TYPE_CHECKING:
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

APL_DIR: Final = Path(__file__).with_name("apl")
# APL document tokens (names for the rendered screens, not secrets).
SPACE_TOKEN: Final = "pause-pact-space"  # noqa: S105
BREATHING_TOKEN: Final = "pause-pact-breathing"  # noqa: S105

# The spoken pause after the invitation and before the first breath (`grounding_pause`).
LEAD_IN_SECONDS: Final = breathing.LEAD_IN_SECONDS
# Devices show a document about 30 s after the session ends unless it asks for longer (and a
# device may still cut it short); never ask for less than that.
MIN_IDLE_MS: Final = 30_000
BREATHING_AFTER_MS: Final = 30_000

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)

# Screen words per language. Kept here, not in speech/catalog.py, until the locale work settles
# the catalog's shape; the keys are named so they can move there unchanged.
_WORDS: Final[dict[str, dict[str, dict[str, str]]]] = {
    "en": {
        "space": {
            "title": "You'll come back to this",
            "leftBefore": "",
            "leftAfter": " left",
            "now": "It's time to come back, gently.",
        },
        "breathing": {
            "ready": "Let your shoulders drop",
            "in": "Breathe in",
            "out": "Breathe out",
            "done": "Good. A little slower now.",
            "circle": "A circle that grows as you breathe in and shrinks as you breathe out.",
        },
    },
    "es": {
        "space": {
            "title": "Vuelves a la conversación",
            "leftBefore": "Quedan ",
            "leftAfter": "",
            "now": "Es hora de volver, con calma.",
        },
        "breathing": {
            "ready": "Relaja los hombros",
            "in": "Inhala",
            "out": "Exhala",
            "done": "Bien. Un poco más despacio.",
            "circle": "Un círculo que crece al inhalar y se encoge al exhalar.",
        },
    },
}


def supports_apl(handler_input: Any) -> bool:
    """True only when the device declares `Alexa.Presentation.APL` (Echo Show, Fire TV, ...)."""
    try:
        interfaces = get_supported_interfaces(handler_input)
    except AttributeError:  # no context, system or device in the envelope
        return False
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


def words(locale: str, screen: str) -> dict[str, str]:
    """The screen's words for a locale ("es-MX" → Spanish), English when the language is new."""
    language = locale.split("-", maxsplit=1)[0].lower()
    return dict(_WORDS.get(language, _WORDS["en"])[screen])


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since the Unix epoch, as APL's `utcTime` counts them."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed (a naive one is read in the host's zone)")
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def load_document(name: str) -> dict[str, Any]:
    """A fresh copy of `apl/<name>.json` (callers may change it)."""
    document: dict[str, Any] = json.loads(_document_text(name))
    return document


def render(
    token: str, document: dict[str, Any], datasources: dict[str, Any]
) -> RenderDocumentDirective:
    """Alexa.Presentation.APL.RenderDocument. ask-sdk's APL model is 75 modules: they load with
    the first screen a container shows, not on every cold start."""
    from ask_sdk_model.interfaces.alexa.presentation.apl import (  # noqa: PLC0415
        RenderDocumentDirective,
    )

    return RenderDocumentDirective(token=token, document=document, datasources=datasources)


@functools.cache
def _document_text(name: str) -> str:
    return (APL_DIR / f"{name}.json").read_text(encoding="utf-8")


def space_screen(
    return_at_utc: datetime, now_utc: datetime, label: str, locale: str
) -> RenderDocumentDirective:
    """The return time in the speech's words (`label`: "at 8:45 PM", "tomorrow at 7 AM"), under
    "You'll come back to this", and a countdown to `return_at_utc`. An empty label (time zone
    unknown, so the speech gave a relative time) shows the countdown as the main text."""
    return_at_ms = epoch_ms(return_at_utc)
    sent_at_ms = epoch_ms(now_utc)
    document = load_document("space")
    document["settings"]["idleTimeout"] = max(MIN_IDLE_MS, return_at_ms - sent_at_ms)
    properties = {
        "label": label,
        "returnAtMs": return_at_ms,
        "returnAtUtc": return_at_utc.astimezone(UTC).isoformat(),
        "sentAtMs": sent_at_ms,
        "words": words(locale, "space"),
    }
    return render(
        token=SPACE_TOKEN,
        document=document,
        datasources={"space": {"type": "object", "properties": properties}},
    )


def breathing_screen(
    *,
    in_s: float | None = None,
    out_s: float | None = None,
    breaths: int | None = None,
    lead_in_s: float = LEAD_IN_SECONDS,
    locale: str = "en-US",
) -> RenderDocumentDirective:
    """A circle breathing with the spoken pause: after `lead_in_s`, `breaths` rounds of growing
    for `in_s` and shrinking for `out_s`. Unset timings are the spoken pause's own
    (`pacts.breathing`)."""
    in_ms = _ms(breathing.IN_SECONDS if in_s is None else in_s)
    out_ms = _ms(breathing.OUT_SECONDS if out_s is None else out_s)
    rounds = breathing.BREATHS if breaths is None else breaths
    lead_in_ms = _ms(lead_in_s)
    if rounds < 1 or in_ms <= 0 or out_ms <= 0 or lead_in_ms < 0:
        raise ValueError("a breathing screen needs at least one breath of positive length")
    document = load_document("breathing")
    total_ms = lead_in_ms + rounds * (in_ms + out_ms)
    document["settings"]["idleTimeout"] = max(MIN_IDLE_MS, total_ms + BREATHING_AFTER_MS)
    properties = {
        "leadInMs": lead_in_ms,
        "inMs": in_ms,
        "outMs": out_ms,
        "breaths": rounds,
        "words": words(locale, "breathing"),
    }
    return render(
        token=BREATHING_TOKEN,
        document=document,
        datasources={"breathing": {"type": "object", "properties": properties}},
    )


def _ms(seconds: float) -> int:
    return round(seconds * 1000)
