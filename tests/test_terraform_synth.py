"""The synthesized stacks of the bundled catalogue survive real Terraform.

Every stack is copied out of the synthesized tree (keeping the layout, so the relative
local backend path stays inside the test folder) and run through ``init``,
``validate``, ``plan``, ``apply`` and ``show -json`` against the offline azurerm
stand-in; a plan right after the apply must be empty.
"""

from __future__ import annotations

import base64
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from click.testing import CliRunner

from acr_lifecycle.catalogue import load_catalogue
from acr_lifecycle.cli import main
from acr_lifecycle.review.export_module import export_module
from acr_lifecycle.compile import compile_catalogue, decode_task_content

from .conftest import BUNDLED_CATALOGUE
from .terraform.harness import (
    TerraformRunner,
)
from .terraform.standin_azurerm import DEFAULT_SUBSCRIPTION_ID

synth = pytest.importorskip("acr_lifecycle.synth", reason="cdktf is not installed")

STACKS = [s.name for s in compile_catalogue(load_catalogue(BUNDLED_CATALOGUE)).stacks]
STEPS = [
    ("init", ["init"]),
    ("validate", ["validate"]),
    ("plan", ["plan", "-out=tfplan"]),
    ("apply", ["apply", "tfplan"]),
    ("show", ["show", "-json"]),
    ("replan", ["plan", "-detailed-exitcode"]),
]


@dataclass
class DeployedStacks:
    """Synthesized stacks applied to one stand-in "Azure", under ``root``."""

    root: Path
    runner: TerraformRunner
    results: dict[str, dict[str, CompletedProcess]] = field(default_factory=dict)

    def workdir(self, stack: str) -> Path:
        return self.root / "cdktf.out" / "stacks" / stack


def use_local_backend(config_path: Path, stack: str) -> None:
    """Keep the state in a local file when the stack names a remote backend.

    Terraform Cloud (or any remote backend) cannot be reached from the tests; the
    backend decides where state lives, not what the provider sees, so only that block
    is replaced, and only when it is not already local.
    """
    config = json.loads(config_path.read_text())
    settings = config.setdefault("terraform", {})
    if "cloud" not in settings and set(settings.get("backend", {})) <= {"local"}:
        return
    settings.pop("cloud", None)
    settings["backend"] = {"local": {"path": f"../../../terraform.{stack}.tfstate"}}
    config_path.write_text(json.dumps(config, indent=2))


@pytest.fixture(scope="session")
def synthesized_stacks(synthesized_bundle) -> dict[str, Path]:
    """The bundled catalogue synthesized once: stack name to its cdk.tf.json."""
    return synthesized_bundle[1]


@pytest.fixture(scope="module")
def deployed(
    terraform_installation,  # first, so a missing terraform skips early
    synthesized_stacks,
    tmp_path_factory,
) -> DeployedStacks:
    root = tmp_path_factory.mktemp("deployed")
    runner = TerraformRunner.in_folder(terraform_installation, root / "tf")
    deployment = DeployedStacks(root, runner)
    for name, path in synthesized_stacks.items():
        shutil.copytree(path.parent, deployment.workdir(name))
        use_local_backend(deployment.workdir(name) / path.name, name)

    def run(stack: str) -> dict[str, CompletedProcess]:
        results = {}
        for step, args in STEPS:
            results[step] = runner(deployment.workdir(stack), *args)
            if results[step].returncode != 0:
                break
        return results

    # Stacks are independent Terraform configurations; run them side by side.
    with ThreadPoolExecutor() as pool:
        deployment.results = dict(zip(STACKS, pool.map(run, STACKS), strict=True))
    return deployment


def applied_tasks(deployed: DeployedStacks, stack: str) -> dict[str, dict]:
    show = json.loads(deployed.results[stack]["show"].stdout)
    resources = show["values"]["root_module"]["resources"]
    return {
        r["values"]["name"]: r["values"]
        for r in resources
        if r["type"] == "azurerm_container_registry_task"
    }


def expected_registry_id(task) -> str:
    registry = task.registry
    if registry.id is not None:
        return registry.id
    return (
        f"/subscriptions/{DEFAULT_SUBSCRIPTION_ID}/resourceGroups/"
        f"{registry.resource_group}/providers/Microsoft.ContainerRegistry/registries/"
        f"{registry.name}"
    )


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.parametrize("step", [s for s, _ in STEPS if s != "replan"])
def test_stack_passes_terraform_step(deployed, stack, step):
    result = deployed.results[stack].get(step)

    assert result is not None, f"an earlier step of stack {stack} failed"
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("stack", STACKS)
def test_applied_state_holds_every_compiled_task(deployed, bundled_plan, stack):
    expected = {task.name: task for task in bundled_plan.stack(stack).tasks}

    applied = applied_tasks(deployed, stack)

    assert sorted(applied) == sorted(expected)
    for name, values in applied.items():
        task = expected[name]
        content = values["encoded_step"][0]["task_content"]
        assert decode_task_content(content) == task.task_yaml
        assert base64.b64decode(content, validate=True).decode() == task.task_yaml
        assert values["container_registry_id"] == expected_registry_id(task)
        assert values["timer_trigger"] == [
            {"name": t.name, "schedule": t.schedule, "enabled": t.enabled}
            for t in task.timer_triggers
        ]
        assert values["timeout_in_seconds"] == task.timeout_in_seconds
        assert values["enabled"] is task.enabled
        assert values["tags"] == task.tags


@pytest.mark.parametrize("stack", STACKS)
def test_plan_right_after_apply_is_empty(deployed, stack):
    result = deployed.results[stack].get("replan")

    assert result is not None, f"an earlier step of stack {stack} failed"
    assert result.returncode == 0, result.stdout + result.stderr


def test_state_lands_beside_cdktf_out(deployed):
    """The relative local backend path resolves inside the test folder."""
    assert sorted(p.name for p in deployed.root.glob("terraform.*.tfstate")) == sorted(
        f"terraform.{stack}.tfstate" for stack in STACKS
    )


def test_schedule_changed_in_azure_shows_as_drift(deployed, bundled_plan, tmp_path):
    stack = STACKS[0]
    task = bundled_plan.stack(stack).tasks[0]
    copy = tmp_path / "copy"
    shutil.copytree(deployed.root, copy, symlinks=True)
    runner = TerraformRunner.in_folder(deployed.runner.installation, copy / "tf")
    task_id = f"{expected_registry_id(task)}/tasks/{task.name}"
    remote = runner.read_remote(task_id)
    remote["properties"]["trigger"]["timerTriggers"][0]["schedule"] = "59 23 * * *"
    runner.write_remote(task_id, remote)
    workdir = copy / "cdktf.out" / "stacks" / stack

    result = runner(workdir, "plan", "-detailed-exitcode", "-out=drift.tfplan")
    plan = runner.json(workdir, "show", "-json", "drift.tfplan")

    assert result.returncode == 2, result.stdout + result.stderr
    drifted = [
        d for d in plan["resource_drift"] if d["change"]["after"]["name"] == task.name
    ]
    assert (
        drifted[0]["change"]["after"]["timer_trigger"][0]["schedule"] == "59 23 * * *"
    )
    changes = [
        c for c in plan["resource_changes"] if c["change"]["actions"] != ["no-op"]
    ]
    assert [c["change"]["actions"] for c in changes] == [["update"]]
    assert changes[0]["change"]["after"]["timer_trigger"][0]["schedule"] == (
        task.timer_triggers[0].schedule
    )


def test_task_yaml_changed_in_azure_is_explained_as_a_decoded_diff(
    deployed, bundled_plan, tmp_path
):
    task = bundled_plan.task("dev-nightly-releases")
    copy = tmp_path / "copy"
    shutil.copytree(deployed.root, copy, symlinks=True)
    runner = TerraformRunner.in_folder(deployed.runner.installation, copy / "tf")
    task_id = f"{expected_registry_id(task)}/tasks/{task.name}"
    remote = runner.read_remote(task_id)
    edited = task.task_yaml.replace("--ago 30d", "--ago 0d")
    remote["properties"]["step"]["encodedTaskContent"] = base64.b64encode(
        edited.encode()
    ).decode()
    runner.write_remote(task_id, remote)
    workdir = copy / "cdktf.out" / "stacks" / task.stack

    planned = runner(workdir, "plan", "-detailed-exitcode", "-out=drift.tfplan")
    (workdir / "plan.json").write_text(
        runner(workdir, "show", "-json", "drift.tfplan").stdout
    )
    explained = CliRunner().invoke(main, ["explain-plan", str(workdir / "plan.json")])

    assert planned.returncode == 2, planned.stdout + planned.stderr
    assert explained.exit_code == 2, explained.output
    assert (
        "### `dev-nightly-releases` was changed outside Terraform (drift)" in explained.output
    )
    assert "### `dev-nightly-releases` is updated in place" in explained.output
    assert (
        "-  - cmd: mcr.microsoft.com/acr/acr-cli:0.19 purge --registry {{.Run.Registry}} "
        "--filter 'apps/.*:^(?!v.*$).*$' --ago 0d\n"
        "+  - cmd: mcr.microsoft.com/acr/acr-cli:0.19 purge --registry {{.Run.Registry}} "
        "--filter 'apps/.*:^(?!v.*$).*$' --ago 30d\n"
    ) in explained.output


def test_plan_without_changes_explains_to_exit_0(deployed, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(deployed.root, copy, symlinks=True)
    runner = TerraformRunner.in_folder(deployed.runner.installation, copy / "tf")
    workdir = copy / "cdktf.out" / "stacks" / "prod"

    runner.check(workdir, "plan", "-out=quiet.tfplan")
    (workdir / "plan.json").write_text(runner(workdir, "show", "-json", "quiet.tfplan").stdout)
    explained = CliRunner().invoke(main, ["explain-plan", str(workdir / "plan.json")])

    assert (explained.exit_code, explained.output) == (0, "No purge task changes.\n")


ROOT_MODULE = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "4.55.0" }
  }
}
provider "azurerm" {
  features {}
}
module "acr_purge" {
  source                         = "./module/dev"
  acrlifecycledev_resource_group = "rg-platform-dev"
}
output "task_ids" {
  value = module.acr_purge.task_ids
}
"""


def test_exported_module_plans_and_applies_from_an_hcl_root_module(
    terraform_runner, bundled_plan, tmp_path
):
    export_module(bundled_plan, tmp_path / "module")
    (tmp_path / "main.tf").write_text(ROOT_MODULE)

    terraform_runner.check(tmp_path, "init")
    terraform_runner.check(tmp_path, "validate")
    terraform_runner.check(tmp_path, "apply", "-auto-approve")
    outputs = terraform_runner.json(tmp_path, "output", "-json")
    replan = terraform_runner(tmp_path, "plan", "-detailed-exitcode")

    registry = expected_registry_id(bundled_plan.task("dev-nightly-releases"))
    assert outputs["task_ids"]["value"] == {
        f"acrlifecycledev/{task.name}": f"{registry}/tasks/{task.name}"
        for task in bundled_plan.stack("dev").tasks
    }
    assert replan.returncode == 0, replan.stdout + replan.stderr
