"""``RegistryLifecycle``: every purge task of one registry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cdktf_cdktf_provider_azurerm.data_azurerm_container_registry import (
    DataAzurermContainerRegistry,
)
from constructs import Construct

from ..catalogue.models import Registry
from ..compile.plan import DeploymentPlan
from ..compile.task import CompiledTask
from .purge_task import PurgeTask, PurgeTaskProps


@dataclass(frozen=True, kw_only=True)
class RegistryLifecycleProps:
    """A registry and its compiled tasks.

    A registry given by name and resource group is looked up with the
    ``azurerm_container_registry`` data source (the deploying principal needs read on
    it); one given by resource id is used as written, with no lookup.
    """

    registry: Registry
    tasks: Sequence[CompiledTask]

    @classmethod
    def from_plan(
        cls, plan: DeploymentPlan, registry_name: str
    ) -> RegistryLifecycleProps:
        """The props of ``registry_name`` as the shared catalogue compiles it."""
        for stack in plan.stacks:
            for registry_plan in stack.registries:
                if registry_plan.name.lower() == registry_name.lower():
                    return cls(
                        registry=registry_plan.registry, tasks=registry_plan.tasks
                    )
        raise KeyError(f"registry {registry_name} is not in the catalogue")


class RegistryLifecycle(Construct):
    """The lifecycle of one registry: a ``PurgeTask`` per assigned policy."""

    def __init__(
        self, scope: Construct, id: str, *, props: RegistryLifecycleProps
    ) -> None:
        super().__init__(scope, id)
        registry = props.registry
        if registry.id is not None:
            self.registry_id = registry.id
            self.lookup = None
        else:
            self.lookup = DataAzurermContainerRegistry(
                self,
                "registry",
                name=registry.registry_name,
                resource_group_name=str(registry.resource_group),
            )
            self.lookup.override_logical_id(
                f"registry_{registry.registry_name.lower()}"
            )
            self.registry_id = self.lookup.id
        self.tasks = [
            PurgeTask(
                self,
                task.name,
                props=PurgeTaskProps(task=task, container_registry_id=self.registry_id),
            )
            for task in props.tasks
        ]
