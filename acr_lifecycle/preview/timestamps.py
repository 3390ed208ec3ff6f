"""RFC 3339 timestamps as integer nanoseconds since the epoch.

ACR reports ``lastUpdateTime`` with seven fractional digits (``...:05.1234567Z``) and
acr-cli compares with Go's nanosecond ``time.Time``. Python's ``datetime`` keeps only
microseconds, which would move a tag across a cutoff, so times here are plain integers.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from operator import itemgetter

NANOS_PER_SECOND = 1_000_000_000

# Go's time.Parse(time.RFC3339Nano, ...): 'T' (either case), optional fraction of 1 to 9
# digits, and 'Z' or a numeric offset.
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)


class TimestampError(ValueError):
    """Not an RFC 3339 time; the message names the text."""


# The form ACR writes (seven fractional digits, UTC), read with fewer steps.
_ACR_FORM = re.compile(
    r"(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)\.(\d{7})Z"
)


def parse_timestamp(text: str) -> int:
    """Nanoseconds since 1970-01-01T00:00:00Z; raise TimestampError if not RFC 3339."""
    match = _ACR_FORM.fullmatch(text)
    if match is not None:
        day, hour, minute, second, fraction = match.groups()
        start = _DAY_STARTS.get(day)
        if start is not None:
            seconds = start + int(hour) * 3600 + int(minute) * 60 + int(second)
            return seconds * NANOS_PER_SECOND + int(fraction) * 100
    match = _RFC3339.fullmatch(text)
    if not match:
        raise TimestampError(
            f"'{text}' is not an RFC 3339 time such as '2026-01-31T12:00:00.1234567Z'"
        )
    hour, minute, second = int(match[4]), int(match[5]), int(match[6])
    if hour > 23 or minute > 59 or second > 59:
        raise TimestampError(f"'{text}' has a time of day out of range")
    seconds = _day_start(text, match) + hour * 3600 + minute * 60 + second
    if match[9]:
        offset = int(match[10]) * 3600 + int(match[11]) * 60
        seconds -= offset if match[9] == "+" else -offset
    fraction = match[7] or ""
    return seconds * NANOS_PER_SECOND + int(fraction.ljust(9, "0") or 0)


def parse_timestamps(texts: Iterable[str]) -> dict[str, int | None]:
    """Each of many distinct texts -> nanoseconds, or None where not RFC 3339; as
    parse_timestamp, with one match for all of them when all are in ACR's form."""
    distinct = list(texts)
    result: dict[str, int | None] = {}
    lines = "\n".join(distinct) + "\n"
    if lines.count("\n") == len(distinct) and _ACR_FORMS.fullmatch(lines):
        # Each text is one line in ACR's form, so parse_timestamp's first branch
        # applies, its groups being fixed slices; the steps run as C loops over
        # all texts. A day not yet known, or a digit that is not ASCII, misses a
        # table, and then each text goes through parse_timestamp itself.
        try:
            days = list(map(_DAY_STARTS.__getitem__, map(_DAY, distinct)))
            minutes = list(map(_MINUTES.__getitem__, map(_HOUR_MINUTE, distinct)))
            seconds = list(map(_SECONDS.__getitem__, map(_SECOND, distinct)))
        except KeyError:
            pass
        else:
            fractions = map(int, map(_FRACTION, distinct))
            return dict(
                zip(
                    distinct,
                    [
                        (day + minute + second) * NANOS_PER_SECOND + fraction * 100
                        for day, minute, second, fraction in zip(
                            days, minutes, seconds, fractions
                        )
                    ],
                )
            )
    for text in distinct:
        try:
            result[text] = parse_timestamp(text)
        except TimestampError:
            result[text] = None
    return result


# Texts that each match _ACR_FORM, one per line (no form matches a line break).
_ACR_FORMS = re.compile(f"(?:{_ACR_FORM.pattern}\n)*")
_DAY = itemgetter(slice(0, 10))
_HOUR_MINUTE = itemgetter(slice(11, 16))
_SECOND = itemgetter(slice(17, 19))
_FRACTION = itemgetter(slice(20, 27))
# Seconds of "HH:MM" and "SS" for every value _ACR_FORM admits in ASCII digits.
_MINUTES = {f"{h:02d}:{m:02d}": h * 3600 + m * 60 for h in range(24) for m in range(60)}
_SECONDS = {f"{s:02d}": s for s in range(60)}


_DAY_STARTS: dict[str, int] = {}


def _day_start(text: str, match: re.Match) -> int:
    """Seconds at the start of the date; dates repeat, so each is computed once."""
    key = text[:10]
    start = _DAY_STARTS.get(key)
    if start is None:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        if not (1 <= month <= 12 and 1 <= day <= _days_in(year, month)):
            raise TimestampError(f"'{text}' names a day that does not exist")
        start = calendar.timegm((year, month, day, 0, 0, 0, 0, 0, 0))
        if len(_DAY_STARTS) < 100_000:
            _DAY_STARTS[key] = start
    return start


def format_timestamp(nanoseconds: int) -> str:
    """RFC 3339 in UTC with exactly as many fractional digits as needed (up to 9)."""
    seconds, fraction = divmod(nanoseconds, NANOS_PER_SECOND)
    parts = _gmtime(seconds)
    text = "%04d-%02d-%02dT%02d:%02d:%02d" % parts
    if fraction:
        text += "." + f"{fraction:09d}".rstrip("0")
    return text + "Z"


def _gmtime(seconds: int) -> tuple[int, int, int, int, int, int]:
    days, rest = divmod(seconds, 86400)
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    # Civil-from-days (H. Hinnant), valid for every proleptic Gregorian date.
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (month <= 2)
    return year, month, day, hour, minute, second


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]
