"""The slow-motion conversation, guided by voice, and the calm-time drill of the pact.

How it works with Alexa as it really behaves: the device listens only after a response has been
spoken, for about eight seconds, then the reprompt, then the session closes. So each step is one
response: the words, then real silences (`<break>`s, at most 10 s each) in which the partners
speak to each other while Alexa is *not* listening, then a shared pause so the room is quiet
when the microphone opens, then a short question ("Ready to say back what you heard?"). Nothing
the partners say during the silences reaches the skill; "Alexa, next" (the wake word) cuts a
silence short.

"next", "again", "slower", "pause", "I need space" (SpaceHandler: the pact wins) and "stop" work
at every step; a sign of danger is SafetyHandler's, registered first. Progress lives in the
pact's `slow_motion` field (pacts/slow_motion.py): one read and one write per turn, so "continue
our slow conversation" picks up at the same step within the hour after Alexa closed a quiet
session. The end records an episode of its own kind with its length.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

from ask_sdk_model import Response

import screens
from intents.common import IntentHandler, intent_name, respond, slot_value
from intents.grounding import grounding_pause, grounding_response
from pacts import slow_motion as sm
from pacts.model import Episode, Pact, new_episode_id
from pacts.timing import parse_duration_minutes
from speech.formatting import minutes_words
from speech.ssml import Ssml, to_plain_text, total_break_seconds
from turn import Turn

if TYPE_CHECKING:
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

SCREEN_TOKEN: Final = "pause-pact-slow-motion"  # noqa: S105 - an APL document token
SESSION: Final = "slow_motion"  # session: {"mode": "talk"|"drill", ...} while one runs

START, RESUME, SLOWER, NOT_QUITE, PRACTISE = (
    "SlowMotionIntent",
    "SlowMotionResumeIntent",
    "SlowerIntent",
    "NotQuiteIntent",
    "PractisePactIntent",
)
# "next" is our own intent, not AMAZON.NextIntent: that one's "skip" would take the set-up
# dialog's "skip" away from it.
NEXT, REPEAT = "NextStepIntent", "AMAZON.RepeatIntent"
PAUSE = "GroundingIntent"  # "pause" is one of grounding's own samples
BACK = "BackIntent"  # "I'm ready" mid-conversation means next (unless a space is running)
YES, NO = "AMAZON.YesIntent", "AMAZON.NoIntent"
STOPS: Final = ("AMAZON.StopIntent", "AMAZON.CancelIntent")
# Intents other handlers own that mean a step command while a conversation runs.
CLAIMED: Final = (YES, NO, *STOPS, "AMAZON.FallbackIntent", "AMAZON.HelpIntent", PAUSE, BACK)

DRILL_SILENCE_S = 5.0
BREATH_WORDS = ("grounding.in", "grounding.out")


def _state(turn: Turn) -> dict[str, Any] | None:
    state = turn.session.get(SESSION)
    return state if isinstance(state, dict) and state.get("mode") in ("talk", "drill") else None


class SlowMotionHandler(IntentHandler):
    """Start, resume and every step command of the slow-motion conversation and the drill."""

    intents = (START, RESUME, SLOWER, NOT_QUITE, PRACTISE, NEXT, REPEAT)

    def can_handle(self, handler_input: Any) -> bool:
        if super().can_handle(handler_input):
            return True
        request = handler_input.request_envelope.request
        if getattr(request, "object_type", None) != "IntentRequest":
            return False
        turn = Turn.of(handler_input)
        if turn.session.get("offer") == "slow_motion":  # "Would you like to start a new one?"
            return intent_name(handler_input) in (YES, NO)
        if _state(turn) is None or turn.session.get("offer"):
            return False  # another handler's offer ("want a reminder?") gets its answer
        name = intent_name(handler_input)
        if name == BACK:  # coming back from a space is the space's business
            return turn.household.pact.active_space is None
        return name in CLAIMED

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        name = intent_name(handler_input) or ""
        state = _state(turn)
        if name == PRACTISE:
            return drill_step(handler_input, turn, 0)
        if state is not None and state["mode"] == "drill":
            return drill_command(handler_input, turn, name, int(state.get("step", 0)))
        if state is None:
            return outside(handler_input, turn, name)
        return Conversation(handler_input, turn).command(name, state)


def outside(handler_input: Any, turn: Turn, name: str) -> Response:
    """A command with no conversation running in this session."""
    if name == START:
        return Conversation(handler_input, turn).start()
    if name == RESUME:
        return Conversation(handler_input, turn).resume()
    if name in (YES, NO) and turn.session.pop("offer", None) == "slow_motion":
        if name == YES:
            conversation = Conversation(handler_input, turn)
            stored = sm.running(turn.household.pact.slow_motion)
            if stored is not None and stored.resumable(turn.now):
                return conversation.resume()
            return conversation.start()
        return respond(handler_input, Ssml().say(turn.phrases.get("goodbye")))
    phrases = turn.phrases
    return respond(
        handler_input,
        Ssml().say(phrases.get("slow.outside")),
        reprompt=phrases.get("launch.reprompt"),
    )


class Conversation:
    """One turn of a running (or starting) slow-motion conversation."""

    def __init__(self, handler_input: Any, turn: Turn) -> None:
        self.handler_input = handler_input
        self.turn = turn
        self.phrases = turn.phrases

    # -- entry points ------------------------------------------------------------------------

    def start(self) -> Response:
        household = self.turn.household
        asked = parse_duration_minutes(slot_value(self.handler_input, "duration"))
        progress = sm.begin(household.pact.slow_motion, self.turn.now, pace=asked)
        return self.speak(progress, self.step_speech(progress))

    def resume(self) -> Response:
        if not self.turn.household.loaded:  # never spoken of as empty when it can't be read
            return respond(self.handler_input, Ssml().say(self.phrases.get("pact.unreadable")))
        stored = sm.running(self.turn.household.pact.slow_motion)
        if stored is None or not stored.resumable(self.turn.now):
            self.turn.session["offer"] = "slow_motion"
            question = self.phrases.get("slow.resume_none")
            return respond(
                self.handler_input,
                Ssml().say(question),
                reprompt=self.phrases.get("slow.resume_none_reprompt"),
            )
        progress = stored.touched(self.turn.now)
        speech = Ssml().say(self.phrases.get("slow.resume"))
        return self.speak(progress, speech.extend(self.step_speech(progress)))

    def command(self, name: str, state: dict[str, Any]) -> Response:  # noqa: PLR0911 - one answer per command
        progress = sm.Progress.from_item(state.get("progress"))
        if progress is None:  # a session state that cannot be read: start over, calmly
            return self.start()
        now = self.turn.now
        after_pause = bool(state.get("after_pause"))
        step = progress.current
        if name in STOPS:
            return self.stop(progress.touched(now))
        if name == PAUSE:
            return self.pause(progress.touched(now))
        if name in (SLOWER, START):  # "slow us down" mid-conversation means slower
            slowed = progress.slowed(now)
            key = "slow.slowest" if slowed.slower == progress.slower else "slow.slower"
            lead = Ssml().say(self.phrases.get(key))
            return self.speak(slowed, lead.extend(self.step_speech(slowed, arriving=False)))
        if name == REPEAT or (after_pause and name in (YES, NEXT, BACK)):
            again = progress.touched(now)
            lead = Ssml().say(self.phrases.get("slow.again"))
            return self.speak(again, lead.extend(self.step_speech(again, arriving=False)))
        if name in (NO, NOT_QUITE) and step.kind == "mirror":
            return self.not_quite(progress)
        if name in (NO, NOT_QUITE):
            wait = Ssml().say(self.phrases.get("slow.wait"))
            return self.speak(progress.touched(now), wait, after_pause=after_pause)
        if name in (YES, NEXT, BACK, RESUME):
            if name == RESUME:
                progress = progress.touched(now)
                return self.speak(progress, self.step_speech(progress))
            return self.forward(progress.advanced(now))
        key = "slow.help" if name == "AMAZON.HelpIntent" else "slow.fallback"
        words = Ssml().say(self.phrases.get(key))
        return self.speak(progress.touched(now), words, after_pause=after_pause)

    # -- steps -------------------------------------------------------------------------------

    def forward(self, progress: sm.Progress) -> Response:
        if progress.finished:
            return self.finish(progress)
        return self.speak(progress, self.step_speech(progress))

    def not_quite(self, progress: sm.Progress) -> Response:
        now = self.turn.now
        if progress.retries + 1 >= sm.MAX_RETRIES:
            moved = progress.advanced(now)
            lead = Ssml().say(self.phrases.get("slow.rest"))
            if moved.finished:
                return self.finish(moved, lead)
            return self.speak(moved, lead.extend(self.step_speech(moved)))
        again = progress.retried(now)
        return self.speak(again, self.step_speech(again, again_turn=True))

    def pause(self, progress: sm.Progress) -> Response:
        speech = grounding_pause(self.phrases, together=True).say(
            self.phrases.get("slow.after_pause")
        )
        return self.speak(progress, speech, after_pause=True, breathing=True)

    def stop(self, progress: sm.Progress) -> Response:
        self.keep(progress)
        self.turn.session.pop(SESSION, None)
        return respond(self.handler_input, Ssml().say(self.phrases.get("slow.stopped")))

    def finish(self, progress: sm.Progress, lead: Ssml | None = None) -> Response:
        turn = self.turn
        household = turn.household
        minutes = progress.minutes
        household.record(
            Episode(
                episode_id=new_episode_id(turn.now),
                kind="slow_motion",
                at=turn.now,
                person=turn.speaker,
                details={"minutes": minutes, "rounds": progress.rounds, "pace": progress.pace},
            )
        )
        self.keep(None, progress)
        turn.session.pop(SESSION, None)
        speech = lead or Ssml()
        speech.say(self.phrases.get("slow.end_thanks")).pause(1)
        speech.say(self.phrases.get("slow.end_step")).pause(sm.STEP_TOWARD_S)
        duration = minutes_words(minutes, turn.locale)
        speech.say(self.phrases.get("slow.end_time", duration=duration))
        return respond(self.handler_input, speech)

    # -- speech ------------------------------------------------------------------------------

    def step_speech(
        self, progress: sm.Progress, *, again_turn: bool = False, arriving: bool = True
    ) -> Ssml:
        """The step's words and silences, ending with its question (`arriving`: first time
        at this step, not a repeat)."""
        step = progress.current
        who = self.names(progress.first)
        line = self.line_for(progress.slower)
        silences = progress.silences(again=again_turn)
        get = self.phrases.get
        speaker, listener = _cap(who[step.speaker]), _cap(who[step.listener])
        if step.kind == "intro":
            return self.intro(progress, speaker, line)
        # (words, the silence after them)
        parts: list[tuple[str, float]]
        if step.kind == "speak":
            parts = [
                (get("slow.swap") if step.round > 0 and arriving else "", 0),
                (get("slow.speak_turn", who=speaker), 0),
                (get("slow.check_lead_speak"), 0),
                (get("slow.check." + step.check), silences.check),
                (get("slow.speak_go"), silences.turn),
                (get("slow.shared_pause"), silences.pause),
            ]
            ask = get("slow.speak_ask", who=listener)
        elif again_turn:  # "not quite": said again, more slowly, and said back again
            parts = [
                (get("slow.again_speak", who=speaker), silences.again),
                (get("slow.short_pause"), silences.pause),
                (get("slow.again_mirror", who=listener), silences.turn),
                (get("slow.short_pause"), silences.pause),
            ]
            ask = get("slow.again_ask", who=speaker)
        else:
            parts = [
                (get("slow.mirror_turn", who=listener), 0),
                (get("slow.check_lead_mirror"), 0),
                (get("slow.check." + step.check), silences.check),
                (get("slow.mirror_go"), silences.turn),
                (get("slow.short_pause"), silences.pause),
            ]
            ask = get("slow.mirror_ask", who=speaker)
        speech = Ssml()
        for words, silence in parts:
            if words:
                line(speech, words)
            speech.pause(silence)
        return speech.say(ask)

    def intro(self, progress: sm.Progress, first: str, line: Callable[[Ssml, str], Ssml]) -> Ssml:
        get = self.phrases.get
        speech = Ssml()
        for key in ("slow.intro", "slow.how", "slow.commands"):
            line(speech, get(key))
            speech.pause(1)
        if self.named:
            line(speech, get("slow.first_named", who=first))
        else:
            line(speech, get("slow.first_unnamed"))
        line(speech, get("slow.breathe"))
        speech.pause(1)
        for _ in range(progress.silences().breaths):
            speech.calm(get(BREATH_WORDS[0])).pause(sm.BREATH_IN_S)
            speech.calm(get(BREATH_WORDS[1])).pause(sm.BREATH_OUT_S)
        return speech.say(get("slow.intro_ask"))

    def reprompt_for(self, progress: sm.Progress, *, after_pause: bool) -> str:
        if after_pause:
            return self.phrases.get("slow.after_pause_reprompt")
        step = progress.current
        if step.kind == "mirror":
            who = self.names(progress.first)
            return self.phrases.get("slow.mirror_reprompt", who=_cap(who[step.speaker]))
        return self.phrases.get("slow.reprompt")

    @property
    def named(self) -> bool:
        return len(self.turn.household.pact.names) >= 2

    def names(self, first: int) -> tuple[str, str]:
        """What to call the two partners: names from the pact, else "one of you" and "the
        other" (the one who speaks first in round 0 is "one of you")."""
        names = self.turn.household.pact.names
        if len(names) >= 2:
            return names[0], names[1]
        someone, other = self.phrases.get("slow.someone"), self.phrases.get("slow.other")
        return (someone, other) if first == 0 else (other, someone)

    @staticmethod
    def line_for(slower: int) -> Callable[[Ssml, str], Ssml]:
        """Each "slower" slows the voice too (silences stretch in the engine)."""
        if slower <= 0:
            return lambda speech, text: speech.say(text)
        rate = "slow" if slower == 1 else "x-slow"
        return lambda speech, text: speech.calm(text, rate=rate, volume="medium")

    def speak(
        self,
        progress: sm.Progress,
        speech: Ssml,
        *,
        after_pause: bool = False,
        breathing: bool = False,
    ) -> Response:
        """Keep the progress (one write), remember it in the session, end with the question."""
        self.keep(progress)
        self.turn.session.pop("offer", None)
        self.turn.session[SESSION] = {
            "mode": "talk",
            "progress": progress.to_item(),
            "after_pause": after_pause,
        }
        reprompt = self.reprompt_for(progress, after_pause=after_pause)
        if screens.supports_apl(self.handler_input):
            self.handler_input.response_builder.add_directive(
                screens.breathing_screen(locale=self.turn.locale)
                if breathing
                else self.screen(progress, speech)
            )
        return respond(self.handler_input, speech, reprompt=reprompt)

    def screen(self, progress: sm.Progress, speech: Ssml) -> RenderDocumentDirective:
        """Whose turn it is, which check, and a quiet timer since the conversation began
        (APL measures it against utcTime), shown for as long as the step plays."""
        step = progress.current
        who = self.names(progress.first)
        get = self.phrases.get
        speaker, listener = _cap(who[step.speaker]), _cap(who[step.listener])
        check = get("slow.check." + step.check)
        if step.kind == "intro":
            turn, check = get("slow.screen_intro"), get("slow.screen_breathe")
        elif step.kind == "speak":
            turn = get("slow.screen_speak", who=speaker)
        elif progress.retries:
            turn, check = get("slow.screen_again", who=speaker), ""
        else:
            turn = get("slow.screen_mirror", who=listener)
        ssml = speech.build()
        playing_s = total_break_seconds(ssml) + len(to_plain_text(ssml).split()) / 2.5
        document = screens.load_document("slow_motion")
        document["settings"]["idleTimeout"] = round(playing_s * 1000) + screens.MIN_IDLE_MS
        properties = {
            "turn": turn,
            "check": check,
            "minutesWord": get("slow.screen_minutes"),
            "startedAtMs": screens.epoch_ms(progress.started_at),
        }
        return screens.render(
            token=SCREEN_TOKEN,
            document=document,
            datasources={"slowMotion": {"type": "object", "properties": properties}},
        )

    def keep(self, progress: sm.Progress | None, finished: sm.Progress | None = None) -> None:
        household = self.turn.household
        if not household.loaded:
            return  # the pact could not be read: never written over; the session still knows
        state = sm.with_progress(household.pact.slow_motion, progress)
        if progress is None and finished is not None:
            state = sm.finished(household.pact.slow_motion, finished, self.turn.now)
        household.change(lambda pact: _with_state(pact, state))
        self.turn.save()


def _with_state(pact: Pact, state: dict[str, Any]) -> Pact:
    return replace(pact, slow_motion=dict(state))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- the drill: "let's practise our pact" -------------------------------------------------


def drill_command(handler_input: Any, turn: Turn, name: str, step: int) -> Response:
    if name in STOPS:
        turn.session.pop(SESSION, None)
        return respond(handler_input, Ssml().say(turn.phrases.get("drill.stopped")))
    if name in (YES, NEXT, BACK):
        return drill_step(handler_input, turn, step + 1)
    if name in (REPEAT, SLOWER):
        return drill_step(handler_input, turn, step)
    if name == PAUSE:
        turn.session.pop(SESSION, None)
        return grounding_response(handler_input)
    if name in (NO, NOT_QUITE):
        speech = Ssml().say(turn.phrases.get("drill.wait"))
        return respond(handler_input, speech, reprompt=turn.phrases.get("drill.reprompt"))
    speech = Ssml().say(turn.phrases.get("drill.fallback"))
    return respond(handler_input, speech, reprompt=turn.phrases.get("drill.reprompt"))


def drill_step(handler_input: Any, turn: Turn, step: int) -> Response:
    """Two steps of about a minute: one partner gives both signals and the other answers as
    the pact says; then they swap. The words are the pact's own signals where it has them."""
    phrases = turn.phrases
    pact = turn.household.pact
    if step >= 2:
        turn.session.pop(SESSION, None)
        return respond(handler_input, Ssml().say(phrases.get("drill.end")))
    names = pact.names
    if len(names) >= 2:
        first, second = (names[0], names[1]) if step == 0 else (names[1], names[0])
    else:
        someone, other = phrases.get("slow.someone"), phrases.get("slow.other")
        first, second = (someone, other) if step == 0 else (other, someone)
    duration = minutes_words(pact.default_space_minutes, turn.locale)
    speech = Ssml()
    if step == 0:
        speech.say(phrases.get("drill.intro")).pause(1)
    else:
        speech.say(phrases.get("drill.swap")).pause(1)
    if pact.space_signal:
        speech.say(phrases.get("drill.space_signal", who=_cap(first), signal=pact.space_signal))
    speech.say(phrases.get("drill.space", who=_cap(first), duration=duration))
    speech.pause(DRILL_SILENCE_S)
    speech.say(phrases.get("drill.space_answer", who=_cap(second))).pause(DRILL_SILENCE_S)
    if pact.connection_signal:
        speech.say(
            phrases.get("drill.connection_signal", who=_cap(first), signal=pact.connection_signal)
        )
    speech.say(phrases.get("drill.connection", who=_cap(first))).pause(DRILL_SILENCE_S)
    speech.say(phrases.get("drill.connection_answer", who=_cap(second), duration=duration))
    speech.pause(DRILL_SILENCE_S)
    turn.session.pop("offer", None)
    turn.session[SESSION] = {"mode": "drill", "step": step}
    ask = phrases.get("drill.swap_ask" if step == 0 else "drill.done_ask")
    return respond(handler_input, speech.say(ask), reprompt=phrases.get("drill.reprompt"))


# -- where other journeys meet it ------------------------------------------------------------


def after_space(handler_input: Any, turn: Turn, speech: Ssml, tip: str = "") -> Response:
    """ "I'm back" after a space, with ONE optional part (issue 15: the answer under 20 s), the
    first that applies: a slow conversation left within the hour is offered again (a question,
    with its reprompt); else the speaker's practice for coming back (`tip`, from
    pattern_check); else one line says how to talk it through slowly."""
    phrases = turn.phrases
    stored = sm.running(turn.household.pact.slow_motion)
    if stored is not None and stored.resumable(turn.now):
        turn.session["offer"] = "slow_motion"
        speech.say(phrases.get("slow.offer_resume"))
        return respond(handler_input, speech, reprompt=phrases.get("slow.offer_resume_reprompt"))
    return respond(handler_input, speech.say(tip or phrases.get("slow.hint")))


REFLECTION_DAY = timedelta(hours=18)


def reflection_questions(turn: Turn, questions: list[str]) -> list[str]:
    """Tonight's questions, the last one about slowing down when a slow conversation ended
    today (same number of questions)."""
    if not questions or "slow" in questions or not turn.household.loaded:
        return questions
    if not sm.ended_since(turn.household.pact.slow_motion, turn.now - REFLECTION_DAY):
        return questions
    return [*questions[:-1], "slow"]
