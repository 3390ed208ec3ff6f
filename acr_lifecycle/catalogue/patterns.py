"""Repository and tag patterns: what acr-cli's regex engine will see, checked here first.

acr-cli matches both halves of ``--filter`` with regexp2, a port of .NET's backtracking
engine, using ASCII classes. The ``regex`` package with ``ASCII`` is the closest engine
available in Python; a pattern it cannot compile is refused.
"""

from __future__ import annotations

import re as _stdlib_re

import regex

from . import regex_language
from ._regex_text import (  # noqa: F401 - re-exported for compile and import
    closing_paren,
    has_top_level_alternation,
    regex_syntax,
    top_level_alternatives,
)
from ._fixable import FixableError

# acr-cli's own rule for which colons split a filter (cmd/repository/image_functions.go,
# GetRepositoryAndTagRegex). The `regex` package supports the variable-length lookbehind
# it needs, so the rule is used as written rather than re-derived.
FILTER_SEPARATOR = regex.compile(r"(?<!\(\?[imsU-]{0,5}|\[*\^*\[\^*):(?!\]\]*)")

# A tag as OCI allows it; prefixes and wildcards must stay inside this alphabet.
_TAG_CHARS = _stdlib_re.compile(r"[A-Za-z0-9_.-]+")
_TAG_START = _stdlib_re.compile(r"[A-Za-z0-9_]")

# `$` followed by a name is an ACR Tasks directive ($Registry, $ID, ...) that the task
# runner substitutes before the command runs.
_TASK_DIRECTIVE = _stdlib_re.compile(r"\$[A-Za-z0-9_{]")
# A global inline flag such as (?i) means different things in regexp2 (until the end of
# the enclosing group) and after acr-cli joins filters with `|` (it leaks into later
# ones), so only the scoped form (?i:...) is accepted.
_GLOBAL_INLINE_FLAG = _stdlib_re.compile(r"\(\?[imsxnU-]+\)")
_HOST_SEGMENT = _stdlib_re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]+)?")

REGEX_FLAGS = regex.ASCII | regex.VERSION0

TAG_NAMES = (regex_language.TAG_GRAMMAR, regex_language.TAG_ALPHABET)
REPOSITORY_NAMES = (
    regex_language.REPOSITORY_GRAMMAR,
    regex_language.REPOSITORY_ALPHABET,
)


class PatternError(FixableError):
    """A pattern acr-cli would misread or reject; ``fix`` says what to write instead."""


def split_filter(text: str) -> tuple[str, str]:
    """Split ``repo:tag`` exactly as acr-cli does, or raise with acr-cli's own message."""
    parts = FILTER_SEPARATOR.sub("\r\n", text).split("\r\n")
    if len(parts) != 2:
        raise PatternError("unable to correctly parse filter flag")
    if not parts[0]:
        raise PatternError("missing repository name/expression")
    if not parts[1]:
        raise PatternError("missing tag name/expression")
    return parts[0], parts[1]


def compile_pattern(text: str) -> regex.Pattern:
    """Compile with the engine and flags that stand in for acr-cli's regexp2."""
    return regex.compile(text, REGEX_FLAGS)


def check_embeddable(text: str, what: str) -> None:
    """Refuse what could escape the single-quoted filter or the task runner's templating."""
    if not text:
        raise PatternError(f"the {what} is empty")
    if any(ch.isspace() for ch in text):
        raise PatternError(
            f"the {what} contains white space, which names never do",
            "remove it, or write \\s in a regex if it is really meant",
        )
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise PatternError(f"the {what} contains a control character", "remove it")
    if not text.isascii():
        raise PatternError(
            f"the {what} contains non-ASCII characters", "names are ASCII; remove them"
        )
    if "'" in text:
        raise PatternError(
            f"the {what} contains a single quote, which would end the quoted --filter "
            "argument",
            "remove it: repository and tag names never contain one",
        )
    if "{{" in text or "}}" in text:
        raise PatternError(
            f"the {what} contains '{{{{' or '}}}}', which the task runner reads as a "
            "template",
            "write a single brace quantifier like 'a{2}' without doubling",
        )
    if "${" in text or "%{" in text:
        raise PatternError(
            f"the {what} contains '${{' or '%{{', which Terraform and the task runner "
            "interpolate",
            "remove the '{' after '$' or '%'; names never contain either",
        )
    if _TASK_DIRECTIVE.search(text):
        raise PatternError(
            f"the {what} has '$' followed by a name, which the task runner replaces "
            "($Registry, $ID, ...)",
            "'$' may only end the pattern or precede ')' or '|'",
        )
    if "`" in text:
        raise PatternError(f"the {what} contains a backtick", "remove it")


# Escape letters that acr-cli's regexp2 (RE2 mode) and the regex package read alike.
# regexp2 takes any other escaped letter as the letter itself, while the regex package
# gives several of them a meaning of its own (\m, \K, \X, \N, ...).
_SHARED_ESCAPE_LETTERS = frozenset("wWsSdDbBAZnrtfvxu")


_INLINE_FLAGS = _stdlib_re.compile(r"\(\?([a-zA-Z-]+)[:)]")
_ESCAPE_FIXES = {
    "z": "leave it out: a pattern already matches the whole name",
    "G": "leave it out: a pattern already matches from the start of the name",
    "p": "names are ASCII: use a class such as [a-z] or [0-9]",
    "P": "names are ASCII: use a negated class such as [^a-z]",
}


def engine_difference(text: str) -> tuple[str, str] | None:
    """(what, fix) for the first construct that acr-cli's regexp2 and the regex
    package used here (for lint, compilation and preview) read differently, or that
    breaks when rules are joined into one regex for priority; None if there is none.

    Constructs are looked for outside escapes; a ``[...]`` class is tracked, with a
    ``]`` right after ``[`` or ``[^`` taken literally, as both engines do."""
    index, in_class, class_start = 0, False, -1
    while index < len(text):
        ch = text[index]
        rest = text[index:]
        if ch == "\\":
            letter = text[index + 1 : index + 2]
            if letter.isdigit():
                return (
                    f"a backreference or octal escape '\\{letter}'",
                    "write the text out; rules are joined into one regex for priority, "
                    "which renumbers groups",
                )
            if letter.isalpha() and letter not in _SHARED_ESCAPE_LETTERS:
                return (
                    f"the escape '\\{letter}', which acr-cli's engine and this tool "
                    "do not read alike",
                    _ESCAPE_FIXES.get(
                        letter,
                        f"write '{letter}' without the backslash if the letter is "
                        "meant, or a class such as [0-9]",
                    ),
                )
            index += 2
            continue
        if in_class:
            if ch == "]" and index > class_start:
                in_class = False
            elif rest.startswith("-[") and index > class_start:
                return (
                    "a class subtraction '-[...]' (a .NET form the regex package "
                    "reads as other characters)",
                    "list the characters the class should match, e.g. [a-vx-z]",
                )
            index += 1
            continue
        if ch == "[":
            in_class = True
            # A ']' first in the class, or first after '^', is a literal.
            class_start = index + (2 if rest.startswith("[^") else 1)
            index += 1
            continue
        if rest.startswith("(?#"):
            return ("a comment '(?#...)'", "remove the comment")
        flags = _INLINE_FLAGS.match(rest)
        if flags and "x" in flags.group(1):
            # In extended mode '#' starts a comment that hides the rest of the text.
            return (
                "the extended-mode flag 'x'",
                "remove it: names contain no white space to ignore",
            )
        if rest.startswith(("(?P<", "(?P=", "(?P>", "(?'", "(?&")) or (
            rest.startswith("(?<") and not rest.startswith(("(?<=", "(?<!"))
        ):
            return (
                "a named group or reference",
                "use a plain group '(...)' or '(?:...)'; names clash when rules are "
                "joined into one regex for priority",
            )
        if rest.startswith("{,"):
            return (
                "'{,' (acr-cli reads '{,n}' as the text itself, this tool as a repeat)",
                "write the lower bound, e.g. '{0,2}'",
            )
        index += 1
    return None


def check_regex(text: str, what: str) -> regex.Pattern:
    """Embeddability, the colon rule, global inline flags, then compilation."""
    check_embeddable(text, what)
    difference = engine_difference(text)
    if difference:
        raise PatternError(
            f"the {what} '{text}' uses {difference[0]}, which is not supported",
            difference[1],
        )
    if FILTER_SEPARATOR.search(text):
        raise PatternError(
            f"the {what} contains ':' outside '(?:...)' or a '[...]' class; acr-cli would "
            "split the filter there",
            "remove it: names never contain ':'",
        )
    flag = _GLOBAL_INLINE_FLAG.search(text)
    if flag:
        raise PatternError(
            f"the {what} uses the inline flag '{flag.group()}', which acr-cli leaks into "
            "the patterns joined after it",
            f"scope it, e.g. '{flag.group()[:-1]}:...)'",
        )
    try:
        compiled = compile_pattern(text)
    except regex.error as error:
        raise PatternError(
            f"the {what} is not a valid regular expression: {error}",
            "check it with the regex package (ASCII), the closest match to acr-cli's "
            "engine",
        ) from None
    except (RecursionError, OverflowError, MemoryError):
        raise PatternError(
            f"the {what} is too deeply nested or too large to compile", "simplify it"
        ) from None
    backtracking = regex_language.find_backtracking(text)
    if backtracking:
        raise PatternError(
            f"the {what} '{text}' can make acr-cli's backtracking engine take "
            f"exponential time in '{backtracking.repeat}': {backtracking.reason}. "
            "acr-cli aborts a filter that runs past --filter-timeout-seconds and the "
            "purge fails",
            "rewrite it so that each character can be matched only one way, e.g. "
            "'(a+)+' as 'a+', '(\\w|\\d)+' as '\\w+'",
        )
    return compiled


def check_tag_regex(text: str) -> regex.Pattern:
    """A tag regex: a valid regex that can match at least one tag."""
    compiled = check_regex(text, "tag regex")
    if regex_language.can_match(text, *TAG_NAMES) is False:
        printable = regex_language.PRINTABLE
        only_empty = regex_language.can_match(text, "", printable) and (
            regex_language.can_match(text, ".+", printable) is False
        )
        if only_empty:
            raise PatternError(
                f"the tag regex '{text}' matches only the empty text, and no tag is "
                "empty, so the rule deletes nothing. ('^$' is the acr purge idiom for purging "
                "untagged manifests without touching tags)",
                "for untagged manifests write a rule of kind untagged; to select tags, "
                "write a regex that matches them",
            )
        raise PatternError(
            f"the tag regex '{text}' can never match a tag (tags are 1 to 128 letters, "
            "digits, '_', '.' and '-', not starting with '.' or '-'), so the rule "
            "would delete nothing and the purge would still succeed",
            "write a regex that matches the tags you mean, e.g. 'v[0-9]+' or 'dev-.*'",
        )
    return compiled


def check_repository_pattern(text: str) -> regex.Pattern:
    """A repository pattern: a regex matched against the whole repository name."""
    what = "repository pattern"
    stars = _glob_stars(text)
    if stars:
        suggestion = "".join(
            ".*" if index in stars else ch for index, ch in enumerate(text)
        )
        if "\\" not in suggestion:
            # Repository names are lowercase; 'App.*' would be refused in turn.
            suggestion = suggestion.lower()
        raise PatternError(
            f"repository pattern '{text}' looks like a glob, but it is a regular "
            "expression matched against the whole name, so it would match nothing "
            "you expect (a purge that matches nothing still succeeds)",
            f"did you mean '{suggestion}'?",
        )
    first_segment = text.split("/", 1)[0] if "/" in text else ""
    if first_segment and (
        _HOST_SEGMENT.fullmatch(first_segment.replace("\\.", "."))
        or first_segment.endswith("azurecr.io")
    ):
        rest = text.split("/", 1)[1]
        raise PatternError(
            f"repository pattern '{text}' starts with the host '{first_segment}'; "
            "repository names in a registry never include a host, so it would match "
            "nothing",
            f"write '{rest}'",
        )
    compiled = check_regex(text, what)
    if regex_language.can_match(text, *REPOSITORY_NAMES) is False:
        raise PatternError(
            f"repository pattern '{text}' can never match a repository name (lowercase "
            "letters and digits in '/'-separated parts joined by '.', '_' or '-'), so "
            "the rule would match no repository and the purge would still succeed",
            "write the names in lowercase, without a leading or trailing '/', or use "
            "'(?i:...)' for a case-insensitive match",
        )
    return compiled


def matches_every_tag(body: str) -> bool | None:
    """Whether a whole-tag regex selects every possible tag; None where its language
    cannot be decided (lookaround, backreferences, past the search bounds). Callers
    guarding a deletion treat None as True."""
    if is_match_all(body):
        return True
    return regex_language.matches_everything(body, *TAG_NAMES)


def matches_every_repository(pattern: str) -> bool | None:
    """Whether a repository pattern matches every possible repository name; None
    where that cannot be decided, as for ``matches_every_tag``."""
    if is_match_all(pattern):
        return True
    return regex_language.matches_everything(pattern, *REPOSITORY_NAMES)


def _glob_stars(text: str) -> set[int]:
    """Positions of ``*`` that read as a shell glob: first, or right after a plain name
    character (``test-*``, ``app*``, ``a/*/b``), outside classes and escapes."""
    stars: set[int] = set()
    in_class = False
    escaped_at = -1
    for index, ch in enumerate(text):
        if index == escaped_at:
            continue
        if ch == "\\":
            escaped_at = index + 1
            continue
        if in_class:
            in_class = ch != "]"
            continue
        if ch == "[":
            in_class = True
        elif ch == "*":
            before = text[index - 1] if index else ""
            plain = before.isalnum() or before in "-_/"
            if not before or (plain and escaped_at != index - 1):
                stars.add(index)
    return stars


def check_tag_literal(text: str, what: str, *, wildcard: bool) -> None:
    """A tag prefix or an ECR-style wildcard: tag characters only (and ``*`` in a wildcard)."""
    check_embeddable(text, what)
    body = text.replace("*", "") if wildcard else text
    if wildcard and not body:
        return
    if not _TAG_CHARS.fullmatch(body):
        allowed = "letters, digits, '_', '.', '-'" + (" and '*'" if wildcard else "")
        raise PatternError(
            f"the {what} '{text}' may only contain {allowed}",
            "for anything else use a tag regex",
        )
    if not wildcard and not _TAG_START.match(text):
        raise PatternError(
            f"the {what} '{text}' cannot begin a tag",
            "tags start with a letter, a digit or '_'",
        )
    if (
        wildcard
        and regex_language.can_match(wildcard_to_regex(text), *TAG_NAMES) is False
    ):
        raise PatternError(
            f"the {what} '{text}' can never match a tag (tags are 1 to 128 letters, "
            "digits, '_', '.' and '-', not starting with '.' or '-'), so the rule "
            "would delete nothing",
            "write the tags it should match, e.g. 'v*' or '*-rc*'",
        )


def escape_literal(text: str) -> str:
    """Escape tag or repository characters for regexp2; only '.' is special among them."""
    return text.replace(".", r"\.")


def wildcard_to_regex(text: str) -> str:
    return ".*".join(escape_literal(part) for part in text.split("*"))


def group(body: str) -> str:
    """Wrap ``body`` so that concatenating it cannot re-bind a top-level ``|``.

    The text is read by ``_regex_text``; what that reading could get wrong against
    acr-cli's engine (comments, extended mode, engine-specific classes) is refused by
    ``engine_difference`` before any pattern gets here."""
    return f"(?:{body})" if has_top_level_alternation(body) else body


def is_match_all(body: str) -> bool:
    return body in (".*", "(?:.*)", "(.*)")
