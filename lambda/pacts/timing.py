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

import isodate

from pacts.model import MAX_SPACE_MINUTES, MIN_SPACE_MINUTES, Pact


class Source(Enum):
    DEFAULT = "default"
    DURATION = "duration"
    CLOCK = "clock"
    PERIOD = "period"


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
    if minutes < MIN_SPACE_MINUTES:
        return MIN_SPACE_MINUTES, Clamp.TOO_SHORT
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
) -> ReturnPlan:
    """Decide when the space ends. `now` is aware (UTC); `zone` is the device's, if known."""
    longest = pact.longest_space_minutes
    default, _ = _clamp_minutes(pact.default_space_minutes, longest)

    def relative(minutes: int, source: Source, clamp: Clamp, unreadable: bool) -> ReturnPlan:
        return ReturnPlan(now + timedelta(minutes=minutes), minutes, source, clamp, unreadable)

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
