"""Timer schedules in the cron dialect ACR Tasks use (NCrontab, five fields, UTC).

croniter and cronsim accept forms that NCrontab rejects (``7`` for Sunday, ``L``, ``#``,
``?``, seconds), and they read a schedule that restricts both the day of month and the
day of week as "either day", where NCrontab requires both. So the grammar is checked
here, field by field, and run times are computed here with NCrontab's rules.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from ._fixable import FixableError

_MONTHS = (
    "january february march april may june july august september october "
    "november december"
).split()
_DAYS = "sunday monday tuesday wednesday thursday friday saturday".split()

# How far ahead next_runs looks before it says a schedule does not run: long enough
# for a 29 February that must also be a given weekday (at most 28 years apart).
_SEARCH_YEARS = 29


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()


_FIELDS = (
    _Field("minute", 0, 59),
    _Field("hour", 0, 23),
    _Field("day of month", 1, 31),
    _Field("month", 1, 12, tuple(_MONTHS)),
    _Field("day of week", 0, 6, tuple(_DAYS)),
)


class ScheduleSyntaxError(FixableError):
    """The schedule is not a five-field NCrontab expression; the message says why."""


@dataclass(frozen=True)
class CronSchedule:
    """The values each field allows; days of month and of week must both match."""

    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]

    def runs_on(self, day: datetime) -> bool:
        # Python's Monday is 0; NCrontab's (and .NET's) Sunday is 0.
        weekday = (day.weekday() + 1) % 7
        return (
            day.month in self.months
            and day.day in self.days
            and (weekday in self.weekdays)
        )

    def next_runs(self, after: datetime, count: int = 3) -> list[datetime]:
        """The next ``count`` run times strictly after ``after``, in UTC."""
        after = after.astimezone(timezone.utc).replace(second=0, microsecond=0)
        runs: list[datetime] = []
        day = after.replace(hour=0, minute=0)
        last_day = day + timedelta(days=366 * _SEARCH_YEARS)
        times = sorted((h, m) for h in self.hours for m in self.minutes)
        while day < last_day and len(runs) < count:
            if self.runs_on(day):
                for hour, minute in times:
                    run = day.replace(hour=hour, minute=minute)
                    if run > after:
                        runs.append(run)
                        if len(runs) == count:
                            break
            day += timedelta(days=1)
        return runs


def describe_schedule(cron: str) -> str:
    """A valid schedule in words, 24-hour clock (times are UTC).

    cron-descriptor words a schedule that restricts both day fields the Vixie way
    ("or"); NCrontab needs both to match, so that part is reworded.
    """
    from cron_descriptor import ExpressionDescriptor, Options

    options = Options()
    options.use_24hour_time_format = True
    options.day_of_week_start_index_zero = True
    options.verbose = False
    text = ExpressionDescriptor(cron, options).get_description()
    fields = cron.split()
    if fields[2] != "*" and fields[4] != "*":
        text = text.replace(", or on ", ", only when that day is a ")
        if "only when that day is a" not in text:
            text += " (the day of month and the day of week must both match)"
    if fields[2:] == ["*", "*", "*"] and fields[0].isdigit() and fields[1].isdigit():
        text += ", every day"
    return text


def normalize_schedule(value: object) -> str:
    """Check ``value`` against NCrontab's grammar and return it with single spaces."""
    return parse_schedule(value).text


def parse_schedule(value: object) -> CronSchedule:
    """The values the schedule allows; raise ScheduleSyntaxError with the fix."""
    if not isinstance(value, str):
        raise ScheduleSyntaxError(
            "a schedule must be a five-field cron expression in quotes",
            "write it like '0 1 * * *'",
        )
    text = value.strip()
    if text.startswith("@"):
        raise ScheduleSyntaxError(
            f"'{text}' is a macro, which ACR Tasks do not accept",
            "write five fields, for example '0 0 * * *' for daily at 00:00 UTC",
        )
    fields = text.split()
    if len(fields) != 5:
        raise ScheduleSyntaxError(
            f"'{text}' has {len(fields)} fields; ACR Tasks take exactly five "
            "(minute hour day-of-month month day-of-week, UTC), no seconds or year",
            "write five fields, for example '0 1 * * *'",
        )
    whole = " ".join(fields)
    values = [_field_values(token, spec, whole) for token, spec in zip(fields, _FIELDS)]
    schedule = CronSchedule(whole, *values)
    _check_days_exist(schedule)
    return schedule


def _check_days_exist(schedule: CronSchedule) -> None:
    longest = max(calendar.monthrange(2024, month)[1] for month in schedule.months)
    if min(schedule.days) > longest:
        months = ", ".join(_MONTHS[m - 1].capitalize() for m in sorted(schedule.months))
        raise ScheduleSyntaxError(
            f"'{schedule.text}' never runs: {months} "
            f"{'has' if len(schedule.months) == 1 else 'have'} no day "
            f"{min(schedule.days)}",
            "choose a day of month that exists in the chosen months",
        )


def _field_values(token: str, spec: _Field, whole: str) -> frozenset[int]:
    for special in ("?", "L", "W", "#"):
        if special in token.upper() and not (spec.names and _has_name(token)):
            raise ScheduleSyntaxError(
                f"'{whole}': the {spec.name} field '{token}' uses '{special}', "
                "which NCrontab (the parser ACR Tasks use) does not support",
                "write the values as numbers, ranges, lists or steps",
            )
    values: set[int] = set()
    for part in token.split(","):
        values |= _part_values(part, spec, whole)
    return frozenset(values)


def _has_name(token: str) -> bool:
    return bool(re.search(r"[A-Za-z]{3,}", token))


def _part_values(part: str, spec: _Field, whole: str) -> set[int]:
    range_text, slash, step_text = part.partition("/")
    step = 1
    if slash:
        if not step_text.isdigit() or int(step_text) < 1:
            raise ScheduleSyntaxError(
                f"'{whole}': the {spec.name} step '/{step_text}' is not a whole number "
                "of 1 or more",
                "write a step such as '*/15'",
            )
        step = int(step_text)
    if range_text == "*":
        return set(range(spec.low, spec.high + 1, step))
    low_text, dash, high_text = range_text.partition("-")
    low = _value(low_text, spec, whole)
    high = spec.high if slash and not dash else low
    if dash:
        high = _value(high_text, spec, whole)
        if high < low:
            raise ScheduleSyntaxError(
                f"'{whole}': the {spec.name} range '{range_text}' runs backwards",
                f"write '{high_text}-{low_text}' or a list",
            )
    return set(range(low, high + 1, step))


def _value(text: str, spec: _Field, whole: str) -> int:
    if text.isdigit():
        number = int(text)
        if not spec.low <= number <= spec.high:
            fix = f"use a value in {spec.low}-{spec.high}"
            if spec.name == "day of week" and number == 7:
                fix = "Sunday is 0 in NCrontab; write 0 or Sun"
            raise ScheduleSyntaxError(
                f"'{whole}': the {spec.name} value {number} is outside "
                f"{spec.low}-{spec.high}",
                fix,
            )
        return number
    lowered = text.lower()
    if spec.names and len(lowered) >= 3:
        for index, name in enumerate(spec.names):
            if name.startswith(lowered):
                return index + spec.low
    raise ScheduleSyntaxError(
        f"'{whole}': the {spec.name} field has '{text}', which is not a number "
        f"in {spec.low}-{spec.high}" + (" or a name" if spec.names else ""),
        f"use a value in {spec.low}-{spec.high}"
        + (f" or a name such as '{spec.names[0][:3].title()}'" if spec.names else ""),
    )
