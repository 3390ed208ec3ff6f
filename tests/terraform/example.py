"""The minimal correct purge task in Terraform JSON, and copies of it for load tests.

It is the reference example for ``azurerm_container_registry_task``: a pinned acr-cli
purge in a v1.1.0 task YAML, base64 in ``encoded_step``, one daily timer, Linux/amd64,
``agent_setting { cpu = 2 }``, the registry looked up by a data source. The provider
version is the one the cdktf bindings pin.
"""

from __future__ import annotations

import base64
import copy

from .standin_azurerm import PROVIDER_VERSION

COMMAND = " ".join(
    [
        "mcr.microsoft.com/acr/acr-cli:0.19",
        "purge",
        "--registry",
        "{{.Run.Registry}}",
        "--filter",
        "'hello-world:.*'",
        "--ago",
        "7d",
        "--untagged",
        "--keep",
        "3",
    ]
)
TASK_YAML = (
    "version: v1.1.0\n"
    "steps:\n"
    f"  - cmd: {COMMAND}\n"
    "    disableWorkingDirectoryOverride: true\n"
    "    timeout: 3600\n"
)
TASK_CONTENT = base64.b64encode(TASK_YAML.encode("utf-8")).decode("ascii")

REGISTRY_NAME = "myregistry"
RESOURCE_GROUP = "rg-shared"
REGISTRY_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-shared"
    "/providers/Microsoft.ContainerRegistry/registries/myregistry"
)
TASK_ADDRESS = "azurerm_container_registry_task.purge_hello_world"
TASK_ID = f"{REGISTRY_ID}/tasks/purge-hello-world"

_TASK = {
    "name": "purge-hello-world",
    "container_registry_id": "${data.azurerm_container_registry.acr.id}",
    "enabled": True,
    "is_system_task": False,
    "timeout_in_seconds": 3600,
    "platform": {"os": "Linux", "architecture": "amd64"},
    "agent_setting": {"cpu": 2},
    "encoded_step": {"task_content": TASK_CONTENT},
    "timer_trigger": [
        {"name": "daily-0100-utc", "schedule": "0 1 * * *", "enabled": True}
    ],
    "tags": {"managed-by": "purge-policy-generator", "policy": "hello-world-7d-keep3"},
}


def minimal_task() -> dict:
    """The example's task resource body (a fresh copy)."""
    return copy.deepcopy(_TASK)


def configuration(tasks: dict[str, dict] | None = None) -> dict:
    """The example configuration, with ``tasks`` (by label) instead of its one task."""
    return {
        "terraform": {
            "required_providers": {
                "azurerm": {"source": "hashicorp/azurerm", "version": PROVIDER_VERSION}
            }
        },
        "provider": {"azurerm": [{"features": [{}]}]},
        "data": {
            "azurerm_container_registry": {
                "acr": {"name": REGISTRY_NAME, "resource_group_name": RESOURCE_GROUP}
            }
        },
        "resource": {
            "azurerm_container_registry_task": (
                tasks if tasks is not None else {"purge_hello_world": minimal_task()}
            )
        },
    }


def many_tasks(count: int) -> dict:
    """The example with ``count`` tasks, named ``purge-0000`` upwards."""
    tasks = {}
    for index in range(count):
        task = minimal_task()
        task["name"] = f"purge-{index:04d}"
        task["timer_trigger"][0]["schedule"] = f"{index % 60} 1 * * *"
        tasks[f"purge_{index:04d}"] = task
    return configuration(tasks)
