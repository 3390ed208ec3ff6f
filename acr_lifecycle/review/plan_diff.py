"""``acr-lifecycle explain-plan``: what a Terraform plan does to purge tasks, readable.

Input is ``terraform show -json`` of a saved plan. ``task_content`` is base64 in a plan,
so a changed rule shows as one unreadable string; here it becomes a unified diff of the
task YAML, schedule changes in words, and whether the task is replaced.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

from .decode import TASK_TYPE, DecodeError, decode_task_content
from ..catalogue.schedule import describe_schedule

_WATCHED = (
    "timeout_in_seconds",
    "enabled",
    "tags",
    "container_registry_id",
    "platform",
    "agent_setting",
)


class PlanReadError(ValueError):
    """The input is not the JSON of a saved Terraform plan."""


@dataclass
class TaskChange:
    address: str
    name: str
    action: str  # create, update, delete, replace, drift
    yaml_diff: str = ""
    schedule_changes: list[str] = field(default_factory=list)
    other_changes: list[str] = field(default_factory=list)
    replaced_because: list[str] = field(default_factory=list)


def _task_yaml(values: object, address: str) -> str:
    if not isinstance(values, dict):
        return ""
    steps = values.get("encoded_step") or []
    step = steps[0] if isinstance(steps, list) and steps else steps
    content = step.get("task_content") if isinstance(step, dict) else None
    if not isinstance(content, str):
        return ""
    try:
        return decode_task_content(content, what=f"{address} task_content")
    except DecodeError:
        # Plain YAML is also accepted by the provider (it encodes it itself).
        return content


def _timers(values: object) -> dict[str, tuple[str, bool]]:
    if not isinstance(values, dict):
        return {}
    result = {}
    for trigger in values.get("timer_trigger") or []:
        if isinstance(trigger, dict):
            enabled = trigger.get("enabled")
            result[str(trigger.get("name"))] = (
                str(trigger.get("schedule")),
                enabled is not False,
            )
    return result


def _schedule_changes(before: object, after: object) -> list[str]:
    old, new = _timers(before), _timers(after)
    changes = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            changes.append(
                f"timer `{name}` added: `{new[name][0]}`, {describe_schedule(new[name][0])} (UTC)"
            )
        elif name not in new:
            changes.append(
                f"timer `{name}` removed (was `{old[name][0]}`, {describe_schedule(old[name][0])} (UTC))"
            )
        elif old[name] != new[name]:
            (old_cron, old_on), (new_cron, new_on) = old[name], new[name]
            if old_cron != new_cron:
                changes.append(
                    f"timer `{name}`: `{old_cron}` ({describe_schedule(old_cron)} (UTC)) becomes "
                    f"`{new_cron}` ({describe_schedule(new_cron)} (UTC))"
                )
            if old_on != new_on:
                changes.append(f"timer `{name}` {'enabled' if new_on else 'disabled'}")
    return changes


def _action(actions: list[str]) -> str:
    if actions in (["delete", "create"], ["create", "delete"]):
        return "replace"
    return actions[0] if len(actions) == 1 else "+".join(actions)


def _explain(address: str, change: dict, action: str) -> TaskChange:
    before, after = change.get("before"), change.get("after")
    name = ""
    for values in (after, before):
        if isinstance(values, dict) and isinstance(values.get("name"), str):
            name = values["name"]
            break
    result = TaskChange(address, name or address, action)
    old_yaml, new_yaml = _task_yaml(before, address), _task_yaml(after, address)
    if old_yaml != new_yaml:
        result.yaml_diff = "".join(
            difflib.unified_diff(
                old_yaml.splitlines(keepends=True),
                new_yaml.splitlines(keepends=True),
                fromfile=f"{result.name} (before)",
                tofile=f"{result.name} (after)",
            )
        )
    result.schedule_changes = _schedule_changes(before, after)
    if isinstance(before, dict) and isinstance(after, dict):
        for key in _WATCHED:
            if before.get(key) != after.get(key):
                result.other_changes.append(
                    f"`{key}`: {json.dumps(before.get(key), sort_keys=True)} becomes "
                    f"{json.dumps(after.get(key), sort_keys=True)}"
                )
    for path in change.get("replace_paths") or []:
        attribute = ".".join(str(p) for p in path)
        reason = f"`{attribute}` changes"
        if attribute == "name":
            reason += " (a rename replaces the task and detaches its run history)"
        result.replaced_because.append(reason)
    return result


def explain_plan(document: object) -> list[TaskChange]:
    if not isinstance(document, dict) or "format_version" not in document:
        raise PlanReadError(
            "expected the JSON of a saved plan: terraform plan -out=plan.tfplan, then "
            "terraform show -json plan.tfplan"
        )
    changes = []
    for drift in document.get("resource_drift") or []:
        if drift.get("type") == TASK_TYPE:
            changes.append(
                _explain(
                    drift.get("address", TASK_TYPE), drift.get("change") or {}, "drift"
                )
            )
    for resource in document.get("resource_changes") or []:
        if resource.get("type") != TASK_TYPE:
            continue
        actions = (resource.get("change") or {}).get("actions") or ["no-op"]
        if actions in (["no-op"], ["read"]):
            continue
        changes.append(
            _explain(
                resource.get("address", TASK_TYPE), resource["change"], _action(actions)
            )
        )
    return changes


_VERBS = {
    "create": "is created",
    "update": "is updated in place",
    "delete": "is destroyed",
    "replace": "is replaced (destroyed and created again)",
    "drift": "was changed outside Terraform (drift); the plan below restores it",
}


def render_markdown(changes: list[TaskChange]) -> str:
    if not changes:
        return "No purge task changes.\n"
    lines = [
        f"## Purge task changes ({len([c for c in changes if c.action != 'drift'])} in this plan)",
        "",
    ]
    for change in changes:
        lines += [f"### `{change.name}` {_VERBS.get(change.action, change.action)}", ""]
        lines += [f"Resource `{change.address}`.", ""]
        for reason in change.replaced_because:
            lines.append(f"- Replacement: {reason}")
        for item in change.schedule_changes:
            lines.append(f"- Schedule: {item}")
        for item in change.other_changes:
            lines.append(f"- {item}")
        if change.replaced_because or change.schedule_changes or change.other_changes:
            lines.append("")
        if change.yaml_diff:
            lines += [
                "Task YAML (decoded):",
                "",
                "```diff",
                change.yaml_diff.rstrip("\n"),
                "```",
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"
