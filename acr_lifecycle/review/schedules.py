"""Timer schedules in words and their next runs, the way ACR Tasks (NCrontab) read them.

NCrontab differs from Vixie cron where it matters for a reader: when both day of month
and day of week are restricted, a day must match *both* (NCrontab's
CrontabSchedule.TryGetNextOccurrence), not either. Libraries that follow Vixie cron would
show the wrong dates, so the next runs are computed here, field by field.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from cron_descriptor import DescriptionTypeEnum, ExpressionDescriptor, Options

_MONTHS = [m.lower() for m in calendar.month_name[1:]]
_DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
_RANGES = ((0, 59, ()), (0, 23, ()), (1, 31, ()), (1, 12, _MONTHS), (0, 6, _DAYS))

# A schedule that has not fired within this many days never will (e.g. 30 February).
_SEARCH_DAYS = 366 * 8


def _value(text: str, low: int, names: tuple | list) -> int:
    if text.isdigit():
        return int(text)
    lowered = text.lower()
    for index, name in enumerate(names):
        if name.startswith(lowered):
            return index + low
    raise ValueError(f"not a cron value: {text}")


def _field(text: str, low: int, high: int, names) -> set[int]:
    values: set[int] = set()
    for part in text.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if span == "*":
            start, stop = low, high
        elif "-" in span:
            first, last = span.split("-", 1)
            start, stop = _value(first, low, names), _value(last, low, names)
        else:
            start = _value(span, low, names)
            stop = high if step_text else start
        values.update(range(start, stop + 1, step))
    return values


def next_runs(schedule: str, after: datetime, count: int = 3) -> list[datetime]:
    """The next ``count`` run times (UTC) strictly after ``after``; fewer if it never runs."""
    fields = schedule.split()
    minutes, hours, days, months, weekdays = (
        sorted(_field(text, low, high, names))
        for text, (low, high, names) in zip(fields, _RANGES)
    )
    return list(_iterate(minutes, hours, set(days), set(months), set(weekdays), after, count))


def _iterate(minutes, hours, days, months, weekdays, after: datetime, count: int) -> Iterator[datetime]:
    after = after.astimezone(timezone.utc).replace(second=0, microsecond=0)
    day = after.replace(hour=0, minute=0)
    found = 0
    for _ in range(_SEARCH_DAYS):
        weekday = (day.weekday() + 1) % 7  # Python: Monday 0; cron: Sunday 0
        if day.month in months and day.day in days and weekday in weekdays:
            for hour in hours:
                for minute in minutes:
                    moment = day.replace(hour=hour, minute=minute)
                    if moment > after:
                        yield moment
                        found += 1
                        if found == count:
                            return
        day += timedelta(days=1)


def describe_schedule(schedule: str) -> str:
    """The schedule in words, UTC, 24-hour clock."""
    options = Options()
    options.use_24hour_time_format = True
    text = ExpressionDescriptor(schedule, options).get_description(DescriptionTypeEnum.FULL)
    fields = schedule.split()
    if fields[2] != "*" and fields[4] != "*":
        # cron-descriptor words it the Vixie way ("or"); ACR needs both to match.
        text = text.replace(", or on ", ", only when that day is a ")
    if fields[2:] == ["*", "*", "*"] and fields[1].isdigit() and fields[0].isdigit():
        text += ", every day"
    return f"{text} (UTC)"
