"""Space: heard + the return time as a local clock time, in the first sentence, one turn."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pacts.store import account_hash
from tests.support.harness import Harness


def stored_pact(dynamodb, user_id: str) -> dict:
    item = dynamodb.get_item(
        TableName="pause-pact",
        Key={"pk": {"S": f"ACCOUNT#{account_hash(user_id)}"}, "sk": {"S": "PACT"}},
    ).get("Item")
    assert item is not None, "the pact was not stored"
    return item


def episodes(dynamodb, user_id: str) -> list[dict]:
    copy = dynamodb.get_item(
        TableName="pause-pact",
        Key={"pk": {"S": f"ACCOUNT#{account_hash(user_id)}"}, "sk": {"S": "PACT"}},
    ).get("Item")
    if copy is None:
        return []
    return dynamodb.query(
        TableName="pause-pact",
        KeyConditionExpression="pk = :pk AND begins_with(sk, :e)",
        ExpressionAttributeValues={
            ":pk": {"S": f"PACT#{copy['pact_id']['S']}"},
            ":e": {"S": "EPISODE#"},
        },
    )["Items"]


def test_default_space_is_twenty_minutes_said_as_clock_time(skill: Harness, dynamodb, calls):
    reply = skill.say("SpaceIntent")
    assert (calls.reads, calls.writes) == (1, 1)
    assert reply.first_sentence == "I heard you, and you'll be back at 8:45 PM."
    # The one question a flooded person hears: the return reminder, in the same breath.
    assert reply.text.endswith("Want a reminder at 8:45 PM?")
    assert not reply.ends_session
    assert "8:45 PM" in reply.card
    pact = stored_pact(dynamodb, skill.device.user_id)
    assert pact["active_space"]["M"]["return_at"]["S"] == "2026-11-23T04:45:00+00:00"
    [episode] = episodes(dynamodb, skill.device.user_id)
    assert episode["kind"]["S"] == "space"
    assert int(episode["expires_at"]["N"]) > int(datetime(2027, 5, 1).timestamp())


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        ({"duration": "PT1H"}, "at 9:25 PM"),
        ({"duration": "PT20M"}, "at 8:45 PM"),
        ({"duration": "PT1H30M"}, "at 9:55 PM"),
        ({"time": "09:00"}, "at 9 PM"),  # no am/pm: the next nine, tonight
        ({"time": "21:00"}, "at 9 PM"),
        ({"time": "08:30"}, "at 8:30 PM"),
        ({"time": "07:00"}, "tomorrow at 7 AM"),  # 7 PM has passed: the next seven
        ({"time": "NI"}, "at 9 PM"),
        ({"time": "EV"}, "at 8:45 PM"),  # already evening: the usual space
        ({"time": "MO"}, "tomorrow at 9 AM"),
        ({"time": "AF"}, "tomorrow at 2 PM"),
    ],
)
def test_spoken_durations_and_clock_times(skill: Harness, slots, expected):
    reply = skill.say("SpaceIntent", slots)
    assert reply.first_sentence == f"I heard you, and you'll be back {expected}."


def test_a_short_space_is_kept_and_why_twenty_helps_is_said_once(skill: Harness, calls):
    """Issue 15: no five-minute floor; the body needs about twenty minutes, said once."""
    reply = skill.say("SpaceIntent", {"duration": "PT2M"})
    assert reply.first_sentence == "I heard you, and you'll be back at 8:27 PM."
    assert "shortest space" not in reply.text
    assert "make it twenty minutes next time" in reply.text
    assert "the body needs about that long to settle" in reply.text
    skill.say("BackIntent")
    calls.reset()
    again = skill.say("SpaceIntent", {"duration": "PT3M"})
    assert again.first_sentence == "I heard you, and you'll be back at 8:28 PM."
    assert "twenty minutes" not in again.text  # once for this account
    assert (calls.reads, calls.writes) == (1, 1)  # no read added for it


def test_a_clock_time_a_minute_away_is_a_one_minute_space(skill: Harness):
    reply = skill.say("SpaceIntent", {"time": "20:26"})
    assert reply.first_sentence == "I heard you, and you'll be back at 8:26 PM."
    assert "twenty minutes" in reply.text


@pytest.mark.parametrize("slots", [{"duration": "PT1S"}, {"duration": "PT30S"}])
def test_seconds_are_a_moment_not_a_length(skill: Harness, slots):
    reply = skill.say("SpaceIntent", slots)
    assert reply.first_sentence == "I heard you, and you'll be back at 8:30 PM."
    assert "didn't catch" not in reply.text and "twenty minutes" in reply.text


@pytest.mark.parametrize("locale", ["en-US", "es-US", "es-ES"])
def test_a_sec_is_a_short_space_with_why_twenty_helps(skill: Harness, locale: str):
    skill.device.locale = locale
    reply = skill.say("ShortSpaceIntent")
    opening = reply.text[:70]  # the return time first ("Te oí: vuelves a las ...")
    assert "8:30" in opening
    why = {"en-US": "twenty minutes", "es-US": "veinte minutos", "es-ES": "veinte minutos"}
    assert why[locale] in reply.text
    assert "didn't catch" not in reply.text and "No entendí" not in reply.text


def test_the_pacts_own_short_default_is_not_called_short(skill: Harness):
    skill.say("ChangePactIntent", {"defaultSpace": "PT10M"})
    reply = skill.say("SpaceIntent")
    assert reply.first_sentence == "I heard you, and you'll be back at 8:35 PM."
    assert "twenty minutes" not in reply.text


def test_too_long_is_clamped_to_a_day_and_said(skill: Harness):
    reply = skill.say("SpaceIntent", {"duration": "P2D"})
    assert reply.first_sentence == "I heard you, and you'll be back tomorrow at 8:25 PM."
    assert "longest space" in reply.text


@pytest.mark.parametrize(
    "slots",
    [
        {"duration": "?"},
        {"duration": "P1Y"},
        {"duration": "P3M"},
        {"duration": "garbage"},
        {"duration": "PT0S"},
        {"time": "25:99"},
        {"time": "?"},
        {"duration": "PT-5M"},
    ],
)
def test_unreadable_values_fall_back_to_the_default_and_say_so(skill: Harness, slots):
    reply = skill.say("SpaceIntent", slots)
    assert reply.first_sentence == "I heard you, and you'll be back at 8:45 PM."
    assert "didn't catch how long" in reply.text


def test_asking_again_replaces_the_running_space(skill: Harness, dynamodb):
    skill.say("SpaceIntent")
    skill.wait(minutes=5)
    reply = skill.say("SpaceIntent", {"duration": "PT1H"})
    assert reply.first_sentence.startswith("I heard you, and you'll be back")
    assert "at 9:30 PM" in reply.first_sentence
    assert skill.say("ReturnTimeIntent").text.startswith(
        "You agreed to come back to this at 9:30 PM. That's an hour from now."
    )
    # A new return time for the running space is the same space (issue 12, item 12).
    (episode,) = episodes(dynamodb, skill.device.user_id)
    assert episode["return_at"]["S"] == "2026-11-23T05:30:00+00:00"


def test_time_zone_unknown_says_relative_time(skill: Harness, alexa_api):
    alexa_api.inject("/v2/devices", status=500)
    reply = skill.say("SpaceIntent", {"duration": "PT30M"})
    assert reply.first_sentence == "I heard you, and you'll be back in 30 minutes."
    assert "PM" not in reply.text


def test_time_zone_unknown_and_clock_time_repeats_their_own_time(skill: Harness, alexa_api):
    alexa_api.inject("/v2/devices", status=500)
    reply = skill.say("SpaceIntent", {"time": "09:30"})
    assert reply.first_sentence == "I heard you, and you'll be back at 9:30."
    assert "couldn't check your clock" in reply.text


def test_no_api_access_token_means_relative_time(skill: Harness):
    skill.device.api_access_token = None
    reply = skill.say("SpaceIntent")
    assert reply.first_sentence == "I heard you, and you'll be back in 20 minutes."


def test_india_half_hour_zone(skill: Harness, alexa_api):
    alexa_api.set_time_zone(skill.device.device_id, "Asia/Kolkata")
    skill.now = datetime(2026, 11, 22, 20, 25, tzinfo=ZoneInfo("Asia/Kolkata"))
    reply = skill.say("SpaceIntent", {"duration": "PT50M"})
    assert reply.first_sentence == "I heard you, and you'll be back at 9:15 PM."


def test_spring_forward(skill: Harness, alexa_api):
    """01:50 EST + 20 minutes on the night clocks jump from 2:00 to 3:00 is 3:10 AM."""
    alexa_api.set_time_zone(skill.device.device_id, "America/New_York")
    skill.now = datetime(2026, 3, 8, 1, 50, tzinfo=ZoneInfo("America/New_York"))
    assert skill.say("SpaceIntent").first_sentence.endswith("at 3:10 AM.")
    # "back at two thirty": 2:30 does not exist that night; the real moment is 3:30 AM.
    moved = skill.say("SpaceIntent", {"time": "02:30"}).first_sentence
    assert moved.endswith("at 3:30 AM instead.")


def test_fall_back(skill: Harness, alexa_api):
    """01:50 EDT + 20 minutes on the night clocks go back from 2:00 to 1:00 is 1:10 AM."""
    alexa_api.set_time_zone(skill.device.device_id, "America/New_York")
    skill.now = datetime(2026, 11, 1, 1, 50, tzinfo=ZoneInfo("America/New_York"))
    reply = skill.say("SpaceIntent")
    assert reply.first_sentence.endswith("at 1:10 AM.")
    assert skill.say("ReturnTimeIntent").text.endswith("That's 20 minutes from now.")


# --- one optional part (issue 15: at most 20 s by construction) --------------------------------

AFTERCARE = (
    "Let your body settle. When you come back, one small step is enough.",
    "The conversation will keep until then, and so will your return time.",
    "Breathe slowly. Space is safe because you're coming back.",
)


def test_the_reminder_offer_is_the_one_optional_part_when_it_can_be_made(skill: Harness):
    reply = skill.say("SpaceIntent")
    assert reply.text == "I heard you, and you'll be back at 8:45 PM. Want a reminder at 8:45 PM?"
    assert not reply.ends_session  # the question keeps its reprompt
    assert not any(line in reply.text for line in AFTERCARE)


def test_why_twenty_helps_comes_before_the_reminder_offer(skill: Harness):
    reply = skill.say("SpaceIntent", {"duration": "PT10M"})
    assert reply.text == (
        "I heard you, and you'll be back at 8:35 PM. If you can, make it twenty minutes next "
        "time: the body needs about that long to settle."
    )
    assert reply.ends_session
    skill.device.end_session()
    again = skill.say("SpaceIntent", {"duration": "PT10M"})
    assert again.text.endswith("Want a reminder at 8:35 PM?")  # said once; the offer is back


def test_without_a_reminder_to_offer_the_aftercare_line_is_the_optional_part(skill: Harness):
    event = skill.device.intent("SpaceIntent", skill.now, None)
    event["context"]["System"].pop("apiAccessToken", None)  # no reminders (nor the zone)
    reply = skill.send(event)
    assert reply.first_sentence == "I heard you, and you'll be back in 20 minutes."
    assert sum(line in reply.text for line in AFTERCARE) == 1
    assert "?" not in reply.text and reply.ends_session


def test_a_note_and_one_optional_part_at_most(skill: Harness):
    skill.say("ChangePactIntent", {"longestSpace": "PT1H"})
    skill.device.end_session()
    reply = skill.say("SpaceIntent", {"duration": "PT3H"})
    assert reply.text == (
        "I heard you, and you'll be back at 9:25 PM. That's the longest space your pact allows; "
        "space works best with a return. Want a reminder at 9:25 PM?"
    )


@pytest.mark.parametrize(
    ("minutes", "said"),
    [
        pytest.param(
            5,
            "Welcome back. You're a little early: check how your body feels, and if your heart "
            "is still racing, take a few slow breaths first.",
            id="early-the-body-check-is-the-whole-answer",
        ),
        pytest.param(
            20,
            "Welcome back. You came back when you said you would, and that builds trust. When "
            "you're both ready to talk it through, you can say: let's have a slow-motion "
            "conversation.",
            id="on-time-has-one-optional-part",
        ),
    ],
)
def test_back_after_a_space(skill: Harness, minutes: int, said: str):
    skill.say("SpaceIntent")
    skill.device.end_session()
    skill.wait(minutes=minutes)
    back = skill.say("BackIntent")
    assert back.text == said
    assert back.ends_session
