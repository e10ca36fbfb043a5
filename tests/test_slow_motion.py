"""The slow-motion conversation (issue 16): a whole conversation on the simulated clock, every
step reachable, every command at every step, resume after a dropped session, the drill.

Speech time is measured the way the issue asks: words at about 150 a minute, plus every
`<break>`. Nothing here needs what the partners say to each other: the skill never hears it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pacts import slow_motion as sm
from simulator.engine import Options, Simulator
from speech.ssml import MAX_SSML_CHARS, check_ssml, to_plain_text, total_break_seconds
from tests.support.harness import Harness, Reply
from tests.test_pact import ALL_SLOTS  # the set-up dialog's answers

WORDS_PER_MINUTE = 150
CHECKS = ("What am I feeling now?", "Can I say this differently?", "What do I need?")
# The longest a step may play: well inside what a listener can follow and Alexa will play.
MAX_STEP_SECONDS = 180


def speech_seconds(ssml: str) -> float:
    words = len(to_plain_text(ssml).split())
    return words / WORDS_PER_MINUTE * 60 + total_break_seconds(ssml)


def breaks(ssml: str) -> list[float]:
    return [
        float(a) / (1000 if u == "ms" else 1)
        for a, u in re.findall(r'<break time="(\d+(?:\.\d+)?)(ms|s)"/>', ssml)
    ]


def assert_valid_step(ssml: str, *, session_open: bool, reprompt: str) -> None:
    """Valid Alexa speech; a question keeps the session open with a reprompt, and a closed
    session never ends on a question."""
    assert check_ssml(ssml) == [], check_ssml(ssml)
    assert len(ssml) < MAX_SSML_CHARS
    assert all(b <= 10 for b in breaks(ssml))
    assert speech_seconds(ssml) <= MAX_STEP_SECONDS
    text = to_plain_text(ssml)
    if text.endswith("?"):
        assert session_open and reprompt, text[-80:]
    if session_open:
        assert text.endswith("?"), text[-80:]
        assert reprompt


def step_of(reply: Reply) -> int | None:
    state = (reply.raw.get("sessionAttributes") or {}).get("slow_motion") or {}
    progress = state.get("progress") or {}
    return progress.get("step")


def slow_episodes(dynamodb: Any) -> list[dict[str, Any]]:
    items = dynamodb.scan(TableName="pause-pact")["Items"]
    return [i for i in items if i.get("kind", {}).get("S") == "slow_motion"]


def stored_state(dynamodb: Any) -> dict[str, Any]:
    items = dynamodb.scan(TableName="pause-pact")["Items"]
    pacts = [i for i in items if i["sk"]["S"] == "PACT" and "slow_motion" in i]
    assert len(pacts) == 1
    state: dict[str, Any] = pacts[0]["slow_motion"]["M"]
    return state


# -- a whole conversation on the simulated clock ----------------------------------------------


def run_conversation(tmp_path: Path, locale: str = "en-US", start: str | None = None) -> dict:
    options = Options(
        locale=locale,
        now=datetime.fromisoformat("2026-11-22T20:25"),
        state_dir=tmp_path,
        persist=False,
        embedded=True,
    )
    start = start or "alexa tell pause pact let's have a slow motion conversation"
    answer = "yes" if locale.startswith("en") else "sí"
    with Simulator(options) as sim:
        began = sim.now
        turns = [sim.say(start)]
        while turns[-1].session_open and len(turns) < 40:
            turns.append(sim.say(answer))
        return {"turns": turns, "clock": sim.now - began}


def test_a_whole_conversation_takes_about_twenty_minutes(tmp_path: Path) -> None:
    result = run_conversation(tmp_path)
    turns = result["turns"]
    planned = sum(speech_seconds(t.ssml) for t in turns) / 60
    assert 15 <= planned <= 25, planned
    progress = sm.begin({}, datetime.now().astimezone())
    assert len(turns) == progress.last_step + 1  # intro, every speak and mirror, the ending
    for turn in turns:
        assert_valid_step(turn.ssml, session_open=turn.session_open, reprompt=turn.reprompt)
    for check in CHECKS:
        assert any(check in t.text for t in turns), check
    ending = turns[-1]
    assert not ending.session_open
    assert "one small step toward each other" in ending.text
    took = re.search(r"It took you (\d+) minutes", ending.text)
    assert took, ending.text
    # The skill measured it: the simulated clock moved by the speech and silences.
    measured = result["clock"].total_seconds() / 60
    assert abs(int(took.group(1)) - measured) <= 2, (took.group(0), measured)


@pytest.mark.parametrize("pace", [10, 30])
def test_the_pact_can_set_the_pace_from_ten_to_thirty_minutes(tmp_path: Path, pace: int) -> None:
    words = {10: "ten", 30: "thirty"}[pace]
    result = run_conversation(
        tmp_path,
        start=f"alexa tell pause pact let's have a {words} minute slow motion conversation",
    )
    planned = sum(speech_seconds(t.ssml) for t in result["turns"]) / 60
    assert pace * 0.75 <= planned <= pace * 1.25, planned


@pytest.mark.parametrize("locale", ["es-MX", "es-ES", "en-GB"])
def test_other_locales_run_the_whole_conversation(tmp_path: Path, locale: str) -> None:
    start = {
        "es-MX": "alexa pide a pacto de pausa que tengamos una conversación en cámara lenta",
        "es-ES": "alexa pide a pacto de pausa que tengamos una conversación a cámara lenta",
        "en-GB": "alexa tell pause pact let's have a slow motion conversation",
    }[locale]
    result = run_conversation(tmp_path, locale, start)
    turns = result["turns"]
    assert turns[0].understood is not None and turns[0].understood.intent == "SlowMotionIntent"
    planned = sum(speech_seconds(t.ssml) for t in turns) / 60
    assert 15 <= planned <= 25, planned
    assert not turns[-1].session_open and len(turns) > 10
    for turn in turns:
        assert_valid_step(turn.ssml, session_open=turn.session_open, reprompt=turn.reprompt)
    text = " ".join(t.text for t in turns)
    if locale == "es-ES":
        assert "decid" in text and "digan" not in text
    elif locale == "es-MX":
        assert "digan" in text and "decid" not in text


# -- every step, every command ----------------------------------------------------------------


def start(skill: Harness, **slots: Any) -> Reply:
    reply = skill.say("SlowMotionIntent", slots or None)
    assert step_of(reply) == 0
    return reply


def to_step(skill: Harness, number: int) -> Reply:
    reply = start(skill)
    for _ in range(number):
        skill.wait(seconds=speech_seconds(reply.ssml) + 4)
        reply = skill.say("NextStepIntent")
    assert step_of(reply) == number
    return reply


STEPS = list(range(sm.begin({}, datetime.now().astimezone()).last_step))


@pytest.mark.parametrize("number", STEPS)
def test_every_command_works_at_every_step(skill: Harness, dynamodb: Any, number: int) -> None:
    here = to_step(skill, number)
    kind = sm.step_at(sm.begin({}, skill.now), number).kind

    def same_step(intent: str, **kw: Any) -> Reply:
        reply = skill.say(intent, **kw)
        assert step_of(reply) == number, (intent, reply.text)
        assert_valid_step(reply.ssml, session_open=not reply.ends_session, reprompt=reply.reprompt)
        assert not reply.ends_session
        return reply

    again = same_step("AMAZON.RepeatIntent")
    assert total_break_seconds(again.ssml) >= total_break_seconds(here.ssml) - 1
    slower = same_step("SlowerIntent")
    if kind != "intro":
        assert total_break_seconds(slower.ssml) > total_break_seconds(here.ssml)
    paused = same_step("GroundingIntent")
    assert total_break_seconds(paused.ssml) >= 55 and "back to where you were" in paused.text
    back = same_step("AMAZON.YesIntent")  # after the pause: the same step, from its start
    assert "from the start of this step" in back.text
    same_step("AMAZON.HelpIntent")
    same_step("AMAZON.FallbackIntent")
    if kind == "mirror":
        retry = same_step("NotQuiteIntent")
        assert "more slowly" in retry.text
    else:
        same_step("AMAZON.NoIntent")

    # "stop": the session closes calmly and the progress stays for the hour.
    stopped = skill.say("AMAZON.StopIntent")
    assert stopped.ends_session and "continue our slow conversation" in stopped.text
    skill.device.end_session()
    resumed = skill.say("SlowMotionResumeIntent")
    assert step_of(resumed) == number and "pick up where you left off" in resumed.text

    # "I need space": the pact wins, the return time comes first, and the step waits.
    space = skill.say("SpaceIntent")
    assert space.first_sentence.startswith("I heard you") and "be back at" in space.text
    skill.device.end_session()
    assert step_of(skill.say("SlowMotionResumeIntent")) == number

    # A sign of danger wins at every step (SafetyHandler, registered first).
    safety = skill.say("SafetyIntent")
    assert "911" in safety.first_sentence, safety.text
    assert step_of(safety) is None  # the conversation's session state is gone

    # "next" goes on from every step.
    skill.device.end_session()
    skill.say("SlowMotionResumeIntent")
    following = skill.say("NextStepIntent")
    if number + 1 < STEPS[-1] + 1:
        assert step_of(following) == number + 1
    else:
        assert following.ends_session and "It took you" in following.text
    assert slow_episodes(dynamodb) == [] or number == STEPS[-1]


def test_one_read_and_one_write_per_turn(skill: Harness, calls: Any) -> None:
    start(skill)
    for intent in ("NextStepIntent", "AMAZON.RepeatIntent", "SlowerIntent", "GroundingIntent"):
        before = (calls.reads, calls.writes)
        skill.say(intent)
        assert (calls.reads - before[0], calls.writes - before[1]) == (1, 1), intent


def test_not_quite_three_times_lets_the_round_rest_and_goes_on(skill: Harness) -> None:
    to_step(skill, 2)
    skill.say("NotQuiteIntent")
    skill.say("AMAZON.NoIntent")
    rest = skill.say("NotQuiteIntent")
    assert "let this one rest" in rest.text
    assert step_of(rest) == 3


def test_slower_has_a_limit(skill: Harness) -> None:
    to_step(skill, 1)
    replies = [skill.say("SlowerIntent") for _ in range(sm.MAX_SLOWER + 1)]
    assert "as slow as I go" in replies[-1].text
    assert 'rate="x-slow"' in replies[-1].ssml


def test_the_ending_is_an_episode_of_its_own_kind_with_its_length(
    skill: Harness, dynamodb: Any
) -> None:
    reply = start(skill)
    while not reply.ends_session:
        skill.wait(seconds=speech_seconds(reply.ssml) + 4)
        reply = skill.say("AMAZON.YesIntent")
    took = re.search(r"It took you (\d+) minutes", reply.text)
    assert took
    [episode] = slow_episodes(dynamodb)
    assert episode["minutes"]["N"] == took.group(1)
    assert 15 <= int(took.group(1)) <= 25
    state = stored_state(dynamodb)
    assert "progress" not in state and state["pace"]["N"] == "20"
    # Nothing of the conversation's words is stored: only numbers and times.
    assert set(episode) <= {"pk", "sk", "kind", "at", "expires_at", "person", "minutes",
                            "rounds", "pace"}  # fmt: skip


# -- resume after a dropped session -----------------------------------------------------------


def test_resume_after_alexa_closed_a_quiet_session(skill: Harness) -> None:
    here = to_step(skill, 3)
    # Nobody answered the question or the reprompt: Alexa ends the session.
    skill.wait(seconds=speech_seconds(here.ssml) + 16)
    ended = skill.send(skill.device.session_ended(skill.now, "EXCEEDED_MAX_REPROMPTS"))
    assert not ended.ssml
    skill.wait(minutes=40)
    resumed = skill.say("SlowMotionResumeIntent")
    assert step_of(resumed) == 3
    assert to_plain_text(here.ssml) in resumed.text  # the same step, word for word
    assert not resumed.ends_session


def test_no_resume_after_an_hour_but_an_offer_to_start_again(skill: Harness) -> None:
    to_step(skill, 2)
    skill.device.end_session()
    skill.wait(minutes=61)
    reply = skill.say("SlowMotionResumeIntent")
    assert "Would you like to start a new one?" in reply.text and not reply.ends_session
    assert step_of(skill.say("AMAZON.YesIntent")) == 0


def test_names_from_the_pact_and_the_first_speaker_alternates(skill: Harness) -> None:
    skill.dialog("SetupPactIntent", ALL_SLOTS, state="COMPLETED", confirmation="CONFIRMED")
    first = start(skill)
    opener = re.search(r"(Sam|Alex) speaks first today", first.text)
    assert opener
    skill.say("AMAZON.StopIntent")
    second = start(skill)
    again = re.search(r"(Sam|Alex) speaks first today", second.text)
    assert again and again.group(1) != opener.group(1)
    speak = skill.say("NextStepIntent")
    assert speak.text.startswith(f"{again.group(1)}, it's your turn to speak.")


def test_without_names_one_of_you_and_the_other(skill: Harness) -> None:
    intro = start(skill)
    assert "Choose, quietly, which one of you speaks first." in intro.text
    speak = skill.say("NextStepIntent")
    assert speak.text.startswith("One of you, it's your turn to speak.")
    assert speak.text.endswith("The other, ready to say back what you heard?")


def test_commands_outside_a_conversation_are_calm(skill: Harness) -> None:
    for intent in ("NextStepIntent", "AMAZON.RepeatIntent", "SlowerIntent", "NotQuiteIntent"):
        reply = skill.say(intent)
        assert "no slow conversation running" in reply.text and not reply.ends_session
        skill.device.end_session()


def test_another_offer_mid_conversation_gets_its_own_answer(skill: Harness) -> None:
    to_step(skill, 1)
    skill.say("CycleIntent")  # offers space, connection or another pause
    pause = skill.say("AMAZON.YesIntent")
    assert total_break_seconds(pause.ssml) >= 55 and step_of(pause) == 1


# -- practise the pact ------------------------------------------------------------------------


def test_the_drill_takes_about_two_minutes_in_the_pacts_own_words(
    skill: Harness, calls: Any
) -> None:
    skill.dialog("SetupPactIntent", ALL_SLOTS, state="COMPLETED", confirmation="CONFIRMED")
    skill.device.end_session()
    before = (calls.reads, calls.writes)
    first = skill.say("PractisePactIntent")
    assert (calls.reads - before[0], calls.writes - before[1]) == (1, 0)
    assert "Sam, say your space signal out loud: time out." in first.text
    assert "I need 30 minutes, but I heard you." in first.text
    assert "Alex, answer as your pact says" in first.text
    assert "Are you available to listen?" in first.text
    assert "can we talk" in first.text
    assert first.text.endswith("Ready to swap?") and not first.ends_session
    second = skill.say("NextStepIntent")
    assert "Alex, say your space signal out loud" in second.text
    end = skill.say("AMAZON.YesIntent")
    assert end.ends_session and "said out loud by both of you" in end.text
    total = sum(speech_seconds(r.ssml) for r in (first, second, end))
    assert 90 <= total <= 180, total
    for reply in (first, second, end):
        assert_valid_step(reply.ssml, session_open=not reply.ends_session, reprompt=reply.reprompt)


def test_the_drill_without_a_pact_uses_the_seeds_words(skill: Harness, calls: Any) -> None:
    first = skill.say("PractisePactIntent")
    assert calls.writes == 0
    assert "One of you, say out loud: I need 20 minutes, but I heard you." in first.text
    assert "The other, now say: I have something to say." not in first.text
    assert "One of you, now say: I have something to say. Are you available" in first.text
    stop = skill.say("AMAZON.StopIntent")
    assert stop.ends_session and "stop the practice" in stop.text


# -- the words people are told to say are understood ---------------------------------------


@pytest.mark.parametrize(
    ("locale", "key", "utterance", "intent"),
    [
        ("en-US", "slow.stopped", "continue our slow conversation", "SlowMotionResumeIntent"),
        ("en-US", "slow.outside", "let's have a slow-motion conversation", "SlowMotionIntent"),
        ("en-US", "slow.reprompt", "next", "NextStepIntent"),
        ("en-US", "slow.reprompt", "again", "AMAZON.RepeatIntent"),
        ("en-US", "slow.mirror_ask", "not quite", "NotQuiteIntent"),
        ("en-US", "slow.commands", "slower", "SlowerIntent"),
        ("en-US", "slow.commands", "pause", "GroundingIntent"),
        ("en-US", "slow.commands", "I need space", "SpaceIntent"),
        ("en-GB", "slow.stopped", "continue our slow conversation", "SlowMotionResumeIntent"),
        ("es-MX", "slow.stopped", "continúa nuestra conversación lenta", "SlowMotionResumeIntent"),
        ("es-US", "slow.outside", "tengamos una conversación en cámara lenta", "SlowMotionIntent"),
        ("es-ES", "slow.outside", "tengamos una conversación a cámara lenta", "SlowMotionIntent"),
        ("es-ES", "slow.reprompt", "siguiente", "NextStepIntent"),
        ("es-ES", "slow.reprompt", "otra vez", "AMAZON.RepeatIntent"),
        ("es-MX", "slow.mirror_ask", "no del todo", "NotQuiteIntent"),
        ("es-US", "slow.commands", "más despacio", "SlowerIntent"),
        ("es-US", "slow.commands", "pausa", "GroundingIntent"),
        ("es-ES", "slow.commands", "necesito espacio", "SpaceIntent"),
        ("en-CA", "slow.stopped", "continue our slow conversation", "SlowMotionResumeIntent"),
        ("en-AU", "slow.outside", "let's have a slow-motion conversation", "SlowMotionIntent"),
        ("en-IN", "slow.reprompt", "next", "NextStepIntent"),
        ("es-US", "slow.stopped", "continúa nuestra conversación lenta", "SlowMotionResumeIntent"),
        ("es-US", "drill.reprompt", "siguiente", "NextStepIntent"),
        ("en-GB", "drill.intro", "practise your pact", None),
        ("en-US", "drill.intro", "practice your pact", None),
    ],
)
def test_what_the_steps_tell_people_to_say_is_understood(
    locale: str, key: str, utterance: str, intent: str | None
) -> None:
    from simulator.nlu import Nlu
    from speech.catalog import Phrases

    said = str(Phrases(locale).catalog[key]).lower()
    assert utterance.lower() in said, (key, said)
    if intent is None:  # the market's own spelling, not a command
        return
    model = Path(__file__).resolve().parent.parent / "interaction_models" / f"{locale}.json"
    assert Nlu.from_file(model).parse(utterance).intent == intent


def test_every_step_fits_in_one_response_even_at_its_slowest() -> None:
    for pace in (10, 20, 30):
        progress = sm.begin({}, datetime.now().astimezone(), pace=pace)
        slowest = sm.MAX_SLOWER
        for number in range(progress.last_step + 1):
            step = sm.step_at(progress, number)
            for again in (False, True):
                silences = sm.silences_for(step, progress.scale, slowest, again=again)
                assert silences.total <= sm.MAX_STEP_SILENCE_S, (pace, step, silences)
                assert silences.total + 50 <= MAX_STEP_SECONDS


def test_time_between_turns_is_counted_as_conversation_time() -> None:
    progress = sm.begin({}, datetime.now().astimezone())
    later = progress.advanced(progress.updated_at + timedelta(seconds=90))
    assert later.active_s == 90


# -- where other journeys meet it ------------------------------------------------------------


def test_back_from_a_space_mid_conversation_offers_to_pick_it_up(skill: Harness) -> None:
    to_step(skill, 3)
    space = skill.say("SpaceIntent")
    assert "be back at" in space.text
    skill.device.end_session()
    skill.wait(minutes=20)
    back = skill.say("BackIntent")
    assert back.text.startswith("Welcome back.")
    assert back.text.endswith("Would you like to pick it up where you left off?")
    assert not back.ends_session
    resumed = skill.say("AMAZON.YesIntent")
    assert step_of(resumed) == 3 and "pick up where you left off" in resumed.text


def test_back_from_a_space_otherwise_says_how_to_slow_down(skill: Harness) -> None:
    skill.say("SpaceIntent")
    skill.device.end_session()
    skill.wait(minutes=20)
    back = skill.say("BackIntent")
    assert back.text.endswith("you can say: let's have a slow-motion conversation.")
    assert back.ends_session


def finish_one(skill: Harness) -> Reply:
    reply = start(skill)
    while not reply.ends_session:
        skill.wait(seconds=speech_seconds(reply.ssml) + 4)
        reply = skill.say("NextStepIntent")
    skill.device.end_session()
    return reply


def test_the_weekly_summary_and_the_nightly_reflection_know_about_it(skill: Harness) -> None:
    finish_one(skill)
    summary = skill.say("WeeklySummaryIntent")
    assert "You had a slow-motion conversation once." in summary.text
    skill.device.end_session()
    reflection = skill.say("ReflectionIntent")
    asked = [reflection.text]
    while not skill.replies[-1].ends_session and len(asked) < 6:
        asked.append(skill.say("ReflectionIntent", {"answer": "skip"}).text)
    assert any("What did you notice when you went slowly?" in text for text in asked)


def test_no_slow_question_on_a_day_without_one(skill: Harness) -> None:
    reflection = skill.say("ReflectionIntent")
    asked = [reflection.text]
    while not skill.replies[-1].ends_session and len(asked) < 6:
        asked.append(skill.say("ReflectionIntent", {"answer": "skip"}).text)
    assert not any("went slowly" in text for text in asked)


# -- screens ----------------------------------------------------------------------------------


def test_a_screen_shows_whose_turn_which_check_and_a_quiet_timer(skill: Harness) -> None:
    from tests.test_screens import structure_problems

    skill.device.screen = True
    intro = start(skill)
    speak = skill.say("NextStepIntent")
    [directive] = speak.directives
    assert directive["type"] == "Alexa.Presentation.APL.RenderDocument"
    assert directive["token"] == "pause-pact-slow-motion"
    assert structure_problems(directive) == []
    shown = directive["datasources"]["slowMotion"]["properties"]
    assert shown["turn"] == "One of you speaks"
    assert shown["check"] == "What am I feeling now?"
    assert shown["minutesWord"] == "min"
    intro_at = datetime.fromisoformat(
        intro.raw["sessionAttributes"]["slow_motion"]["progress"]["started_at"]
    )
    assert shown["startedAtMs"] == int(intro_at.timestamp() * 1000)
    # Shown for as long as the step plays, and a while after.
    assert directive["document"]["settings"]["idleTimeout"] >= speech_seconds(speak.ssml) * 1000
    mirror = skill.say("NextStepIntent").directives[0]["datasources"]["slowMotion"]
    assert mirror["properties"]["turn"] == "The other says back what they heard"
    paused = skill.say("GroundingIntent")
    assert [d["token"] for d in paused.directives] == ["pause-pact-breathing"]


def test_no_screen_on_a_device_without_one(skill: Harness) -> None:
    start(skill)
    assert skill.say("NextStepIntent").directives == []


def test_after_a_pause_a_wait_still_returns_to_the_same_step(skill: Harness) -> None:
    to_step(skill, 1)
    skill.say("GroundingIntent")
    wait = skill.say("AMAZON.NoIntent")
    assert "Take the time you need" in wait.text and step_of(wait) == 1
    back = skill.say("AMAZON.YesIntent")
    assert step_of(back) == 1 and "from the start of this step" in back.text


def test_with_dynamodb_unreachable_the_conversation_runs_and_resume_says_so(
    evening: datetime, device: Any
) -> None:
    import boto3
    from botocore.config import Config

    from pacts.store import PactStore
    from tests.support.harness import TABLE

    config = Config(connect_timeout=0.2, read_timeout=0.2, retries={"total_max_attempts": 1})
    client = boto3.client(
        "dynamodb", endpoint_url="http://127.0.0.1:9", region_name="us-east-1", config=config
    )
    skill = Harness(now=evening, device=device, store=PactStore(TABLE, lambda: client))
    intro = skill.say("SlowMotionIntent")
    assert step_of(intro) == 0 and not intro.ends_session
    assert step_of(skill.say("NextStepIntent")) == 1  # the session carries it
    skill.device.end_session()
    resumed = skill.say("SlowMotionResumeIntent")
    assert "couldn't reach your pact" in resumed.text
    assert "no slow conversation" not in resumed.text
