"""Clock times and durations in words a speaker reads naturally (English)."""

from __future__ import annotations

from datetime import datetime, time


def clock_time(moment: datetime | time) -> str:
    """ "8:45 PM", "9 PM", "noon", "midnight"."""
    at = moment.time() if isinstance(moment, datetime) else moment
    if at.hour == 12 and at.minute == 0:
        return "noon"
    if at.hour == 0 and at.minute == 0:
        return "midnight"
    hour = at.hour % 12 or 12
    half = "AM" if at.hour < 12 else "PM"
    if at.minute == 0:
        return f"{hour} {half}"
    return f"{hour}:{at.minute:02d} {half}"


def local_return_time(return_local: datetime, now_local: datetime) -> str:
    """The return time as a person says it: "8:45 PM", or "tomorrow at 7 AM"."""
    said = clock_time(return_local)
    days = (return_local.date() - now_local.date()).days
    if days == 1:
        return f"tomorrow at {said}"
    if days > 1:
        return f"{return_local.strftime('%A')} at {said}"
    return f"at {said}"


def minutes_words(minutes: int) -> str:
    """ "20 minutes", "an hour", "an hour and a half", "2 hours and 5 minutes"."""
    minutes = max(0, minutes)
    if minutes == 24 * 60:
        return "a day"
    if minutes < 60:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    hours, rest = divmod(minutes, 60)
    head = "an hour" if hours == 1 else f"{hours} hours"
    if rest == 0:
        return head
    if rest == 30:
        return f"{head} and a half"
    return f"{head} and {minutes_words(rest)}"
