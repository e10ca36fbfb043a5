"""Names only when they are plausibly names (issue 15): 'this is ridiculous' mid-fight."""

from __future__ import annotations

import pytest

from pacts import setup
from pacts.model import Pact
from pacts.names import Verdict, judge
from tests.support.harness import Harness

NOT_NAMES = [
    ("ridiculous", "en-US"),
    ("so unfair", "en-US"),
    ("unbelievable", "en-GB"),
    ("a joke", "en-US"),
    ("fucking idiot", "en-US"),
    ("R2D2", "en-US"),
    ("4", "en-US"),
    ("Sam and Alex and Jo and Kim", "en-US"),
    ("ridículo", "es-ES"),
    ("una locura", "es-US"),
    ("el colmo", "es-MX"),
    ("injusto", "es-ES"),
    ("harta", "es-US"),
    ("mierda", "es-ES"),
    ("", "en-US"),
    (None, "en-US"),
]
NAMES = [
    ("Sam", "en-US"),
    ("Mary Ann", "en-US"),
    ("Jean-Luc", "en-CA"),
    ("O'Neil", "en-GB"),
    ("Ashish", "en-IN"),
    ("Joy", "en-US"),
    ("Grace", "en-AU"),
    ("Frank", "en-US"),
    ("María de los Ángeles", "es-ES"),
    ("Dolores", "es-ES"),
    ("Soledad", "es-MX"),
    ("Consuelo", "es-US"),
    ("Linda", "es-US"),
    ("Conrado", "es-ES"),
    ("Lucía", "es-ES"),
]
UNSURE = [
    ("Generous", "en-US"),
    ("Hopeless-ness", "en-US"),
    ("Unbelievably", "en-US"),
    ("J", "en-US"),
    ("Agotadísimo", "es-ES"),
    ("Brígida", "es-ES"),
]


@pytest.mark.parametrize(("heard", "locale"), NOT_NAMES)
def test_words_that_are_no_names_are_refused(heard: str | None, locale: str):
    assert judge(heard, locale) == (Verdict.NOT_A_NAME, None)


@pytest.mark.parametrize(("heard", "locale"), NAMES)
def test_names_are_names(heard: str, locale: str):
    assert judge(heard, locale) == (Verdict.NAME, heard)


@pytest.mark.parametrize(("heard", "locale"), UNSURE)
def test_doubtful_names_are_asked_about(heard: str, locale: str):
    assert judge(heard, locale) == (Verdict.UNSURE, heard)


@pytest.mark.parametrize(
    ("locale", "heard", "answer"),
    [
        ("en-US", "ridiculous", "I didn't take that as a name, so nothing changed."),
        ("es-US", "ridículo", "Eso no lo tomé como un nombre, así que no cambié nada."),
        ("es-ES", "ridículo", "Eso no lo he tomado como un nombre, así que no he cambiado nada."),
    ],
)
def test_this_is_ridiculous_stores_no_name(skill: Harness, locale: str, heard: str, answer: str):
    skill.device.locale = locale
    reply = skill.say("NameIntent", {"name": heard})
    assert reply.text.startswith(answer)
    assert reply.ends_session
    assert heard.capitalize() not in reply.text
    assert skill.store is not None
    assert not skill.store.load(skill.device.user_id).pact.names


def test_a_doubtful_name_waits_for_yes(skill: Harness):
    asked = skill.say("NameIntent", {"name": "generous"})
    assert asked.text == "Did you say your name is Generous?"
    assert not asked.ends_session and asked.reprompt == "Is your name Generous? Yes or no?"
    assert skill.say("AMAZON.YesIntent").text.startswith("Nice to meet you, Generous.")
    skill.say("NameIntent", {"name": "generous"})
    again = skill.say("AMAZON.NoIntent")
    assert again.text == "Okay. What's your first name?" and not again.ends_session
    assert again.directives[0]["type"] == "Dialog.ElicitSlot"
    assert again.directives[0]["slotToElicit"] == "name"


def test_the_pact_takes_no_such_names():
    pact = Pact(pact_id="p")
    assert setup.problem({"firstName": "ridiculous"}, pact) == ("firstName", "setup.not_a_name")
    assert setup.problem({"partnerName": "un desastre"}, pact) == (
        "partnerName",
        "setup.not_a_name",
    )
    assert setup.problem({"firstName": "Sam", "partnerName": "Alex"}, pact) is None


def test_a_one_sentence_name_change_refuses_a_word(skill: Harness):
    reply = skill.say("ChangePactIntent", {"partnerName": "ridiculous"})
    assert reply.text == "That didn't sound like a name, so your pact stays as it was."
    assert reply.ends_session
