"""The moment of return (issue 15): a check-in moves the return, short spaces, "Sam heard you",
and the waiting answer for a long wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pacts.model import ActiveSpace, Pact
from pacts.summary import summarize
from pacts.timing import plan_check_in
from simulator.envelopes import Device
from tests.support.harness import Harness
from tests.test_partners_and_data import pair, partner  # noqa: F401 - the fixture
from tests.test_space import episodes, stored_pact

START = datetime(2026, 11, 23, 4, 25, tzinfo=UTC)  # 8:25 PM in Los Angeles


def space(minutes: int = 20, started: datetime = START) -> ActiveSpace:
    return ActiveSpace("e1", started, started + timedelta(minutes=minutes))


# -- the rule --------------------------------------------------------------------------------


def test_more_time_at_the_return_is_the_pacts_default_from_the_return_time() -> None:
    plan = plan_check_in(START + timedelta(minutes=20), Pact("p"), space())
    assert plan.return_at == START + timedelta(minutes=40)
    assert plan.on_time and not plan.capped


def test_ten_more_minutes_said_late_runs_from_now_and_is_not_on_time() -> None:
    now = START + timedelta(minutes=35)
    plan = plan_check_in(now, Pact("p"), space(), "PT10M")
    assert plan.return_at == now + timedelta(minutes=10)
    assert not plan.on_time


def test_each_extension_is_held_to_the_pacts_longest_space() -> None:
    pact = Pact("p", default_space_minutes=20, longest_space_minutes=30)
    plan = plan_check_in(START + timedelta(minutes=20), pact, space(), "PT2H")
    assert plan.return_at == START + timedelta(minutes=50)
    assert plan.capped


def test_never_past_a_day_from_the_first_start() -> None:
    long = space(minutes=23 * 60)
    plan = plan_check_in(long.return_at, Pact("p"), long, "PT2H")
    assert plan.return_at == START + timedelta(hours=24)
    assert plan.capped
    over = space(minutes=24 * 60)
    assert plan_check_in(over.return_at, Pact("p"), over).return_at is None


def test_an_unreadable_length_is_the_default_and_said() -> None:
    plan = plan_check_in(START + timedelta(minutes=20), Pact("p"), space(), "P1Y")
    assert plan.unreadable and plan.return_at == START + timedelta(minutes=40)


def test_a_check_in_on_time_keeps_the_pact_in_the_week() -> None:
    at = int(START.timestamp())
    week = summarize(
        [
            {"id": "a", "kind": "space", "at": at, "checked_in": True},  # still running
            {"id": "b", "kind": "space", "at": at, "returned": True, "on_time": False},
            {"id": "c", "kind": "space", "at": at, "returned": True, "on_time": False,
             "checked_in": True},
        ]
    )  # fmt: skip
    assert (week.spaces, week.settled, week.kept, week.checked_in) == (3, 3, 2, 2)


# -- through the skill ------------------------------------------------------------------------


def test_i_need_more_time_at_the_return_moves_it_and_is_a_check_in(skill: Harness, dynamodb):
    skill.say("SpaceIntent")
    skill.wait(minutes=20)
    reply = skill.say("CheckInIntent", new_session=True)  # a one-shot
    # The key fact first; never "I didn't catch how long" (the old answer).
    assert reply.first_sentence == "Thanks for checking in."
    assert reply.text.startswith("Thanks for checking in. You'll come back to this at 9:05 PM.")
    assert "didn't catch" not in reply.text
    stored = stored_pact(dynamodb, skill.device.user_id)["active_space"]["M"]
    assert stored["return_at"]["S"] == "2026-11-23T05:05:00+00:00"
    assert stored["checked_in"]["BOOL"] is True
    assert stored["started_at"]["S"] == "2026-11-23T04:25:00+00:00"
    [episode] = episodes(dynamodb, skill.device.user_id)  # the same space, checked in
    assert episode["checked_in"]["BOOL"] is True
    assert "on_time" not in episode
    back = skill.say("ReturnTimeIntent")
    assert back.text.startswith("You agreed to come back to this at 9:05 PM.")


def test_ten_more_minutes_then_back_closes_it_and_the_week_counts_it_kept(skill: Harness):
    skill.say("SpaceIntent")
    skill.wait(minutes=19)
    reply = skill.say("CheckInIntent", {"minutes": "10"})
    assert reply.text.startswith("Thanks for checking in. You'll come back to this at 8:55 PM.")
    skill.wait(minutes=20)  # back at 9:04: late for the new time, but the check-in kept it
    assert skill.say("BackIntent").first_sentence == "Welcome back."
    assert skill.say("ReturnTimeIntent").text.startswith("There's no space running")
    summary = skill.say("WeeklySummaryIntent").text
    assert "each time you came back or checked in when you said you would" in summary
    assert "you checked in once" in summary
    assert " of 1 " not in summary and "0 of" not in summary


def test_not_yet_to_a_yes_no_question_is_a_no(skill: Harness, dynamodb):
    skill.say("SpaceIntent")  # "... Want a reminder at 8:45 PM?"
    reply = skill.say("CheckInIntent")
    assert reply.text == "Okay. Come back to it when the time comes, gently."
    stored = stored_pact(dynamodb, skill.device.user_id)["active_space"]["M"]
    assert stored["return_at"]["S"] == "2026-11-23T04:45:00+00:00"
    assert "checked_in" not in stored


def test_with_no_space_i_need_more_time_is_a_space(skill: Harness):
    reply = skill.say("CheckInIntent")
    assert reply.first_sentence == "I heard you, and you'll be back at 8:45 PM."
    assert reply.text.endswith("Want a reminder at 8:45 PM?")


def test_with_no_space_five_more_minutes_is_a_short_space(skill: Harness):
    reply = skill.say("CheckInIntent", {"minutes": "5"})
    assert reply.first_sentence == "I heard you, and you'll be back at 8:30 PM."


def test_the_partner_who_waits_cannot_move_it(skill: Harness, partner: Device, dynamodb):  # noqa: F811
    pair(skill, partner)
    skill.say("SpaceIntent")
    skill.wait(minutes=20)
    reply = skill.say_as(partner, "CheckInIntent")
    assert reply.text.startswith("Your partner's space ended at 8:45 PM.")
    assert "Only they can give themselves more time" in reply.text
    assert not reply.ends_session and reply.reprompt
    stored = stored_pact(dynamodb, skill.device.user_id)["active_space"]["M"]
    assert stored["return_at"]["S"] == "2026-11-23T04:45:00+00:00"


def test_a_check_in_after_a_day_says_it_is_time(skill: Harness):
    skill.say("SpaceIntent", {"duration": "P1D"})
    skill.wait(hours=24)
    reply = skill.say("CheckInIntent", new_session=True)
    assert (
        reply.first_sentence
        == "This space has run for a whole day, and that's as long as a space can go."
    )


def test_spanish_check_in(skill: Harness):
    skill.device.locale = "es-US"
    skill.say("SpaceIntent")
    skill.wait(minutes=20)
    reply = skill.say("CheckInIntent", {"minutes": "10"})
    assert reply.text.startswith("Gracias por avisar. Vuelves a la conversación a las 8:55")
    assert "No entendí" not in reply.text


# -- "Sam heard you", the waiting answer ------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-US", "Sam heard you, and will be back at 8:45 PM."),
        ("es-US", "Sam te oyó y vuelve a las 8:45"),
        ("es-ES", "Sam te ha oído y vuelve a las 8:45"),
    ],
)
def test_a_named_speaker_is_heard_the_way_round_it_is_meant(skill: Harness, locale, expected):
    skill.device.locale = locale
    skill.say("NameIntent", {"name": "Sam"})
    reply = skill.say("SpaceIntent")
    assert reply.text.startswith(expected)


def test_without_a_name_it_stays_one_sentence(skill: Harness):
    reply = skill.say("SpaceIntent")
    assert reply.first_sentence == "I heard you, and you'll be back at 8:45 PM."


@pytest.mark.parametrize(
    ("locale", "long_words", "five"),
    [
        ("en-US", "That's a while to wait", "five minutes"),
        ("es-US", "Todavía falta un buen rato", "cinco minutos"),
        ("es-ES", "Todavía falta un buen rato", "cinco minutos"),
    ],
)
def test_the_five_minute_question_waits_until_less_than_twenty_are_left(
    skill: Harness, locale, long_words, five
):
    skill.device.locale = locale
    skill.say("SpaceIntent", {"duration": "PT45M"})
    skill.wait(minutes=5)
    long = skill.say("ConnectionIntent")
    assert long_words in long.text and five not in long.text
    assert not long.ends_session
    skill.say("AMAZON.NoIntent")
    skill.wait(minutes=26)  # 14 minutes left
    short = skill.say("ConnectionIntent")
    assert five in short.text and long_words not in short.text
