"""How ``/bin/sh`` splits a command line into words, and where the command ends.

The ACR task runner appends a ``cmd`` step to a ``docker run`` line and runs the whole
line under ``/bin/sh -c``, so a step's arguments are what the shell makes of its text;
a bare ``acr purge`` line in a script is read the same way. The quoting is the
shell's: inside single quotes every character is literal; inside double quotes ``\\``
escapes only ``$``, a backquote, ``"``, ``\\`` and a line break, and command
substitution still runs; outside quotes ``\\`` makes the next character literal, and an
unquoted ``#`` that starts a word begins a comment. The first unquoted control operator
(``&&``, ``||``, ``;``, ``&``, ``|``, or a line break with another command after it),
command substitution (a backquote or ``$(``), redirection (``<``, ``>``) or
parenthesis ends the words: what follows is not arguments of that command.

Not modelled, so a word keeps these characters as written: parameter expansion
(``$name``, ``${name}``; the task runner replaces its own ``$Registry`` names before the
shell runs), pathname expansion of unquoted ``*``, ``?`` and ``[`` (it applies only when
a file in the working directory matches), and tilde expansion.
"""

from __future__ import annotations

from dataclasses import dataclass

_BLANKS = " \t"
_OPERATOR_START = ";&|<>()`"
# Longest first, so that '&&' is not read as two '&'.
_OPERATORS = (
    ("<<-", "redirection"),
    ("&&", "separator"),
    ("||", "separator"),
    (";;", "separator"),
    ("<<", "redirection"),
    (">>", "redirection"),
    ("<&", "redirection"),
    (">&", "redirection"),
    ("<>", "redirection"),
    (">|", "redirection"),
    ("$(", "substitution"),
    (";", "separator"),
    ("&", "separator"),
    ("|", "pipe"),
    ("<", "redirection"),
    (">", "redirection"),
    ("(", "grouping"),
    (")", "grouping"),
    ("`", "substitution"),
)
# Escapes that keep their meaning inside double quotes; any other '\' stays as written.
_DOUBLE_QUOTE_ESCAPES = '$`"\\\n'


@dataclass(frozen=True)
class ShellOperator:
    """Unquoted shell syntax that ends a simple command.

    ``kind`` is one of separator (``&& || ; ;; &`` and a line break between commands),
    pipe, substitution (a backquote or ``$(``), redirection and grouping (``(``, ``)``).
    """

    text: str
    kind: str
    offset: int
    rest: str

    @property
    def shown(self) -> str:
        return "'\\n' (a line break)" if self.text == "\n" else f"'{self.text}'"


@dataclass(frozen=True)
class ShellWords:
    """The words the shell passes to the first command, and why they stop, if they do.

    ``operator`` is the first unquoted operator (the words are those before it);
    ``error`` says why the shell cannot read the text at all (an unclosed quote), and
    the words then end with the unclosed quote's text."""

    words: tuple[str, ...]
    operator: ShellOperator | None = None
    error: str | None = None


def split_words(text: str) -> ShellWords:
    """``text`` split as ``/bin/sh`` splits a command line, up to its first operator."""
    words: list[str] = []
    word: list[str] = []
    started = False
    line_break: int | None = None
    index = 0

    def current() -> tuple[str, ...]:
        return tuple(words + (["".join(word)] if started else []))

    while index < len(text):
        char = text[index]
        if char in _BLANKS or char == "\n":
            if started:
                words.append("".join(word))
                word, started = [], False
            if char == "\n" and words and line_break is None:
                line_break = index
            index += 1
            continue
        if char == "#" and not started:
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        if line_break is not None:
            operator = _operator(text, line_break, "\n", "separator")
            return ShellWords(tuple(words), operator)
        if char == "\\":
            following = text[index + 1 : index + 2]
            index += 2
            if following != "\n":
                word.append(following or "\\")
                started = True
            continue
        if char == "'":
            end = text.find("'", index + 1)
            if end < 0:
                word.append(text[index + 1 :])
                return ShellWords(
                    tuple(words + ["".join(word)]),
                    error=f"the single quote at column {index + 1} is never closed",
                )
            word.append(text[index + 1 : end])
            started = True
            index = end + 1
            continue
        if char == '"':
            content, end, closed = _double_quoted(text, index)
            word.append(content)
            started = True
            if closed:
                index = end
                continue
            if end < len(text):
                return ShellWords(current(), _operator_at(text, end))
            error = f"the double quote at column {index + 1} is never closed"
            return ShellWords(current(), error=error)
        if char in _OPERATOR_START or text.startswith("$(", index):
            return ShellWords(current(), _operator_at(text, index))
        word.append(char)
        started = True
        index += 1

    return ShellWords(current())


def _double_quoted(text: str, start: int) -> tuple[str, int, bool]:
    """The characters of the double-quoted string opening at ``start``, the index
    where reading stopped, and whether that is after its closing quote (otherwise it
    stopped at a command substitution, or at the end of ``text``)."""
    chars: list[str] = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == '"':
            return "".join(chars), index + 1, True
        following = text[index + 1 : index + 2]
        if char == "\\" and following and following in _DOUBLE_QUOTE_ESCAPES:
            if following != "\n":
                chars.append(following)
            index += 2
            continue
        if char == "`" or text.startswith("$(", index):
            return "".join(chars), index, False
        chars.append(char)
        index += 1
    return "".join(chars), index, False


def _operator_at(text: str, index: int) -> ShellOperator:
    for operator, kind in _OPERATORS:
        if text.startswith(operator, index):
            return _operator(text, index, operator, kind)
    raise AssertionError(f"no operator at {index} in {text!r}")


def _operator(text: str, index: int, operator: str, kind: str) -> ShellOperator:
    return ShellOperator(operator, kind, index, text[index + len(operator) :].strip())
