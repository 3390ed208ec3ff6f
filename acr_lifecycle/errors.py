"""The package's exceptions and the problem records that catalogue checks collect."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem lives in the user's files; line and column are 1-based."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One finding about the catalogue, in the user's terms.

    ``where`` names the policy, rule, stack, registry or assignment; ``value`` is the
    offending value as written; ``fix`` says what to write instead.
    """

    location: Location
    code: str
    message: str
    where: str = ""
    value: object = None
    fix: str = ""
    severity: Severity = "error"

    def sort_key(self) -> tuple:
        return (self.location, self.severity != "error", self.code, self.message)

    def render(self) -> str:
        """One line. Control, format (bidi) and line-separator characters from the
        user's files are escaped, so a value cannot split the line or make it read
        differently from what it says."""
        parts = [f"{self.location}: {self.severity}: "]
        if self.where:
            parts.append(f"{self.where}: ")
        parts.append(self.message)
        if self.value is not None and repr(self.value) not in self.message:
            shown = (
                str(self.value).lower()
                if isinstance(self.value, bool)
                else repr(self.value)
            )
            parts.append(f" (value: {shown})")
        if self.fix:
            parts.append(f"; {self.fix}")
        parts.append(f" [{self.code}]")
        return _printable("".join(parts))

    def as_dict(self) -> dict:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity,
            "code": self.code,
            "where": self.where,
            "message": self.message,
            "value": self.value if _is_json_scalar(self.value) else repr(self.value),
            "fix": self.fix,
        }


_UNPRINTABLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _printable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in _UNPRINTABLE
        else ch
        for ch in text
    )


def _is_json_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


class AcrLifecycleError(Exception):
    """Base class of every error this package raises on purpose."""


@dataclass
class CatalogueError(AcrLifecycleError):
    """The catalogue cannot be used; ``problems`` lists every reason, sorted."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.problems = sorted(self.problems, key=Problem.sort_key)
        super().__init__(self.render())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def render(self) -> str:
        return "\n".join(p.render() for p in self.problems)
