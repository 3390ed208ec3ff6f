"""Which names a pattern can match, decided exactly for the common part of regex syntax.

acr-cli matches a rule's repository pattern and tag selection against whole names, so
each is a regular language over a small alphabet. For the constructs that denote one
(characters, classes, groups, alternation, repeats, ``^`` and ``$``) this module builds
an automaton and answers three questions exactly: can the pattern match any name at
all, is every name it matches also matched by other patterns (a shadowed rule), and can
a repeat make the backtracking engine try exponentially many ways (a filter timeout).

Lookaround, backreferences, word boundaries, atomic groups and possessive repeats do not
denote plain languages; for those the answer is "unknown" and no claim is made. The
parse uses Python's own regex parser (``re._parser``, in every supported Python),
restricted to syntax on which Python and acr-cli's engine (.NET's, via regexp2) agree;
anything where they differ (POSIX classes, class subtraction, ``{,n}``) is "unknown".
"""

from __future__ import annotations

import re
import re._constants as _c  # noqa: PLC2701 - the parser's node names, no public API
import re._parser as _parser  # noqa: PLC2701
import string
import warnings
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache

from ._regex_text import regex_syntax

# Tags (OCI distribution spec): a word character, then up to 127 of [A-Za-z0-9_.-].
TAG_ALPHABET = frozenset(string.ascii_letters + string.digits + "_.-")
TAG_GRAMMAR = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
# Repository names in ACR: lowercase path components joined by '/'.
REPOSITORY_ALPHABET = frozenset(string.ascii_lowercase + string.digits + "._/-")
REPOSITORY_GRAMMAR = (
    r"[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*"
)
# Every printable ASCII character, for questions that do not depend on a name grammar.
PRINTABLE = frozenset(chr(c) for c in range(32, 127))

# Bounds that keep every answer fast; past them the answer is "unknown".
MAX_EXPANDED_REPEAT = 300
MAX_STATES = 4000
MAX_EXPLORED = 20000

_SYNTAX_PYTHON_READS_DIFFERENTLY = ("[:", "-[", "{,", "\\p", "\\P", "\\z", "\\G")


class Unsupported(Exception):
    """The pattern uses syntax this module does not model; make no claim about it."""


# --- automaton ---------------------------------------------------------------------


@dataclass
class _Nfa:
    """Character edges and epsilon edges; an epsilon edge may require the name's start
    (``^``) or end (``$``)."""

    chars: list[list[tuple[frozenset, int]]] = field(default_factory=list)
    epsilons: list[list[tuple[str, int]]] = field(default_factory=list)

    def state(self) -> int:
        if len(self.chars) >= MAX_STATES:
            raise Unsupported("too many states")
        self.chars.append([])
        self.epsilons.append([])
        return len(self.chars) - 1


@dataclass(frozen=True)
class Language:
    """A compiled pattern: an automaton accepting exactly the whole names it matches."""

    nfa: _Nfa
    start: int
    final: int

    def closure(self, states: frozenset, *, at_start: bool, at_end: bool) -> frozenset:
        seen = set(states)
        stack = list(states)
        while stack:
            current = stack.pop()
            for condition, target in self.nfa.epsilons[current]:
                if condition == "bos" and not at_start:
                    continue
                if condition == "eos" and not at_end:
                    continue
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return frozenset(seen)

    def initial(self) -> frozenset:
        return self.closure(frozenset([self.start]), at_start=True, at_end=False)

    def step(self, states: frozenset, ch: str) -> frozenset:
        moved = {
            target
            for state in states
            for chars, target in self.nfa.chars[state]
            if ch in chars
        }
        return self.closure(frozenset(moved), at_start=False, at_end=False)

    def accepts_at_end(self, states: frozenset, *, at_start: bool) -> bool:
        return self.final in self.closure(states, at_start=at_start, at_end=True)


_POSIX_CLASS = re.compile(r"\[:(alnum|alpha|digit|lower|upper|xdigit|word):\]")
_POSIX_RANGES = {
    "alnum": "a-zA-Z0-9",
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "lower": "a-z",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
    "word": "a-zA-Z0-9_",
}


def _parse(pattern: str):
    """Python's parse of a pattern, after spelling POSIX classes as ranges; raise
    Unsupported where Python would read the text differently from acr-cli."""
    text = _POSIX_CLASS.sub(lambda m: _POSIX_RANGES[m[1]], pattern)
    if any(token in text for token in _SYNTAX_PYTHON_READS_DIFFERENTLY):
        raise Unsupported("syntax read differently by acr-cli's engine")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _parser.parse(text, re.ASCII)
        except (re.error, RecursionError, OverflowError) as error:
            raise Unsupported(str(error)) from None


@lru_cache(maxsize=512)
def language(pattern: str, alphabet: frozenset = PRINTABLE) -> Language:
    """The whole names over ``alphabet`` that ``pattern`` matches; raise Unsupported."""
    parsed = _parse(pattern)
    flags = parsed.state.flags & ~(re.ASCII | re.DOTALL | re.MULTILINE)
    if flags & ~re.IGNORECASE:
        raise Unsupported("global flags")
    builder = _Builder(alphabet)
    start, final = builder.sequence(list(parsed), bool(flags & re.IGNORECASE))
    return Language(builder.nfa, start, final)


class _Builder:
    def __init__(self, alphabet: frozenset) -> None:
        self.alphabet = alphabet
        self.nfa = _Nfa()

    def sequence(self, items: list, icase: bool) -> tuple[int, int]:
        start = current = self.nfa.state()
        for op, argument in items:
            first, last = self.node(op, argument, icase)
            self.nfa.epsilons[current].append(("", first))
            current = last
        return start, current

    def node(self, op, argument, icase: bool) -> tuple[int, int]:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
            return self.chars(charset(op, argument, icase, self.alphabet))
        if op is _c.SUBPATTERN:
            _group, add, remove, items = argument
            if add & re.IGNORECASE:
                icase = True
            if remove & re.IGNORECASE:
                icase = False
            return self.sequence(list(items), icase)
        if op is _c.BRANCH:
            start, final = self.nfa.state(), self.nfa.state()
            for items in argument[1]:
                first, last = self.sequence(list(items), icase)
                self.nfa.epsilons[start].append(("", first))
                self.nfa.epsilons[last].append(("", final))
            return start, final
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            return self.repeat(*argument, icase)
        if op is _c.AT:
            return self.anchor(argument)
        raise Unsupported(str(op))

    def chars(self, chars: frozenset) -> tuple[int, int]:
        start, final = self.nfa.state(), self.nfa.state()
        if chars:
            self.nfa.chars[start].append((chars, final))
        return start, final

    def anchor(self, at) -> tuple[int, int]:
        start, final = self.nfa.state(), self.nfa.state()
        if at in (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING):
            self.nfa.epsilons[start].append(("bos", final))
        elif at in (_c.AT_END, _c.AT_END_STRING):
            self.nfa.epsilons[start].append(("eos", final))
        else:
            raise Unsupported(str(at))
        return start, final

    def repeat(self, low: int, high: int, items, icase: bool) -> tuple[int, int]:
        unbounded = high == _c.MAXREPEAT
        copies = low + (1 if unbounded else high - low)
        if copies > MAX_EXPANDED_REPEAT:
            raise Unsupported("repeat too large to expand")
        start = current = self.nfa.state()
        for _ in range(low):
            first, last = self.sequence(list(items), icase)
            self.nfa.epsilons[current].append(("", first))
            current = last
        if unbounded:
            first, last = self.sequence(list(items), icase)
            self.nfa.epsilons[current].append(("", first))
            self.nfa.epsilons[last].append(("", current))
            return start, current
        final = self.nfa.state()
        self.nfa.epsilons[current].append(("", final))
        for _ in range(high - low):
            first, last = self.sequence(list(items), icase)
            self.nfa.epsilons[current].append(("", first))
            self.nfa.epsilons[last].append(("", final))
            current = last
        return start, final


def charset(op, argument, icase: bool, alphabet: frozenset) -> frozenset:
    """The characters of ``alphabet`` that one character node matches."""
    if op is _c.ANY:
        return frozenset(ch for ch in alphabet if ch != "\n")
    if op in (_c.LITERAL, _c.NOT_LITERAL):
        chars = _with_case({chr(argument)}, icase)
        return frozenset(alphabet - chars if op is _c.NOT_LITERAL else alphabet & chars)
    negate = False
    chars: set[str] = set()
    for item_op, item in argument:
        if item_op is _c.NEGATE:
            negate = True
        elif item_op is _c.LITERAL:
            chars.add(chr(item))
        elif item_op is _c.RANGE:
            chars.update(chr(c) for c in range(item[0], min(item[1], 0x7F) + 1))
        elif item_op is _c.CATEGORY:
            chars.update(_category(item))
        else:
            raise Unsupported(str(item_op))
    chars = _with_case(chars, icase)
    return frozenset(alphabet - chars if negate else alphabet & chars)


def _with_case(chars: set[str], icase: bool) -> set[str]:
    if not icase:
        return chars
    return chars | {ch.swapcase() for ch in chars if ch.isascii()}


def _category(code) -> set[str]:
    ascii_chars = {chr(c) for c in range(128)}
    digits = set(string.digits)
    word = set(string.ascii_letters + string.digits + "_")
    space = set(" \t\n\r\f\v")
    table = {
        _c.CATEGORY_DIGIT: digits,
        _c.CATEGORY_NOT_DIGIT: ascii_chars - digits,
        _c.CATEGORY_WORD: word,
        _c.CATEGORY_NOT_WORD: ascii_chars - word,
        _c.CATEGORY_SPACE: space,
        _c.CATEGORY_NOT_SPACE: ascii_chars - space,
    }
    if code not in table:
        raise Unsupported(str(code))
    return table[code]


# --- questions ---------------------------------------------------------------------


def _explore(languages: list[Language], alphabet: frozenset, wanted) -> bool | None:
    """Breadth-first over the product of the languages' subset automata.

    ``wanted(accepting)`` gets, for a name that has been read, whether each language
    accepts it; return True if some name satisfies it, False if none does, None if the
    search ran past its bound.
    """
    ordered = _representatives(languages, alphabet)
    start = tuple(lang.initial() for lang in languages)
    if wanted(
        tuple(
            lang.accepts_at_end(s, at_start=True) for lang, s in zip(languages, start)
        )
    ):
        # Only the empty name; no grammar here allows it, but be exact anyway.
        return True
    seen = {start}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for ch in ordered:
            following = tuple(lang.step(s, ch) for lang, s in zip(languages, current))
            if following in seen:
                continue
            accepting = tuple(
                lang.accepts_at_end(s, at_start=False)
                for lang, s in zip(languages, following)
            )
            if wanted(accepting):
                return True
            seen.add(following)
            if len(seen) > MAX_EXPLORED:
                return None
            queue.append(following)
    return False


def _representatives(languages: list[Language], alphabet: frozenset) -> list[str]:
    """One character per class of characters that every automaton treats alike."""
    charsets = {
        chars
        for lang in languages
        for edges in lang.nfa.chars
        for chars, _target in edges
    }
    ordered = sorted(charsets, key=sorted)
    classes: dict[tuple, str] = {}
    for ch in sorted(alphabet):
        classes.setdefault(tuple(ch in chars for chars in ordered), ch)
    return list(classes.values())


@lru_cache(maxsize=1024)
def can_match(pattern: str, grammar: str, alphabet: frozenset) -> bool | None:
    """Whether ``pattern`` matches some whole name of ``grammar``; None: unknown."""
    try:
        own = language(pattern, alphabet)
        names = language(grammar, alphabet)
    except Unsupported:
        return None
    return _explore([own, names], alphabet, lambda accepting: all(accepting))


def is_covered(
    pattern: str, others: list[str] | tuple[str, ...], grammar: str, alphabet: frozenset
) -> bool | None:
    """Whether every name of ``grammar`` that ``pattern`` matches is matched by one of
    ``others``; None when that cannot be decided."""
    return _is_covered(pattern, tuple(others), grammar, alphabet)


@lru_cache(maxsize=1024)
def _is_covered(
    pattern: str, others: tuple[str, ...], grammar: str, alphabet: frozenset
) -> bool | None:
    if not others:
        return False
    union = "|".join(f"(?:{other})" for other in others)
    try:
        own = language(pattern, alphabet)
        names = language(grammar, alphabet)
        claimed = language(union, alphabet)
    except Unsupported:
        return None
    found = _explore(
        [own, names, claimed],
        alphabet,
        lambda accepting: accepting[0] and accepting[1] and not accepting[2],
    )
    return None if found is None else not found


@lru_cache(maxsize=1024)
def overlaps(first: str, second: str, grammar: str, alphabet: frozenset) -> bool | None:
    """Whether some name of ``grammar`` matches both patterns; None: unknown."""
    try:
        languages = [
            language(first, alphabet),
            language(second, alphabet),
            language(grammar, alphabet),
        ]
    except Unsupported:
        return None
    return _explore(languages, alphabet, lambda accepting: all(accepting))


def matches_everything(pattern: str, grammar: str, alphabet: frozenset) -> bool | None:
    """Whether ``pattern`` matches every whole name of ``grammar``; None: unknown."""
    return is_covered(grammar, [pattern], grammar, alphabet)


# --- catastrophic backtracking ------------------------------------------------------


@dataclass(frozen=True)
class Backtracking:
    """A repeat whose iterations can split the same text in many ways."""

    repeat: str
    reason: str


@lru_cache(maxsize=1024)
def find_backtracking(pattern: str) -> Backtracking | None:
    """The first repeat that can make a backtracking engine take exponential time on a
    name that almost matches: a repeat around a body that can end the way it starts
    (``(a+)+``, ``(\\w+\\d*)+``, ``(.*a)*``), that can match nothing (``(a*)*``), or
    whose alternatives overlap (``(\\w|\\d)+``). Unparseable patterns give None."""
    try:
        parsed = _parse(_keep_alternatives(pattern))
    except Unsupported:
        return None
    icase = bool(parsed.state.flags & re.IGNORECASE)
    return _scan(list(parsed), icase)


def _keep_alternatives(pattern: str) -> str:
    """Python's parser turns ``\\w|\\d`` into the class ``[\\w\\d]`` and factors common
    prefixes out of alternatives; acr-cli's engine tries each alternative. An empty
    lookahead after every ``|`` keeps the alternatives apart without changing what
    the pattern matches."""
    bars = {index for index, ch, _ in regex_syntax(pattern) if ch == "|"}
    return "".join(
        ch + _EMPTY_LOOKAHEAD if index in bars else ch
        for index, ch in enumerate(pattern)
    )


_EMPTY_LOOKAHEAD = "(?=)"


def _scan(items: list, icase: bool) -> Backtracking | None:
    for op, argument in items:
        found = None
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, high, body = argument
            if op is not _c.POSSESSIVE_REPEAT and (high == _c.MAXREPEAT or high > 16):
                reason = _ambiguous_repeat(list(body), icase)
                if reason:
                    found = Backtracking(_render_node(op, argument), reason)
            found = found or _scan(list(body), icase)
        elif op is _c.SUBPATTERN:
            _group, add, remove, body = argument
            inner = (icase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
            found = _scan(list(body), inner)
        elif op is _c.BRANCH:
            for branch in argument[1]:
                found = found or _scan(list(branch), icase)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            found = _scan(list(argument[1]), icase)
        elif op is _c.ATOMIC_GROUP:
            # An atomic group gives back nothing once matched: no backtracking inside.
            continue
        if found:
            return found
    return None


def _ambiguous_repeat(body: list, icase: bool) -> str | None:
    """Why iterations of ``body`` can split one text in many ways, or None."""
    if _nullable(body) and _has_variable_repeat(body):
        return "its body can match nothing and holds a repeat of its own"
    if _repeat_meets_follower(body, _first(body, icase), icase):
        return (
            "a repeat inside it can take the characters that what follows it, "
            "or the next iteration, could take too"
        )
    if _overlapping_branches(body):
        return "two of its alternatives can match the same text"
    return None


def _repeat_meets_follower(items: list, follow: frozenset, icase: bool) -> bool:
    """Whether a variable repeat in ``items`` could either go on or stop and let what
    follows it (``follow`` after the end of ``items``) start on the same character."""
    for index, (op, argument) in enumerate(items):
        rest = items[index + 1 :]
        after = _first(rest, icase) | (follow if _nullable(rest) else frozenset())
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            low, high, body = argument
            body = list(body)
            if high != low and _first(body, icase) & after:
                return True
            if _repeat_meets_follower(body, after | _first(body, icase), icase):
                return True
        elif op is _c.SUBPATTERN:
            if _repeat_meets_follower(list(argument[3]), after, icase):
                return True
        elif op is _c.BRANCH:
            if any(_repeat_meets_follower(list(b), after, icase) for b in argument[1]):
                return True
    return False


def _overlapping_branches(items: list) -> bool:
    for op, argument in items:
        if op is _c.BRANCH:
            if _branches_overlap(argument[1]):
                return True
            if any(_overlapping_branches(list(b)) for b in argument[1]):
                return True
        elif op is _c.SUBPATTERN and _overlapping_branches(list(argument[3])):
            return True
    return False


def _has_variable_repeat(items: list) -> bool:
    for op, argument in items:
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and argument[0] != argument[1]:
            return True
        if op is _c.SUBPATTERN and _has_variable_repeat(list(argument[3])):
            return True
        if op is _c.BRANCH and any(_has_variable_repeat(list(b)) for b in argument[1]):
            return True
    return False


def _nullable(items: list) -> bool:
    for op, argument in items:
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if argument[0] > 0 and not _nullable(list(argument[2])):
                return False
        elif op is _c.SUBPATTERN:
            if not _nullable(list(argument[3])):
                return False
        elif op is _c.BRANCH:
            if not any(_nullable(list(b)) for b in argument[1]):
                return False
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        else:
            return False
    return True


def _first(items: list, icase: bool) -> frozenset:
    """Characters a match of ``items`` can start with."""
    chars: set[str] = set()
    for op, argument in items:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
            chars |= _safe_charset(op, argument, icase)
            return frozenset(chars)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            chars |= _first(list(argument[2]), icase)
            if argument[0] > 0 and not _nullable(list(argument[2])):
                return frozenset(chars)
        elif op is _c.SUBPATTERN:
            chars |= _first(list(argument[3]), icase)
            if not _nullable(list(argument[3])):
                return frozenset(chars)
        elif op is _c.BRANCH:
            for branch in argument[1]:
                chars |= _first(list(branch), icase)
            if not any(_nullable(list(b)) for b in argument[1]):
                return frozenset(chars)
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        else:
            return frozenset(PRINTABLE)
    return frozenset(chars)


def _safe_charset(op, argument, icase: bool) -> frozenset:
    try:
        return charset(op, argument, icase, PRINTABLE)
    except Unsupported:
        return PRINTABLE


def _branches_overlap(branches: list) -> bool:
    """Whether two alternatives share a name (decided exactly where possible)."""
    rendered = [_render(list(b)) for b in branches]
    for i in range(len(rendered)):
        for j in range(i + 1, len(rendered)):
            try:
                a = language(rendered[i])
                b = language(rendered[j])
            except Unsupported:
                continue
            found = _explore(
                [a, b], PRINTABLE, lambda accepting: accepting[0] and accepting[1]
            )
            if found:
                return True
    return False


def _render(items: list) -> str:
    """Python's parser keeps no source text; write an equivalent pattern back."""
    return "".join(_render_node(op, argument) for op, argument in items)


def _render_node(op, argument) -> str:
    if op is _c.LITERAL:
        ch = chr(argument)
        return "\\" + ch if ch in _SPECIAL else ch
    if op is _c.NOT_LITERAL:
        return "[^" + _class_char(chr(argument)) + "]"
    if op is _c.ANY:
        return "."
    if op is _c.IN:
        if len(argument) == 1 and argument[0][0] is _c.CATEGORY:
            return _CATEGORY_TEXT.get(argument[0][1], "")
        parts = []
        for item_op, item in argument:
            if item_op is _c.NEGATE:
                parts.append("^")
            elif item_op is _c.LITERAL:
                parts.append(_class_char(chr(item)))
            elif item_op is _c.RANGE:
                parts.append(f"{_class_char(chr(item[0]))}-{_class_char(chr(item[1]))}")
            elif item_op is _c.CATEGORY:
                parts.append(_CATEGORY_TEXT.get(item, ""))
        return "[" + "".join(parts) + "]"
    if op is _c.SUBPATTERN:
        group, add, remove, body = argument
        flag = "i" if add & re.IGNORECASE else ""
        off = "-i" if remove & re.IGNORECASE else ""
        inner = _render(list(body))
        if group is not None and not flag and not off:
            return f"({inner})"
        return f"(?{flag}{off}:{inner})"
    if op is _c.BRANCH:
        return "|".join(_render(list(b)) for b in argument[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, body = argument
        inner = _render(list(body))
        single = len(body) == 1 and list(body)[0][0] in (
            _c.LITERAL,
            _c.NOT_LITERAL,
            _c.ANY,
            _c.IN,
            _c.SUBPATTERN,
        )
        if not single:
            inner = f"(?:{inner})"
        if (low, high) == (0, _c.MAXREPEAT):
            quantifier = "*"
        elif (low, high) == (1, _c.MAXREPEAT):
            quantifier = "+"
        elif (low, high) == (0, 1):
            quantifier = "?"
        elif high == _c.MAXREPEAT:
            quantifier = f"{{{low},}}"
        elif low == high:
            quantifier = f"{{{low}}}"
        else:
            quantifier = f"{{{low},{high}}}"
        return inner + quantifier
    if op is _c.AT:
        return {_c.AT_BEGINNING: "^", _c.AT_END: "$"}.get(argument, "")
    # Lookaround and the rest are not rendered: the result is only shown or compiled
    # for a question about alternatives, where an unknown node makes it Unsupported.
    if op is _c.ASSERT and argument[0] == 1 and not list(argument[1]):
        return ""
    return "(?!)" if op in (_c.ASSERT, _c.ASSERT_NOT) else "\\G"


_SPECIAL = frozenset(".^$*+?{}[]\\|()")


def _class_char(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


_CATEGORY_TEXT = {
    _c.CATEGORY_DIGIT: "\\d",
    _c.CATEGORY_NOT_DIGIT: "\\D",
    _c.CATEGORY_WORD: "\\w",
    _c.CATEGORY_NOT_WORD: "\\W",
    _c.CATEGORY_SPACE: "\\s",
    _c.CATEGORY_NOT_SPACE: "\\S",
}
