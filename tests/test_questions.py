"""A question always keeps the session open with a reprompt (issue 15).

Three layers: the guard refuses (tests, development) or repairs (production) any spoken question
sent closed or without a reprompt, and it catches every question phrase of every catalog; the
skill runs it on every response, first, whichever way a handler built it; the refusals that used
to end on a question with the session closed now say plainly what happened. Every other test
runs with PAUSE_PACT_STRICT=1 (tests/conftest.py), so any handler path they render that sends a
question closed fails there.
"""

from __future__ import annotations

import string
from typing import Any

import pytest
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_model import Response
from ask_sdk_model.ui import Reprompt, SsmlOutputSpeech
from ask_sdk_runtime.dispatch_components.request_components import GenericRequestHandlerChain

from intents import questions
from intents.questions import ClosedQuestion, QuestionGuard, ends_with_question, guard
from lambda_function import make_handler
from pacts.model import MAX_SIGNAL_CHARS
from skill import create_skill_builder
from speech.catalog import EN
from speech.formatting import SUPPORTED_LOCALES
from speech.locales import catalog_for
from speech.ssml import Ssml
from tests.support.harness import Harness, Reply

FIELDS = {"name": "Sam", "who": "Sam", "when": "at 8:45 PM", "time": "8:45 PM"}


def _filled(text: str) -> str:
    names = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    return text.format(**{n: FIELDS.get(n, "20 minutes") for n in names})


def question_phrases() -> list[tuple[str, str, str]]:
    """(locale, key, text) for every phrase variant, in every locale, that ends in a question."""
    found = []
    for locale in SUPPORTED_LOCALES:
        for key, entry in catalog_for(locale, EN).items():
            for variant in entry if isinstance(entry, tuple) else (entry,):
                text = _filled(variant)
                if text.rstrip(" \"'”»)").endswith("?"):
                    found.append((locale, key, text))
    return found


QUESTIONS = question_phrases()


def _response(text: str, *, end: bool | None, reprompt: str | None = None) -> Response:
    return Response(
        output_speech=SsmlOutputSpeech(ssml=Ssml().say(text).build()),
        reprompt=Reprompt(output_speech=SsmlOutputSpeech(ssml=Ssml().say(reprompt).build()))
        if reprompt
        else None,
        should_end_session=end,
    )


def test_the_catalogs_have_questions_in_every_locale():
    locales = {locale for locale, _, _ in QUESTIONS}
    assert locales == set(SUPPORTED_LOCALES)
    assert any(text.startswith("¿") for locale, _, text in QUESTIONS if locale == "es-ES")


@pytest.mark.parametrize(("locale", "key", "text"), QUESTIONS, ids=lambda v: str(v)[:40])
def test_every_question_phrase_is_refused_closed_and_sent_open(locale: str, key: str, text: str):
    """Strict (tests): closed, open without a reprompt, or left to the device (None): refused.
    Open with a reprompt: sent as it is."""
    for end, reprompt in ((True, text), (None, text), (False, None)):
        with pytest.raises(ClosedQuestion):
            guard(_response(text, end=end, reprompt=reprompt))
    fine = _response(text, end=False, reprompt=text)
    assert guard(fine) is fine and fine.should_end_session is False
    # An answer that goes on after the question is not a question.
    guard(_response(f"{text} {EN['change.nothing']}", end=True))


@pytest.mark.parametrize(("locale", "key", "text"), QUESTIONS[::7], ids=lambda v: str(v)[:40])
def test_in_production_a_closed_question_is_kept_open_with_its_reprompt(
    monkeypatch: pytest.MonkeyPatch, locale: str, key: str, text: str
):
    monkeypatch.delenv(questions.STRICT_ENV)
    repaired = guard(_response(f"Okay. {text}", end=True))
    assert repaired.should_end_session is False
    reprompt = repaired.reprompt.output_speech.ssml
    assert ends_with_question(reprompt)
    assert "Okay." not in reprompt  # the question alone, not the whole answer


def test_questions_are_recognised_through_ssml_quotes_and_spanish_marks():
    assert ends_with_question('<speak>Ready? <break time="2s"/></speak>')
    assert ends_with_question("<speak>¿Seguimos?</speak>")
    assert ends_with_question('You could say: "are you free?"')
    assert not ends_with_question("<speak>Are you free? Then give them time to answer.</speak>")
    assert not ends_with_question("<speak>Done.</speak>")


def test_exempt_are_alexas_own_questions():
    """Connections.SendRequest (the permission card's question) and Dialog.Delegate."""
    response = _response("Want a reminder?", end=None)
    response.directives = [type("D", (), {"object_type": "Connections.SendRequest"})()]
    assert guard(response) is response


class _ClosedQuestionHandler(AbstractRequestHandler):  # type: ignore[misc]
    """A handler that bypasses `respond` and closes a question (as the old paths could)."""

    def can_handle(self, handler_input: Any) -> bool:
        return True

    def handle(self, handler_input: Any) -> Response:
        builder = handler_input.response_builder
        builder.speak(Ssml().say("Shall I save it?").build()).set_should_end_session(True)
        response: Response = builder.response
        return response


def test_the_skill_guards_every_response_first(monkeypatch: pytest.MonkeyPatch, skill: Harness):
    builder = create_skill_builder(store=skill.store, clock=lambda: skill.now)
    interceptors = builder.runtime_configuration_builder.global_response_interceptors
    assert isinstance(interceptors[0], QuestionGuard)
    runtime = builder.runtime_configuration_builder
    runtime.request_handler_chains.insert(
        0, GenericRequestHandlerChain(request_handler=_ClosedQuestionHandler())
    )
    handler = make_handler(builder.create())
    event = skill.device.intent("AMAZON.HelpIntent", skill.now, None)
    with pytest.raises(ClosedQuestion):
        handler(event, None)
    monkeypatch.delenv(questions.STRICT_ENV)
    reply = Reply(handler(event, None))
    assert not reply.ends_session and reply.reprompt == "Shall I save it?"


REFUSALS = {
    "en-US": ("A space can be from five minutes to a day", "That's a bit long for me"),
    "es-US": ("Un espacio puede durar de cinco minutos a un día", "Es un poco largo"),
    "es-ES": ("Un espacio puede durar entre cinco minutos y un día", "Es demasiado largo"),
}


@pytest.mark.parametrize("locale", sorted(REFUSALS))
def test_one_sentence_changes_the_skill_refuses_say_so_and_close(skill: Harness, locale: str):
    """'make our default space two minutes', 'longest space two days', a 100-character
    signal: each ended on a question with the session closed. Now no closed answer ends on a
    question (whatever the shortest space is), and the pact keeps what it had."""
    skill.device.locale = locale
    too_long, long_text = REFUSALS[locale]
    for slots in (
        {"defaultSpace": "PT2M"},
        {"longestSpace": "P2D"},
        {"spaceSignal": "x" * (MAX_SIGNAL_CHARS + 20)},
        {"spaceSignal": "time out " * 12},
    ):
        reply = skill.say("ChangePactIntent", slots)
        assert not ends_with_question(reply.ssml) or not reply.ends_session, (slots, reply.text)
        if reply.ends_session:
            assert not reply.reprompt
    assert skill.say("ChangePactIntent", {"longestSpace": "P2D"}).text.startswith(too_long)
    signal = skill.say("ChangePactIntent", {"spaceSignal": "time out " * 12})
    assert signal.text.startswith(long_text)
    assert signal.ends_session
