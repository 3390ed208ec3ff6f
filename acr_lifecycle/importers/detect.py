"""Which kind of source a text is, and the import that reads it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..review.commands import TaskYamlReadError, read_steps
from ..review.decode import DecodeError, decode_task_content
from .az_task import import_az_tasks, is_az_task_document
from .command_line import import_commands, is_command_text
from .draft import CatalogueDraft, SourceError
from .ecr import import_ecr, is_ecr_document
from .options import ImportOptions

KINDS = ("az-task", "ecr", "command", "task-yaml")


@dataclass(frozen=True)
class Detected:
    kind: str
    document: object


def detect(text: str, source: str) -> Detected:
    """The source's kind: az task JSON, ECR policy JSON, command lines, or a task YAML
    (plain or base64)."""
    stripped = text.strip()
    if not stripped:
        raise SourceError(f"{source} is empty")
    if stripped[0] in "[{":
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise SourceError(
                f"{source}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
            ) from None
        if is_az_task_document(document):
            return Detected("az-task", document)
        if is_ecr_document(document):
            return Detected("ecr", document)
        raise SourceError(
            f"{source}: JSON that is neither 'az acr task show'/'az acr task list' "
            "output (objects with a 'step') nor an ECR lifecycle policy (an object with "
            "'rules', or 'aws ecr get-lifecycle-policy' output)"
        )
    if is_command_text(stripped):
        return Detected("command", stripped)
    task_yaml = stripped
    if " " not in stripped and "\n" not in stripped:
        try:
            task_yaml = decode_task_content(stripped)
        except DecodeError:
            task_yaml = stripped
    try:
        read_steps(task_yaml)
    except TaskYamlReadError:
        raise SourceError(
            f"{source}: not a source the import reads; give 'az acr task show' or "
            "'az acr task list' JSON, 'acr purge ...' or 'az acr task create ...' "
            "command lines, a task YAML (or its base64), or an ECR lifecycle policy"
        ) from None
    return Detected("task-yaml", task_yaml)


def import_detected(
    detected: Detected, source: str, options: ImportOptions
) -> CatalogueDraft:
    if detected.kind == "az-task":
        return import_az_tasks(detected.document, source, options)
    if detected.kind == "ecr":
        return import_ecr(detected.document, source, options)
    if detected.kind == "command":
        return import_commands(detected.document, source, options)
    return _import_task_yaml(str(detected.document), source, options)


def _import_task_yaml(
    task_yaml: str, source: str, options: ImportOptions
) -> CatalogueDraft:
    """A bare task YAML is an encoded task without its az wrapper."""
    import base64

    item = {
        "name": "task",
        "step": {
            "type": "EncodedTask",
            "encodedTaskContent": base64.b64encode(task_yaml.encode("utf-8")).decode(),
        },
        "trigger": {"timerTriggers": []},
    }
    draft = import_az_tasks([item], source, options)
    draft.source_kind = "task YAML"
    return draft
