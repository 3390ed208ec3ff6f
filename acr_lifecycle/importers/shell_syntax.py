"""Command lines that are more than one command: refused, never read in part.

An unquoted ``&&``, ``;``, ``|``, line break, command substitution, redirection or
parenthesis makes the shell end the command there and do something else with the
rest, which no catalogue rule expresses; arguments are never merged across it. Inside
single quotes all of these are literal, so a quoted regex such as
``--filter 'app:v1|v2'`` is one argument and imports as usual.
"""

from __future__ import annotations

from collections.abc import Callable

from ..review.shell_words import ShellOperator
from .draft import Refusal

PURGE = "acr purge"
_WHEN = {"&&": ", if it succeeds,", "||": ", if it fails,"}
_QUOTED_EXAMPLES = {
    "|": " (--filter 'repo:a|b')",
    "(": " (--filter 'repo:(a|b)')",
    ")": " (--filter 'repo:(a|b)')",
}


def shell_refusal(
    where: str,
    shown: str,
    operator: ShellOperator | None,
    error: str | None,
    *,
    command: str = PURGE,
    first: str | None = None,
    unit: str,
    task_step: bool = False,
    show: Callable[[str], str] = lambda text: " ".join(text.split()),
) -> Refusal | None:
    """Why a command line is not one ``command`` command, or None when it is.

    ``operator`` and ``error`` are what ``split_words`` found in it; ``shown`` is the
    text as the refusal quotes it; ``first`` names the command the operator ends, when
    it is not ``command``; ``unit`` is what holds one command in the source (a
    line, a cmd step), for the fix; ``task_step`` says the text runs as a task's cmd
    step, where what follows an operator runs outside the acr-cli container; ``show``
    turns the text after the operator into what the message quotes."""
    if error:
        return Refusal(
            where,
            f"the shell cannot read the command: {error}, so it fails before "
            f"{command} starts and deletes nothing; importing it would start deleting",
            shown,
            "close the quote in the source first, then import it",
        )
    if operator is None:
        return None

    runs = first or command
    rest = f"'{show(operator.rest)}'" if operator.rest else ""
    outside = ""
    if task_step:
        outside = " in the task runner's shell, outside the acr-cli container"
    split_fix = f"split it into one {command} command per {unit}"
    if operator.kind == "separator" and operator.text == "&":
        does = f"runs {runs} in the background" + (
            f" and {rest} as another command at once{outside}" if rest else ""
        )
        fix = split_fix if rest else "remove the '&'"
    elif operator.kind == "separator":
        when = _WHEN.get(operator.text, " then")
        does = f"ends {runs} there" + (
            f" and{when} runs {rest} as another command{outside}" if rest else ""
        )
        fix = split_fix if rest else f"remove the {operator.shown}"
    elif operator.kind == "pipe":
        does = f"pipes the output of {runs} into {rest or 'nothing'}{outside}"
        fix = f"{_quote_fix(operator.text, command)}, or {split_fix}"
    elif operator.kind == "substitution":
        does = (
            f"runs the command after {operator.shown} first and pastes its output into "
            f"the arguments of {runs}"
        )
        fix = (
            "write the value itself, not a command that prints it (inside single "
            f"quotes {operator.shown} is literal)"
        )
    elif operator.kind == "redirection":
        does = f"redirects the input or output of {runs}"
        fix = (
            f"remove the redirection (inside single quotes {operator.shown} is literal)"
        )
    else:
        does = f"reads {operator.shown} as grouping syntax, not as part of an argument"
        fix = _quote_fix(operator.text, command)
    return Refusal(
        where,
        f"unquoted shell operator {operator.shown}: the shell {does}, so this is not "
        f"one {command} command and the import cannot keep what it does",
        shown,
        fix,
    )


def _quote_fix(operator: str, command: str) -> str:
    example = _QUOTED_EXAMPLES.get(operator, "") if command == PURGE else ""
    return f"put a value that needs '{operator}' in single quotes{example}"
