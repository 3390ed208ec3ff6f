"""Read purge steps back out of a task YAML: for decode, reports and plan diffs."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from ..compile.task_yaml import parse_task_yaml

_VALUE_FLAGS = {
    "--registry": "registry",
    "-r": "registry",
    "--ago": "ago",
    "--keep": "keep",
    "--concurrency": "concurrency",
    "--filter-timeout-seconds": "filter_timeout_seconds",
    "--repository-page-size": "repository_page_size",
}
_BOOLEAN_FLAGS = {
    "--untagged": "untagged",
    "--untagged-only": "untagged_only",
    "--dry-run": "dry_run",
    "--include-locked": "include_locked",
}


@dataclass
class PurgeStep:
    """One ``cmd`` of a task YAML, split into image and acr purge flags."""

    cmd: str
    image: str = ""
    subcommand: str = ""
    filters: list[str] = field(default_factory=list)
    options: dict[str, object] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    timeout: int | None = None

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
        step.timeout = raw.get("timeout") if isinstance(raw.get("timeout"), int) else None
        steps.append(step)
    return steps


def parse_cmd(cmd: str) -> PurgeStep:
    step = PurgeStep(cmd=cmd)
    try:
        words = shlex.split(cmd)
    except ValueError:
        step.unknown.append(cmd)
        return step
    if len(words) < 2:
        step.unknown.extend(words)
        return step
    step.image, step.subcommand = words[0], words[1]
    index = 2
    while index < len(words):
        word = words[index]
        flag, equals, inline = word.partition("=")
        if flag in ("--filter", "-f"):
            value = inline if equals else (words[index + 1] if index + 1 < len(words) else "")
            step.filters.append(value)
            index += 1 if equals else 2
        elif flag in _VALUE_FLAGS:
            value = inline if equals else (words[index + 1] if index + 1 < len(words) else "")
            step.options[_VALUE_FLAGS[flag]] = value
            index += 1 if equals else 2
        elif word in _BOOLEAN_FLAGS:
            step.options[_BOOLEAN_FLAGS[word]] = True
            index += 1
        else:
            step.unknown.append(word)
            index += 1
    return step
