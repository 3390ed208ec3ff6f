"""Timer schedules in the cron dialect ACR Tasks use (NCrontab, five fields, UTC).

croniter and cronsim accept forms that NCrontab rejects (``7`` for Sunday, ``L``, ``#``,
``?``, seconds), so the grammar is checked here, field by field, before any library
computes run times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (
    "january february march april may june july august september october "
    "november december"
).split()
_DAYS = "sunday monday tuesday wednesday thursday friday saturday".split()


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


class ScheduleSyntaxError(ValueError):
    """The schedule is not a five-field NCrontab expression; the message says why."""


def normalize_schedule(value: object) -> str:
    """Check ``value`` against NCrontab's grammar and return it with single spaces."""
    if not isinstance(value, str):
        raise ScheduleSyntaxError(
            "a schedule must be a five-field cron expression in quotes, such as '0 1 * * *'"
        )
    text = value.strip()
    if text.startswith("@"):
        raise ScheduleSyntaxError(
            f"'{text}' is a macro, which ACR Tasks do not accept; write five fields, "
            "for example '0 0 * * *' for daily at 00:00 UTC"
        )
    fields = text.split()
    if len(fields) != 5:
        raise ScheduleSyntaxError(
            f"'{text}' has {len(fields)} fields; ACR Tasks take exactly five "
            "(minute hour day-of-month month day-of-week, UTC), no seconds or year"
        )
    for token, spec in zip(fields, _FIELDS):
        _check_field(token, spec, text)
    return " ".join(fields)


def _check_field(token: str, spec: _Field, whole: str) -> None:
    for special in ("?", "L", "W", "#"):
        if special in token.upper() and not (spec.names and _has_name(token)):
            raise ScheduleSyntaxError(
                f"'{whole}': the {spec.name} field '{token}' uses '{special}', "
                "which NCrontab (the parser ACR Tasks use) does not support"
            )
    for part in token.split(","):
        _check_part(part, spec, whole)


def _has_name(token: str) -> bool:
    return bool(re.search(r"[A-Za-z]{3,}", token))


def _check_part(part: str, spec: _Field, whole: str) -> None:
    range_text, _, step = part.partition("/")
    if "/" in part:
        if not step.isdigit() or int(step) < 1:
            raise ScheduleSyntaxError(
                f"'{whole}': the {spec.name} step '/{step}' must be a whole number of 1 or more"
            )
    if range_text == "*":
        return
    low_text, dash, high_text = range_text.partition("-")
    low = _value(low_text, spec, whole)
    if dash:
        high = _value(high_text, spec, whole)
        if high < low:
            raise ScheduleSyntaxError(
                f"'{whole}': the {spec.name} range '{range_text}' runs backwards; "
                f"write '{high_text}-{low_text}' or a list"
            )


def _value(text: str, spec: _Field, whole: str) -> int:
    if text.isdigit():
        number = int(text)
        if not spec.low <= number <= spec.high:
            extra = ""
            if spec.name == "day of week" and number == 7:
                extra = "; Sunday is 0 in NCrontab"
            raise ScheduleSyntaxError(
                f"'{whole}': the {spec.name} value {number} is outside "
                f"{spec.low}-{spec.high}{extra}"
            )
        return number
    lowered = text.lower()
    if spec.names and len(lowered) >= 3:
        for index, name in enumerate(spec.names):
            if name.startswith(lowered):
                return index + spec.low
    raise ScheduleSyntaxError(
        f"'{whole}': the {spec.name} field has '{text}', which is not a number "
        f"in {spec.low}-{spec.high}" + (" or a name" if spec.names else "")
    )
