"""``LifecycleStack``: one Terraform stack with its provider, backend and registries."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import CloudBackend as CdktfCloudBackend
from cdktf import LocalBackend as CdktfLocalBackend
from cdktf import NamedCloudWorkspace, TaggedCloudWorkspaces, TerraformStack
from cdktf_cdktf_provider_azurerm.provider import (
    AzurermProvider,
    AzurermProviderFeatures,
)
from constructs import Construct

from ..catalogue.models import CloudBackend
from ..compile.plan import StackPlan
from .registry_lifecycle import RegistryLifecycle, RegistryLifecycleProps

# The provider release the bindings (cdktf-cdktf-provider-azurerm 14.23.1) were
# generated from; pinned exactly so every plan runs the provider that was tested.
AZURERM_SOURCE = "hashicorp/azurerm"
AZURERM_VERSION = "4.55.0"


def default_state_path(stack: str) -> str:
    """Local state beside the output folder, not inside it.

    Terraform runs in ``cdktf.out/stacks/<stack>/``; three levels up is the folder that
    holds ``cdktf.out``. A relative path keeps the JSON independent of where synth ran,
    and keeps state out of the folder that every synth rewrites.
    """
    return f"../../../terraform.{stack}.tfstate"


@dataclass(frozen=True, kw_only=True)
class LifecycleStackProps:
    plan: StackPlan


class LifecycleStack(TerraformStack):
    """A stack named after the catalogue's stack, holding its registries' purge tasks."""

    def __init__(
        self, scope: Construct, id: str, *, props: LifecycleStackProps
    ) -> None:
        super().__init__(scope, id)
        stack = props.plan
        AzurermProvider(self, "azurerm", features=[AzurermProviderFeatures()])
        self.add_override(
            "terraform.required_providers.azurerm",
            {"source": AZURERM_SOURCE, "version": AZURERM_VERSION},
        )
        backend = stack.backend
        if isinstance(backend, CloudBackend):
            workspaces = (
                NamedCloudWorkspace(name=backend.workspace, project=backend.project)
                if backend.workspace is not None
                else TaggedCloudWorkspaces(
                    tags=list(backend.workspace_tags or []), project=backend.project
                )
            )
            CdktfCloudBackend(
                self,
                organization=backend.organization,
                workspaces=workspaces,
                hostname=backend.hostname,
            )
        else:
            CdktfLocalBackend(self, path=backend.path or default_state_path(stack.name))
        self.registries = [
            RegistryLifecycle(
                self,
                registry.name,
                props=RegistryLifecycleProps(
                    registry=registry.registry, tasks=registry.tasks
                ),
            )
            for registry in stack.registries
        ]
