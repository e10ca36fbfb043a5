"""What a newcomer said and was not understood (issue 14), each as a person would mean it.

These are the phrases quoted in the issue, not a corpus: the corpus and its held-out figures
live in ``tests/nlu``. Slots are checked by what the handler acts on (a bare "ten" is ten
minutes whether Alexa fills the number or the duration).
"""

from __future__ import annotations

import pytest

from tests.support.model_requests import model_nlu


@pytest.mark.parametrize(
    ("locale", "said", "intent", "slots"),
    [
        ("en-US", "leave me alone for a bit", "SpaceIntent", {}),
        ("en-US", "I'm too angry to talk", "SpaceIntent", {}),
        ("en-US", "when is she coming back", "ReturnTimeIntent", {}),
        ("en-US", "I'm ready now", "BackIntent", {}),
        ("en-US", "okay I've calmed down", "BackIntent", {}),
        ("en-US", "what did we agree", "ReadPactIntent", {}),
        ("en-US", "cancel the reminder", "CancelReminderIntent", {}),
        ("en-US", "I'm going for a walk, back in thirty", "SpaceIntent", {"minutes": "30"}),
        ("en-US", "can I have ten minutes", "SpaceIntent", {"duration": "PT10M"}),
        ("en-US", "is he still taking space", "ReturnTimeIntent", {}),
        ("en-US", "I'm so overwhelmed", "GroundingIntent", {}),
        ("en-US", "I'm panicking", "GroundingIntent", {}),
        ("en-US", "we keep going in circles", "CycleIntent", {}),
        ("en-US", "give me ten", "SpaceIntent", {"minutes": "10"}),
        ("en-US", "give me till 10", "SpaceIntent", {"time": "10:00"}),
        ("en-US", "I need until tomorrow morning", "SpaceIntent", {"time": "MO"}),
        ("en-US", "move it to ten", "ReflectionScheduleIntent", {"time": "10:00"}),
        ("en-US", "join my partner's pact 077985", "JoinPactIntent", {"code": "077985"}),
        ("en-US", "our signal is red light", "SignalIntent", {"signal": "red light"}),
        (
            "en-US",
            "change our signal to red light",
            "ChangePactIntent",
            {"spaceSignal": "red light"},
        ),
        ("es-MX", "no puedo más", "GroundingIntent", {}),
        ("es-ES", "no puedo más", "GroundingIntent", {}),
        ("es-US", "no puedo más", "GroundingIntent", {}),
        ("es-MX", "déjame en paz un rato", "SpaceIntent", {}),
        ("es-ES", "déjame en paz un rato", "SpaceIntent", {}),
        ("es-US", "déjame en paz un rato", "SpaceIntent", {}),
    ],
)
def test_the_issues_phrase_is_understood(
    locale: str, said: str, intent: str, slots: dict[str, str]
) -> None:
    result = model_nlu(locale).parse(said)
    filled = {name: slot.value for name, slot in result.slots.items() if slot.value}
    assert (result.intent, filled) == (intent, slots)
