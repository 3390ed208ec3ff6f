"""Turn what Azure and Terraform show (base64, JSON) back into readable purge tasks.

Accepted: a base64 ``task_content``; a task YAML; ``az acr task show`` or ``az acr task
list`` JSON; a synthesized ``cdk.tf.json`` or a module ``.tf.json``; a Terraform state
file; ``terraform show -json`` of a state or a saved plan.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field

from ..errors import AcrLifecycleError
from .commands import PurgeStep, TaskYamlReadError, read_steps

TASK_TYPE = "azurerm_container_registry_task"
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


class DecodeError(AcrLifecycleError):
    """The input holds no purge task that can be read."""


@dataclass
class DecodedTask:
    name: str
    source: str
    task_yaml: str
    steps: list[PurgeStep] = field(default_factory=list)
    schedules: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def decode_task_content(encoded: str, *, what: str = "task_content") -> str:
    """Base64 to text, refusing what the provider would send twice-encoded or garbled."""
    text = encoded.strip()
    if not _BASE64.fullmatch(text) or len(text) % 4:
        raise DecodeError(
            f"{what} is not standard padded base64 on one line; the provider would "
            "encode it a second time and the task would fail to unmarshal"
        )
    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise DecodeError(f"{what} does not decode to UTF-8 text: {error}") from None


def read_task(name: str, source: str, task_yaml: str, schedules=()) -> DecodedTask:
    try:
        steps = read_steps(task_yaml)
    except TaskYamlReadError as error:
        shown = task_yaml.strip().splitlines()[0][:120] if task_yaml.strip() else ""
        raise DecodeError(
            f"{source}: task_content decodes to {shown!r}, which is not a task YAML: "
            f"{error}. ACR expects the base64 of a YAML document with 'version: v1.1.0' "
            "and a list of 'steps', not of a bare command line"
        ) from None
    task = DecodedTask(name, source, task_yaml, steps, list(schedules))
    task.warnings = _warnings(task_yaml, steps)
    return task


def _warnings(task_yaml: str, steps: list[PurgeStep]) -> list[str]:
    found = []
    lines = task_yaml.splitlines()
    has_version = any(line.lstrip("\"'").startswith("version") for line in lines)
    uses_alias = any(step.image == "acr" for step in steps)
    if not has_version:
        found.append(
            "no 'version: v1.1.0' line: the task runner enables the 'acr' image alias and "
            "the v1.1.0 '$' rules only with it"
            + (
                "; this task's 'acr' steps would try to pull acr:latest"
                if uses_alias
                else ""
            )
        )
    if uses_alias:
        found.append(
            "a step runs the bare 'acr' alias, whose acr-cli release the service changes; "
            "pin mcr.microsoft.com/acr/acr-cli:<release>"
        )
    for index, step in enumerate(steps, 1):
        if step.timeout is None:
            found.append(f"step {index} has no timeout: ACR stops it after 600 s")
        if step.is_purge and step.options.get("untagged"):
            found.append(
                f"step {index} uses --untagged, which also deletes tags matched by its "
                "filters before the untagged manifests; use --untagged-only for untagged "
                "cleanup alone"
            )
    return found


def decode_text(text: str, *, source: str = "input") -> list[DecodedTask]:
    """Every purge task found in ``text``; raise DecodeError when there is none."""
    stripped = text.strip()
    if not stripped:
        raise DecodeError(f"{source} is empty")
    if stripped[0] in "[{":
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise DecodeError(f"{source} is not valid JSON: {error}") from None
        tasks = list(_from_json(document, source))
        if not tasks:
            raise DecodeError(
                f"{source} holds no {TASK_TYPE} and no ACR task (looked for cdk.tf.json "
                "resources, state, plan and 'az acr task show' shapes)"
            )
        return tasks
    if _BASE64.fullmatch(stripped):
        return [read_task("task", source, decode_task_content(stripped))]
    return [read_task("task", source, text)]


def _from_json(document: object, source: str):
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield from _from_json(item, f"{source}[{index}]")
        return
    if not isinstance(document, dict):
        return
    if isinstance(document.get("step"), dict):
        yield _from_az(document, source)
        return
    resources = document.get("resource")
    if isinstance(resources, dict) and isinstance(resources.get(TASK_TYPE), dict):
        for address, config in sorted(resources[TASK_TYPE].items()):
            yield _from_attributes(config, f"{TASK_TYPE}.{address}")
    if isinstance(document.get("resources"), list):
        for resource in document["resources"]:
            if isinstance(resource, dict) and resource.get("type") == TASK_TYPE:
                for index, instance in enumerate(resource.get("instances") or []):
                    module = f"{resource['module']}." if resource.get("module") else ""
                    address = f"{module}{TASK_TYPE}.{resource.get('name')}"
                    attributes = (
                        instance.get("attributes")
                        if isinstance(instance, dict)
                        else None
                    )
                    if isinstance(attributes, dict):
                        yield _from_attributes(attributes, address)
    values = document.get("values")
    if isinstance(values, dict) and isinstance(values.get("root_module"), dict):
        yield from _from_module(values["root_module"])
    planned = document.get("planned_values")
    if isinstance(planned, dict) and isinstance(planned.get("root_module"), dict):
        yield from _from_module(planned["root_module"])


def _from_module(module: dict):
    for resource in module.get("resources") or []:
        if resource.get("type") == TASK_TYPE and isinstance(
            resource.get("values"), dict
        ):
            yield _from_attributes(
                resource["values"], resource.get("address", TASK_TYPE)
            )
    for child in module.get("child_modules") or []:
        yield from _from_module(child)


def _first_block(value: object) -> dict:
    if isinstance(value, list):
        return value[0] if value and isinstance(value[0], dict) else {}
    return value if isinstance(value, dict) else {}


def _from_attributes(attributes: dict, address: str) -> DecodedTask:
    step = _first_block(attributes.get("encoded_step"))
    content = step.get("task_content")
    if not isinstance(content, str):
        raise DecodeError(f"{address} has no encoded_step.task_content")
    triggers = attributes.get("timer_trigger") or []
    schedules = [
        f"{t.get('name')}: {t.get('schedule')}"
        + ("" if t.get("enabled", True) else " (disabled)")
        for t in triggers
        if isinstance(t, dict)
    ]
    name = (
        attributes.get("name") if isinstance(attributes.get("name"), str) else address
    )
    return read_task(
        name,
        address,
        decode_task_content(content, what=f"{address} task_content"),
        schedules,
    )


def _from_az(document: dict, source: str) -> DecodedTask:
    step = document["step"]
    name = document.get("name") or source
    content = step.get("encodedTaskContent")
    if not isinstance(content, str):
        raise DecodeError(
            f"{source}: task {name} has no step.encodedTaskContent (type "
            f"{step.get('type')!r}); only encoded tasks carry their YAML"
        )
    trigger = document.get("trigger") or {}
    schedules = [
        f"{t.get('name')}: {t.get('schedule')}"
        + ("" if t.get("status", "Enabled") == "Enabled" else " (disabled)")
        for t in trigger.get("timerTriggers") or []
        if isinstance(t, dict)
    ]
    return read_task(name, f"az task {name}", decode_task_content(content), schedules)


def render_decoded(tasks: list[DecodedTask]) -> str:
    parts = []
    for task in tasks:
        parts.append(f"# task {task.name}  ({task.source})")
        for schedule in task.schedules:
            parts.append(f"# timer {schedule}")
        for warning in task.warnings:
            parts.append(f"# warning: {warning}")
        parts.append(task.task_yaml.rstrip("\n"))
        purge_steps = [s for s in task.steps if s.is_purge]
        if purge_steps:
            parts.append("# purge commands:")
            parts.extend(f"#   {s.cmd}" for s in purge_steps)
        parts.append("")
    return "\n".join(parts)
