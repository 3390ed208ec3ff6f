"""Preview a compiled plan: every task's steps simulated against its registry.

Each task starts from the inventory as read (tasks run on their own schedules, so none
sees another's deletions); inside a task, each step sees the real deletions of the
steps before it. A dry-run task deletes nothing: its steps report what its log would
list, each against the unchanged registry. ``as_enforced`` drops ``--dry-run`` to show
what switching a task to enforce would delete.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..catalogue.load import Catalogue
from ..compile import CompiledTask, DeploymentPlan
from .azcli import unread_bodies_warning
from .capture import SOURCE_AZ_CLI
from .inventory import (
    INDEX_TYPES,
    OCI_ARTIFACT,
    OCI_INDEX,
    OCI_MANIFEST,
    Inventory,
    Registry,
    without_cyclic_gc,
)
from .profiles import Profile, profile_of_image
from .simulator import Options, StepResult, simulate_task

DRY_RUN_FLAG = "--dry-run"


@dataclass
class TaskPreview:
    registry: Registry
    task: str
    mode: str
    profile: Profile
    steps: list[StepResult]
    enforced: bool  # whether the steps were simulated as real runs

    @property
    def exit_code(self) -> int:
        return max((s.exit_code for s in self.steps), default=0)

    def deleted_per_repository(self) -> dict[str, tuple[int, int]]:
        """Repository -> (tags, manifests) the whole task removes, registry cascades
        included."""
        totals: dict[str, tuple[int, int]] = {}
        for step in self.steps:
            for outcome in step.repositories:
                tags, manifests = totals.get(outcome.name, (0, 0))
                totals[outcome.name] = (
                    tags + len(outcome.deleted_tags),
                    manifests
                    + len(outcome.deleted_manifests)
                    + len(outcome.removed_by_registry),
                )
        return totals


@dataclass
class Preview:
    now: int
    options: Options
    tasks: list[TaskPreview] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def task_profile(catalogue: Catalogue | None, task: CompiledTask) -> Profile:
    """The release a task runs: the assignment's pinned image, else the image tag."""
    if catalogue is not None and task.assignment in catalogue.assignments:
        version = catalogue.assignments[task.assignment].task.image.version
        return Profile(version)
    for command in task.commands:
        profile = profile_of_image(command.image)
        if profile is not None:
            return profile
    return Profile((0, 19))


def _unread_bodies(registry: Registry) -> str | None:
    """The gap of an inventory converted from az outputs, if this registry has it."""
    indexes = oci = 0
    for repository in registry.repositories.values():
        for manifest in repository.manifests.values():
            if manifest.media_type in INDEX_TYPES and not manifest.references:
                indexes += 1
            if manifest.media_type in (OCI_MANIFEST, OCI_INDEX, OCI_ARTIFACT):
                oci += 1
    if not indexes and not oci:
        return None
    return unread_bodies_warning(indexes, oci, f"registry {registry.name}: ")


def preview_plan(
    plan: DeploymentPlan,
    inventory: Inventory,
    *,
    now: int,
    catalogue: Catalogue | None = None,
    options: Options = Options(),
    as_enforced: bool = False,
) -> Preview:
    preview = Preview(now, options)
    missing: set[str] = set()
    for task in plan.tasks:
        registry = inventory.registry(task.registry_name)
        if registry is None:
            missing.add(task.registry_name)
            continue
        steps = []
        for command in task.commands:
            argv = command.argv()
            if as_enforced:
                argv = [a for a in argv if a != DRY_RUN_FLAG]
            steps.append((argv, command.rule_id))
        profile = task_profile(catalogue, task)
        with without_cyclic_gc():
            result = simulate_task(
                steps, registry, now=now, profile=profile, options=options
            )
        enforced = as_enforced or task.mode == "enforce"
        preview.tasks.append(
            TaskPreview(registry, task.name, task.mode, profile, result.steps, enforced)
        )
    if inventory.source == SOURCE_AZ_CLI:
        previewed = {t.registry.name.lower(): t.registry for t in preview.tasks}
        for _, registry in sorted(previewed.items()):
            warning = _unread_bodies(registry)
            if warning:
                preview.warnings.append(warning)
    for name in sorted(missing):
        preview.warnings.append(
            f"registry {name} is not in the inventory; its tasks are not previewed "
            "(add it to the inventory's registries)"
        )
    return preview
