"""The slow-motion conversation: its steps, their silences, and where a couple is in it.

Pure (no Alexa, no I/O). Alexa is the metronome and the referee, never the judge: each step is
spoken with real silences for the partners to talk in, and ends with a short question. Nothing
the partners say to each other is heard, stored or rated here; the state is step numbers and
times only.

A conversation with R rounds has 2R + 2 steps:

    0            intro    how it goes, one slow breath together
    1 + 2r       speak    round r: a check, the speaker's silence, a shared pause
    2 + 2r       mirror   round r: a check, the listener says back what they heard, a pause,
                          "was that it?" ("not quite": the speaker says it again, more slowly)
    1 + 2R       ending   one small step toward each other, how long they took

Roles swap every round; which partner starts alternates between conversations, so the one who
asked for the talk (often the pursuer) does not always speak first.

The stored state (the pact's `slow_motion` field) is a small dict: the pace the couple chose
(`pace`, minutes), who started last time (`last_first`), and, while a conversation runs,
`progress` (Progress.to_item()).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

DEFAULT_PACE_MINUTES = 20
MIN_PACE_MINUTES = 10
MAX_PACE_MINUTES = 30
RESUME_WINDOW = timedelta(hours=1)
# Time between two turns that counts toward the conversation: a step's silences plus the time
# to answer its question. A longer gap (a dropped session, a space) is not conversation time.
MAX_STEP_GAP = timedelta(minutes=5)
MAX_SLOWER = 3
SLOWER_FACTOR = 0.25  # each "slower" adds a quarter to every silence
MAX_RETRIES = 3  # "not quite" this many times on one round, then the round rests
MIN_SCALE, MAX_SCALE = 0.6, 1.5
# One response holds at most this much silence (plus its words): a step stays one step a
# listener can follow, whatever the pace and however many times they asked for "slower".
MAX_STEP_SILENCE_S = 130.0

StepKind = Literal["intro", "speak", "mirror", "ending"]
CHECKS = ("feeling", "differently", "need")
"""The three checks, asked in turn before every turn: "What am I feeling now?", "Can I say this
differently?", "What do I need?"."""

# Silences at scale 1, in seconds. Any silence longer than 10 s is spoken as several breaks.
INTRO_BREATHS = 2
BREATH_IN_S, BREATH_OUT_S = 4.0, 6.0
CHECK_S = 12.0  # time to answer a check silently
SPEAK_S = 40.0  # the speaker's one or two sentences, said slowly, with room to find them
MIRROR_S = 35.0  # the listener says back what they heard
SHARED_PAUSE_S = 10.0  # a pause for both after a turn, so the device listens to a quiet room
STEP_TOWARD_S = 10.0  # the closing small step
# Estimates used only to fit the rounds to the pace: the words of the fixed steps and of one
# round (their speech), and the silences of the fixed steps. tests/test_slow_motion.py measures
# the real speech and holds the whole conversation to the pace.
FIXED_SPEECH_S = 65.0
FIXED_SECONDS = FIXED_SPEECH_S + INTRO_BREATHS * (BREATH_IN_S + BREATH_OUT_S) + STEP_TOWARD_S
ROUND_SPEECH_S = 45.0
ANSWER_S = 4.0  # saying "yes" or "next" after a step
ROUND_SILENCE_S = 2 * CHECK_S + SPEAK_S + MIRROR_S + SHARED_PAUSE_S + SHARED_PAUSE_S * 0.8
TARGET_ROUND_S = 190.0


def clamp_pace(minutes: int | float | None) -> int:
    """A pace the couple asked for, within 10-30 minutes (the default when unset)."""
    if minutes is None or isinstance(minutes, bool):
        return DEFAULT_PACE_MINUTES
    return int(max(MIN_PACE_MINUTES, min(MAX_PACE_MINUTES, round(minutes))))


def plan(pace_minutes: int) -> tuple[int, float]:
    """How many rounds (an even number, so both speak as often) and how much to stretch the
    silences, for a conversation of about `pace_minutes`."""
    total = clamp_pace(pace_minutes) * 60.0
    pairs = max(1, round(total / (2 * TARGET_ROUND_S)))
    rounds = 2 * pairs
    per_round = (total - FIXED_SECONDS) / rounds - ROUND_SPEECH_S - 2 * ANSWER_S
    scale = per_round / ROUND_SILENCE_S
    return rounds, round(max(MIN_SCALE, min(MAX_SCALE, scale)), 3)


@dataclass(frozen=True)
class Step:
    kind: StepKind
    number: int
    round: int = 0
    speaker: int = 0  # 0 or 1: who speaks this round (an index into the couple)
    check: str = CHECKS[0]

    @property
    def listener(self) -> int:
        return 1 - self.speaker


@dataclass(frozen=True)
class Silences:
    """The silences of one step, in seconds."""

    check: float = 0.0
    turn: float = 0.0  # the speaker's (speak) or the listener's (mirror) time to talk
    again: float = 0.0  # "not quite": the speaker says it again, more slowly
    pause: float = 0.0
    breaths: int = 0
    toward: float = 0.0

    @property
    def total(self) -> float:
        breathing = self.breaths * (BREATH_IN_S + BREATH_OUT_S)
        return self.check + self.turn + self.again + 2 * self.pause + breathing + self.toward


@dataclass(frozen=True)
class Progress:
    """Where a conversation is. Times are UTC-aware datetimes."""

    started_at: datetime
    updated_at: datetime
    first: int  # who speaks in round 0
    rounds: int
    scale: float
    pace: int
    step: int = 0
    slower: int = 0
    retries: int = 0
    active_s: float = 0.0  # conversation time so far (gaps over MAX_STEP_GAP left out)

    @property
    def last_step(self) -> int:
        return 2 * self.rounds + 1

    @property
    def current(self) -> Step:
        return step_at(self, self.step)

    @property
    def finished(self) -> bool:
        return self.step >= self.last_step

    def silences(self, *, again: bool = False) -> Silences:
        return silences_for(self.current, self.scale, self.slower, again=again)

    def touched(self, now: datetime) -> Progress:
        """The same step, with the time since the last turn counted (a long gap is not)."""
        gap = max(0.0, (now - self.updated_at).total_seconds())
        counted = min(gap, MAX_STEP_GAP.total_seconds())
        return replace(self, updated_at=now, active_s=round(self.active_s + counted, 1))

    def advanced(self, now: datetime) -> Progress:
        return replace(self.touched(now), step=min(self.step + 1, self.last_step), retries=0)

    def retried(self, now: datetime) -> Progress:
        return replace(self.touched(now), retries=self.retries + 1)

    def slowed(self, now: datetime) -> Progress:
        return replace(self.touched(now), slower=min(self.slower + 1, MAX_SLOWER))

    def resumable(self, now: datetime) -> bool:
        return not self.finished and now - self.updated_at <= RESUME_WINDOW

    @property
    def minutes(self) -> int:
        """The conversation's length so far, in whole minutes (at least one)."""
        return max(1, math.floor(self.active_s / 60 + 0.5))

    def to_item(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "updated_at": self.updated_at.isoformat(timespec="seconds"),
            "first": self.first,
            "rounds": self.rounds,
            "scale": str(self.scale),  # DynamoDB numbers come back as Decimal; a string does not
            "pace": self.pace,
            "step": self.step,
            "slower": self.slower,
            "retries": self.retries,
            "active_s": str(self.active_s),
        }

    @classmethod
    def from_item(cls, item: Any) -> Progress | None:
        """The stored progress, or None when there is none or it cannot be read."""
        if not isinstance(item, dict):
            return None
        try:
            started = datetime.fromisoformat(str(item["started_at"]))
            updated = datetime.fromisoformat(str(item["updated_at"]))
            progress = cls(
                started_at=started,
                updated_at=updated,
                first=int(item["first"]) % 2,
                rounds=max(2, min(20, int(item["rounds"]))),
                scale=max(MIN_SCALE, min(MAX_SCALE, float(item["scale"]))),
                pace=clamp_pace(int(item["pace"])),
                step=max(0, int(item["step"])),
                slower=max(0, min(MAX_SLOWER, int(item.get("slower", 0)))),
                retries=max(0, int(item.get("retries", 0))),
                active_s=max(0.0, float(item.get("active_s", 0))),
            )
        except (KeyError, TypeError, ValueError):
            return None
        if started.tzinfo is None or updated.tzinfo is None:
            return None
        return replace(progress, step=min(progress.step, progress.last_step))


def step_at(progress: Progress, number: int) -> Step:
    if number <= 0:
        return Step("intro", 0, speaker=progress.first)
    if number >= progress.last_step:
        return Step("ending", progress.last_step, round=progress.rounds - 1)
    round_number, offset = divmod(number - 1, 2)
    speaker = (progress.first + round_number) % 2
    turn = number - 1  # every turn gets the next check, in order
    return Step(
        "speak" if offset == 0 else "mirror",
        number,
        round=round_number,
        speaker=speaker,
        check=CHECKS[turn % len(CHECKS)],
    )


def silences_for(step: Step, scale: float, slower: int = 0, *, again: bool = False) -> Silences:
    silences = _silences(step, scale, slower, again=again)
    if silences.total <= MAX_STEP_SILENCE_S:
        return silences
    fit = MAX_STEP_SILENCE_S / silences.total
    return replace(
        silences,
        check=math.floor(silences.check * fit),
        turn=math.floor(silences.turn * fit),
        again=math.floor(silences.again * fit),
        pause=math.floor(silences.pause * fit),
    )


def _silences(step: Step, scale: float, slower: int, *, again: bool) -> Silences:
    stretch = scale * (1 + SLOWER_FACTOR * max(0, min(MAX_SLOWER, slower)))

    def s(seconds: float) -> float:
        return round(seconds * stretch)

    if step.kind == "intro":
        return Silences(breaths=INTRO_BREATHS)
    if step.kind == "ending":
        return Silences(toward=STEP_TOWARD_S)
    if step.kind == "speak":
        return Silences(check=s(CHECK_S), turn=s(SPEAK_S), pause=s(SHARED_PAUSE_S))
    if again:  # "not quite": said again more slowly, then said back again; no new check
        return Silences(turn=s(MIRROR_S), again=s(SPEAK_S * 1.2), pause=s(SHARED_PAUSE_S * 0.8))
    return Silences(check=s(CHECK_S), turn=s(MIRROR_S), pause=s(SHARED_PAUSE_S * 0.8))


def begin(
    state: dict[str, Any], now: datetime, *, pace: int | None = None, first: int | None = None
) -> Progress:
    """A new conversation. The partner who did not start last time starts now (unless `first`
    says who); the pace is the one asked for, else the couple's own, else 20 minutes."""
    chosen = clamp_pace(pace if pace is not None else _int(state.get("pace")))
    if first is None:
        last = _int(state.get("last_first"))
        first = 0 if last is None else 1 - (last % 2)
    rounds, scale = plan(chosen)
    return Progress(
        started_at=now, updated_at=now, first=first % 2, rounds=rounds, scale=scale, pace=chosen
    )


def running(state: dict[str, Any]) -> Progress | None:
    return Progress.from_item(state.get("progress"))


def with_progress(state: dict[str, Any], progress: Progress | None) -> dict[str, Any]:
    """The stored state with this progress (None: the conversation is over or stopped)."""
    kept = {k: v for k, v in state.items() if k != "progress"}
    if progress is None:
        return kept
    kept["last_first"] = progress.first
    kept["pace"] = progress.pace
    kept["progress"] = progress.to_item()
    return kept


def finished(state: dict[str, Any], progress: Progress, now: datetime) -> dict[str, Any]:
    """The stored state once a conversation has ended: no progress, who started, the pace, and
    when it ended (the nightly reflection asks about it that day)."""
    kept = with_progress(state, None)
    kept.update(last_first=progress.first, pace=progress.pace, last_done=now.isoformat())
    return kept


def ended_since(state: dict[str, Any], since: datetime) -> bool:
    """Whether a conversation ended at or after `since`."""
    try:
        done = datetime.fromisoformat(str(state.get("last_done")))
    except ValueError:
        return False
    return done.tzinfo is not None and done >= since


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
