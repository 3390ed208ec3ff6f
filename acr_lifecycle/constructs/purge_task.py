"""``PurgeTask``: one compiled task as an ``azurerm_container_registry_task``."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_azurerm.container_registry_task import (
    ContainerRegistryTask,
    ContainerRegistryTaskAgentSetting,
    ContainerRegistryTaskEncodedStep,
    ContainerRegistryTaskIdentity,
    ContainerRegistryTaskPlatform,
    ContainerRegistryTaskRegistryCredential,
    ContainerRegistryTaskRegistryCredentialCustom,
    ContainerRegistryTaskTimerTrigger,
)
from constructs import Construct

from ..compile.task import CompiledTask, logical_id

# The only value ACR accepts (azurerm validates IntInSlice([2]); the service rejects
# others), and what `az acr task create` sends, so plans stay quiet after import.
AGENT_CPU = 2


@dataclass(frozen=True, kw_only=True)
class PurgeTaskProps:
    """What one purge task needs.

    ``task`` comes from ``compile_catalogue``; ``container_registry_id`` is the
    registry's resource id or a reference to it (``DataAzurermContainerRegistry.id``).
    """

    task: CompiledTask
    container_registry_id: str


class PurgeTask(Construct):
    """A scheduled ACR task whose steps run the compiled ``acr purge`` commands.

    Linux/amd64 (image aliases and the purge image exist only on Linux), ``cpu = 2``,
    no context path, no base-image or source trigger (they would only add runs), and
    the task YAML base64-encoded so Terraform never interpolates it.
    """

    def __init__(self, scope: Construct, id: str, *, props: PurgeTaskProps) -> None:
        super().__init__(scope, id)
        task = props.task
        identity = None
        if task.identity is not None:
            identity_type, identity_ids = task.identity
            identity = ContainerRegistryTaskIdentity(
                type=identity_type, identity_ids=list(identity_ids) or None
            )
        credential = None
        if task.registry_credentials:
            credential = ContainerRegistryTaskRegistryCredential(
                custom=[
                    ContainerRegistryTaskRegistryCredentialCustom(
                        login_server=c.login_server, identity=c.identity
                    )
                    for c in task.registry_credentials
                ]
            )
        self.resource = ContainerRegistryTask(
            self,
            "task",
            name=task.name,
            container_registry_id=props.container_registry_id,
            enabled=task.enabled,
            platform=ContainerRegistryTaskPlatform(os="Linux", architecture="amd64"),
            agent_setting=ContainerRegistryTaskAgentSetting(cpu=AGENT_CPU),
            encoded_step=ContainerRegistryTaskEncodedStep(
                task_content=task.task_content
            ),
            timer_trigger=[
                ContainerRegistryTaskTimerTrigger(
                    name=trigger.name,
                    schedule=trigger.schedule,
                    # Written only when false: true is the provider's default, and
                    # leaving it out keeps the JSON identical to what plans read back.
                    enabled=None if trigger.enabled else False,
                )
                for trigger in task.timer_triggers
            ],
            timeout_in_seconds=task.timeout_in_seconds,
            identity=identity,
            registry_credential=credential,
            tags=task.tags,
        )
        self.resource.override_logical_id(logical_id(task))
