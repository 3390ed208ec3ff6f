"""acr-cli's ``--ago`` parser, ported with its quirks.

acr purge reads ``--ago`` with ``parseDuration`` (cmd/acr/purge.go): ``fmt.Sscanf`` with
``"%dd%s"``, falling back to ``"%dd"``, then Go's ``time.ParseDuration`` on the rest.
The port reproduces both Go functions, so ``xd`` is 0, ``1h30d`` is one day, ``1.5d`` is
one day and, from 0.18 on, garbage after the days is 150 years. Before 0.18 there is no
cap and Go's int64 arithmetic wraps, which is how ``999999d`` came to delete everything.

Durations are signed nanoseconds. The cutoff is ``now - duration``.
"""

from __future__ import annotations

from dataclasses import dataclass

NANOSECOND = 1
HOUR = 3_600_000_000_000
DAY = 24 * HOUR
MAX_AGO_YEARS = 150
MAX_AGO_DAYS = MAX_AGO_YEARS * 365
CAP_WARNING = (
    f"Warning: ago value exceeds maximum duration of {MAX_AGO_YEARS} years, "
    f"capping to {MAX_AGO_YEARS} years"
)

_INT64_MIN = -(1 << 63)
_UINT64 = 1 << 64
_GO_SPACE = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)
_UNITS = {
    b"ns": 1,
    b"us": 1_000,
    "µs".encode(): 1_000,  # U+00B5 micro sign
    "μs".encode(): 1_000,  # U+03BC Greek small letter mu
    b"ms": 1_000_000,
    b"s": 1_000_000_000,
    b"m": 60_000_000_000,
    b"h": HOUR,
}


class AgoError(ValueError):
    """acr purge would refuse this ``--ago`` value; the message is acr-cli's own."""


@dataclass(frozen=True)
class Ago:
    """A parsed ``--ago``: the duration and the warnings acr-cli prints."""

    nanoseconds: int
    warnings: tuple[str, ...] = ()


def wrap_int64(value: int) -> int:
    """Go's two's-complement int64 wrap-around."""
    value %= _UINT64
    return value - _UINT64 if value >= 1 << 63 else value


def parse_ago(text: str, *, capped: bool = True) -> Ago:
    """``parseDuration`` of acr-cli; ``capped`` is the 0.18+ behaviour (150-year cap,
    invalid tails read as overflow). Raises AgoError where acr purge exits 1."""
    warnings: list[str] = []
    if "d" in text:
        days, rest, ok = _scan_days_and_rest(text)
        if not ok:
            days, _, _ = _scan_days_and_rest(text, with_rest=False)
            rest = ""
    else:
        days = 0
        rest = _scan_word(text)
    original_days = days
    was_capped = False
    if capped and days > MAX_AGO_DAYS:
        days = MAX_AGO_DAYS
        was_capped = True
        warnings.append(CAP_WARNING)
    duration = wrap_int64(wrap_int64(days * 24) * HOUR)
    if rest:
        try:
            tail = go_parse_duration(rest)
        except AgoError as error:
            message = str(error)
            overflow = "invalid duration" in message or "overflow" in message
            if not (capped and overflow):
                raise
            if was_capped:
                return Ago(duration, tuple(warnings))
            tail = MAX_AGO_DAYS * DAY
            warnings.append(CAP_WARNING)
        if capped:
            maximum = MAX_AGO_DAYS * DAY
            if tail > maximum:
                tail = maximum
                if original_days <= MAX_AGO_DAYS and not was_capped:
                    warnings.append(CAP_WARNING)
            duration = min(wrap_int64(duration + tail), maximum)
        else:
            duration = wrap_int64(duration + tail)
    return Ago(duration, tuple(warnings))


class _Scanner:
    """Just enough of Go's ``fmt.Sscanf`` for ``%d``, a literal and ``%s``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip_space(self) -> None:
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\r" and self.text.startswith("\n", self.pos + 1):
                self.pos += 1
                continue
            if ch == "\n":
                raise AgoError("unexpected newline")
            if ch not in _GO_SPACE:
                return
            self.pos += 1

    def not_eof(self) -> None:
        if self.pos >= len(self.text):
            raise AgoError("unexpected EOF")

    def integer(self) -> int:
        self.skip_space()
        self.not_eof()
        start = self.pos
        if self.text[self.pos] in "+-":
            self.pos += 1
        digits = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in "0123456789_":
            self.pos += 1
        if self.pos == digits:
            raise AgoError("expected integer")
        token = self.text[start : self.pos]
        if "_" in token:
            raise AgoError(f'strconv.ParseInt: parsing "{token}": invalid syntax')
        value = int(token)
        if not _INT64_MIN <= value < 1 << 63:
            raise AgoError(f'strconv.ParseInt: parsing "{token}": value out of range')
        return value

    def literal(self, ch: str) -> None:
        if self.pos >= len(self.text):
            raise AgoError("unexpected EOF")
        if self.text[self.pos] != ch:
            raise AgoError("input does not match format")
        self.pos += 1

    def word(self) -> str:
        self.skip_space()
        self.not_eof()
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _GO_SPACE:
            self.pos += 1
        return self.text[start : self.pos]


def _scan_days_and_rest(text: str, *, with_rest: bool = True) -> tuple[int, str, bool]:
    """``Sscanf(text, "%dd%s", &days, &rest)``: days keep what ``%d`` stored even when a
    later part fails, as Go's pointer arguments do."""
    scanner = _Scanner(text)
    days = 0
    try:
        days = scanner.integer()
        scanner.literal("d")
        if not with_rest:
            return days, "", True
        return days, scanner.word(), True
    except AgoError:
        return days, "", False


def _scan_word(text: str) -> str:
    """``Sscanf(text, "%s", &rest)``; its error is what acr purge prints."""
    return _Scanner(text).word()


def go_parse_duration(text: str) -> int:
    """Go's ``time.ParseDuration``, byte for byte, with its error messages."""
    data = text.encode("utf-8", "surrogatepass")
    quoted = f'"{text}"'
    invalid = AgoError(f"time: invalid duration {quoted}")
    neg = False
    if data[:1] in (b"-", b"+"):
        neg = data[:1] == b"-"
        data = data[1:]
    if data == b"0":
        return 0
    if not data:
        raise invalid
    total = 0
    while data:
        if not (data[0] == ord(".") or 48 <= data[0] <= 57):
            raise invalid
        whole, data, overflow = _leading_int(data)
        if overflow:
            raise invalid
        consumed_whole = whole is not None
        whole = whole or 0
        fraction, scale, consumed_fraction = 0, 1.0, False
        if data[:1] == b".":
            fraction, scale, rest = _leading_fraction(data[1:])
            consumed_fraction = len(rest) != len(data) - 1
            data = rest
        if not consumed_whole and not consumed_fraction:
            raise invalid
        end = 0
        while end < len(data) and not (data[end] == ord(".") or 48 <= data[end] <= 57):
            end += 1
        if end == 0:
            raise AgoError(f"time: missing unit in duration {quoted}")
        unit_text, data = data[:end], data[end:]
        unit = _UNITS.get(unit_text)
        if unit is None:
            shown = unit_text.decode("utf-8", "replace")
            raise AgoError(f'time: unknown unit "{shown}" in duration {quoted}')
        if whole > (1 << 63) // unit:
            raise invalid
        whole *= unit
        if fraction > 0:
            whole += int(float(fraction) * (float(unit) / scale))
            if whole > 1 << 63:
                raise invalid
        total += whole
        if total > 1 << 63:
            raise invalid
    if neg:
        return wrap_int64(-total)
    if total > (1 << 63) - 1:
        raise invalid
    return total


def _leading_int(data: bytes) -> tuple[int | None, bytes, bool]:
    value = 0
    index = 0
    while index < len(data) and 48 <= data[index] <= 57:
        if value > (1 << 63) // 10:
            return None, data, True
        value = value * 10 + data[index] - 48
        if value > 1 << 63:
            return None, data, True
        index += 1
    return (value if index else None), data[index:], False


def _leading_fraction(data: bytes) -> tuple[int, float, bytes]:
    value, scale, index, overflow = 0, 1.0, 0, False
    while index < len(data) and 48 <= data[index] <= 57:
        if not overflow:
            if value > ((1 << 63) - 1) // 10:
                overflow = True
            else:
                candidate = value * 10 + data[index] - 48
                if candidate > 1 << 63:
                    overflow = True
                else:
                    value = candidate
                    scale *= 10
        index += 1
    return value, scale, data[index:]
