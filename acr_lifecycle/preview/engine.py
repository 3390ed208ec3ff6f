"""Filter regexes as acr-cli evaluates them (regexp2 with the RE2 option).

The ``regex`` package with ASCII classes (``catalogue.patterns.compile_pattern``) stands
in for regexp2. Differences handled here: .NET's ``\\k<name>`` backreference is
rewritten; balancing groups and conditionals, which only .NET has, are refused rather
than guessed. Releases before 0.5 used Go's RE2, which has no lookaround and no
backreferences.

Each evaluation has acr-cli's ``--filter-timeout-seconds``. Passing a timeout to every
call costs several times the match itself, so it is passed only for patterns that can
backtrack badly (a quantified group, or a backreference); the others finish in
microseconds on names of at most 128 characters.
"""

from __future__ import annotations

import re
from itertools import repeat
from operator import is_not

import regex

from ..catalogue.patterns import REGEX_FLAGS

_DOTNET_BACKREFERENCE = re.compile(
    r"\\k<([A-Za-z_][A-Za-z0-9_]*)>|\\k'([A-Za-z_][A-Za-z0-9_]*)'"
)
_DOTNET_ONLY = re.compile(r"\(\?\(|\(\?<[A-Za-z0-9_]*-[A-Za-z0-9_]+>|\(\?'[^']*-")
_RE2_UNSUPPORTED = re.compile(r"\(\?<?[=!]|\\[1-9]|\\k[<']|\(\?>")
_RISKY = re.compile(r"\)[*+{]|\)\?\?|\\[1-9]|\\k[<']|\(\?P=")


class RegexError(ValueError):
    """acr-cli would fail on this regex; the message is close to its own."""


class Matcher:
    """A compiled filter regex with acr-cli's search semantics and timeout."""

    __slots__ = ("text", "pattern", "timeout")

    def __init__(
        self, text: str, pattern: regex.Pattern, timeout: float | None
    ) -> None:
        self.text = text
        self.pattern = pattern
        self.timeout = timeout

    def search(self, name: str) -> bool:
        if self.timeout is None:
            return self.pattern.search(name) is not None
        try:
            return self.pattern.search(name, timeout=self.timeout) is not None
        except TimeoutError:
            raise RegexError(
                f"match timeout: regex '{self.text}' took longer than "
                f"{self.timeout:g} s on '{name}'"
            ) from None

    def select(self, names: list[str]) -> list[bool]:
        """``search`` over many names; the fast path runs the loop in C."""
        if self.timeout is None:
            # search(name, None, None, concurrent=False): by default regex releases
            # the GIL for every search, and taking it back costs more than a short
            # match.
            search = self.pattern.search
            found = map(search, names, repeat(None), repeat(None), repeat(False))
            return list(map(is_not, found, repeat(None)))
        return [self.search(name) for name in names]


def compile_filter_regex(
    text: str, *, regexp2: bool = True, timeout: float = 60
) -> Matcher:
    """Compile as acr-cli would; raise RegexError where acr-cli fails to build it."""
    if not regexp2:
        unsupported = _RE2_UNSUPPORTED.search(text)
        if unsupported:
            raise RegexError(
                f"error parsing regexp: invalid or unsupported Perl syntax: "
                f"`{unsupported.group()}` (releases before 0.5 use Go's RE2)"
            )
    elif _DOTNET_ONLY.search(text):
        raise RegexError(
            f"regex '{text}' uses a .NET-only construct (a conditional or a balancing "
            "group) that the simulator cannot evaluate; rewrite it without one"
        )
    translated = _DOTNET_BACKREFERENCE.sub(lambda m: f"(?P={m[1] or m[2]})", text)
    try:
        pattern = regex.compile(translated, REGEX_FLAGS)
    except (regex.error, OverflowError, RecursionError) as error:
        raise RegexError(f"failed to build Regex {text} with error: {error}") from None
    risky = bool(_RISKY.search(translated))
    return Matcher(text, pattern, timeout if risky else None)
