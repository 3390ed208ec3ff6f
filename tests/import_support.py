"""Helpers for the import tests: az-shaped JSON of compiled tasks, compiled commands."""

from __future__ import annotations

from pathlib import Path

from acr_lifecycle.catalogue import load_catalogue
from acr_lifecycle.compile import compile_catalogue
from acr_lifecycle.compile.plan import DeploymentPlan
from acr_lifecycle.compile.task import CompiledTask

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"


def registry_id_of(task: CompiledTask) -> str:
    registry = task.registry
    if registry.id is not None:
        return registry.id
    return (
        f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{registry.resource_group}"
        f"/providers/Microsoft.ContainerRegistry/registries/{registry.registry_name}"
    )


def az_task_show(task: CompiledTask) -> dict:
    """What ``az acr task show`` prints for a task the synthesized Terraform created."""
    document = {
        "id": f"{registry_id_of(task)}/tasks/{task.name}",
        "name": task.name,
        "location": "westeurope",
        "platform": {"architecture": "amd64", "os": "Linux", "variant": None},
        "agentConfiguration": {"cpu": 2},
        "status": "Enabled" if task.enabled else "Disabled",
        "timeout": task.timeout_in_seconds,
        "step": {
            "type": "EncodedTask",
            "encodedTaskContent": task.task_content,
            "contextPath": None,
            "values": [],
        },
        "trigger": {
            "timerTriggers": [
                {
                    "name": t.name,
                    "schedule": t.schedule,
                    "status": "Enabled" if t.enabled else "Disabled",
                }
                for t in task.timer_triggers
            ],
            "sourceTriggers": None,
            "baseImageTrigger": None,
        },
        "tags": dict(task.tags),
        "type": "Microsoft.ContainerRegistry/registries/tasks",
    }
    if task.registry_credentials:
        document["credentials"] = {
            "customRegistries": {
                c.login_server: {
                    "identity": c.identity,
                    "userName": None,
                    "password": None,
                }
                for c in task.registry_credentials
            },
            "sourceRegistry": None,
        }
    return document


def compile_text(
    text: str, folder: Path, extra: dict[str, str] | None = None
) -> DeploymentPlan:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "imported.yaml").write_text(text)
    for name, content in (extra or {}).items():
        (folder / name).write_text(content)
    return compile_catalogue(load_catalogue(folder))


def commands_of(plan: DeploymentPlan) -> dict[str, list[str]]:
    return {task.name: [c.text for c in task.commands] for task in plan.tasks}


IMPORT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
IMAGE = "mcr.microsoft.com/acr/acr-cli:0.19 purge --registry {{.Run.Registry}}"


def import_fixture(name: str, **options):
    """Import a fixture with ``options``; the source is shown by its fixture name."""
    from acr_lifecycle.importers import ImportOptions, import_text

    text = (IMPORT_FIXTURES / name).read_text()
    return import_text(text, source=name, options=ImportOptions(**options))


def rules_of(result) -> dict[str, list[dict]]:
    """Each imported policy's rules, as the catalogue YAML spells them."""
    import yaml

    document = yaml.safe_load(result.text)
    return {p["name"]: p["rules"] for p in document["policies"]}


def comments_text(result) -> str:
    """Every line of the YAML with '#' and wrapping removed, for phrase checks."""
    return " ".join(
        line.strip().lstrip("#").strip() for line in result.text.splitlines()
    )
