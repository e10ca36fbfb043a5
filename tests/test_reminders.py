"""Return reminders and the nightly reflection, against the HTTPS Reminders API stand-in."""

from __future__ import annotations

import time
import uuid

import pytest
import requests

from simulator.envelopes import Device
from tests.support.harness import Harness
from tests.test_space import episodes, stored_pact

SCOPE = "alexa::alerts:reminders:skill:readwrite"


@pytest.fixture
def consenting(device: Device) -> Device:
    """A device whose user granted the reminders permission (a consent token in the envelope)."""
    device.permissions_token = "consent"
    return device


def reminders_of(alexa_api, device: Device, tls) -> list[dict]:
    response = requests.get(
        f"{alexa_api.endpoint}/v1/alerts/reminders",
        headers={"Authorization": f"Bearer {device.api_access_token}"},
        verify=str(tls.ca_file),
        timeout=5,
    )
    response.raise_for_status()
    return response.json()["alerts"]


def sent(alexa_api, method: str) -> list:
    return [r for r in alexa_api.requests_seen if r.method == method and "/reminders" in r.path]


def test_offer_and_yes_sets_a_local_reminder(skill: Harness, consenting, alexa_api, tls, dynamodb):
    alexa_api.clear_requests()
    offer = skill.say("SpaceIntent")
    assert offer.text.endswith("Want a reminder at 8:45 PM?")
    assert offer.reprompt == "Shall I remind you when it's time to come back?"
    done = skill.say("AMAZON.YesIntent")
    assert done.text == "Done. I'll remind you at 8:45 PM."
    [created] = sent(alexa_api, "POST")
    trigger = created.json["trigger"]
    assert trigger == {
        "type": "SCHEDULED_ABSOLUTE",
        "scheduledTime": "2026-11-22T20:45:00",
        "timeZoneId": "America/Los_Angeles",
    }
    text = created.json["alertInfo"]["spokenInfo"]["content"][0]["text"]
    assert "come back to the conversation you paused" in text
    assert "fight" not in text.lower()
    [reminder] = reminders_of(alexa_api, consenting, tls)
    pact = stored_pact(dynamodb, consenting.user_id)
    assert pact["active_space"]["M"]["reminder_token"]["S"] == reminder["alertToken"]


def test_no_thanks_keeps_the_space(skill: Harness, consenting, alexa_api, tls, dynamodb):
    skill.say("SpaceIntent")
    reply = skill.say("AMAZON.NoIntent")
    assert reply.text == "Okay. Come back to it when the time comes, gently."
    assert reminders_of(alexa_api, consenting, tls) == []
    assert "active_space" in stored_pact(dynamodb, consenting.user_id)


def test_reminder_is_relative_when_the_zone_is_unknown(skill: Harness, consenting, alexa_api):
    alexa_api.inject("/v2/devices", status=500)
    alexa_api.clear_requests()
    offer = skill.say("SpaceIntent")
    assert offer.text.endswith("Want a reminder in 20 minutes?")
    assert skill.say("AMAZON.YesIntent").text == "Done. I'll remind you in 20 minutes."
    [created] = sent(alexa_api, "POST")
    assert created.json["trigger"] == {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 1200}


@pytest.fixture
def no_consent(skill: Harness, alexa_api) -> Device:
    """A user who never granted reminders: no consent token, an API token without the scope."""
    user = f"shy-{uuid.uuid4()}"  # the stand-in outlives one test; keep users apart
    skill.device.api_access_token = alexa_api.issue_token(reminders=False, user=user)
    skill.device.permissions_token = None
    return skill.device


def ask_for(reply) -> dict:
    [directive] = [d for d in reply.directives if d["type"] == "Connections.SendRequest"]
    assert directive["name"] == "AskFor"
    assert directive["payload"]["permissionScopes"] == [
        {"permissionScope": SCOPE, "consentLevel": "ACCOUNT"}
    ]
    assert "shouldEndSession" not in reply.body
    return directive


def test_missing_consent_asks_by_voice_then_accepted(skill, no_consent, alexa_api, tls, dynamodb):
    skill.say("SpaceIntent")
    directive = ask_for(skill.say("AMAZON.YesIntent"))
    assert "active_space" in stored_pact(dynamodb, no_consent.user_id)  # the space stands
    # The user says yes to Alexa's own permission prompt.
    alexa_api.grant_reminders(no_consent.api_access_token)
    no_consent.permissions_token = "consent"
    accepted = skill.permission_answer("ACCEPTED", directive["token"])
    assert accepted.text == "Done. I'll remind you at 8:45 PM."
    assert len(reminders_of(alexa_api, no_consent, tls)) == 1


@pytest.mark.parametrize("status", ["DENIED", "NOT_ANSWERED"])
def test_consent_denied_or_not_answered(skill, no_consent, status, dynamodb):
    skill.say("SpaceIntent")
    directive = ask_for(skill.say("AMAZON.YesIntent"))
    reply = skill.permission_answer(status, directive["token"])
    assert reply.text.startswith("That's all right, your space still stands.")
    assert "Alexa app" in reply.text
    assert reply.body["card"] == {"type": "AskForPermissionsConsent", "permissions": [SCOPE]}
    assert "active_space" in stored_pact(dynamodb, no_consent.user_id)


def test_consent_token_present_but_api_says_401(skill, consenting, alexa_api):
    consenting.api_access_token = alexa_api.issue_token(reminders=False)
    skill.say("SpaceIntent")
    ask_for(skill.say("AMAZON.YesIntent"))


@pytest.mark.parametrize("status", [403, 429, 500, 503])
def test_api_errors_are_calm_and_the_space_stands(skill, consenting, alexa_api, status, dynamodb):
    skill.say("SpaceIntent")
    alexa_api.inject("/v1/alerts/reminders", status=status)
    reply = skill.say("AMAZON.YesIntent")
    assert reply.text == (
        "I couldn't set the reminder just now. Your space still stands: "
        "you'll come back to this at 8:45 PM."
    )
    assert "active_space" in stored_pact(dynamodb, consenting.user_id)


def test_api_hanging_is_answered_in_time(skill, consenting, alexa_api):
    skill.say("SpaceIntent")
    alexa_api.inject("/v1/alerts/reminders", delay_s=4.0)
    start = time.monotonic()
    reply = skill.say("AMAZON.YesIntent")
    assert time.monotonic() - start < 8
    assert reply.text.startswith("I couldn't set the reminder just now.")


def test_im_back_cancels_the_pending_reminder(skill, consenting, alexa_api, tls):
    skill.say("SpaceIntent")
    skill.say("AMAZON.YesIntent")
    assert len(reminders_of(alexa_api, consenting, tls)) == 1
    skill.wait(minutes=10)
    alexa_api.clear_requests()
    skill.say("BackIntent")
    assert [r.status for r in sent(alexa_api, "DELETE")] == [200]
    assert reminders_of(alexa_api, consenting, tls) == []


def test_im_back_after_the_reminder_was_deleted_in_the_app(skill, consenting, alexa_api, tls):
    skill.say("SpaceIntent")
    skill.say("AMAZON.YesIntent")
    [reminder] = reminders_of(alexa_api, consenting, tls)
    requests.delete(
        f"{alexa_api.endpoint}/v1/alerts/reminders/{reminder['alertToken']}",
        headers={"Authorization": f"Bearer {consenting.api_access_token}"},
        verify=str(tls.ca_file),
        timeout=5,
    )
    assert skill.say("BackIntent").first_sentence == "Welcome back."


def test_extending_the_space_moves_the_reminder(skill, consenting, alexa_api, tls):
    skill.say("SpaceIntent")
    skill.say("AMAZON.YesIntent")
    [before] = reminders_of(alexa_api, consenting, tls)
    alexa_api.clear_requests()
    reply = skill.say("SpaceIntent", {"duration": "PT1H"})
    assert "Your reminder moves with it." in reply.text
    assert "Want a reminder" not in reply.text
    [updated] = sent(alexa_api, "PUT")
    assert updated.path.endswith(before["alertToken"])
    assert updated.json["trigger"]["scheduledTime"] == "2026-11-22T21:25:00"
    assert [r["alertToken"] for r in reminders_of(alexa_api, consenting, tls)] == [
        before["alertToken"]
    ]


def test_remind_us_to_come_back_at_nine(skill, consenting, alexa_api):
    alexa_api.clear_requests()
    reply = skill.say("ReminderIntent", {"time": "09:00"})
    assert reply.text.startswith("I heard you, and you'll be back at 9 PM.")
    assert reply.text.endswith("Done. I'll remind you at 9 PM.")
    [created] = sent(alexa_api, "POST")
    assert created.json["trigger"]["scheduledTime"] == "2026-11-22T21:00:00"


def test_set_a_return_reminder_without_a_space(skill, consenting):
    assert skill.say("ReminderIntent").text.startswith("There's no space running right now")


def test_nightly_reflection_set_moved_stopped(skill, consenting, alexa_api, tls, dynamodb):
    alexa_api.clear_requests()
    reply = skill.say("ReflectionScheduleIntent", {"time": "09:30"})
    assert reply.text == "Done. Every night at 9:30 PM, I'll invite you to reflect together."
    [created] = sent(alexa_api, "POST")
    trigger = created.json["trigger"]
    assert trigger["type"] == "SCHEDULED_ABSOLUTE"
    assert trigger["timeZoneId"] == "America/Los_Angeles"
    assert trigger["scheduledTime"] == "2026-11-22T21:30:00"
    assert trigger["recurrence"]["recurrenceRules"] == [
        "FREQ=DAILY;BYHOUR=21;BYMINUTE=30;BYSECOND=0"
    ]
    assert stored_pact(dynamodb, consenting.user_id)["reflection_time"]["S"] == "21:30"
    moved = skill.say("ReflectionScheduleIntent", {"time": "22:00"})
    assert moved.text == "Done. Every night at 10 PM, I'll invite you to reflect together."
    [updated] = sent(alexa_api, "PUT")
    assert updated.json["trigger"]["recurrence"]["recurrenceRules"] == [
        "FREQ=DAILY;BYHOUR=22;BYMINUTE=0;BYSECOND=0"
    ]
    assert len(reminders_of(alexa_api, consenting, tls)) == 1
    stopped = skill.say("StopReflectionIntent")
    assert stopped.text == "Okay. I've stopped the nightly reflection."
    assert reminders_of(alexa_api, consenting, tls) == []
    assert "reflection_time" not in stored_pact(dynamodb, consenting.user_id)
    assert skill.say("StopReflectionIntent").text.startswith("There's no nightly reflection set.")


def test_nightly_reflection_asks_the_time(skill, consenting):
    reply = skill.say("ReflectionScheduleIntent")
    assert reply.directives[0]["type"] == "Dialog.ElicitSlot"
    assert reply.directives[0]["slotToElicit"] == "time"


def test_nightly_reflection_needs_consent(skill, no_consent, alexa_api, tls, dynamodb):
    directive = ask_for(skill.say("ReflectionScheduleIntent", {"time": "21:30"}))
    assert stored_pact(dynamodb, no_consent.user_id)["reflection_time"]["S"] == "21:30"
    alexa_api.grant_reminders(no_consent.api_access_token)
    no_consent.permissions_token = "consent"
    reply = skill.permission_answer("ACCEPTED", directive["token"])
    assert reply.text == "Done. Every night at 9:30 PM, I'll invite you to reflect together."
    assert len(reminders_of(alexa_api, no_consent, tls)) == 1


def reflection_turn(skill: Harness, answer: str):
    return skill.dialog("ReflectionIntent", {"answer": answer})


def test_a_full_reflection_is_stored(skill: Harness, dynamodb):
    first = skill.say("ReflectionIntent")
    assert first.text.startswith("Let's look back at today, gently.")
    assert first.directives[0]["type"] == "Dialog.ElicitSlot"
    assert first.directives[0]["slotToElicit"] == "answer"
    assert not first.ends_session
    second = reflection_turn(skill, "I waited before texting")
    assert second.text.startswith("Thank you.")
    third = skill.say("AMAZON.YesIntent")  # a yes/no answer arrives as AMAZON.YesIntent
    assert third.text.startswith("Thank you.")
    last = reflection_turn(skill, "a hug after dinner")
    assert last.ends_session
    assert last.text.startswith("Thank you")
    [episode] = episodes(dynamodb, skill.device.user_id)
    assert episode["kind"]["S"] == "reflection"
    answers = [a["S"] for a in episode["answers"]["L"]]
    assert answers == ["I waited before texting", "yes", "a hug after dinner"]
    assert len(episode["questions"]["L"]) == 3
    summary = skill.say("WeeklySummaryIntent")
    assert "You reflected once." in summary.text


def test_questions_rotate_from_the_bank(skill: Harness):
    first = skill.say("ReflectionIntent").text
    skill.say("AMAZON.StopIntent")
    skill.wait(days=1)
    assert skill.say("ReflectionIntent").text != first


def test_safety_words_in_an_answer_switch_to_the_safety_answer(skill: Harness, dynamodb):
    skill.say("ReflectionIntent")
    reflection_turn(skill, "we talked")
    reply = reflection_turn(skill, "he hit me tonight")
    assert reply.first_sentence == "If you're in danger, call 911."
    assert not reply.ends_session  # open for "repeat" only; the reflection is gone
    assert skill.device.session_attributes == {"safety": "harm"}
    assert episodes(dynamodb, skill.device.user_id) == []


def test_reminder_events_keep_the_state_true(skill, consenting, alexa_api, tls, dynamodb):
    skill.say("SpaceIntent")
    skill.say("AMAZON.YesIntent")
    skill.say("ReflectionScheduleIntent", {"time": "21:30"})
    pact = stored_pact(dynamodb, consenting.user_id)
    space_token = pact["active_space"]["M"]["reminder_token"]["S"]
    nightly = pact["reflection_reminder"]["S"]
    deleted = consenting.skill_event(
        "Reminders.ReminderDeleted", skill.now, {"alertTokens": [space_token]}
    )
    assert "outputSpeech" not in skill.send(deleted).body
    pact = stored_pact(dynamodb, consenting.user_id)
    assert "reminder_token" not in pact["active_space"]["M"]
    assert pact["reflection_reminder"]["S"] == nightly
    changed = consenting.skill_event(
        "AlexaSkillEvent.SkillPermissionChanged", skill.now, {"acceptedPermissions": []}
    )
    skill.send(changed)
    assert "reflection_reminder" not in stored_pact(dynamodb, consenting.user_id)


def test_reminder_status_completed_forgets_the_return_reminder(skill, consenting, dynamodb):
    skill.say("SpaceIntent")
    skill.say("AMAZON.YesIntent")
    token = stored_pact(dynamodb, consenting.user_id)["active_space"]["M"]["reminder_token"]["S"]
    for kind, body in [
        ("Reminders.ReminderStarted", {"alertToken": token}),
        ("Reminders.ReminderCreated", {"alertToken": token}),
        ("Reminders.ReminderStatusChanged", {"status": "COMPLETED", "alertToken": token}),
    ]:
        assert "outputSpeech" not in skill.send(consenting.skill_event(kind, skill.now, body)).body
    assert "reminder_token" not in stored_pact(dynamodb, consenting.user_id)["active_space"]["M"]


def test_delete_our_data_cancels_the_reminders(skill, consenting, alexa_api, tls, dynamodb):
    skill.say("SpaceIntent")
    skill.say("AMAZON.YesIntent")
    skill.say("ReflectionScheduleIntent", {"time": "21:30"})
    assert len(reminders_of(alexa_api, consenting, tls)) == 2
    skill.say("DeleteDataIntent")
    skill.say("AMAZON.YesIntent")
    assert reminders_of(alexa_api, consenting, tls) == []
    assert dynamodb.scan(TableName="pause-pact")["Items"] == []
