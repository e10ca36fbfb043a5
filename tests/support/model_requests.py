"""Every request the skill can get, derived from the interaction model (so new intents count).

`requests_from_model()` lists each intent of `interaction_models/<locale>.json` with its slots
and dialog settings, plus LaunchRequest and SessionEndedRequest. `slot_values()` fills the slots
with realistic values, or with canaries: distinctive words that must never reach a log line
(names, signal words, durations, times, codes), which the log-privacy tests look for.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from simulator.envelopes import Device
from simulator.nlu import Nlu
from tools import nlu_report

REPO = Path(__file__).resolve().parent.parent.parent
LAUNCH = "LaunchRequest"
SESSION_ENDED = "SessionEndedRequest"

# Realistic values by slot type, then by slot name where the name says more.
REALISTIC_BY_TYPE: dict[str, str] = {
    "AMAZON.DURATION": "PT30M",
    "AMAZON.TIME": "21:00",
    "AMAZON.DATE": "2026-11-23",
    "AMAZON.FirstName": "Sam",
    "AMAZON.SearchQuery": "pineapple",
    "AMAZON.NUMBER": "3",
}
REALISTIC_BY_NAME: dict[str, str] = {
    "partnerName": "Alex",
    "defaultSpace": "PT20M",
    "longestSpace": "PT2H",
    "reflectionTime": "21:30",
    "connectionSignal": "lighthouse",
    "code": "482913",
}

# Canaries: nothing in the skill's own words contains these, so any log line that does leaked
# what someone said. Several per type, so one intent's slots get different ones.
CANARIES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "AMAZON.FirstName": ("Zephyrine", "Quillonne", "Marisabel"),
    "AMAZON.SearchQuery": ("marmalade lighthouse", "velvet anchorage", "copper tangerine"),
    "AMAZON.DURATION": ("PT47M", "PT3H13M", "PT29M"),
    "AMAZON.TIME": ("21:47", "19:13", "22:29"),
    "AMAZON.DATE": ("2029-07-13",),
    "AMAZON.NUMBER": ("473829", "916274"),
}
DEFAULT_CANARY = "wisteria quartz"


@dataclass(frozen=True)
class SlotSpec:
    name: str
    type: str


@dataclass(frozen=True)
class RequestSpec:
    """One kind of request: an intent of the model, LaunchRequest or SessionEndedRequest."""

    name: str
    slots: tuple[SlotSpec, ...] = ()
    dialog: bool = False  # the model's dialog section lists it (Alexa sends a dialogState)
    confirmation: bool = False  # the intent asks for confirmation
    custom_values: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def is_intent(self) -> bool:
        return self.name not in {LAUNCH, SESSION_ENDED}

    def __str__(self) -> str:
        return self.name


@cache
def load_model(locale: str = "en-US") -> dict[str, Any]:
    path = REPO / "interaction_models" / f"{locale}.json"
    model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return model


@cache
def model_nlu(locale: str = "en-US") -> Nlu:
    """The offline NLU over the locale's model, built once per test session."""
    return nlu_report.model_nlu(locale)


def requests_from_model(locale: str = "en-US") -> list[RequestSpec]:
    """LaunchRequest, every intent of the model (in its order), SessionEndedRequest."""
    interaction = load_model(locale)["interactionModel"]
    language = interaction["languageModel"]
    custom = {
        t["name"]: tuple(v["name"]["value"] for v in t.get("values", []))
        for t in language.get("types", [])
    }
    dialog = {d["name"]: d for d in (interaction.get("dialog") or {}).get("intents", [])}
    specs = [RequestSpec(LAUNCH)]
    for intent in language["intents"]:
        slots = tuple(SlotSpec(s["name"], s["type"]) for s in intent.get("slots", []))
        in_dialog = intent["name"] in dialog
        specs.append(
            RequestSpec(
                intent["name"],
                slots,
                dialog=in_dialog,
                confirmation=bool(dialog.get(intent["name"], {}).get("confirmationRequired")),
                custom_values={s.type: custom[s.type] for s in slots if s.type in custom},
            )
        )
    specs.append(RequestSpec(SESSION_ENDED))
    return specs


def slot_values(spec: RequestSpec, *, canary: bool = False) -> dict[str, str]:
    """A value for every slot: realistic, or (canary=True) a canary per slot."""
    values: dict[str, str] = {}
    used: dict[str, int] = {}
    for slot in spec.slots:
        if canary:
            options = CANARIES_BY_TYPE.get(slot.type) or spec.custom_values.get(slot.type)
            options = options or (DEFAULT_CANARY,)
            index = used.get(slot.type, 0)
            used[slot.type] = index + 1
            values[slot.name] = options[index % len(options)]
        elif slot.name in REALISTIC_BY_NAME:
            values[slot.name] = REALISTIC_BY_NAME[slot.name]
        elif slot.type in REALISTIC_BY_TYPE:
            values[slot.name] = REALISTIC_BY_TYPE[slot.type]
        elif spec.custom_values.get(slot.type):
            values[slot.name] = spec.custom_values[slot.type][0]
        else:
            values[slot.name] = "something"
    return values


def canaries(specs: list[RequestSpec] | None = None) -> set[str]:
    """Every canary the specs' slots can carry (what a log line must never contain)."""
    found: set[str] = set()
    for spec in specs if specs is not None else requests_from_model():
        found.update(slot_values(spec, canary=True).values())
    return found


def envelope(
    device: Device,
    spec: RequestSpec,
    now: datetime,
    values: dict[str, str] | None = None,
    *,
    new_session: bool | None = None,
) -> dict[str, Any]:
    """The request Alexa would send for `spec` (the first turn of its dialog, if it has one)."""
    if spec.name == LAUNCH:
        return device.launch(now)
    if spec.name == SESSION_ENDED:
        if device.session_id is None:
            device.session(new=True)
        return device.session_ended(now)
    event = device.intent(
        spec.name,
        now,
        values if values is not None else slot_values(spec),
        new_session=new_session,
        dialog_state="STARTED" if spec.dialog else None,
    )
    if spec.confirmation:
        event["request"]["intent"]["confirmationStatus"] = "CONFIRMED"
    return event


def follow_up(
    device: Device,
    spec: RequestSpec,
    reply: dict[str, Any],
    now: datetime,
    values: dict[str, str] | None = None,
) -> dict[str, Any] | None:
    """What Alexa sends next when the skill answered with a Dialog directive, else None.

    ConfirmIntent: the user said yes. ConfirmSlot: yes to that slot. ElicitSlot and Delegate:
    the user gave every missing slot its value (Delegate: Alexa completes the dialog).
    """
    values = values if values is not None else slot_values(spec)
    for directive in (reply.get("response") or {}).get("directives") or []:
        kind = str(directive.get("type", ""))
        if not kind.startswith("Dialog."):
            continue
        intent = copy.deepcopy(directive.get("updatedIntent") or {"name": spec.name})
        slots: dict[str, Any] = intent.get("slots") or {}
        for slot in spec.slots:
            entry = slots.setdefault(slot.name, {"name": slot.name, "confirmationStatus": "NONE"})
            if not entry.get("value"):
                entry["value"] = values.get(slot.name)
        status = intent.get("confirmationStatus") or "NONE"
        state = "IN_PROGRESS"
        if kind == "Dialog.ConfirmIntent":
            status = "CONFIRMED"
        elif kind == "Dialog.ConfirmSlot" and directive.get("slotToConfirm") in slots:
            slots[directive["slotToConfirm"]]["confirmationStatus"] = "CONFIRMED"
        elif kind == "Dialog.Delegate":
            state = "COMPLETED"
        event = device.intent(
            str(intent.get("name") or spec.name),
            now,
            {name: {k: v for k, v in slot.items() if k != "name"} for name, slot in slots.items()},
            new_session=False,
            dialog_state=state,
        )
        event["request"]["intent"]["confirmationStatus"] = status
        return event
    return None


_SPOKEN_DIGITS = re.compile(r'<say-as interpret-as="digits">\s*(\d+)\s*</say-as>')


def spoken_code(reply: dict[str, Any]) -> str | None:
    """A code the skill read out digit by digit (a pairing code), if it did."""
    speech = ((reply.get("response") or {}).get("outputSpeech") or {}).get("ssml") or ""
    match = _SPOKEN_DIGITS.search(str(speech))
    return match.group(1) if match else None
