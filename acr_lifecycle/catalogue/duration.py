"""Ages in the catalogue: whole days and hours, written one canonical way.

acr-cli's own ``--ago`` parser silently turns ``1.5d`` into one day, ``xd`` into zero
and unknown text into 150 years, so user text never reaches the command line: it is
parsed here and re-rendered from the number of hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from ._fixable import FixableError

# Far below acr-cli's 150-year cap and far below the int64 overflow that made old
# releases delete everything (acr-cli #83, #560). "Never delete" is expressed by not
# having a rule, not by a huge age.
MAX_DAYS = 3650

_GRAMMAR = re.compile(r"(?:(?P<days>[0-9]+)d)?(?:(?P<hours>[0-9]+)h)?")


@dataclass(frozen=True, order=True)
class Duration:
    """A non-negative age in whole hours."""

    hours: int

    @property
    def is_zero(self) -> bool:
        return self.hours == 0

    def as_timedelta(self) -> timedelta:
        return timedelta(hours=self.hours)

    def canonical(self) -> str:
        """The one spelling used in commands and reports: ``0d``, ``7d``, ``12h``, ``1d12h``."""
        days, hours = divmod(self.hours, 24)
        if not days and not hours:
            return "0d"
        return (f"{days}d" if days else "") + (f"{hours}h" if hours else "")

    def describe(self) -> str:
        days, hours = divmod(self.hours, 24)
        parts = []
        if days:
            parts.append(f"{days} day{'s' if days != 1 else ''}")
        if hours:
            parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
        return " and ".join(parts) or "0 days"

    def __str__(self) -> str:
        return self.canonical()


class DurationSyntaxError(FixableError):
    """The text is not an age in the catalogue's grammar; the message says what to write."""


def parse_duration(value: object) -> Duration:
    """Parse ``7d``, ``12h`` or ``1d12h``; anything else raises with the fix in words."""
    if isinstance(value, Duration):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DurationSyntaxError(
            "an age must be text", "write it as '7d', '12h' or '1d12h'"
        )
    if isinstance(value, int):
        raise DurationSyntaxError(
            f"the age {value} has no unit",
            f"write '{value}d' for days or '{value}h' for hours",
        )
    text = value.strip()
    match = _GRAMMAR.fullmatch(text)
    if not text or not match or not (match["days"] or match["hours"]):
        raise DurationSyntaxError(*_explain_bad_duration(text))
    days = int(match["days"] or 0)
    hours = int(match["hours"] or 0)
    total = days * 24 + hours
    if total > MAX_DAYS * 24:
        raise DurationSyntaxError(
            f"the age '{text}' is longer than {MAX_DAYS} days (acr-cli caps ages at 150 "
            "years, and releases before 0.18 overflowed and deleted everything)",
            "to keep tags forever, leave them out of every rule instead of using a "
            "huge age",
        )
    return Duration(hours=total)


def _explain_bad_duration(text: str) -> tuple[str, str]:
    hint = "write whole days and hours such as '7d', '36h' or '1d12h'"
    if text.startswith("-"):
        return (
            f"the age '{text}' is negative (acr-cli would put the cutoff in the future "
            "and every selected tag would be old enough)",
            f"ages count back from now; {hint}",
        )
    if "." in text or "," in text:
        return f"the age '{text}' has a fraction", hint
    if re.fullmatch(r"[0-9]+", text):
        return (
            f"the age '{text}' has no unit",
            f"write '{text}d' for days or '{text}h' for hours",
        )
    if re.fullmatch(r"[0-9]+[wW]", text):
        weeks = int(text[:-1])
        return (
            f"the age '{text}' uses weeks, which acr purge does not know",
            f"write '{weeks * 7}d'",
        )
    if re.fullmatch(r"[0-9]+[DH]", text):
        return f"the age '{text}' has an upper-case unit", f"write '{text.lower()}'"
    if re.fullmatch(r"[0-9]+(?:m|s|ms|us|ns)", text):
        return f"the age '{text}' is finer than an hour", hint
    return f"'{text}' is not an age", hint
