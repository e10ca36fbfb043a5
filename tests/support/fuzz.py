"""Hypothesis strategies for request envelopes: arbitrary JSON, real envelopes bent out of shape,
and any slot values at all. Slot values can carry a marker so the tests can tell whether any of
them reached a log line.

Nothing here can make the skill call out of 127.0.0.1: the Alexa API endpoint of an envelope is
only ever replaced by junk or a closed loopback port (the tests also block other addresses).
"""

from __future__ import annotations

import copy
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from simulator.envelopes import Device
from tests.support.model_requests import RequestSpec, envelope, requests_from_model

#: Put in front of fuzzed slot values: a log line containing it leaked what someone said.
MARKER = "qzvmarker"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

SPECS = requests_from_model()

# Any character JSON can carry, control characters included: speech/ssml.py drops what XML 1.0
# forbids (lone surrogates cannot travel in JSON text, so they are left out).
xml_chars = st.characters(exclude_categories=("Cs",))
texts = st.text(xml_chars, max_size=40)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)

# Text that people (or speech recognition) might produce, and text nobody would.
odd_text = st.one_of(
    st.text(xml_chars, max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "?",
            "PT",
            "P1Y2M3DT4H5M6S",
            "PT-5M",
            "PT99999999H",
            "-PT20M",
            "25:99",
            "MO",
            "NI",
            "EV",
            "XXXX-WXX-7",
            "12:00:00.000",
            "0",
            "-1",
            "1e400",
            "NaN",
            "999999999999999999999999",
            "<speak>",
            "&amp;",
            "]]>",
            "\u202e\u200b",
            "🙂" * 30,
            "x" * 2000,
        ]
    ),
)


def marked(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return text.map(lambda t: MARKER + t)


def slot_entry(value: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A slot as Alexa sends it, sometimes with entity resolution, sometimes odd."""
    resolution = st.fixed_dictionaries(
        {
            "resolutionsPerAuthority": st.lists(
                st.fixed_dictionaries(
                    {
                        "authority": st.text(max_size=20),
                        "status": st.fixed_dictionaries(
                            {"code": st.sampled_from(["ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH"])}
                        ),
                        "values": st.lists(
                            st.fixed_dictionaries(
                                {
                                    "value": st.fixed_dictionaries(
                                        {"name": value, "id": st.text(max_size=8)}
                                    )
                                }
                            ),
                            max_size=2,
                        ),
                    }
                ),
                max_size=2,
            )
        }
    )
    return st.fixed_dictionaries(
        {"value": value},
        optional={
            "confirmationStatus": st.sampled_from(["NONE", "CONFIRMED", "DENIED"]),
            "resolutions": resolution,
            "source": st.sampled_from(["USER", "DEVICE"]),
        },
    )


@st.composite
def spec_and_slots(
    draw: Callable[..., Any], value: st.SearchStrategy[Any] | None = None
) -> tuple[RequestSpec, dict[str, Any]]:
    """A request of the model with any values in its slots (and now and then, unknown slots)."""
    spec = draw(st.sampled_from(SPECS))
    value = value if value is not None else marked(odd_text)
    slots: dict[str, Any] = {}
    for slot in spec.slots:
        if draw(st.booleans()):
            slots[slot.name] = draw(slot_entry(value))
    if draw(st.integers(0, 9)) == 0:
        slots[draw(st.text(min_size=1, max_size=10))] = draw(slot_entry(value))
    return spec, slots


def build(
    device: Device, spec: RequestSpec, now: datetime, slots: dict[str, Any], **kw: Any
) -> dict[str, Any]:
    event = envelope(device, spec, now, {}, **kw)
    if spec.is_intent and "intent" in event["request"]:
        event["request"]["intent"]["slots"] = {
            name: {"name": name, **slot} for name, slot in slots.items()
        }
    return event


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _parent(root: Any, path: tuple[Any, ...]) -> Any:
    node = root
    for step in path[:-1]:
        node = node[step]
    return node


@st.composite
def mutated(draw: Callable[..., Any], base: dict[str, Any]) -> dict[str, Any]:
    """`base` with a few fields deleted, retyped or replaced (the API endpoint stays local)."""
    event = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(event) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(event, path)
        key = path[-1]
        action = draw(st.sampled_from(["delete", "replace", "text", "container", "add"]))
        if path[-1] == "apiEndpoint":
            parent[key] = draw(st.sampled_from(["", "not a url", "https://127.0.0.1:1", 7]))
        elif action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(json_values)
        elif action == "text":
            parent[key] = draw(odd_text)  # unmarked: only slot values carry the marker
        elif action == "container":
            parent[key] = draw(st.sampled_from([[], {}, [parent[key]], {"x": parent[key]}]))
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = draw(json_values)
    return event


@contextmanager
def loopback_only() -> Iterator[None]:
    """Name lookups for anything but 127.0.0.1 fail: nothing fuzzed can reach out."""
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in LOOPBACK:
            raise socket.gaierror(socket.EAI_NONAME, "the reliability tests stay on 127.0.0.1")
        return real(host, *args, **kwargs)

    socket.getaddrinfo = guarded
    try:
        yield
    finally:
        socket.getaddrinfo = real
