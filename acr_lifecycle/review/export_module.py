"""``acr-lifecycle export-module``: the same purge tasks as a Terraform module in JSON.

For teams that write HCL and never run cdktf: one module folder per stack, with no
provider and no backend (the calling root module owns both), inputs that locate each
registry (defaulting to the catalogue's values) and the task ids as outputs. Written in
plain Python; a test keeps each resource identical to what the constructs synthesize.
"""

from __future__ import annotations

import json
from pathlib import Path

from .._output_folder import require_folder, retired_stack_files
from ..compile.plan import DeploymentPlan, StackPlan
from ..compile.task import CompiledTask, logical_id

TASK_TYPE = "azurerm_container_registry_task"
REGISTRY_DATA = "azurerm_container_registry"
# Kept equal to acr_lifecycle/constructs/lifecycle_stack.py; a test compares them.
AZURERM_SOURCE = "hashicorp/azurerm"
AZURERM_VERSION = "4.55.0"
# A module is called from root modules that pin azurerm themselves: an exact pin here
# would make `terraform init` fail for every other 4.x release. The resources use only
# what 4.55.0 (the release the constructs pin) already has.
AZURERM_VERSION_CONSTRAINT = f">= {AZURERM_VERSION}, < 5.0.0"
MODULE_FILES = (
    "main.tf.json",
    "outputs.tf.json",
    "variables.tf.json",
    "versions.tf.json",
)


def task_resource(task: CompiledTask, registry_id: str) -> dict:
    """The resource body, keys as Terraform JSON spells them."""
    body: dict = {
        "agent_setting": {"cpu": 2},
        "container_registry_id": registry_id,
        "enabled": task.enabled,
        "encoded_step": {"task_content": task.task_content},
        "name": task.name,
        "platform": {"architecture": "amd64", "os": "Linux"},
        "tags": dict(sorted(task.tags.items())),
        "timeout_in_seconds": task.timeout_in_seconds,
        "timer_trigger": [
            {
                "name": t.name,
                "schedule": t.schedule,
                **({} if t.enabled else {"enabled": False}),
            }
            for t in task.timer_triggers
        ],
    }
    if task.identity is not None:
        identity_type, identity_ids = task.identity
        body["identity"] = {
            "type": identity_type,
            **({"identity_ids": list(identity_ids)} if identity_ids else {}),
        }
    if task.registry_credentials:
        body["registry_credential"] = {
            "custom": [
                {"identity": c.identity, "login_server": c.login_server}
                for c in task.registry_credentials
            ]
        }
    return dict(sorted(body.items()))


def module_files(stack: StackPlan) -> dict[str, dict]:
    variables: dict[str, dict] = {}
    data: dict[str, dict] = {}
    resources: dict[str, dict] = {}
    outputs: dict[str, dict] = {}
    for registry_plan in stack.registries:
        registry = registry_plan.registry
        key = registry.registry_name.lower()
        if registry.id is not None:
            variables[f"{key}_id"] = {
                "type": "string",
                "description": f"Resource id of registry {registry.registry_name}.",
                "default": registry.id,
            }
            registry_id = f"${{var.{key}_id}}"
        else:
            variables[f"{key}_name"] = {
                "type": "string",
                "description": f"Name of registry {registry.registry_name}.",
                "default": registry.registry_name,
            }
            variables[f"{key}_resource_group"] = {
                "type": "string",
                "description": f"Resource group of registry {registry.registry_name}.",
                "default": registry.resource_group,
            }
            data[f"registry_{key}"] = {
                "name": f"${{var.{key}_name}}",
                "resource_group_name": f"${{var.{key}_resource_group}}",
            }
            registry_id = f"${{data.{REGISTRY_DATA}.registry_{key}.id}}"
        for task in registry_plan.tasks:
            resources[logical_id(task)] = task_resource(task, registry_id)
    outputs["task_ids"] = {
        "description": "Purge task resource ids by registry and task name.",
        "value": {
            f"{t.registry_name}/{t.name}": f"${{{TASK_TYPE}.{logical_id(t)}.id}}"
            for t in stack.tasks
        },
    }
    main: dict = {"resource": {TASK_TYPE: resources}} if resources else {}
    if data:
        main["data"] = {REGISTRY_DATA: data}
    return {
        "versions.tf.json": {
            "terraform": {
                "required_providers": {
                    "azurerm": {
                        "source": AZURERM_SOURCE,
                        "version": AZURERM_VERSION_CONSTRAINT,
                    }
                }
            }
        },
        "variables.tf.json": {"variable": variables},
        "main.tf.json": main,
        "outputs.tf.json": {"output": outputs},
    }


def export_module(plan: DeploymentPlan, directory: str | Path) -> list[Path]:
    """Write ``<directory>/<stack>/*.tf.json`` for every stack; return the files.

    The module files of a stack the catalogue no longer has are removed, so that a
    root module still calling it fails at init instead of deploying old tasks."""
    target = Path(directory)
    require_folder(target, "module folder")
    for path in retired_stack_files(plan, target, MODULE_FILES):
        path.unlink()
    written = []
    for stack in plan.stacks:
        folder = Path(directory) / stack.name
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in module_files(stack).items():
            path = folder / name
            path.write_text(json.dumps(content, indent=2, sort_keys=True) + "\n")
            written.append(path)
    return written
