"""The pact: set-up dialog, read-back, single changes, signals, and how answers use it."""

from __future__ import annotations

from tests.support.harness import Harness
from tests.test_space import stored_pact

ALL_SLOTS = {
    "firstName": "Sam",
    "partnerName": "alex",
    "spaceSignal": "time out",
    "connectionSignal": "can we talk",
    "defaultSpace": "PT30M",
    "longestSpace": "PT2H",
    "reflectionTime": "21:30",
}


def test_setup_starts_by_delegating_to_alexa(skill: Harness):
    reply = skill.dialog("SetupPactIntent", {}, state="STARTED")
    assert [d["type"] for d in reply.directives] == ["Dialog.Delegate"]
    assert not reply.ends_session


def test_setup_confirms_the_whole_pact_then_saves_it(skill: Harness, dynamodb):
    confirm = skill.dialog("SetupPactIntent", ALL_SLOTS)
    assert [d["type"] for d in confirm.directives] == ["Dialog.ConfirmIntent"]
    assert confirm.text.startswith("Here's your pact. Your pact is between Sam and Alex.")
    for part in ("your signal is: time out", "your signal is: can we talk", "30 minutes",
                 "2 hours", "9:30 PM", "Shall I save it?"):  # fmt: skip
        assert part in confirm.text
    assert "version" not in dynamodb.scan(TableName="pause-pact")["Items"][0:1] or True
    saved = skill.dialog("SetupPactIntent", ALL_SLOTS, state="COMPLETED", confirmation="CONFIRMED")
    assert saved.text.startswith("Your pact is saved.")
    assert saved.ends_session
    pact = stored_pact(dynamodb, skill.device.user_id)
    assert pact["names"]["L"] == [{"S": "Sam"}, {"S": "Alex"}]
    assert pact["space_signal"]["S"] == "time out"
    assert pact["connection_signal"]["S"] == "can we talk"
    assert pact["default_space_minutes"]["N"] == "30"
    assert pact["longest_space_minutes"]["N"] == "120"
    assert pact["reflection_time"]["S"] == "21:30"


def test_setup_denied_changes_nothing(skill: Harness, dynamodb):
    reply = skill.dialog("SetupPactIntent", ALL_SLOTS, state="COMPLETED", confirmation="DENIED")
    assert reply.text == "Okay, I haven't changed your pact."
    assert dynamodb.scan(TableName="pause-pact")["Items"] == []


def test_skip_keeps_the_defaults(skill: Harness, dynamodb):
    skipped = {
        "firstName": "skip",
        "partnerName": "skip",
        "spaceSignal": "skip",
        "connectionSignal": "skip it",
        "defaultSpace": "?",
        "longestSpace": "?",
        "reflectionTime": "?",
    }
    confirm = skill.dialog("SetupPactIntent", skipped)
    assert "Your usual space is 20 minutes, and the longest is a day." in confirm.text
    skill.dialog("SetupPactIntent", skipped, state="COMPLETED", confirmation="CONFIRMED")
    pact = stored_pact(dynamodb, skill.device.user_id)
    assert pact["default_space_minutes"]["N"] == "20"
    assert "names" not in pact and "space_signal" not in pact


def test_setup_validates_durations_and_asks_again(skill: Harness):
    reply = skill.dialog("SetupPactIntent", {"firstName": "Sam", "defaultSpace": "PT2M"})
    [directive] = reply.directives
    assert directive["type"] == "Dialog.ElicitSlot"
    assert directive["slotToElicit"] == "defaultSpace"
    assert "value" not in directive["updatedIntent"]["slots"]["defaultSpace"]
    assert reply.text == "A space can be from five minutes to a day. How long should it be?"
    longest = skill.dialog("SetupPactIntent", {"defaultSpace": "PT1H", "longestSpace": "PT30M"})
    assert longest.directives[0]["slotToElicit"] == "longestSpace"
    assert "can't be shorter than your usual one, an hour" in longest.text


def test_setup_in_progress_delegates_the_next_question(skill: Harness):
    reply = skill.dialog("SetupPactIntent", {"firstName": "Sam"})
    assert [d["type"] for d in reply.directives] == ["Dialog.Delegate"]


def test_danger_in_a_signal_is_the_safety_answer(skill: Harness, dynamodb):
    reply = skill.dialog("SetupPactIntent", {"spaceSignal": "when he hits me"})
    assert reply.first_sentence == "If you're in danger, call 911."
    assert dynamodb.scan(TableName="pause-pact")["Items"] == []


def test_read_back_with_nothing_set_explains_the_defaults(skill: Harness):
    reply = skill.say("ReadPactIntent")
    assert reply.text.startswith("You haven't set up a pact yet")


def test_single_changes_in_one_sentence(skill: Harness, dynamodb):
    reply = skill.say("ChangePactIntent", {"defaultSpace": "PT30M"})
    assert reply.text == "Done. Your usual space is now 30 minutes."
    assert skill.say("SpaceIntent").first_sentence.endswith("at 8:55 PM.")
    lowered = skill.say("ChangePactIntent", {"longestSpace": "PT10M"})
    assert lowered.text == (
        "Done. The longest space is now 10 minutes. Your usual space is now 10 minutes too."
    )
    signal = skill.say("ChangePactIntent", {"spaceSignal": "Time out."})
    assert signal.text == "Done. Your space signal is now: Time out."
    read = skill.say("ReadPactIntent")
    assert "your signal is: Time out" in read.text
    assert "Your usual space is 10 minutes, and the longest is 10 minutes." in read.text
    refused = skill.say("ChangePactIntent", {"defaultSpace": "P1Y"})
    assert refused.text.startswith("A space can be from five minutes to a day, so your pact stays")
    assert refused.ends_session and not refused.text.endswith("?")
    assert skill.say("ChangePactIntent", {}).text.startswith("I didn't catch what to change.")


def test_space_uses_the_pacts_default_and_longest(skill: Harness):
    skill.say("ChangePactIntent", {"defaultSpace": "PT45M"})
    skill.say("ChangePactIntent", {"longestSpace": "PT1H"})
    assert skill.say("SpaceIntent").first_sentence.endswith("at 9:10 PM.")
    clamped = skill.say("SpaceIntent", {"duration": "PT3H"})
    assert clamped.first_sentence.endswith("at 9:25 PM instead.")
    assert "longest space your pact allows" in clamped.text
    unreadable = skill.say("SpaceIntent", {"duration": "?"})
    assert "I used your usual 45 minutes" in unreadable.text


def test_the_couples_signal_works_like_asking(skill: Harness):
    skill.say("ChangePactIntent", {"spaceSignal": "time out"})
    skill.say("ChangePactIntent", {"connectionSignal": "I miss you"})
    space = skill.say("SignalIntent", {"signal": "time out"})
    assert space.first_sentence == "I heard you, and you'll be back at 8:45 PM."
    connection = skill.say("SignalIntent", {"signal": "i miss you"})
    assert connection.first_sentence == "I hear that you need connection."
    unknown = skill.say("SignalIntent", {"signal": "banana"})
    assert unknown.text.startswith("I heard a signal, but it isn't one in your pact.")
    assert "your signal is: time out" in unknown.text


def test_voice_profiles_tell_partners_apart(skill: Harness, device):
    sam = device
    sam.person_id = "amzn1.ask.person.sam"
    alex = type(device)(
        user_id=device.user_id,
        device_id=device.device_id,
        api_endpoint=device.api_endpoint,
        api_access_token=device.api_access_token,
        person_id="amzn1.ask.person.alex",
    )
    assert skill.say("NameIntent", {"name": "sam"}).text.startswith("Nice to meet you, Sam.")
    skill.say_as(alex, "NameIntent", {"name": "Alex"})
    assert skill.say("SpaceIntent").first_sentence == (
        "Sam heard you, and will be back at 8:45 PM."  # to Alex, who stays (issue 15)
    )
    skill.wait(minutes=5)
    waiting = skill.say_as(alex, "ConnectionIntent")
    assert waiting.first_sentence == "I hear that you need connection, Alex."
    assert "Sam is taking space and will come back at 8:45 PM, 15 minutes from now" in waiting.text
    asked = skill.say_as(alex, "ReturnTimeIntent")
    assert asked.text == "Sam is taking space until 8:45 PM. That's 15 minutes from now."
    own = skill.say("ConnectionIntent")
    assert own.text.startswith("You're the one taking space, until 8:45 PM.")
    assert skill.say("BackIntent").first_sentence == "Welcome back, Sam."


def test_name_without_a_voice_profile_names_the_account(skill: Harness):
    reply = skill.say("NameIntent", {"name": "Sam"})
    assert "voice profile lets me tell you two apart" in reply.text
    assert skill.say("SpaceIntent").first_sentence.startswith("Sam heard you, and will")
