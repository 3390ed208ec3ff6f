"""Compile a whole catalogue into stacks of registries of purge tasks.

Pure Python and deterministic: no cdktf import, no clock, no environment. Every problem
found is collected with its place in the catalogue before anything is returned.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue.image import AcrCliImage, missing_feature
from ..catalogue.load import Catalogue
from ..catalogue.models import (
    MAX_TIMEOUT_SECONDS,
    MIN_TASK_TIMEOUT_SECONDS,
    Assignment,
    CloudBackend,
    LocalBackend,
    Policy,
    Registry,
    TagRule,
    UntaggedRule,
)
from ..errors import CatalogueError, Location, Problem
from .command import PurgeCommand, compile_rule
from .filters import FilterError
from .task import TASK_NAME_PATTERN, CompiledTask, TimerTrigger, logical_id, task_name
from .task_yaml import encode_task_content, render_task_yaml

MAX_TAG_VALUE = 256


@dataclass(frozen=True)
class RegistryPlan:
    registry: Registry
    tasks: tuple[CompiledTask, ...]

    @property
    def name(self) -> str:
        return self.registry.registry_name


@dataclass(frozen=True)
class StackPlan:
    name: str
    backend: LocalBackend | CloudBackend
    registries: tuple[RegistryPlan, ...]

    @property
    def tasks(self) -> list[CompiledTask]:
        return [task for registry in self.registries for task in registry.tasks]


@dataclass(frozen=True)
class DeploymentPlan:
    stacks: tuple[StackPlan, ...]
    warnings: tuple[Problem, ...] = ()

    @property
    def tasks(self) -> list[CompiledTask]:
        return [task for stack in self.stacks for task in stack.tasks]

    def stack(self, name: str) -> StackPlan:
        return next(s for s in self.stacks if s.name == name)

    def task(self, name: str, registry: str | None = None) -> CompiledTask:
        return next(
            t
            for t in self.tasks
            if t.name == name and (registry is None or t.registry_name == registry)
        )


def compile_catalogue(catalogue: Catalogue) -> DeploymentPlan:
    """Every task of every stack; raise CatalogueError listing every problem found."""
    problems: list[Problem] = []
    tasks_by_registry: dict[str, list[CompiledTask]] = {}

    for assignment_name in sorted(catalogue.assignments):
        assignment = catalogue.assignments[assignment_name]
        image = assignment.task.image
        for policy_name in assignment.policies:
            policy = catalogue.policies.get(policy_name)
            if policy is None:
                continue
            commands = _compile_policy(catalogue, policy, assignment, image, problems)
            if commands is None:
                continue
            for registry_name in assignment.registries:
                registry = catalogue.registries.get(registry_name.lower())
                if registry is None:
                    continue
                task = _build_task(
                    catalogue, assignment, policy, registry, commands, problems
                )
                if task is not None:
                    tasks_by_registry.setdefault(registry_name.lower(), []).append(task)

    _check_task_names(catalogue, tasks_by_registry, problems)
    if any(p.severity == "error" for p in problems):
        raise CatalogueError(problems + list(catalogue.warnings))

    stacks = []
    for stack_name in sorted(catalogue.stacks):
        stack = catalogue.stacks[stack_name]
        registries = []
        for registry in sorted(stack.registries, key=lambda r: r.registry_name.lower()):
            tasks = sorted(
                tasks_by_registry.get(registry.registry_name.lower(), []),
                key=lambda t: t.name,
            )
            registries.append(RegistryPlan(registry, tuple(tasks)))
        stacks.append(StackPlan(stack.name, stack.backend, tuple(registries)))
    return DeploymentPlan(tuple(stacks), tuple(catalogue.warnings))


def _compile_policy(
    catalogue: Catalogue,
    policy: Policy,
    assignment: Assignment,
    image: AcrCliImage,
    problems: list[Problem],
) -> list[PurgeCommand] | None:
    commands: list[PurgeCommand] = []
    earlier: list[TagRule] = []
    ok = True
    for rule in policy.rules:
        rule_key = ("rule", policy.name, rule.id)
        for feature in _features(rule):
            reason = missing_feature(image, feature)
            if reason:
                ok = False
                problems.append(
                    Problem(
                        _image_location(catalogue, assignment),
                        "acr-cli-too-old",
                        reason,
                        where=f"assignment {assignment.name}, policy {policy.name}, "
                        f"rule {rule.id}",
                        value=image.reference,
                        fix="pin mcr.microsoft.com/acr/acr-cli:0.19, or leave "
                        "acr_cli_image out to use that default",
                    )
                )
        try:
            commands.append(
                compile_rule(
                    rule,
                    earlier,
                    image=image,
                    mode=assignment.mode,
                    concurrency=assignment.task.concurrency,
                )
            )
        except FilterError as error:
            ok = False
            problems.append(
                Problem(
                    catalogue.location(rule_key, "repositories"),
                    "priority-too-complex",
                    str(error),
                    where=f"policy {policy.name}, rule {rule.id}",
                )
            )
        if isinstance(rule, TagRule):
            earlier.append(rule)
    return commands if ok else None


def _steps(count: int) -> str:
    return f"{count} step{'s' if count != 1 else ''}"


def _features(rule: TagRule | UntaggedRule) -> list[str]:
    features = ["repository-regex"]
    if isinstance(rule, UntaggedRule):
        features.append("untagged-only")
    if rule.include_locked:
        features.append("include-locked")
    return features


def _image_location(catalogue: Catalogue, assignment: Assignment) -> Location:
    key = ("assignment", assignment.name)
    if assignment.task.acr_cli_image is not None:
        return catalogue.location(key, "task", "acr_cli_image")
    return catalogue.location(key, "name")


def _build_task(
    catalogue: Catalogue,
    assignment: Assignment,
    policy: Policy,
    registry: Registry,
    commands: list[PurgeCommand],
    problems: list[Problem],
) -> CompiledTask | None:
    key = ("assignment", assignment.name)
    where = f"assignment {assignment.name}, policy {policy.name}"
    settings = assignment.task
    steps_total = settings.step_timeout_seconds * len(commands)
    if settings.timeout_seconds is None:
        timeout = max(MIN_TASK_TIMEOUT_SECONDS, steps_total)
        if timeout > MAX_TIMEOUT_SECONDS:
            problems.append(
                Problem(
                    catalogue.location(key, "task"),
                    "timeout",
                    f"the {_steps(len(commands))} of {settings.step_timeout_seconds} s need "
                    f"a task timeout of {steps_total} s, more than the {MAX_TIMEOUT_SECONDS} s "
                    "ACR Tasks allow",
                    where=where,
                    value=steps_total,
                    fix="lower task.step_timeout_seconds or split the policy",
                )
            )
            return None
    else:
        timeout = settings.timeout_seconds
        if timeout < steps_total:
            problems.append(
                Problem(
                    catalogue.location(key, "task", "timeout_seconds"),
                    "timeout",
                    f"task timeout {timeout} s is shorter than its {_steps(len(commands))} "
                    f"of {settings.step_timeout_seconds} s ({steps_total} s); the run would "
                    "be cut off part-way, leaving a partial purge",
                    where=where,
                    value=timeout,
                    fix=f"raise task.timeout_seconds to at least {steps_total} or lower "
                    "task.step_timeout_seconds",
                )
            )
            return None

    triggers = tuple(
        sorted(
            (
                TimerTrigger(s.name or f"schedule-{i + 1}", s.cron, s.enabled)
                for i, s in enumerate(assignment.schedules)
            ),
            key=lambda t: t.name,
        )
    )
    name = task_name(assignment.name, policy.name)
    rules_tag = ",".join(c.rule_id for c in commands)
    if len(rules_tag) > MAX_TAG_VALUE:
        problems.append(
            Problem(
                catalogue.location(("policy", policy.name), "rules"),
                "too-many-rules",
                f"the rule ids of policy {policy.name} add up to {len(rules_tag)} "
                f"characters, more than an Azure tag value holds ({MAX_TAG_VALUE})",
                where=f"policy {policy.name}",
                fix="use shorter rule ids or split the policy",
            )
        )
        return None
    task_yaml = render_task_yaml(policy.name, commands, settings.step_timeout_seconds)
    return CompiledTask(
        name=name,
        stack=catalogue.registry_stack[registry.registry_name.lower()],
        registry=registry,
        policy=policy.name,
        assignment=assignment.name,
        mode=assignment.mode,
        enabled=assignment.enabled,
        commands=tuple(commands),
        step_timeout_seconds=settings.step_timeout_seconds,
        timeout_in_seconds=timeout,
        timer_triggers=triggers,
        registry_credentials=tuple(settings.registry_credentials),
        task_yaml=task_yaml,
        task_content=encode_task_content(task_yaml),
    )


def _check_task_names(
    catalogue: Catalogue,
    tasks_by_registry: dict[str, list[CompiledTask]],
    problems: list[Problem],
) -> None:
    for registry, tasks in tasks_by_registry.items():
        seen: dict[str, CompiledTask] = {}
        ids: dict[str, CompiledTask] = {}
        for task in tasks:
            key = ("assignment", task.assignment)
            if not TASK_NAME_PATTERN.fullmatch(task.name):
                problems.append(
                    Problem(
                        catalogue.location(key, "name"),
                        "task-name",
                        f"task name '{task.name}' is not valid for ACR (5 to 50 letters, "
                        "digits, '-' or '_')",
                        where=f"assignment {task.assignment}, policy {task.policy}",
                        value=task.name,
                    )
                )
            other = seen.get(task.name) or ids.get(logical_id(task))
            if other is not None:
                problems.append(
                    Problem(
                        catalogue.location(key, "name"),
                        "task-name-collision",
                        f"task name '{task.name}' (assignment {task.assignment}, policy "
                        f"{task.policy}) collides with assignment {other.assignment}, "
                        f"policy {other.policy} on registry {task.registry_name}",
                        where=f"assignment {task.assignment}",
                        value=task.name,
                        fix="rename the assignment or the policy",
                    )
                )
            seen[task.name] = task
            ids[logical_id(task)] = task
