"""Return-time rules: what "I need twenty minutes" or "I'll be back at nine" means as a moment.

Alexa fills AMAZON.DURATION with ISO-8601 durations ("PT20M") and AMAZON.TIME with "HH:MM" or a
period code ("MO", "AF", "EV", "NI"). A spoken clock time without am/pm arrives as the bare hour
("09:00" for "nine"), so an hour of 12 or less is read as its next occurrence: "nine" said at
8:25 PM means 9:00 PM, not 9:00 the next morning. The same reading is used for an explicit
"nine a m", because the slot value cannot tell them apart; the answer says the time, so a couple
can correct it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from pacts.model import (
    LONGEST_SPACE_SPAN,
    MAX_SPACE_MINUTES,
    MIN_SPACE_MINUTES,
    MOMENT_SPACE_MINUTES,
    ON_TIME_GRACE,
    SETTLE_MINUTES,
    SHORTEST_SPACE_MINUTES,
    ActiveSpace,
    Pact,
)


class Source(Enum):
    DEFAULT = "default"
    DURATION = "duration"
    CLOCK = "clock"
    PERIOD = "period"
    MOMENT = "moment"  # "give me a sec", "one moment": a short space of a few minutes


class Clamp(Enum):
    NONE = "none"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class ReturnPlan:
    """When a space ends, and how we got there (so the answer can say it honestly)."""

    return_at: datetime | None  # UTC; None only when a clock time was asked and the zone is unknown
    minutes: int | None
    source: Source
    clamp: Clamp = Clamp.NONE
    unreadable: bool = False  # the slot had a value we could not read; the default was used
    spoken_clock: time | None = None  # the local clock time asked for, when the zone is unknown

    @property
    def short(self) -> bool:
        """A space asked for that is shorter than the body needs to settle (the pact's own
        default is what the couple agreed, so it is never called short)."""
        return (
            self.source is not Source.DEFAULT
            and self.minutes is not None
            and self.minutes < SETTLE_MINUTES
        )


# Representative times and windows for AMAZON.TIME period codes (local time).
_PERIODS: dict[str, tuple[time, time, time]] = {
    # code: (window start, window end, time meant when "later this <period>" is still ahead)
    "MO": (time(5, 0), time(12, 0), time(9, 0)),
    "AF": (time(12, 0), time(17, 0), time(14, 0)),
    "EV": (time(17, 0), time(21, 0), time(19, 0)),
    "NI": (time(21, 0), time(23, 59, 59), time(21, 0)),
}
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_duration_minutes(value: str | None) -> int | None:
    """Minutes in an AMAZON.DURATION value, or None if it cannot be read.

    Years and months ("P1Y") have no fixed length and are treated as unreadable.
    """
    if not value or not value.startswith("P"):
        return None
    import isodate  # noqa: PLC0415 - 11 modules a cold start without a length need not load

    try:
        parsed = isodate.parse_duration(value)
    except (isodate.ISO8601Error, ValueError, TypeError, OverflowError):
        return None
    if not isinstance(parsed, timedelta):  # isodate.Duration: has years or months
        return None
    seconds = parsed.total_seconds()
    if seconds <= 0:
        return None
    return max(1, round(seconds / 60))


def is_moment(value: str | None) -> bool:
    """A duration under a minute ("one second", "a sec" as PT1S): said as "a moment", not
    meant as a length of time."""
    if not value or not value.startswith("P"):
        return False
    import isodate  # noqa: PLC0415 - as in parse_duration_minutes: loaded only for a length

    try:
        parsed = isodate.parse_duration(value)
    except (isodate.ISO8601Error, ValueError, TypeError, OverflowError):
        return False
    return isinstance(parsed, timedelta) and timedelta(0) < parsed < timedelta(minutes=1)


def minutes_duration(value: str | None) -> str | None:
    """A bare number said as a length ("give me ten": AMAZON.NUMBER "10") as minutes, in the
    AMAZON.DURATION form ("PT10M"); None when it is not a positive whole number."""
    if not value or not value.strip().isdigit() or int(value) <= 0:
        return None
    return f"PT{int(value)}M"


def parse_clock(value: str | None) -> time | str | None:
    """An AMAZON.TIME value as a local time, a period code, or None if unreadable."""
    if not value:
        return None
    value = value.strip().upper()
    if value in _PERIODS:
        return value
    match = _CLOCK.match(value)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _clamp_minutes(minutes: int, longest: int) -> tuple[int, Clamp]:
    longest = max(MIN_SPACE_MINUTES, min(longest, MAX_SPACE_MINUTES))
    if minutes < SHORTEST_SPACE_MINUTES:
        return SHORTEST_SPACE_MINUTES, Clamp.TOO_SHORT
    if minutes > longest:
        return longest, Clamp.TOO_LONG
    return minutes, Clamp.NONE


def _local_at(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a day; a time skipped by a DST jump moves forward to a real instant."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone)
    # Round-trip through UTC normalises nonexistent local times (spring forward).
    return aware.astimezone(ZoneInfo("UTC")).astimezone(zone)


def next_occurrence(now_local: datetime, at: time, *, ambiguous_half_day: bool) -> datetime:
    """The next local moment at `at` after `now_local`; for 1-12 o'clock, the nearer half-day."""
    zone = now_local.tzinfo
    assert isinstance(zone, ZoneInfo)
    candidates: list[time] = [at]
    if ambiguous_half_day and 1 <= at.hour <= 12:
        candidates.append(time((at.hour + 12) % 24, at.minute))
    best: datetime | None = None
    for candidate in candidates:
        for offset in (0, 1):
            moment = _local_at(now_local.date() + timedelta(days=offset), candidate, zone)
            if moment > now_local and (best is None or moment < best):
                best = moment
    assert best is not None
    return best


def plan_return(  # noqa: PLR0911 - one early answer per rule reads best
    now: datetime,
    zone: ZoneInfo | None,
    pact: Pact,
    *,
    duration: str | None = None,
    clock: str | None = None,
    moment: bool = False,
) -> ReturnPlan:
    """Decide when the space ends. `now` is aware (UTC); `zone` is the device's, if known.
    `moment`: "give me a sec" was said (a short space of MOMENT_SPACE_MINUTES)."""
    longest = pact.longest_space_minutes
    default, _ = _clamp_minutes(pact.default_space_minutes, longest)

    def relative(minutes: int, source: Source, clamp: Clamp, unreadable: bool) -> ReturnPlan:
        return ReturnPlan(now + timedelta(minutes=minutes), minutes, source, clamp, unreadable)

    if (moment and not duration and not clock) or is_moment(duration):
        return relative(min(MOMENT_SPACE_MINUTES, default), Source.MOMENT, Clamp.NONE, False)

    if duration:
        minutes = parse_duration_minutes(duration)
        if minutes is not None:
            clamped, how = _clamp_minutes(minutes, longest)
            return relative(clamped, Source.DURATION, how, False)
        if not clock:
            return relative(default, Source.DEFAULT, Clamp.NONE, True)

    if clock:
        parsed = parse_clock(clock)
        if parsed is None:
            return relative(default, Source.DEFAULT, Clamp.NONE, True)
        if zone is None:
            if isinstance(parsed, str):  # "tonight" without a clock: the default space
                return relative(default, Source.DEFAULT, Clamp.NONE, False)
            return ReturnPlan(None, None, Source.CLOCK, spoken_clock=parsed)
        now_local = now.astimezone(zone)
        if isinstance(parsed, str):
            start, end, meant = _PERIODS[parsed]
            if start <= now_local.time() <= end:
                return relative(default, Source.PERIOD, Clamp.NONE, False)
            target = next_occurrence(now_local, meant, ambiguous_half_day=False)
            source = Source.PERIOD
        else:
            target = next_occurrence(now_local, parsed, ambiguous_half_day=True)
            source = Source.CLOCK
        minutes = max(1, round((target - now_local).total_seconds() / 60))
        clamped, how = _clamp_minutes(minutes, longest)
        if how is Clamp.NONE:
            return ReturnPlan(target.astimezone(ZoneInfo("UTC")), minutes, source)
        return relative(clamped, source, how, False)

    return relative(default, Source.DEFAULT, Clamp.NONE, False)


@dataclass(frozen=True)
class CheckInPlan:
    """A check-in's new return time: "give me ten more minutes" at (or around) the return."""

    return_at: datetime | None  # None: the space has run as long as a space can
    minutes: int  # how much more time, as asked (or the pact's default)
    capped: bool = False  # the pact's longest space, or a day from the first start, held it
    unreadable: bool = False  # a length was said that could not be read: the default was used
    on_time: bool = True  # the check-in came by the return time (it keeps the pact)


def plan_check_in(
    now: datetime, pact: Pact, space: ActiveSpace, duration: str | None = None
) -> CheckInPlan:
    """More time for a space: from its return time (or now, if that has passed), the length
    asked for or the pact's default space, at most the pact's longest space, and never more
    than LONGEST_SPACE_SPAN after the space first started."""
    longest = pact.longest_space_minutes
    default, _ = _clamp_minutes(pact.default_space_minutes, longest)
    minutes, unreadable = default, False
    if is_moment(duration):
        minutes = min(MOMENT_SPACE_MINUTES, default)
    elif duration:
        asked = parse_duration_minutes(duration)
        if asked is None:
            unreadable = True
        else:
            minutes = asked
    minutes, clamp = _clamp_minutes(minutes, longest)
    capped = clamp is Clamp.TOO_LONG
    base = max(now, space.return_at)
    on_time = now <= space.return_at + ON_TIME_GRACE
    target = base + timedelta(minutes=minutes)
    limit = space.started_at + LONGEST_SPACE_SPAN
    if target > limit:
        target, capped = limit, True
    if target <= now:
        return CheckInPlan(None, minutes, True, unreadable, on_time)
    return CheckInPlan(target, minutes, capped, unreadable, on_time)
