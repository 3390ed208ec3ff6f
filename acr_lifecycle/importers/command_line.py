"""Command lines: bare ``acr purge ...`` and ``az acr task create ... --cmd ...``.

Bare purge commands, one per line (a trailing backslash continues a line), become the
rules of one policy, in order. An ``az acr task create`` line is read as the task it
registers: az stores ``--cmd`` in a fixed task YAML template (a step with
``disableWorkingDirectoryOverride: true`` and the ``--timeout``, 3600 by default) and
names its timers t1, t2, ...; that task is then imported like ``az acr task show``.
Lines are split into words as ``/bin/sh`` splits them; a line, or a ``--cmd``, with an
unquoted shell operator (``&&``, ``;``, ``|``, ...) is refused, never read in part.
"""

from __future__ import annotations

import base64
import dataclasses

from ..review.commands import parse_cmd
from ..review.shell_words import split_words
from .assemble import (
    option_schedules,
    registry_from_options,
    task_settings,
)
from .az_task import import_az_tasks
from .draft import (
    AssignmentDraft,
    CatalogueDraft,
    ImportRefused,
    PolicyDraft,
    Refusal,
    SourceError,
)
from .options import ImportOptions
from .purge_command import SourceStep, convert_steps, runs_purge, shown_command
from .shell_syntax import shell_refusal

DEFAULT_AZ_TIMEOUT = 3600
ASSIGNMENT = "imported"
POLICY = "purge"
AZ_CREATE = "az acr task create"


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, text) of each non-blank, non-comment line, continuations joined."""
    lines: list[tuple[int, str]] = []
    pending = ""
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        lines.append((start, pending + stripped))
        pending = ""
    if pending.strip():
        lines.append((start, pending.strip()))
    return lines


def is_command_text(text: str) -> bool:
    lines = logical_lines(text)
    return bool(lines) and all(_kind(line) is not None for _, line in lines)


def _kind(line: str) -> str | None:
    """az or purge; a line with shell operators counts as a purge line when it may run
    one, so that the import refuses it with the reason instead of not reading it."""
    words = list(split_words(line).words)
    if words[:4] == AZ_CREATE.split():
        return "az"
    if len(words) >= 2 and words[1] == "purge" or words[:1] == ["purge"]:
        return "purge"
    if runs_purge(parse_cmd(line)):
        return "purge"
    return None


def import_commands(text: str, source: str, options: ImportOptions) -> CatalogueDraft:
    lines = logical_lines(text)
    kinds = {_kind(line) for _, line in lines}
    if kinds == {"az"}:
        refusals = [
            refusal
            for number, line in lines
            if (refusal := _az_line_refusal(line, f"{source}:{number}"))
        ]
        if refusals:
            raise ImportRefused(refusals)
        wheres = [f"{source}:{number}" for number, _ in lines]
        tasks = [
            _az_create_task(line, where) for (_, line), where in zip(lines, wheres)
        ]
        registries = {t.pop("_registry") for t in tasks} - {None}
        groups = {t.pop("_resource_group") for t in tasks} - {None}
        if len(groups) == 1 and not options.resource_group:
            options = dataclasses.replace(options, resource_group=groups.pop())
        if len(registries) > 1 and not (options.registry or options.registry_id):
            raise SourceError(
                f"{source}: the commands register tasks in several registries "
                f"({', '.join(sorted(registries))}); import them one registry at a time"
            )
        if registries and not (options.registry or options.registry_id):
            options = dataclasses.replace(options, registry=registries.pop())
        draft = import_az_tasks(
            tasks, source, options, wheres=wheres, unit=f"{AZ_CREATE} line"
        )
        draft.source_kind = "az acr task create command"
        return draft
    if kinds != {"purge"}:
        raise SourceError(
            f"{source}: mixes 'az acr task create' and bare 'acr purge' lines; import "
            "them separately"
        )
    return _import_purge_lines(lines, source, options)


def _import_purge_lines(lines, source: str, options: ImportOptions) -> CatalogueDraft:
    steps = []
    registries = set()
    for number, line in lines:
        if split_words(line).words[:1] == ("purge",):
            line = "acr " + line
        step = parse_cmd(line)
        steps.append(SourceStep(f"{source}:{number}", step, unit="line", in_task=False))
        registry = step.options.get("registry")
        if isinstance(registry, str) and not registry.startswith(("{{", "$")):
            registries.add(registry.split(".", 1)[0])
    if len(registries) > 1:
        raise SourceError(
            f"{source}: the commands purge several registries ({', '.join(sorted(registries))}); "
            "import them one registry at a time"
        )
    registry = registry_from_options(options, next(iter(registries), None))
    converted, refusals = convert_steps(
        steps,
        registry_name=registry.name,
        id_prefix="command" if len(steps) > 1 else "purge",
    )
    if refusals:
        raise ImportRefused(refusals)
    if not converted.rules:
        raise SourceError(
            f"{source}: the commands select nothing; there is no rule to import"
        )

    policy = PolicyDraft(name=POLICY, rules=converted.rules)
    policy.notes += converted.notes
    policy.approximations += converted.approximations
    assignment = AssignmentDraft(
        name=ASSIGNMENT,
        registries=[registry.name],
        policies=[POLICY],
        mode=options.mode or converted.mode,
    )
    assignment.schedules = option_schedules(options, assignment)
    assignment.task = task_settings(
        step_timeout=None,
        task_timeout=None,
        steps=len(converted.rules),
        acr_cli_image=converted.acr_cli_image,
        concurrency=converted.concurrency,
        notes=assignment.notes,
    )
    return CatalogueDraft(
        source_kind="acr purge command",
        policies=[policy],
        assignments=[assignment],
        stack_name=options.stack,
        registries=[registry],
        write_stack=options.known_registries is None,
    )


def _az_line_refusal(line: str, where: str) -> Refusal | None:
    """The az line itself is read by the user's shell: its operators end az there."""
    split = split_words(line)
    return shell_refusal(
        where,
        shown_command(line),
        split.operator,
        split.error,
        command=AZ_CREATE,
        unit="line",
        show=shown_command,
    )


def _az_create_task(line: str, where: str) -> dict:
    """The task ``az acr task create`` registers, shaped like ``az acr task show``."""
    words = list(split_words(line).words)[4:]
    values: dict[str, list[str]] = {}
    aliases = {
        "-n": "--name",
        "-r": "--registry",
        "-g": "--resource-group",
        "-t": "--image",
        "-c": "--context",
        "-f": "--file",
    }
    index = 0
    while index < len(words):
        word = words[index]
        flag, equals, inline = word.partition("=")
        flag = aliases.get(flag, flag)
        if not flag.startswith("-"):
            raise SourceError(
                f"{where}: unexpected argument '{word}' in az acr task create"
            )
        if equals:
            values.setdefault(flag, []).append(inline)
            index += 1
        elif index + 1 < len(words) and not words[index + 1].startswith("--"):
            values.setdefault(flag, []).append(words[index + 1])
            index += 2
        else:
            values.setdefault(flag, []).append("true")
            index += 1
    if "--cmd" not in values:
        raise SourceError(
            f"{where}: az acr task create without --cmd registers no purge command"
        )
    if "--file" in values:
        raise SourceError(
            f"{where}: az acr task create with --file reads its steps from a file; import that task with az acr task show"
        )
    timeout = int(values.get("--timeout", [DEFAULT_AZ_TIMEOUT])[0])
    template = (
        "version: v1.1.0\nsteps: \n"
        f"  - cmd: {values['--cmd'][-1]}\n"
        "    disableWorkingDirectoryOverride: true\n"
        f"    timeout: {timeout}\n"
    )
    timers = []
    for number, schedule in enumerate(values.get("--schedule", []), 1):
        name, colon, cron = schedule.partition(":")
        if colon and " " not in name:
            timers.append({"name": name, "schedule": cron, "status": "Enabled"})
        else:
            timers.append(
                {"name": f"t{number}", "schedule": schedule, "status": "Enabled"}
            )
    base_trigger = (
        values.get("--base-image-trigger-enabled", ["true"])[0].lower() != "false"
    )
    return {
        "name": values.get("--name", ["task"])[0],
        "step": {
            "type": "EncodedTask",
            "encodedTaskContent": base64.b64encode(template.encode()).decode(),
        },
        "trigger": {
            "timerTriggers": timers,
            "baseImageTrigger": {
                "name": "defaultBaseimageTriggerName",
                "status": "Enabled" if base_trigger else "Disabled",
            },
        },
        "timeout": timeout,
        "status": values.get("--status", ["Enabled"])[0],
        "platform": {"os": "linux", "architecture": "amd64"},
        "_registry": values.get("--registry", [None])[0],
        "_resource_group": values.get("--resource-group", [None])[0],
    }
