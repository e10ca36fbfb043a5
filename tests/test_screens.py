"""Screens: the APL documents, the directives built from them, and when they are sent.

The documents are checked structurally (known component and command types, known properties,
every `${...}` expression parsed and every name in it defined, every `payload` path present in
the datasources), and their bindings are evaluated here, with a small interpreter for the part
of APL's expression language they use, so the countdown and the breathing timeline are tested
as the device would compute them.
"""

from __future__ import annotations

import importlib
import itertools
import json
import math
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from ask_sdk_model.interfaces.alexa.presentation.apl import Command

import screens
from intents import grounding
from simulator.envelopes import Device
from speech.catalog import Phrases

LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 11, 22, 20, 25, tzinfo=LA)
RETURN_AT = datetime(2026, 11, 22, 20, 45, tzinfo=LA)
RENDER = "Alexa.Presentation.APL.RenderDocument"
DOCUMENTS = sorted(screens.APL_DIR.glob("*.json"))

# -- a small interpreter for APL data-binding expressions ------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>'[^']*'|\"[^\"]*\")|(?P<name>[A-Za-z_]\w*)"
    r"|(?P<op>>=|<=|==|!=|&&|\|\||[-+*/%!<>?:().,\[\]]))"
)
_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "%": lambda a, b: a % b,
    "-": lambda a, b: a - b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}
_LEVELS = [["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"]]
GLOBALS = {"payload", "utcTime", "localTime", "elapsedTime", "viewport", "environment", "Math"}
MATH = {"min": min, "max": max, "ceil": math.ceil, "floor": math.floor, "round": round, "abs": abs}


def _tokens(source: str) -> list[tuple[str, str]]:
    out, at = [], 0
    while at < len(source):
        match = _TOKEN.match(source, at)
        if match is None or match.end() == at:
            if source[at:].strip():
                raise SyntaxError(f"cannot read {source[at:]!r}")
            break
        kind = match.lastgroup
        assert kind is not None
        out.append((kind, match.group(kind)))
        at = match.end()
    return out


class _Parser:
    """Precedence climbing over APL's operators; the tree is nested tuples."""

    def __init__(self, source: str) -> None:
        self.tokens = _tokens(source)
        self.at = 0

    def parse(self) -> tuple:
        tree = self.ternary()
        if self.at != len(self.tokens):
            raise SyntaxError(f"unexpected {self.tokens[self.at][1]!r}")
        return tree

    def peek(self) -> str | None:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            raise SyntaxError("unexpected end")
        token = self.tokens[self.at]
        if expected is not None and token[1] != expected:
            raise SyntaxError(f"expected {expected!r}, found {token[1]!r}")
        self.at += 1
        return token

    def ternary(self) -> tuple:
        test = self.binary(0)
        if self.peek() == "?":
            self.take("?")
            yes = self.ternary()
            self.take(":")
            return ("if", test, yes, self.ternary())
        return test

    def binary(self, level: int) -> tuple:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _LEVELS[level]:
            op = self.take()[1]
            left = ("op", op, left, self.binary(level + 1))
        return left

    def unary(self) -> tuple:
        if self.peek() in ("!", "-"):
            return ("unary", self.take()[1], self.unary())
        return self.postfix()

    def postfix(self) -> tuple:
        node = self.primary()
        while self.peek() in (".", "(", "["):
            symbol = self.take()[1]
            if symbol == ".":
                kind, name = self.take()
                assert kind == "name", f"a name must follow '.', not {name!r}"
                node = ("attr", node, name)
            elif symbol == "[":
                node = ("index", node, self.ternary())
                self.take("]")
            else:
                args = []
                while self.peek() != ")":
                    args.append(self.ternary())
                    if self.peek() == ",":
                        self.take(",")
                self.take(")")
                node = ("call", node, args)
        return node

    def primary(self) -> tuple:
        kind, text = self.take()
        if kind == "num":
            return ("const", float(text) if "." in text else int(text))
        if kind == "str":
            return ("const", text[1:-1])
        if kind == "name":
            literal = {"true": True, "false": False, "null": None}
            return ("const", literal[text]) if text in literal else ("name", text)
        if text == "(":
            node = self.ternary()
            self.take(")")
            return node
        raise SyntaxError(f"unexpected {text!r}")


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _evaluate(node: tuple, scope: dict[str, Any]) -> Any:
    kind = node[0]
    if kind == "const":
        return node[1]
    if kind == "name":
        return scope[node[1]]
    if kind == "attr":
        return _evaluate(node[1], scope)[node[2]]
    if kind == "index":
        return _evaluate(node[1], scope)[_evaluate(node[2], scope)]
    if kind == "call":
        return _evaluate(node[1], scope)(*[_evaluate(a, scope) for a in node[2]])
    if kind == "if":
        return _evaluate(node[2] if _evaluate(node[1], scope) else node[3], scope)
    if kind == "unary":
        value = _evaluate(node[2], scope)
        return (not value) if node[1] == "!" else -value
    op, left = node[1], _evaluate(node[2], scope)
    if op == "&&":
        return left and _evaluate(node[3], scope)
    if op == "||":
        return left or _evaluate(node[3], scope)
    right = _evaluate(node[3], scope)
    if op == "+":
        return (
            _text(left) + _text(right)
            if isinstance(left, str) or isinstance(right, str)
            else left + right
        )
    return _BINARY[op](left, right)


_BINDING = re.compile(r"\$\{(.*?)\}")


def expressions(value: str) -> list[str]:
    return _BINDING.findall(value)


def evaluate(value: Any, scope: dict[str, Any]) -> Any:
    """A property value as APL computes it: a lone `${...}` keeps its type, else text."""
    if not isinstance(value, str):
        return value
    found = expressions(value)
    if len(found) == 1 and value.strip() == "${" + found[0] + "}":
        return _evaluate(_Parser(found[0]).parse(), scope)
    return _BINDING.sub(lambda m: _text(_evaluate(_Parser(m.group(1)).parse(), scope)), value)


def _paths(node: tuple) -> Iterator[list[str]]:
    """Every dotted name in an expression (`payload.space.properties.label` → its parts)."""
    if node[0] == "name":
        yield [node[1]]
    elif node[0] == "attr":
        parts, inner = [node[2]], node[1]
        while inner[0] == "attr":
            parts.insert(0, inner[2])
            inner = inner[1]
        if inner[0] == "name":
            yield [inner[1], *parts]
        else:
            yield from _paths(inner)
    else:
        for child in node[1:]:
            if isinstance(child, tuple):
                yield from _paths(child)
            elif isinstance(child, list):
                for item in child:
                    yield from _paths(item)


# -- structural checks ---------------------------------------------------------------------

COMPONENTS = {
    "Container",
    "EditText",
    "Frame",
    "GridSequence",
    "Host",
    "Image",
    "Pager",
    "ScrollView",
    "Sequence",
    "Text",
    "TouchWrapper",
    "VectorGraphic",
    "Video",
}
COMMON_PROPERTIES = {
    "type",
    "id",
    "when",
    "bind",
    "description",
    "style",
    "width",
    "height",
    "minWidth",
    "minHeight",
    "maxWidth",
    "maxHeight",
    "padding",
    "paddingTop",
    "paddingBottom",
    "paddingLeft",
    "paddingRight",
    "paddingStart",
    "paddingEnd",
    "display",
    "opacity",
    "transform",
    "accessibilityLabel",
    "role",
    "handleTick",
    "onMount",
    "position",
    "top",
    "bottom",
    "left",
    "right",
    "alignSelf",
    "grow",
    "shrink",
    "spacing",
    "layoutDirection",
}
PROPERTIES = {
    "Container": {"items", "item", "data", "direction", "justifyContent", "alignItems", "wrap"},
    "Frame": {"item", "items", "backgroundColor", "borderRadius", "borderColor", "borderWidth"},
    "Text": {
        "text",
        "color",
        "fontSize",
        "fontWeight",
        "fontFamily",
        "fontStyle",
        "textAlign",
        "textAlignVertical",
        "maxLines",
        "letterSpacing",
        "lineHeight",
        "lang",
    },
}
TICK_HANDLER = {"commands", "description", "minimumDelay", "when"}


def command_class(kind: str) -> Any:
    dotted = Command.discriminator_value_class_map[kind]
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


class Checker:
    """Walks a document: types, properties, ids, names, payload paths, resources."""

    def __init__(self, document: dict[str, Any], datasources: dict[str, Any] | None) -> None:
        self.document = document
        self.datasources = datasources
        self.problems: list[str] = []
        self.ids: set[str] = set()
        self.targets: list[str] = []
        self.binds: dict[str, str] = {}
        self.colors = {
            name for block in document.get("resources", []) for name in block.get("colors", {})
        }

    def check(self) -> list[str]:
        doc = self.document
        if doc.get("type") != "APL" or not str(doc.get("version", "")).startswith("2023."):
            self.problems.append("not an APL 2023.x document")
        template = doc.get("mainTemplate") or {}
        if template.get("parameters") != ["payload"]:
            self.problems.append("mainTemplate must take the one parameter `payload`")
        items = template.get("items")
        if not isinstance(items, list) or not items:
            self.problems.append("mainTemplate has no items")
            return self.problems
        for item in items:
            self.component(item, "mainTemplate")
        for target in self.targets:
            if target not in self.ids:
                self.problems.append(f"a command targets {target!r}, which no component has")
        self.strings(doc, "document")
        return self.problems

    def component(self, item: dict[str, Any], where: str) -> None:
        kind = item.get("type")
        where = f"{where}/{kind}#{item.get('id', '')}"
        if kind not in COMPONENTS:
            self.problems.append(f"{where}: unknown component type")
            return
        unknown = set(item) - COMMON_PROPERTIES - PROPERTIES.get(kind, set())
        if unknown:
            self.problems.append(f"{where}: unknown properties {sorted(unknown)}")
        if "id" in item:
            self.ids.add(item["id"])
        for bind in item.get("bind", []):
            if set(bind) - {"name", "value", "type"} or "name" not in bind:
                self.problems.append(f"{where}: malformed bind {bind}")
            self.binds[bind["name"]] = bind.get("value")
        self.commands(item.get("onMount", []), f"{where}/onMount")
        for handler in item.get("handleTick", []):
            if set(handler) - TICK_HANDLER or "commands" not in handler:
                self.problems.append(f"{where}: malformed tick handler {sorted(handler)}")
            self.commands(handler.get("commands", []), f"{where}/handleTick")
        for key in ("item", "items"):
            children = item.get(key, [])
            for child in children if isinstance(children, list) else [children]:
                self.component(child, where)

    def commands(self, commands: Any, where: str) -> None:
        for command in commands if isinstance(commands, list) else [commands]:
            kind = command.get("type")
            if kind not in Command.discriminator_value_class_map:
                self.problems.append(f"{where}: unknown command {kind!r}")
                continue
            allowed = set(command_class(kind).attribute_map.values())
            unknown = set(command) - allowed
            if unknown:
                self.problems.append(f"{where}/{kind}: unknown properties {sorted(unknown)}")
            if "componentId" in command:
                self.targets.append(command["componentId"])
            if kind == "AnimateItem":
                for value in command.get("value", []):
                    if value.get("property") not in ("opacity", "transform"):
                        self.problems.append(f"{where}: AnimateItem animates {value}")
            for key in ("commands", "catch", "finally"):
                self.commands(command.get(key, []), f"{where}/{kind}")

    def strings(self, value: Any, where: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                self.strings(inner, f"{where}.{key}")
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                self.strings(inner, f"{where}[{index}]")
        elif isinstance(value, str):
            if value.startswith("@") and value[1:] not in self.colors:
                self.problems.append(f"{where}: no resource {value}")
            if value.count("${") != len(expressions(value)):
                self.problems.append(f"{where}: unbalanced binding {value!r}")
            for source in expressions(value):
                self.expression(source, where)

    def expression(self, source: str, where: str) -> None:
        try:
            tree = _Parser(source).parse()
        except (SyntaxError, AssertionError) as error:
            self.problems.append(f"{where}: {source!r} does not parse ({error})")
            return
        for path in _paths(tree):
            root = path[0]
            if root not in GLOBALS and root not in self.binds:
                self.problems.append(f"{where}: {root!r} is not defined")
            elif root == "Math" and (len(path) != 2 or path[1] not in MATH):
                self.problems.append(f"{where}: Math.{'.'.join(path[1:])} is not an APL function")
            elif self.datasources is not None:
                payload_path = self.payload_path(path)
                if payload_path is not None:
                    self.resolve(payload_path, where)

    def payload_path(self, path: list[str]) -> list[str] | None:
        """`words.title`, with `words` bound to `${payload.space.properties.words}`, is a payload
        path too: space.properties.words.title."""
        if path[0] == "payload":
            return path[1:]
        bound = self.binds.get(path[0])
        if isinstance(bound, str) and re.fullmatch(r"\$\{payload(\.\w+)+\}", bound):
            return bound[2:-1].split(".")[1:] + path[1:]
        return None

    def resolve(self, path: list[str], where: str) -> None:
        node: Any = self.datasources
        for part in path:
            if not isinstance(node, dict) or part not in node:
                self.problems.append(f"{where}: payload.{'.'.join(path)} is not in the datasources")
                return
            node = node[part]


def structure_problems(directive: dict[str, Any]) -> list[str]:
    return Checker(directive["document"], directive["datasources"]).check()


def as_json(directive: Any) -> dict[str, Any]:
    """The directive exactly as the skill's response carries it."""
    serialized = DefaultSerializer().serialize(directive)
    return json.loads(json.dumps(serialized))


def scope_for(directive: dict[str, Any], utc_ms: int, size: tuple[int, int]) -> dict[str, Any]:
    """The top Container's binds, evaluated in order, as the device would at `utc_ms`."""
    top = directive["document"]["mainTemplate"]["items"][0]
    scope: dict[str, Any] = {
        "payload": directive["datasources"],
        "utcTime": utc_ms,
        "viewport": {"width": size[0], "height": size[1]},
        "Math": MATH,
    }
    for bind in top.get("bind", []):
        scope[bind["name"]] = evaluate(bind["value"], scope)
    return scope


def find(component: dict[str, Any], component_id: str) -> dict[str, Any]:
    if component.get("id") == component_id:
        return component
    for child in component.get("items", []):
        try:
            return find(child, component_id)
        except KeyError:
            pass
    raise KeyError(component_id)


# -- the documents -------------------------------------------------------------------------


def test_there_are_the_two_documents() -> None:
    assert [p.stem for p in DOCUMENTS] == ["breathing", "slow_motion", "space"]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_documents_are_valid_json_and_structurally_valid_apl(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    # Without datasources: types, properties, ids, names and resources still hold.
    assert Checker(document, None).check() == []
    assert document["settings"]["idleTimeout"] >= screens.MIN_IDLE_MS


def test_the_checker_catches_what_it_should() -> None:
    directive = as_json(screens.space_screen(RETURN_AT, NOW, "at 8:45 PM", "en-US"))
    top = directive["document"]["mainTemplate"]["items"][0]
    top["items"].append({"type": "Txt", "text": "x"})
    top["items"][0]["fontsize"] = 10
    top["items"][1]["text"] = "${payload.space.properties.lable} ${nowhere + 1}"
    top["handleTick"][0]["commands"].append({"type": "SetValue", "componentId": "ghost"})
    top["handleTick"][0]["commands"].append({"type": "Wait", "delay": 5})
    problems = "\n".join(structure_problems(directive))
    for expected in ("unknown component type", "fontsize", "lable", "'nowhere'", "ghost", "Wait"):
        assert expected in problems


def test_the_interpreter_reads_apl_expressions() -> None:
    scope = {"a": 65, "w": {"x": "min"}, "Math": MATH}
    countdown = "${a >= 60 ? Math.floor(a / 60) + ' h ' + (a % 60) + ' ' + w.x : 'no'}"
    assert evaluate(countdown, scope) == "1 h 5 min"
    assert evaluate("${a}", scope) == 65
    assert evaluate("${a * 0.5}dp", scope) == "32.5dp"
    assert evaluate("${!(a > 1) || a == 65}", scope) is True


# -- when a screen is sent -----------------------------------------------------------------


def handler_input_for(envelope: dict[str, Any]) -> HandlerInput:
    request_envelope = DefaultSerializer().deserialize(json.dumps(envelope), RequestEnvelope)
    return HandlerInput(request_envelope=request_envelope)


@pytest.mark.parametrize("screen", [True, False])
def test_supports_apl_follows_the_devices_supported_interfaces(screen: bool) -> None:
    device = Device(screen=screen)
    for envelope in (
        device.launch(NOW),
        device.intent("SpaceIntent", NOW),
        device.intent("CycleIntent", NOW),
    ):
        assert screens.supports_apl(handler_input_for(envelope)) is screen


def test_supports_apl_is_false_when_the_envelope_says_nothing_of_a_device() -> None:
    envelope = Device(screen=True).intent("GroundingIntent", NOW)
    del envelope["context"]["System"]["device"]
    assert screens.supports_apl(handler_input_for(envelope)) is False
    envelope = Device(screen=True).intent("GroundingIntent", NOW)
    del envelope["context"]
    assert screens.supports_apl(handler_input_for(envelope)) is False


def test_an_apl_t_character_display_is_not_a_screen() -> None:
    envelope = Device(screen=False).intent("SpaceIntent", NOW)
    interfaces = envelope["context"]["System"]["device"]["supportedInterfaces"]
    interfaces["Alexa.Presentation.APLT"] = {"runtime": {"maxVersion": "1.0"}}
    assert screens.supports_apl(handler_input_for(envelope)) is False


# -- the space screen ----------------------------------------------------------------------


def test_space_directive_is_a_render_document_with_the_speech_return_time() -> None:
    directive = as_json(screens.space_screen(RETURN_AT, NOW, "at 8:45 PM", "en-US"))
    assert directive["type"] == RENDER
    assert directive["token"] == screens.SPACE_TOKEN
    assert structure_problems(directive) == []
    properties = directive["datasources"]["space"]["properties"]
    assert properties["label"] == "at 8:45 PM"
    # The same instant the speech names: 8:45 PM in Los Angeles is 04:45 UTC the next day.
    assert (
        properties["returnAtMs"]
        == int(datetime(2026, 11, 23, 4, 45, tzinfo=UTC).timestamp()) * 1000
    )
    assert properties["returnAtUtc"] == "2026-11-23T04:45:00+00:00"
    assert properties["sentAtMs"] == screens.epoch_ms(NOW)
    # Kept on screen for the whole space, as far as the device allows.
    assert directive["document"]["settings"]["idleTimeout"] == 20 * 60 * 1000


def test_epoch_ms_is_the_instant_whatever_the_zone_and_refuses_naive_times() -> None:
    assert screens.epoch_ms(RETURN_AT) == screens.epoch_ms(RETURN_AT.astimezone(UTC))
    assert screens.epoch_ms(datetime(1970, 1, 1, 0, 0, 1, 500000, tzinfo=UTC)) == 1500
    with pytest.raises(ValueError, match="aware"):
        screens.epoch_ms(datetime(2026, 11, 22, 20, 45))  # naive: the point of the test


def test_the_countdown_is_measured_against_utc_time_not_ticks() -> None:
    directive = as_json(screens.space_screen(RETURN_AT, NOW, "at 8:45 PM", "en-US"))
    top = directive["document"]["mainTemplate"]["items"][0]
    binds = {b["name"]: b["value"] for b in top["bind"]}
    assert binds["remainingMs"] == "${Math.max(0, returnAtMs - utcTime)}"
    assert binds["returnAtMs"] == "${payload.space.properties.returnAtMs}"
    [tick] = top["handleTick"]
    assert tick["minimumDelay"] == 1000
    [command] = tick["commands"]
    # Each tick re-measures the same way (return instant minus utcTime); nothing counts ticks.
    assert command == {"type": "SetValue", "property": "remainingMs", "value": binds["remainingMs"]}
    assert "elapsedTime" not in json.dumps(directive["document"])


@pytest.mark.parametrize(
    ("at", "countdown"),
    [
        (NOW, "20 min left"),
        (NOW + timedelta(minutes=5, seconds=1), "15 min left"),
        (RETURN_AT - timedelta(seconds=59), "1 min left"),
        (RETURN_AT, "It's time to come back, gently."),
        (RETURN_AT + timedelta(hours=2), "It's time to come back, gently."),
    ],
)
def test_the_countdown_as_the_device_computes_it(at: datetime, countdown: str) -> None:
    directive = as_json(screens.space_screen(RETURN_AT, NOW, "at 8:45 PM", "en-US"))
    scope = scope_for(directive, screens.epoch_ms(at), (1280, 800))
    top = directive["document"]["mainTemplate"]["items"][0]
    assert evaluate(find(top, "returnTime")["text"], scope) == "at 8:45 PM"
    assert evaluate(find(top, "countdown")["display"], scope) == "normal"
    assert evaluate(find(top, "countdown")["text"], scope) == countdown
    assert evaluate(find(top, "title")["text"], scope) == "You'll come back to this"
    assert (
        evaluate(top["accessibilityLabel"], scope)
        == f"You'll come back to this at 8:45 PM. {countdown}"
    )
    # The tick handler stops once the time has come.
    assert evaluate(top["handleTick"][0]["when"], scope) is (at < RETURN_AT)


def test_long_spaces_count_down_in_hours_and_minutes() -> None:
    later = NOW + timedelta(hours=13, minutes=35)
    directive = as_json(screens.space_screen(later, NOW, "tomorrow at 10 AM", "en-US"))
    scope = scope_for(directive, screens.epoch_ms(NOW), (960, 480))
    top = directive["document"]["mainTemplate"]["items"][0]
    assert evaluate(find(top, "returnTime")["text"], scope) == "tomorrow at 10 AM"
    assert evaluate(find(top, "countdown")["text"], scope) == "13 h 35 min left"
    assert evaluate(find(top, "returnTime")["fontSize"], scope) == "72dp"  # 0.15 × 480


def test_without_a_clock_time_the_countdown_is_the_main_text() -> None:
    """Time zone unknown: the speech said "in 20 minutes", so the screen names no clock time."""
    directive = as_json(screens.space_screen(RETURN_AT, NOW, "", "en-US"))
    assert structure_problems(directive) == []
    scope = scope_for(directive, screens.epoch_ms(NOW), (1280, 800))
    top = directive["document"]["mainTemplate"]["items"][0]
    assert evaluate(find(top, "returnTime")["text"], scope) == "20 min left"
    assert evaluate(find(top, "countdown")["display"], scope) == "none"


def test_spanish_screen_words() -> None:
    directive = as_json(screens.space_screen(RETURN_AT, NOW, "a las 8:45 de la noche", "es-MX"))
    scope = scope_for(directive, screens.epoch_ms(NOW), (1280, 800))
    top = directive["document"]["mainTemplate"]["items"][0]
    assert evaluate(find(top, "title")["text"], scope) == "Vuelves a la conversación"
    assert evaluate(find(top, "countdown")["text"], scope) == "Quedan 20 min"


def test_every_language_has_every_screen_word_and_new_ones_fall_back_to_english() -> None:
    english = screens.words("en-US", "space"), screens.words("en-US", "breathing")
    for locale in ("en-GB", "en-IN", "es-US", "es-ES", "es-MX"):
        space, breathing = screens.words(locale, "space"), screens.words(locale, "breathing")
        assert set(space) == set(english[0])
        assert set(breathing) == set(english[1])
    assert screens.words("fr-FR", "space") == english[0]
    assert screens.words("es-ES", "breathing")["in"] == "Inhala"


# -- the breathing screen ------------------------------------------------------------------


def spoken_silences() -> list[int]:
    """The pauses (ms) of the spoken grounding pause, in order; adjacent breaks joined."""
    ssml = grounding.grounding_pause(Phrases("en-US")).build()
    silences: list[int] = []
    joined = False
    for part in re.split(r"(<break time=\"[^\"]+\"/>)", ssml):
        match = re.fullmatch(r"<break time=\"(\d+)(ms|s)\"/>", part)
        if match:
            ms = int(match.group(1)) * (1 if match.group(2) == "ms" else 1000)
            if joined:
                silences[-1] += ms
            else:
                silences.append(ms)
            joined = True
        elif part.strip():
            joined = False
    return silences


def timeline(directive: dict[str, Any]) -> list[tuple[int, str, Any]]:
    """Run the onMount commands on a clock: (start ms, what, detail) for each step."""
    scope = scope_for(directive, 0, (1280, 800))
    steps: list[tuple[int, str, Any]] = []

    def run(commands: list[dict[str, Any]], t: int) -> int:
        for command in commands:
            if not evaluate(command.get("when", True), scope):
                continue
            t += evaluate(command.get("delay", 0), scope)
            kind = command["type"]
            if kind == "Sequential":
                for _ in range(evaluate(command.get("repeatCount", 0), scope) + 1):
                    t = run(command["commands"], t)
            elif kind == "SetValue":
                steps.append(
                    (
                        t,
                        f"{command['componentId']}.{command['property']}",
                        evaluate(command["value"], scope),
                    )
                )
            elif kind == "AnimateItem":
                [value] = command["value"]
                scales = [evaluate(v[0]["scale"], scope) for v in (value["from"], value["to"])]
                duration = evaluate(command["duration"], scope)
                steps.append((t, "animate", (duration, *scales)))
                t += duration
            else:
                assert kind == "Idle", kind
        return t

    top = directive["document"]["mainTemplate"]["items"][0]
    run(top["onMount"], 0)
    return steps


def test_breathing_timings_are_grounding_constants() -> None:
    directive = as_json(screens.breathing_screen())
    assert directive["type"] == RENDER
    assert directive["token"] == screens.BREATHING_TOKEN
    assert structure_problems(directive) == []
    properties = directive["datasources"]["breathing"]["properties"]
    assert properties["breaths"] == grounding.BREATHS
    assert properties["inMs"] == grounding.IN_SECONDS * 1000
    assert properties["outMs"] == grounding.OUT_SECONDS * 1000
    assert properties["leadInMs"] == screens.LEAD_IN_SECONDS * 1000


def test_the_circle_breathes_through_the_same_silences_the_speech_leaves() -> None:
    """Lead-in, then in/out for every breath: the same lengths as the spoken pause's breaks."""
    steps = timeline(as_json(screens.breathing_screen()))
    animations = [(t, detail) for t, what, detail in steps if what == "animate"]
    silences = spoken_silences()
    phases = 2 * grounding.BREATHS
    assert animations[0][0] == silences[0] == screens.LEAD_IN_SECONDS * 1000
    assert [duration for _, (duration, _, _) in animations] == silences[1 : 1 + phases]
    assert len(animations) == phases
    for (t, (duration, _, _)), (after, _) in itertools.pairwise(animations):
        assert after == t + duration  # one phase follows the other without a gap
    rest = 0.55
    assert [scales for _, (_, *scales) in animations] == [[rest, 1], [1, rest]] * grounding.BREATHS
    cues = [detail for _, what, detail in steps if what == "cue.text"]
    assert cues == ["Breathe in", "Breathe out"] * grounding.BREATHS + [
        "Good. A little slower now."
    ]


def test_the_circle_rests_where_the_animation_starts_and_ends() -> None:
    directive = as_json(screens.breathing_screen())
    scope = scope_for(directive, 0, (1280, 800))
    circle = find(directive["document"]["mainTemplate"]["items"][0], "circle")
    assert evaluate(circle["transform"][0]["scale"], scope) == 0.55
    width, height, radius = (
        float(evaluate(circle[key], scope).removesuffix("dp"))
        for key in ("width", "height", "borderRadius")
    )
    assert width == height == 2 * radius  # a circle


def test_breathing_screen_takes_other_timings_and_refuses_nonsense() -> None:
    directive = as_json(screens.breathing_screen(in_s=3, out_s=5, breaths=2, lead_in_s=0))
    animations = [d for _, what, d in timeline(directive) if what == "animate"]
    assert [d[0] for d in animations] == [3000, 5000, 3000, 5000]
    assert directive["document"]["settings"]["idleTimeout"] == 16_000 + screens.BREATHING_AFTER_MS
    bad_timings: list[dict[str, Any]] = [{"breaths": 0}, {"in_s": 0}, {"lead_in_s": -1}]
    for bad in bad_timings:
        with pytest.raises(ValueError, match="breath"):
            screens.breathing_screen(**bad)


def test_breathing_screen_speaks_the_devices_language() -> None:
    directive = as_json(screens.breathing_screen(locale="es-US"))
    cues = [d for _, what, d in timeline(directive) if what == "cue.text"]
    assert cues[:2] == ["Inhala", "Exhala"]


def test_no_flashing_only_slow_motion() -> None:
    """Nothing on either screen changes faster than a breath: no opacity blinking, no
    animation shorter than the in-breath, no repeat modes that bounce quickly."""
    for directive in (
        as_json(screens.breathing_screen()),
        as_json(screens.space_screen(RETURN_AT, NOW, "at 8:45 PM", "en-US")),
    ):
        text = json.dumps(directive["document"])
        assert '"opacity"' not in text
        assert "repeatMode" not in text
    durations = [
        d[0] for _, what, d in timeline(as_json(screens.breathing_screen())) if what == "animate"
    ]
    assert min(durations) >= 3000


def test_the_simulator_names_the_screens() -> None:
    from simulator.cli import describe_directive

    space = as_json(screens.space_screen(RETURN_AT, NOW, "at 8:45 PM", "en-US"))
    assert describe_directive(space) == (
        f"[screen] return at 8:45 PM, countdown from 20 min ({RENDER})"
    )
    relative = as_json(screens.space_screen(RETURN_AT, NOW, "", "en-US"))
    assert describe_directive(relative) == f"[screen] countdown from 20 min ({RENDER})"
    assert describe_directive(as_json(screens.breathing_screen())) == (
        f"[screen] breathing circle: 6 breaths, in 4 s / out 6 s, after 1.5 s ({RENDER})"
    )
