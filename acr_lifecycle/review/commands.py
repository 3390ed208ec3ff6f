"""Read purge steps back out of a task YAML: for decode, reports and plan diffs."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..compile.task_yaml import parse_task_yaml
from .shell_words import ShellOperator, split_words

# Every flag acr purge accepts (cmd/acr/purge.go and the global ones in cmd/acr/root.go).
_VALUE_FLAGS = {
    "--registry": "registry",
    "-r": "registry",
    "--ago": "ago",
    "--keep": "keep",
    "--concurrency": "concurrency",
    "--filter-timeout-seconds": "filter_timeout_seconds",
    "--repository-page-size": "repository_page_size",
    "--username": "username",
    "-u": "username",
    "--password": "password",
    "-p": "password",
}
_ARRAY_FLAGS = {
    "--filter": "filter",
    "-f": "filter",
    "--config": "config",
    "-c": "config",
}
_BOOLEAN_FLAGS = {
    "--untagged": "untagged",
    "--untagged-only": "untagged_only",
    "--dry-run": "dry_run",
    "--include-locked": "include_locked",
    "--verbose": "verbose",
    "--help": "help",
    "-h": "help",
}
# pflag's strconv.ParseBool spellings for ``--flag=value``.
_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


@dataclass
class PurgeStep:
    """One ``cmd`` of a task YAML, split into image and acr purge flags."""

    cmd: str
    image: str = ""
    subcommand: str = ""
    filters: list[str] = field(default_factory=list)
    options: dict[str, object] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    positional: list[str] = field(default_factory=list)
    arguments: list[str] = field(default_factory=list)
    timeout: int | None = None
    shell_operator: ShellOperator | None = None
    shell_error: str | None = None

    @property
    def is_purge(self) -> bool:
        return self.subcommand == "purge"


class TaskYamlReadError(ValueError):
    """The text is not a task YAML with steps."""


def read_steps(task_yaml: str) -> list[PurgeStep]:
    try:
        document = parse_task_yaml(task_yaml)
    except Exception as error:  # any YAML error: the text is not a task file
        raise TaskYamlReadError(f"not YAML: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("steps"), list):
        raise TaskYamlReadError(
            "not an ACR task YAML: expected a mapping with 'version' and a list of 'steps'"
        )
    steps = []
    for raw in document["steps"]:
        if not isinstance(raw, dict) or not isinstance(raw.get("cmd"), str):
            steps.append(PurgeStep(cmd=str(raw)))
            continue
        step = parse_cmd(raw["cmd"])
        step.timeout = (
            raw.get("timeout") if isinstance(raw.get("timeout"), int) else None
        )
        steps.append(step)
    return steps


def parse_cmd(cmd: str) -> PurgeStep:
    """Split ``cmd`` as ``/bin/sh`` and pflag would: ``--flag value``, ``--flag=value``,
    ``-f value``, ``-fvalue``, ``--bool=false``. Flags acr purge does not know go to
    ``unknown``, words that are not flags to ``positional``.

    Only the words before the first unquoted shell operator (``&&``, ``;``, ``|``, ...)
    are read; the operator is kept in ``shell_operator``, and ``shell_error`` says why
    the shell cannot read ``cmd`` at all."""
    step = PurgeStep(cmd=cmd)
    split = split_words(cmd)
    step.shell_operator = split.operator
    step.shell_error = split.error
    words = list(split.words)
    if len(words) < 2:
        step.unknown.extend(words)
        return step
    step.image, step.subcommand = words[0], words[1]
    step.arguments = words[2:]
    index = 2
    while index < len(words):
        word = words[index]
        index += 1
        if word == "--":
            step.positional.extend(words[index:])
            break
        flag, equals, inline = _split_flag(word)
        if flag in _ARRAY_FLAGS or flag in _VALUE_FLAGS:
            if equals:
                value = inline
            elif index < len(words):
                value = words[index]
                index += 1
            else:
                step.unknown.append(word)
                continue
            if flag in _ARRAY_FLAGS:
                name = _ARRAY_FLAGS[flag]
                if name == "filter":
                    step.filters.append(value)
                else:
                    step.options.setdefault(name, []).append(value)
            else:
                step.options[_VALUE_FLAGS[flag]] = value
        elif flag in _BOOLEAN_FLAGS and (not equals or inline in _TRUE | _FALSE):
            step.options[_BOOLEAN_FLAGS[flag]] = not equals or inline in _TRUE
        elif word.startswith("-") and word != "-":
            step.unknown.append(word)
        else:
            step.positional.append(word)
    return step


def _split_flag(word: str) -> tuple[str, bool, str]:
    """``--name=value`` or ``-xvalue`` / ``-x=value`` into (flag, has value, value)."""
    if word.startswith("--"):
        flag, equals, inline = word.partition("=")
        return flag, bool(equals), inline
    if word.startswith("-") and len(word) > 2:
        rest = word[2:]
        return word[:2], True, rest.removeprefix("=")
    return word, False, ""
