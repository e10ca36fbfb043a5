"""Tests for the offline Alexa NLU (simulator/nlu.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from simulator import nlu as nlu_module
from simulator.nlu import (
    FALLBACK_INTENT,
    Nlu,
    Slot,
    _Text,
    normalise,
    parse_duration,
    parse_time,
    self_check,
)
from tests.support.model_requests import model_nlu

REAL_MODEL = Path(__file__).resolve().parent.parent / "interaction_models" / "en-US.json"

FIXTURE: dict[str, Any] = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "pause pact",
            "intents": [
                {
                    "name": "NeedSpaceIntent",
                    "slots": [{"name": "duration", "type": "AMAZON.DURATION"}],
                    "samples": [
                        "i need space",
                        "i need a break",
                        "i'm flooded",
                        "i need {duration}",
                        "i need space for {duration}",
                        "give me {duration}",
                    ],
                },
                {
                    "name": "ComeBackIntent",
                    "slots": [{"name": "time", "type": "AMAZON.TIME"}],
                    "samples": [
                        "when are we coming back",
                        "come back at {time}",
                        "come back {time}",
                        "let's talk at {time}",
                    ],
                },
                {
                    "name": "FeelingIntent",
                    "slots": [{"name": "feeling", "type": "FeelingType"}],
                    "samples": ["i feel {feeling}", "i am feeling {feeling}"],
                },
                {
                    "name": "PartnerIntent",
                    "slots": [
                        {
                            "name": "partner",
                            "type": "AMAZON.FirstName",
                            "samples": ["it's {partner}", "{partner}"],
                        }
                    ],
                    "samples": ["my partner is {partner}", "my partner's name is {partner}"],
                },
                {
                    "name": "VentIntent",
                    "slots": [{"name": "topic", "type": "AMAZON.SearchQuery"}],
                    "samples": ["we are fighting about {topic}"],
                },
                {
                    "name": "CountIntent",
                    "slots": [{"name": "count", "type": "AMAZON.NUMBER"}],
                    "samples": ["we had {count} fights this week"],
                },
                {"name": "AMAZON.YesIntent", "samples": ["let's do it"]},
                {"name": "AMAZON.NoIntent", "samples": []},
                {"name": "AMAZON.HelpIntent", "samples": []},
                {"name": "AMAZON.StopIntent", "samples": []},
                {"name": "AMAZON.CancelIntent", "samples": []},
                {"name": "AMAZON.NavigateHomeIntent", "samples": []},
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
            "types": [
                {
                    "name": "FeelingType",
                    "values": [
                        {"id": "ANGRY", "name": {"value": "angry", "synonyms": ["mad", "furious"]}},
                        {"id": "HURT", "name": {"value": "hurt", "synonyms": ["sad", "let down"]}},
                        {"name": {"value": "calm"}},
                    ],
                }
            ],
        },
        "dialog": {"intents": []},
        "prompts": [],
    }
}


@pytest.fixture(scope="module")
def nlu() -> Nlu:
    return Nlu(FIXTURE, "en-US")


# ----------------------------------------------------------------------------- exact matches


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I need space", "NeedSpaceIntent"),
        ("i need space.", "NeedSpaceIntent"),
        ("  I NEED   a break!! ", "NeedSpaceIntent"),
        ("I'm flooded", "NeedSpaceIntent"),
        ("i am flooded", "NeedSpaceIntent"),
        ("I\u2019m flooded", "NeedSpaceIntent"),
        ("When are we coming back?", "ComeBackIntent"),
        ("let us do it", "AMAZON.YesIntent"),
    ],
)
def test_exact_match(nlu, text, intent):
    result = nlu.parse(text)
    assert result.intent == intent
    assert not result.launch
    assert result.matched_sample is not None
    assert all(slot.value is None for slot in result.slots.values())


def test_exact_match_lists_unfilled_slots_like_alexa(nlu):
    result = nlu.parse("i need space")
    assert result.matched_sample == "i need space"
    assert result.slots["duration"].to_alexa() == {
        "name": "duration",
        "confirmationStatus": "NONE",
    }


def test_exact_sample_beats_slot_sample(nlu):
    # "i need a break" could also be "i need {duration}" with an unparseable duration.
    result = nlu.parse("i need a break")
    assert result.matched_sample == "i need a break"
    assert result.slots["duration"].value is None


# ----------------------------------------------------------------------------- durations

DURATIONS = [
    ("twenty minutes", "PT20M"),
    ("an hour", "PT1H"),
    ("an hour and a half", "PT1H30M"),
    ("half an hour", "PT30M"),
    ("two and a half hours", "PT2H30M"),
    ("ninety minutes", "PT90M"),
    ("a couple of hours", "PT2H"),
    ("forty five minutes", "PT45M"),
    ("forty-five minutes", "PT45M"),
    ("45 minutes", "PT45M"),
    ("a day", "P1D"),
    ("ten seconds", "PT10S"),
    ("an hour and twenty minutes", "PT1H20M"),
    # said loosely: the length is the number (Alexa reads "about an hour" as an hour)
    ("about ten minutes", "PT10M"),
    ("like twenty minutes", "PT20M"),
    ("an hour or so", "PT1H"),
    ("maybe half an hour give or take", "PT30M"),
    ("a couple hours", "PT2H"),
]


@pytest.mark.parametrize(("spoken", "iso"), DURATIONS)
def test_duration_slot(nlu, spoken, iso):
    result = nlu.parse(f"I need {spoken}")
    assert result.intent == "NeedSpaceIntent"
    assert result.matched_sample == "i need {duration}"
    slot = result.slots["duration"]
    assert slot.value == iso
    assert slot.raw == normalise(spoken)
    assert slot.resolution is None


def test_duration_in_longer_sample(nlu):
    result = nlu.parse("i need space for half an hour")
    assert result.matched_sample == "i need space for {duration}"
    assert result.slot_value("duration") == "PT30M"


@pytest.mark.parametrize(("spoken", "iso"), DURATIONS)
def test_parse_duration_directly(spoken, iso):
    assert parse_duration(normalise(spoken).split()) == iso


@pytest.mark.parametrize("spoken", ["blah", "minutes", "a lot of time"])
def test_parse_duration_rejects_non_durations(spoken):
    assert parse_duration(normalise(spoken).split()) is None


def test_a_built_in_slot_that_cannot_be_read_is_no_match(nlu):
    # Alexa's AMAZON.DURATION / TIME / NUMBER take only words they can read: "give me a
    # banana" is not "give me {duration}" with an unreadable value
    assert nlu.parse("give me a banana").intent == FALLBACK_INTENT
    assert nlu.parse("give me ten minutes").slot_value("duration") == "PT10M"


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en-US", "give me the news"),
        ("en-US", "give me the weather"),
        ("es-MX", "dame las noticias"),
        ("es-MX", "necesito un taxi"),
        ("es-ES", "dame el tiempo de hoy"),
        ("es-US", "necesito una receta de pollo"),
    ],
)
def test_other_domains_do_not_fill_a_duration(locale: str, text: str) -> None:
    model = REAL_MODEL.parent / f"{locale}.json"
    result = Nlu.from_file(model).parse(text)
    assert result.intent == FALLBACK_INTENT, (text, result.matched_sample)


@pytest.mark.parametrize(
    ("spoken", "iso"),
    [
        ("unos minutos", None),  # a few minutes: no number, like "a few minutes"
        ("unas horas", None),
        ("unos minutitos", None),
        ("un ratito", None),  # a while: not a duration
        ("unos veinte minutos", "PT20M"),
        ("cinco minutitos", "PT5M"),
        ("una horita", "PT1H"),
        ("media horita", "PT30M"),
        ("un segundito", "PT1S"),
        ("una hora más o menos", "PT1H"),
        ("media hora o así", "PT30M"),
        ("veinte minutos aproximadamente", "PT20M"),
        ("diez minutillos", "PT10M"),  # Spain's diminutive
    ],
)
def test_spanish_loose_and_diminutive_durations(spoken: str, iso: str | None) -> None:
    assert parse_duration(normalise(spoken).split(), "es") == iso


def test_slot_values_are_read_from_the_words_as_said() -> None:
    # the relaxed words ("ya" dropped, "la" made "el") are for matching, not for the value
    model = {
        "interactionModel": {
            "languageModel": {
                "invocationName": "pacto de pausa",
                "intents": [
                    {
                        "name": "SpaceIntent",
                        "slots": [{"name": "time", "type": "AMAZON.TIME"}],
                        "samples": ["vuelvo a las {time}"],
                    },
                    {"name": "AMAZON.FallbackIntent", "samples": []},
                ],
            }
        }
    }
    result = Nlu(model, "es-MX").parse("ya vuelvo a las ocho de la noche")
    assert result.intent == "SpaceIntent"
    assert result.slot_value("time") == "20:00"


# ----------------------------------------------------------------------------- times

TIMES = [
    ("nine", "09:00"),
    ("nine thirty p m", "21:30"),
    ("9:30 pm", "21:30"),
    ("9:30 p.m.", "21:30"),
    ("half past nine", "09:30"),
    ("quarter to ten", "09:45"),
    ("ten fifteen", "10:15"),
    ("noon", "12:00"),
    ("midnight", "00:00"),
    ("seven a m", "07:00"),
    ("7am", "07:00"),
    ("eight o'clock", "08:00"),
    ("this morning", "MO"),
    ("morning", "MO"),
    ("afternoon", "AF"),
    ("evening", "EV"),
    ("this evening", "EV"),
    ("tonight", "NI"),
    ("night", "NI"),
]


@pytest.mark.parametrize(("spoken", "value"), TIMES)
def test_time_slot(nlu, spoken, value):
    result = nlu.parse(f"come back at {spoken}")
    assert result.intent == "ComeBackIntent"
    assert result.matched_sample == "come back at {time}"
    assert result.slots["time"].value == value


@pytest.mark.parametrize(("spoken", "value"), TIMES)
def test_parse_time_directly(spoken, value):
    assert parse_time(normalise(spoken).split()) == value


@pytest.mark.parametrize(
    ("spoken", "value"),
    [
        ("a las nueve menos cuarto", "08:45"),  # Spain
        ("un cuarto para las nueve", "08:45"),  # Latin America
        ("cuarto para las nueve", "08:45"),
        ("veinte para las diez", "09:40"),
        ("diez para las once de la noche", "22:50"),
        ("cinco para la una", "12:55"),
        ("para las nueve", None),  # "by nine" is said around the slot, not in it
    ],
)
def test_spanish_times_before_the_hour(spoken: str, value: str | None) -> None:
    assert parse_time(normalise(spoken).split(), "es") == value


@pytest.mark.parametrize(
    ("spoken", "value"),
    [
        ("twenty", None),  # "back for twenty": twenty minutes, never 8 pm
        ("fifteen", None),
        ("twenty one hundred", "21:00"),
        ("eight", "08:00"),
        ("twelve", "12:00"),
        ("21", "21:00"),  # typed digits are a clock as written
    ],
)
def test_a_number_word_over_twelve_is_no_clock_time(spoken: str, value: str | None) -> None:
    assert parse_time(normalise(spoken).split()) == value


@pytest.mark.parametrize(
    ("spoken", "value"),
    [("one more hour", "PT1H"), ("ten extra minutes", "PT10M"), ("more", None)],
)
def test_more_inside_a_length_asks_for_that_length(spoken: str, value: str | None) -> None:
    assert parse_duration(spoken.split()) == value


def test_a_unit_said_alone_beside_a_request_is_no_length() -> None:
    another = model_nlu("en-AU").parse("i need another hour")  # "another {duration}"
    assert (another.intent, another.slot_value("duration")) == ("CheckInIntent", "PT1H")
    result = model_nlu("es-ES").parse("sé que es la hora pero dame otros cinco minutos")
    assert result.intent == "CheckInIntent"
    assert (result.slot_value("duration"), result.slot_value("minutes")) == (None, "5")


def test_a_bare_number_beside_a_request_is_minutes_not_a_clock_time() -> None:
    result = model_nlu("en-US").parse("let me cool off for twenty")
    assert result.intent == "SpaceIntent"
    assert result.slot_value("minutes") == "20" and result.slot_value("time") is None


@pytest.mark.parametrize(
    ("said", "heard"),
    [
        ("gimme forty five", "give me forty five"),
        ("lemme cool off", "let me cool off"),
        ("i gotta get outta here", "i got to get out of here"),
        ("i dunno", "i do not know"),
    ],
)
def test_spoken_run_together_words_are_heard_as_speech_recognition_writes_them(
    said: str, heard: str
) -> None:
    assert normalise(said) == heard


def test_time_period_without_at(nlu):
    result = nlu.parse("come back this evening")
    assert result.matched_sample == "come back {time}"
    assert result.slot_value("time") == "EV"


def test_contracted_sample_with_time(nlu):
    result = nlu.parse("Let's talk at quarter to ten")
    assert result.intent == "ComeBackIntent"
    assert result.slot_value("time") == "09:45"


# ----------------------------------------------------------------------------- other built-in slots


def test_number_slot(nlu):
    result = nlu.parse("we had twenty one fights this week")
    assert result.intent == "CountIntent"
    assert result.slot_value("count") == "21"
    assert nlu.parse("we had 3 fights this week").slot_value("count") == "3"


def test_first_name_slot_is_capitalised(nlu):
    result = nlu.parse("my partner's name is sam")
    assert result.intent == "PartnerIntent"
    slot = result.slots["partner"]
    assert (slot.value, slot.raw) == ("Sam", "sam")
    assert nlu.parse("My partner is Mary Jane").slot_value("partner") == "Mary Jane"


def test_search_query_slot_keeps_spoken_words(nlu):
    result = nlu.parse("We are fighting about who's doing the dishes")
    assert result.intent == "VentIntent"
    assert result.slot_value("topic") == "who's doing the dishes"
    assert "resolutions" not in result.slots["topic"].to_alexa()


def test_bare_free_form_slot_only_counts_while_eliciting(nlu):
    assert nlu.parse("sam").intent == FALLBACK_INTENT
    result = nlu.parse("sam", eliciting=("PartnerIntent", "partner"))
    assert result.intent == "PartnerIntent"
    assert result.slot_value("partner") == "Sam"
    result = nlu.parse("it's alex", eliciting=("PartnerIntent", "partner"))
    assert result.slot_value("partner") == "Alex"
    # Built-in intents still win while a slot is being elicited.
    assert nlu.parse("stop", eliciting=("PartnerIntent", "partner")).intent == "AMAZON.StopIntent"


# ----------------------------------------------------------------------------- custom slot types


def test_custom_slot_synonym_resolution(nlu):
    result = nlu.parse("I feel furious")
    assert result.intent == "FeelingIntent"
    slot = result.slots["feeling"]
    assert slot.value == "furious"
    assert slot.raw == "furious"
    assert slot.resolution == ("angry", "ANGRY")
    alexa = slot.to_alexa()
    assert alexa["name"] == "feeling"
    assert alexa["value"] == "furious"
    assert alexa["confirmationStatus"] == "NONE"
    assert alexa["source"] == "USER"
    per_authority = alexa["resolutions"]["resolutionsPerAuthority"][0]
    assert per_authority["authority"].startswith("amzn1.er-authority.echo-sdk.")
    assert per_authority["authority"].endswith(".FeelingType")
    assert per_authority["status"] == {"code": "ER_SUCCESS_MATCH"}
    assert per_authority["values"][0]["value"] == {"name": "angry", "id": "ANGRY"}
    assert alexa["slotValue"]["type"] == "Simple"
    assert alexa["slotValue"]["resolutions"] == alexa["resolutions"]


def test_custom_slot_value_name_and_multiword_synonym(nlu):
    assert nlu.parse("i feel hurt").slots["feeling"].resolution == ("hurt", "HURT")
    assert nlu.parse("I am feeling let down").slots["feeling"].resolution == ("hurt", "HURT")
    # A value declared without id gets a generated one, as Alexa does.
    name, ident = nlu.parse("i feel calm").slots["feeling"].resolution or ("", "")
    assert name == "calm"
    assert len(ident) == 32


def test_custom_slot_no_match(nlu):
    result = nlu.parse("i feel purple")
    assert result.intent == "FeelingIntent"
    slot = result.slots["feeling"]
    assert slot.value == "purple"
    assert slot.resolution is None
    per_authority = slot.to_alexa()["resolutions"]["resolutionsPerAuthority"][0]
    assert per_authority["status"] == {"code": "ER_SUCCESS_NO_MATCH"}
    assert "values" not in per_authority


def test_slot_json_deserialises_into_ask_sdk_model(nlu):
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import Intent

    intent_json = nlu.parse("I feel mad").intent_json()
    assert intent_json is not None
    intent = DefaultSerializer().deserialize(json.dumps(intent_json), Intent)
    slot = intent.slots["feeling"]
    assert slot.value == "mad"
    resolution = slot.resolutions.resolutions_per_authority[0]
    assert resolution.status.code.value == "ER_SUCCESS_MATCH"
    assert resolution.values[0].value.name == "angry"
    assert resolution.values[0].value.id == "ANGRY"
    assert slot.slot_value.value == "mad"


def test_builtin_slot_json(nlu):
    slot = nlu.parse("i need twenty minutes").slots["duration"]
    assert slot.to_alexa(slot_value=False) == {
        "name": "duration",
        "value": "PT20M",
        "confirmationStatus": "NONE",
        "source": "USER",
    }
    assert Slot("x").to_alexa() == {"name": "x", "confirmationStatus": "NONE"}


# ----------------------------------------------------------------------------- invocation


def test_one_shot_tell(nlu):
    result = nlu.parse("Alexa, tell pause pact I need space")
    assert result.intent == "NeedSpaceIntent"
    assert result.invoked
    assert not result.launch


@pytest.mark.parametrize(
    "text",
    [
        "open pause pact",
        "Alexa, open Pause Pact.",
        "launch pause pact",
        "start pause pact",
        "alexa start pause pact",
        "ask pause pact",
        "alexa, pause pact",
        "talk to pause pact",
    ],
)
def test_launch_phrases(nlu, text):
    result = nlu.parse(text)
    assert result.launch
    assert result.intent is None
    assert result.intent_json() is None


def test_one_shot_ask_question(nlu):
    result = nlu.parse("ask pause pact when are we coming back")
    assert result.intent == "ComeBackIntent"
    assert result.invoked


@pytest.mark.parametrize(
    ("text", "intent", "slot", "value"),
    [
        ("Alexa, ask Pause Pact to give me twenty minutes", "NeedSpaceIntent", "duration", "PT20M"),
        ("tell pause pact that I feel sad", "FeelingIntent", "feeling", "sad"),
        ("ask pause pact about we are fighting about money", "VentIntent", "topic", "money"),
        ("open pause pact and come back at nine", "ComeBackIntent", "time", "09:00"),
        ("give me an hour using pause pact", "NeedSpaceIntent", "duration", "PT1H"),
    ],
)
def test_one_shot_variants(nlu, text, intent, slot, value):
    result = nlu.parse(text)
    assert result.intent == intent
    assert result.slot_value(slot) == value
    assert result.invoked


def test_split_invocation(nlu):
    inv = nlu.split_invocation("Alexa, tell pause pact I need space")
    assert (inv.kind, inv.utterance, inv.wake_word) == ("intent", "i need space", True)
    assert nlu.split_invocation("open pause pact").launch
    inv = nlu.split_invocation("ask pause pact to give me an hour")
    assert inv.utterance == "give me an hour"
    inv = nlu.split_invocation("I need space")
    assert (inv.kind, inv.utterance, inv.invoked) == ("session", "i need space", False)
    inv = nlu.split_invocation("alexa, stop")
    assert (inv.kind, inv.utterance, inv.wake_word) == ("session", "stop", True)


def test_in_session_wake_word_is_optional(nlu):
    result = nlu.parse("Alexa, stop")
    assert result.intent == "AMAZON.StopIntent"
    assert not result.invoked


# ----------------------------------------------------------------------------- built-in intents


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("yes", "AMAZON.YesIntent"),
        ("Yeah", "AMAZON.YesIntent"),
        ("sure", "AMAZON.YesIntent"),
        ("yes please", "AMAZON.YesIntent"),
        ("OK", "AMAZON.YesIntent"),
        ("okay.", "AMAZON.YesIntent"),
        ("no", "AMAZON.NoIntent"),
        ("nope", "AMAZON.NoIntent"),
        ("no thanks", "AMAZON.NoIntent"),
        ("help", "AMAZON.HelpIntent"),
        ("what can I say?", "AMAZON.HelpIntent"),
        ("stop", "AMAZON.StopIntent"),
        ("shut up", "AMAZON.StopIntent"),
        ("cancel", "AMAZON.CancelIntent"),
        ("never mind", "AMAZON.CancelIntent"),
        ("go home", "AMAZON.NavigateHomeIntent"),
        ("um, yes please", "AMAZON.YesIntent"),
    ],
)
def test_builtin_intents(nlu, text, intent):
    assert nlu.parse(text).intent == intent


def test_builtin_intents_only_when_declared():
    model = copy.deepcopy(FIXTURE)
    intents = model["interactionModel"]["languageModel"]["intents"]
    model["interactionModel"]["languageModel"]["intents"] = [
        i for i in intents if i["name"] not in ("AMAZON.YesIntent", FALLBACK_INTENT)
    ]
    bare = Nlu(model)
    assert bare.parse("yes").intent is None
    assert bare.parse("flibber jabber").intent is None


def test_samples_for(nlu):
    assert nlu.samples_for("ComeBackIntent")[0] == "when are we coming back"
    yes = nlu.samples_for("AMAZON.YesIntent")
    assert yes[0] == "let's do it"
    assert "yes" in yes
    assert nlu.samples_for("NoSuchIntent") == []


# ----------------------------------------------------------------------------- fallback


@pytest.mark.parametrize("text", ["flibber jabber wocky", "purple monkey dishwasher", "i need"])
def test_gibberish_falls_back(nlu, text):
    result = nlu.parse(text)
    assert result.intent == FALLBACK_INTENT
    assert result.slots == {}
    assert result.matched_sample is None
    assert result.intent_json() == {
        "name": FALLBACK_INTENT,
        "confirmationStatus": "NONE",
        "slots": {},
    }


def test_empty_utterance(nlu):
    assert nlu.parse("").intent is None
    assert nlu.parse("alexa").intent is None


# ----------------------------------------------------------------------------- self check


def test_self_check_clean_fixture():
    assert self_check(FIXTURE) == []


def test_self_check_reports_problems():
    model = copy.deepcopy(FIXTURE)
    intents = model["interactionModel"]["languageModel"]["intents"]
    intents.append({"name": "DupIntent", "samples": ["I need space", "i feel angry"]})
    intents.append({"name": "BadSlotIntent", "samples": ["remind me at {when}"]})
    problems = self_check(model)
    assert any(
        "'I need space'" in p and "NeedSpaceIntent" in p and "DupIntent" in p for p in problems
    )
    # The literal sample shadows the slot sample said with the type's first value.
    assert any(
        "'i feel {feeling}' of FeelingIntent" in p and "parses to DupIntent" in p for p in problems
    )
    assert any("undeclared slot" in p and "when" in p for p in problems)


def test_self_check_reports_same_shape_with_same_slot_type():
    model = copy.deepcopy(FIXTURE)
    model["interactionModel"]["languageModel"]["intents"].append(
        {
            "name": "OtherIntent",
            "slots": [{"name": "length", "type": "AMAZON.DURATION"}],
            "samples": ["give me {length}"],
        }
    )
    assert any("give me {length}" in p for p in self_check(model))


def test_from_file(tmp_path):
    path = tmp_path / "en-GB.json"
    path.write_text(json.dumps(FIXTURE), encoding="utf-8")
    loaded = Nlu.from_file(path)
    assert loaded.locale == "en-GB"
    assert loaded.invocation_name == "pause pact"
    assert loaded.parse("i need ten seconds").slot_value("duration") == "PT10S"


@pytest.mark.skipif(
    not REAL_MODEL.exists(), reason="interaction_models/en-US.json has not been written yet"
)
def test_real_model_self_check():
    nlu = Nlu.from_file(REAL_MODEL)
    assert nlu.invocation_name == "pause pact"
    problems = nlu.check()
    assert problems == [], "\n".join(problems)


# ----------------------------------------------------------------------------- relaxed matching

RELAXED: dict[str, Any] = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "pause pact",
            "intents": [
                {"name": "SpaceIntent", "samples": ["i need space", "i'm going for a walk"]},
                {"name": "BackIntent", "samples": ["i'm calm now", "the break is over"]},
                {
                    "name": "SafetyIntent",
                    "slots": [{"name": "selfSaid", "type": "AMAZON.SearchQuery"}],
                    "samples": ["i {selfSaid}"],
                },
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
        }
    }
}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("i just really need space right now", "SpaceIntent"),  # words that carry no request
        ("i'm going for a drive", "SpaceIntent"),  # a walk or a drive: the same request
        ("i'm calm", "BackIntent"),  # "now" says nothing more
        ("my break's over", "BackIntent"),  # "break's" is "break is"
        ("our break is done", "BackIntent"),  # our/the, done/over
    ],
)
def test_relaxed_matching_before_free_form_carriers(text, intent):
    nlu = Nlu(RELAXED, "en-US")
    result = nlu.parse(text)
    assert (result.intent or "").removeprefix("AMAZON.") == intent


def test_a_free_form_carrier_still_takes_what_matches_nothing_else():
    nlu = Nlu(RELAXED, "en-US")
    result = nlu.parse("i want pizza")
    assert result.intent == "SafetyIntent"
    assert result.slot_value("selfSaid") == "want pizza"


@pytest.mark.parametrize(
    "text", ["play some jazz", "what's the weather", "turn off the lights", "set a timer"]
)
def test_relaxed_matching_never_accepts_other_domains(text):
    nlu = Nlu.from_file(REAL_MODEL)
    assert nlu.parse(text).intent == FALLBACK_INTENT


def test_tomorrow_morning_is_a_time_of_day():
    assert parse_time(["tomorrow", "morning"]) == "MO"
    assert parse_time(["tomorrow"]) is None
    assert parse_time(["manana", "por", "la", "manana"], "es") == "MO"


# ----------------------------------------------------------------------------- near match

NEAR: dict[str, Any] = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "pause pact",
            "intents": [
                {
                    "name": "SpaceIntent",
                    "samples": ["i need space", "i need to cool off outside", "leave me alone"],
                },
                {"name": "CycleIntent", "samples": ["we keep having the same fight"]},
                {"name": "SafetyIntent", "samples": ["he hit me", "he is hurting me"]},
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
        }
    }
}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("i need to go cool off outside", "SpaceIntent"),  # one word more than the sample
        ("we keep having this same stupid fight", "CycleIntent"),
        ("i need space he hit me", "SafetyIntent"),  # a danger sample said along is heard
        ("he keeps hitting me, i need to cool off outside", FALLBACK_INTENT),  # nor its forms
        ("i need", FALLBACK_INTENT),  # one shared word is not a match
        ("i need a new phone", FALLBACK_INTENT),
        ("leave the lights on", FALLBACK_INTENT),
    ],
)
def test_near_match_needs_most_content_words_and_never_drops_danger(text, intent):
    result = Nlu(NEAR, "en-US").parse(text)
    assert result.intent == intent


def test_near_match_is_not_used_to_check_samples_or_while_eliciting():
    nlu = Nlu(NEAR, "en-US")
    assert nlu.parse_utterance("i need to go cool off outside").intent == "SpaceIntent"
    assert nlu.parse_utterance("i need to go cool off outside", near=False).intent == (
        FALLBACK_INTENT
    )


def test_a_carrier_with_words_of_its_own_is_not_overridden_by_a_near_match():
    # "our signal is {signal}" is SignalIntent's own phrase, not a catch-all: the signal "time
    # out" must not be heard as SpaceIntent's "time out" (regression).
    nlu = Nlu.from_file(REAL_MODEL)
    result = nlu.parse("alexa tell pause pact our signal is time out")
    assert result.intent == "SignalIntent"
    assert result.slot_value("signal") == "time out"


def test_a_near_match_never_changes_who_the_sentence_is_about():
    # "I'm so angry" asks for help calming down; "she's so angry" is about the partner, so it
    # goes to SafetyIntent's carrier, where the safety check reads the words (issue 13).
    model = {
        "interactionModel": {
            "languageModel": {
                "invocationName": "pause pact",
                "intents": [
                    {"name": "GroundingIntent", "samples": ["i'm so angry", "i'm angry"]},
                    {"name": "SpaceIntent", "samples": ["i need a break"]},
                    {
                        "name": "SafetyIntent",
                        "slots": [{"name": "partnerSaid", "type": "AMAZON.SearchQuery"}],
                        "samples": ["he hit me", "she {partnerSaid}"],
                    },
                    {"name": "AMAZON.FallbackIntent", "samples": []},
                ],
            }
        }
    }
    nlu = Nlu(model, "en-US")
    assert nlu.parse("i'm livid").intent == "GroundingIntent"
    assert nlu.parse("we really need a breather").intent == "SpaceIntent"  # we/i: both self
    result = nlu.parse("alexa tell pause pact she's livid")
    assert result.intent == "SafetyIntent"
    assert result.slot_value("partnerSaid") == "is livid"


TWO: dict[str, Any] = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "pause pact",
            "intents": [
                {"name": "GroundingIntent", "samples": ["i'm angry", "help me calm down"]},
                {"name": "BackIntent", "samples": ["i'm calm"]},
                {"name": "ConnectionIntent", "samples": ["let's talk"]},
                {
                    "name": "SpaceIntent",
                    "slots": [{"name": "duration", "type": "AMAZON.DURATION"}],
                    "samples": ["i'm going for a drive", "back in {duration}", "i need a break"],
                },
                {
                    "name": "SafetyIntent",
                    "slots": [
                        {"name": "feeling", "type": "AMAZON.SearchQuery"},
                        {"name": "partnerSaid", "type": "AMAZON.SearchQuery"},
                    ],
                    "samples": ["he hit me", "i'm so {feeling}", "he {partnerSaid}"],
                },
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
        }
    }
}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("i'm so angry, help me calm down", "GroundingIntent"),  # over the safety carrier
        ("he's yelling, i need a break", "SafetyIntent"),  # a part that is no sample
        ("i need a break he hit me", "SafetyIntent"),  # a danger sample part wins
        ("i'm going for a drive, he pushed me", "SafetyIntent"),  # the carrier's clause too
    ],
)
def test_two_samples_of_one_intent_said_together(text: str, intent: str) -> None:
    assert Nlu(TWO, "en-US").parse(text).intent == intent


def test_two_samples_keep_the_slot_value() -> None:
    result = Nlu(TWO, "en-US").parse("i'm going for a drive, back in an hour")
    assert result.intent == "SpaceIntent"
    assert result.slot_value("duration") == "PT1H"


def test_two_samples_of_two_intents_decide_nothing() -> None:
    nlu = Nlu(TWO, "en-US")
    relaxed = nlu._relaxed_text(_Text.of("i'm calm, let's talk"))
    assert nlu._two_samples(relaxed) is None  # two requests: left to the near match


def test_a_near_match_to_a_danger_sample_leaves_the_words_to_the_carrier() -> None:
    # A slot-less SafetyIntent sample is a danger phrasing; a sentence only like it ("I want to
    # end this conversation") goes to the carrier with its words, and the safety check decides.
    model = {
        "interactionModel": {
            "languageModel": {
                "invocationName": "pause pact",
                "intents": [
                    {
                        "name": "SafetyIntent",
                        "slots": [{"name": "selfSaid", "type": "AMAZON.SearchQuery"}],
                        "samples": [
                            "i want to end it all",
                            "he threw a plate at me",
                            "i {selfSaid}",
                        ],
                    },
                    {"name": "AMAZON.FallbackIntent", "samples": []},
                ],
            }
        }
    }
    nlu = Nlu(model, "en-US")
    result = nlu.parse("i want to end this conversation")
    assert result.intent == "SafetyIntent"
    assert result.slot_value("selfSaid") == "want to end this conversation"
    # with no carrier to take the words, the danger reading stays
    assert nlu.parse("he threw a plate at me today").intent == "SafetyIntent"


def test_a_near_match_keeps_fear_words_and_the_partner() -> None:
    model = {
        "interactionModel": {
            "languageModel": {
                "invocationName": "pause pact",
                "intents": [
                    {"name": "ConnectionIntent", "samples": ["please don't ignore me"]},
                    {"name": "GroundingIntent", "samples": ["everything's getting on top of me"]},
                    {
                        "name": "SafetyIntent",
                        "slots": [
                            {"name": "feeling", "type": "AMAZON.SearchQuery"},
                            {"name": "partnerSaid", "type": "AMAZON.SearchQuery"},
                        ],
                        "samples": ["he hit me", "i'm {feeling}", "she {partnerSaid}"],
                    },
                    {"name": "AMAZON.FallbackIntent", "samples": []},
                ],
            }
        }
    }
    nlu = Nlu(model, "en-US")
    assert nlu.parse("please don't ignore me").intent == "ConnectionIntent"
    # "scared" is never left out: not the connection request
    assert nlu.parse("please don't ignore me i'm scared").intent != "ConnectionIntent"
    # a sentence about the partner is not like a sample with no one in it
    assert nlu.parse("it's all getting on top of me").intent == "GroundingIntent"
    result = nlu.parse("she's getting on top of me")
    assert result.intent == "SafetyIntent"
    assert result.slot_value("partnerSaid") == "is getting on top of me"


@pytest.mark.parametrize(
    "text",
    [
        "i'm going for a walk, he pushed me",
        "give me a break, he keeps hitting me",
        "when is he back, i'm scared of him",
        "can we talk, i'm frightened",
        "he won't let me out of the room",
        "i can't control myself around him, i'm scared of him",
    ],
)
def test_what_is_said_about_danger_or_fear_reaches_safety_intent(text: str) -> None:
    # a clause of ours beside one about the partner or fear: SafetyIntent gets the words, so the
    # safety check (not the offline NLU) decides
    assert Nlu.from_file(REAL_MODEL).parse(f"alexa tell pause pact {text}").intent == (
        "SafetyIntent"
    )


def test_a_danger_sample_among_the_parts_is_the_reading() -> None:
    result = Nlu.from_file(REAL_MODEL).parse("i can't get out, he's locked the front door")
    assert result.intent == "SafetyIntent"
    assert result.matched_sample == "i can't get out"


ES_MX_MODEL = REAL_MODEL.parent / "es-MX.json"


@pytest.mark.parametrize(
    ("model", "text", "intent", "duration"),
    [
        # English keeps "for": "ask pause pact for twenty minutes"; Spanish "pedir" asks for
        # what follows without one
        (REAL_MODEL, "alexa, ask pause pact for twenty minutes", "SpaceIntent", "PT20M"),
        (ES_MX_MODEL, "alexa, pide a pacto de pausa veinte minutos", "SpaceIntent", "PT20M"),
        (ES_MX_MODEL, "alexa, pídele a pacto de pausa veinte minutos", "SpaceIntent", "PT20M"),
        # "open ... and tell it ...": the words addressing the skill are not the request
        (REAL_MODEL, "open pause pact and tell it i need twenty minutes", "SpaceIntent", "PT20M"),
        (
            ES_MX_MODEL,
            "abre pacto de pausa y dile que necesito veinte minutos",
            "SpaceIntent",
            "PT20M",
        ),
        (ES_MX_MODEL, "abre pacto de pausa y dile que ya volví", "BackIntent", None),
        (ES_MX_MODEL, "pídele a pacto de pausa las noticias", FALLBACK_INTENT, None),
    ],
)
def test_one_shot_carrier_forms(model: Path, text: str, intent: str, duration: str | None) -> None:
    result = Nlu.from_file(model).parse(text)
    assert result.intent == intent
    assert result.slot_value("duration") == duration


@pytest.mark.parametrize(
    ("model", "text", "intent"),
    [
        (ES_MX_MODEL, "carlos, ya volví", "BackIntent"),
        (ES_MX_MODEL, "ya volví, gordo", "BackIntent"),
        (ES_MX_MODEL, "mija, ya regresé", "BackIntent"),
        (ES_MX_MODEL, "cielo, ya volví", "BackIntent"),
        (ES_MX_MODEL, "ya volví, corazón", "BackIntent"),
        (ES_MX_MODEL, "ya volví bebé", "BackIntent"),
        (REAL_MODEL, "babe, i'm back", "BackIntent"),
        (REAL_MODEL, "sam, i'm back", "BackIntent"),
        # not a name: the words left are no request, or a name cannot follow "un"
        (REAL_MODEL, "i'm shaking", "SafetyIntent"),
        (ES_MX_MODEL, "dame un chiste", FALLBACK_INTENT),
        (REAL_MODEL, "next song", FALLBACK_INTENT),  # a one-word sample and a word: no name
        # a danger word is never taken for a name
        (ES_MX_MODEL, "cuchillo, ya volví", FALLBACK_INTENT),
    ],
)
def test_pet_names_and_the_partners_name_are_no_request(
    model: Path, text: str, intent: str
) -> None:
    assert Nlu.from_file(model).parse(text).intent == intent


@pytest.mark.parametrize(
    ("model", "text", "person"),
    [
        (ES_MX_MODEL, "¿a qué hora regresa Lupita?", "Lupita"),
        (ES_MX_MODEL, "cuándo regresa mi esposo", None),
        (REAL_MODEL, "when is sarah coming back", "Sarah"),
    ],
)
def test_a_name_at_the_end_fills_the_samples_name_slot(
    model: Path, text: str, person: str | None
) -> None:
    # "carlos, ya volví" speaks to the partner; "a qué hora regresa lupita" asks about her
    result = Nlu.from_file(model).parse(text)
    assert (result.intent, result.slot_value("person")) == ("ReturnTimeIntent", person)


@pytest.mark.parametrize(
    ("model", "text", "sample"),
    [
        (ES_MX_MODEL, "ayúdame, me está pegando", "me está pegando"),
        (REAL_MODEL, "help, he's choking me", "he's choking me"),
    ],
)
def test_a_one_word_request_before_a_danger_sample_is_the_danger_sample(
    model: Path, text: str, sample: str
) -> None:
    result = Nlu.from_file(model).parse(text)
    assert (result.intent, result.matched_sample) == ("SafetyIntent", sample)
    # without the danger the one word stays its own request
    assert Nlu.from_file(ES_MX_MODEL).parse("ayúdame con la tarea").intent == FALLBACK_INTENT


def test_a_near_match_on_one_word_needs_the_rest_said_alike() -> None:
    # "what time is it" shares only "time" with "from time to time": no match
    nlu = Nlu.from_file(REAL_MODEL.parent / "en-GB.json")
    assert nlu.parse("what time is it").intent == FALLBACK_INTENT


WITHIN: dict[str, Any] = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "pause pact",
            "intents": [
                {"name": "BackIntent", "samples": ["i'm back", "i'm back again"]},
                {"name": "SpaceIntent", "samples": ["i need some space", "i need a break"]},
                {"name": "ConnectionIntent", "samples": ["i want to make up"]},
                {"name": "GroundingIntent", "samples": ["i can't cope"]},
                {"name": "AMAZON.StopIntent", "samples": []},
                {
                    "name": "SafetyIntent",
                    "slots": [
                        {"name": "selfSaid", "type": "AMAZON.SearchQuery"},
                        {"name": "partnerSaid", "type": "AMAZON.SearchQuery"},
                    ],
                    "samples": ["i {selfSaid}", "he {partnerSaid}", "he hit me"],
                },
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
        }
    }
}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # one of our samples said whole inside a longer sentence: that request
        ("right, i'm back, sorry about all that", "BackIntent"),
        ("i need some space from my husband", "SpaceIntent"),
        ("honestly i want to make up with her tonight", "ConnectionIntent"),
        # what the partner does stays with the safety check
        ("i need a break, she keeps shouting", "SafetyIntent"),
        ("i need a break because my husband is shouting", "SafetyIntent"),
        # a negation just before the sample
        ("i don't think i need a break", "SafetyIntent"),
        # words about living and dying, or danger and fear words, anywhere in the sentence
        ("i can't cope with my life", "SafetyIntent"),
        ("i need a break before i jump off a bridge", "SafetyIntent"),
        ("i need a break, i'm scared", "SafetyIntent"),
        # no content word of its own: "i'm back again" relaxed is "i am"
        ("i'm shaking all over", "SafetyIntent"),
        # what the person fears they might do, after the request
        ("i need a break before i do something stupid", "SafetyIntent"),
        ("i'm back, but i could smash something", "SafetyIntent"),
        ("i'm back, but i could fix something", "BackIntent"),  # the same without it
        # losing control, and a body shaking with fear
        ("i need a break, i feel out of control", "SafetyIntent"),
        ("i need some space, my hands keep trembling", "SafetyIntent"),
    ],
)
def test_a_sample_said_inside_a_longer_sentence(text: str, intent: str) -> None:
    assert Nlu(WITHIN, "en-US").parse(text).intent == intent


def test_a_sample_inside_a_sentence_needs_a_share_of_its_words() -> None:
    nlu = Nlu(WITHIN, "en-US")
    long = "i'm back from the shops and the traffic on the ring road was absolutely terrible today"
    assert nlu.parse(long).intent == "SafetyIntent"  # two words of fifteen is no reading


def test_a_built_in_intent_or_an_article_number_is_no_sample_inside_a_sentence() -> None:
    # "turn off" is Stop only said alone; "dame un chiste" is not "dame {minutes}"
    english = Nlu.from_file(REAL_MODEL)
    assert english.parse("turn off the bedroom lights").intent == FALLBACK_INTENT
    assert english.parse("set a timer for ten minutes").intent == FALLBACK_INTENT
    spanish = Nlu.from_file(ES_MX_MODEL)
    assert spanish.parse("dame un chiste").intent == FALLBACK_INTENT


def test_what_someone_says_they_feel_stays_with_the_safety_check() -> None:
    # "i'm {feeling}" takes the words, and a sample inside them does not take them away
    model = copy.deepcopy(WITHIN)
    intents = model["interactionModel"]["languageModel"]["intents"]
    safety = next(i for i in intents if i["name"] == "SafetyIntent")
    safety["slots"].append({"name": "feeling", "type": "AMAZON.SearchQuery"})
    safety["samples"].append("i'm {feeling}")
    nlu = Nlu(model, "en-US")
    result = nlu.parse("i'm wiped out and i can't cope with tonight")
    assert (result.intent, result.matched_sample) == ("SafetyIntent", "i'm {feeling}")
    # the same sample inside words that are no feeling is still the request
    assert nlu.parse("honestly right now i can't cope with tonight").intent == "GroundingIntent"


def test_a_slot_sample_said_beside_the_reading_fills_its_slot() -> None:
    model = copy.deepcopy(WITHIN)
    intents = model["interactionModel"]["languageModel"]["intents"]
    space = next(i for i in intents if i["name"] == "SpaceIntent")
    space["slots"] = [{"name": "duration", "type": "AMAZON.DURATION"}]
    space["samples"].append("back in {duration}")
    nlu = Nlu(model, "en-US")
    # a sample inside the sentence, and "back in {duration}" beside it
    result = nlu.parse("i need some space from all of this, back in half an hour")
    assert (result.intent, result.slot_value("duration")) == ("SpaceIntent", "PT30M")
    # a near match, with "back in {duration}" among its words
    result = nlu.parse("really need space, back in an hour")
    assert (result.intent, result.slot_value("duration")) == ("SpaceIntent", "PT1H")


@pytest.mark.parametrize(
    ("model", "text"),
    [
        (REAL_MODEL, "i can't stop shaking"),
        (REAL_MODEL, "my hands are shaking"),
        (ES_MX_MODEL, "no dejo de temblar"),
        (ES_MX_MODEL, "me tiemblan las manos y no me calmo"),
    ],
)
def test_a_shaking_body_is_never_read_past_by_a_near_match(model: Path, text: str) -> None:
    # "i can't stop panicking" is a grounding sample; shaking is asked "are you safe?" first
    assert Nlu.from_file(model).parse(text).intent == "SafetyIntent"


def test_spanish_sighs_and_formal_mire_are_fillers() -> None:
    model = REAL_MODEL.parent / "es-ES.json"
    nlu = Nlu.from_file(model)
    assert nlu.parse("uf, todavía no, ¿vale? un poco más").intent == "CheckInIntent"
    assert nlu.parse("mire, necesito espacio").intent == "SpaceIntent"


# -- the intent words: what no sample says, read as Alexa's statistical NLU would ----------


@pytest.mark.parametrize(
    ("locale", "said", "intent"),
    [
        ("en-US", "i feel settled again and willing to continue our conversation", "BackIntent"),
        ("en-GB", "i'd love for us to make it up before bed", "ConnectionIntent"),
        ("en-GB", "i'm getting wound up and my breathing's all over the place", "GroundingIntent"),
        ("es-ES", "me apetece que volvamos a estar bien antes de dormir", "ConnectionIntent"),
    ],
)
def test_the_intent_words_read_what_no_sample_says(
    locale: str, said: str, intent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    nlu = model_nlu(locale)
    assert nlu.parse(said).intent == intent
    monkeypatch.setattr(nlu_module, "WORDS_MIN_SHARE", 1.01)  # the literal readings alone
    assert nlu.parse(said).intent != intent


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en-US", "I feel suffocated, he won't let me leave"),
        ("en-GB", "I just want it all to stop, forever"),
        ("es-MX", "me está gritando muy feo"),
        ("es-MX", "no aguanto más, me quiero ir de este mundo"),
    ],
)
def test_the_intent_words_leave_danger_to_the_safety_check(locale: str, said: str) -> None:
    """What the partner does to the speaker, or a word danger is said with, is never read by the
    intent words: SafetyIntent's carrier takes it and the safety check reads it."""
    result = model_nlu(locale).parse(said)
    assert result.intent == "SafetyIntent"
    assert any(slot.value for slot in result.slots.values())


@pytest.mark.parametrize(
    ("locale", "said", "not_intent"),
    [
        ("en-US", "i don't want to reconnect right now", "ConnectionIntent"),
        ("en-US", "play some jazz", None),
        ("en-US", "order more paper towels", None),
        ("es-MX", "pon música de mariachi", None),
        ("es-ES", "qué tiempo va a hacer mañana", None),
    ],
)
def test_the_intent_words_stay_honest(locale: str, said: str, not_intent: str | None) -> None:
    """A negated word of an intent's own is not that intent; another domain stays Fallback."""
    got = model_nlu(locale).parse(said).intent
    if not_intent is None:
        assert got == FALLBACK_INTENT
    else:
        assert got != not_intent


@pytest.mark.parametrize(
    ("locale", "said", "slots"),
    [
        ("en-CA", "alexa, open pause pact and start a break until 9:45 pm", {"time": "21:45"}),
        ("en-CA", "can we push it back fifteen", {"minutes": "15"}),
        ("en-CA", "alexa, ask pause pact when priya's back", {"person": "Priya"}),
        ("en-IN", "how much longer will anjali take", {"person": "Anjali"}),
        ("es-US", "oye, ¿sabes cuándo vuelve Álvaro?", {"person": "Álvaro"}),
    ],
)
def test_slots_beside_a_request_read_some_other_way(
    locale: str, said: str, slots: dict[str, str]
) -> None:
    """A request no sample says whole still carries its time, number or name: a slot phrase of
    the intent's own ("until {time}", "{minutes}") or the one word no sample says, as a name."""
    result = model_nlu(locale).parse(said)
    assert {name: slot.value for name, slot in result.slots.items() if slot.value} == slots


def test_a_first_name_is_not_guessed_among_two_unknown_words() -> None:
    nlu = model_nlu("en-IN")
    one = nlu._relaxed_text(_Text.of("so when is anjali back then"))
    two = nlu._relaxed_text(_Text.of("so when is anjali back then rohit"))
    assert nlu._first_name_around("ReturnTimeIntent", one, 0, 0) == ("Anjali", "anjali")
    assert nlu._first_name_around("ReturnTimeIntent", two, 0, 0) is None
    assert nlu._first_name_around("SpaceIntent", one, 0, 0) is None  # no name slot there


@pytest.mark.parametrize(
    ("locale", "said", "person"),
    [
        ("en-GB", "what time's jess due back", "Jess"),
        ("en-GB", "when is jess meant to be back", "Jess"),
        ("es-MX", "cuánto le falta a lupita para regresar", "Lupita"),
        ("en-US", "when is mary ann back", "Mary Ann"),
    ],
)
def test_a_name_slot_ends_where_the_request_goes_on(locale: str, said: str, person: str) -> None:
    """Alexa's first-name slot takes the name, not the sample's own words after it ("due",
    "para regresar"); a two-word name the samples never say stays whole."""
    result = model_nlu(locale).parse(said)
    assert result.intent == "ReturnTimeIntent"
    assert result.slots["person"].value == person


@pytest.mark.parametrize(
    ("locale", "said"),
    [("en-US", "my girlfriend attacked me"), ("es-MX", "mi esposo me jaloneó")],
)
def test_what_the_partner_does_to_me_is_the_safety_checks(locale: str, said: str) -> None:
    assert model_nlu(locale).parse(said).intent == "SafetyIntent"


def test_spains_tiempo_muerto_is_a_time_out_not_a_death_word() -> None:
    nlu = model_nlu("es-ES")
    result = nlu.parse("necesito un tiempo muerto de una hora y media por lo menos")
    assert result.intent == "SpaceIntent"
    assert result.slots["duration"].value == "PT1H30M"
    # "muerta" said of oneself still goes to the safety check
    assert nlu.parse("estoy muerta de cansancio, necesito un tiempo muerto").intent == (
        "SafetyIntent"
    )
