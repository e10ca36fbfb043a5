"""A small SSML builder that can only produce well-formed speech Alexa accepts, and a checker.

Alexa's limits that matter here: only its documented tags, `<break>` at most 10 seconds, and
output speech under 8,000 characters.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import escape

MAX_BREAK_MS = 10_000
MAX_SSML_CHARS = 8_000
ALEXA_TAGS = frozenset(
    {
        "speak",
        "break",
        "prosody",
        "emphasis",
        "p",
        "s",
        "say-as",
        "sub",
        "w",
        "audio",
        "voice",
        "lang",
        "phoneme",
        "amazon:effect",
        "amazon:emotion",
        "amazon:domain",
    }
)
_PROSODY_RATES = {"x-slow", "slow", "medium", "fast", "x-fast"}
_PROSODY_VOLUMES = {"silent", "x-soft", "soft", "medium", "loud", "x-loud"}
_TIME = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)$")


# Characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF): Alexa would reject the
# whole answer, so they never reach the speech, whatever a slot value carried. Written as the
# forbidden ranges, not as the complement of the allowed ones: the same characters (every code
# point checked), but it compiles in 1 ms instead of 16 (on every cold start).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value), quote=False)  # &, < and > (as xml.sax.saxutils)


class Ssml:
    """Builds `<speak>` output from text (always escaped), pauses and calm passages."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def say(self, text: str) -> Ssml:
        if text:
            self._parts.append(_text(text))
        return self

    def pause(self, seconds: float) -> Ssml:
        """A real silence; longer pauses are split into breaks of at most 10 seconds."""
        remaining = round(seconds * 1000)
        while remaining > 0:
            chunk = min(remaining, MAX_BREAK_MS)
            self._parts.append(f'<break time="{_fmt_ms(chunk)}"/>')
            remaining -= chunk
        return self

    def say_as(self, text: str, interpret_as: str) -> Ssml:
        """Text read a particular way, e.g. a phone number digit by digit."""
        if interpret_as not in {"telephone", "digits", "cardinal", "characters", "spell-out"}:
            raise ValueError("unsupported say-as")
        self._parts.append(f'<say-as interpret-as="{interpret_as}">{_text(text)}</say-as>')
        return self

    def calm(self, text: str, *, rate: str = "slow", volume: str = "soft") -> Ssml:
        """Slow, soft speech for grounding."""
        if rate not in _PROSODY_RATES or volume not in _PROSODY_VOLUMES:
            raise ValueError("unsupported prosody")
        self._parts.append(f'<prosody rate="{rate}" volume="{volume}">{_text(text)}</prosody>')
        return self

    def extend(self, other: Ssml) -> Ssml:
        self._parts.extend(other._parts)
        return self

    @property
    def empty(self) -> bool:
        return not self._parts

    def build(self) -> str:
        body = " ".join(self._parts)
        body = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", body)
        return "<speak>" + body + "</speak>"


_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([.,;:!?])")


def _fmt_ms(ms: int) -> str:
    return f"{ms // 1000}s" if ms % 1000 == 0 else f"{ms}ms"


def _tag_name(tag: str) -> str:
    # ElementTree spells namespaced tags {uri}local; Alexa's amazon: tags carry no namespace
    # declaration, so they arrive here only after check_ssml declared one for parsing.
    if tag.startswith("{urn:amazon}"):
        return "amazon:" + tag.split("}", 1)[1]
    return tag


def check_ssml(ssml: str) -> list[str]:
    """Problems Alexa would refuse or mangle; an empty list means the speech is fine."""
    problems: list[str] = []
    if len(ssml) >= MAX_SSML_CHARS:
        problems.append(f"speech is {len(ssml)} characters; Alexa's limit is {MAX_SSML_CHARS}")
    if not ssml.startswith("<speak>") or not ssml.endswith("</speak>"):
        problems.append("speech must be wrapped in <speak>")
    wrapped = ssml.replace("<speak>", '<speak xmlns:amazon="urn:amazon">', 1)
    try:
        root = ET.fromstring(wrapped)  # noqa: S314 - our own output, not untrusted XML
    except ET.ParseError as error:
        return [*problems, f"not well-formed: {error}"]
    for element in root.iter():
        name = _tag_name(element.tag)
        if name not in ALEXA_TAGS:
            problems.append(f"tag <{name}> is not one Alexa supports")
        if name == "break":
            match = _TIME.match(element.get("time", ""))
            if match is None:
                problems.append("break without a valid time")
                continue
            amount = float(match.group(1)) * (1 if match.group(2) == "ms" else 1000)
            if amount > MAX_BREAK_MS:
                problems.append(f"break of {amount:.0f} ms exceeds Alexa's 10 s")
    return problems


def total_break_seconds(ssml: str) -> float:
    total = 0.0
    for amount, unit in re.findall(r'<break time="(\d+(?:\.\d+)?)(ms|s)"/>', ssml):
        total += float(amount) / (1000 if unit == "ms" else 1)
    return total


def to_plain_text(ssml: str, *, show_pauses: bool = False) -> str:
    """Readable text for cards and the simulator: tags dropped, pauses optionally shown."""

    def pause(match: re.Match[str]) -> str:
        if not show_pauses:
            return " "
        amount, unit = float(match.group(1)), match.group(2)
        seconds = amount / 1000 if unit == "ms" else amount
        return f" [{seconds:g} s pause] "

    text = re.sub(r'<break time="(\d+(?:\.\d+)?)(ms|s)"\s*/>', pause, ssml)
    text = re.sub(r"<[^>]+>", "", text)
    text = (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )
    return re.sub(r"\s+", " ", text).strip()
