"""Signs of violence, fear or self-harm in anything a person said. These get the safety answer."""

from __future__ import annotations

import re

from pacts.hotlines import mentions_danger_es

_DANGER = re.compile(
    r"\b("
    r"hit|hits|hitting|hurt|hurts|hurting|kill|killing|die|dying|suicide|suicidal|"
    r"unsafe|not safe|don't feel safe|scared|afraid|frightened|terrified|threat\w*|"
    r"weapon|gun|knife|choke\w*|strangl\w*|abuse\w*|beat|beats|beating|punch\w*|slap\w*|"
    r"push(?:ed|es|ing)? me|danger|self harm|cut myself|end it all|end my life"
    r")\b",
    re.IGNORECASE,
)


def mentions_danger(text: str) -> bool:
    return bool(_DANGER.search(text)) or mentions_danger_es(text)
