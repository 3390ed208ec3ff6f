"""The offline azurerm stand-in is faithful enough for real Terraform to judge our JSON.

Each test runs the real ``terraform`` binary. Tests that share an applied example
copy it into their own folder before changing anything.
"""

from __future__ import annotations

import base64
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from .terraform.example import (
    REGISTRY_ID,
    TASK_ADDRESS,
    TASK_CONTENT,
    TASK_ID,
    TASK_YAML,
    configuration,
    minimal_task,
)
from .terraform.harness import (
    TerraformRunner,
    requires_terraform,
    terraform,
)
from .terraform.standin_azurerm.container_registry_task import (
    ContainerRegistryTaskResource,
    base64_encode_if_not,
)


@dataclass
class Deployment:
    runner: TerraformRunner
    workdir: Path
    results: dict[str, CompletedProcess] = field(default_factory=dict)


def write_config(workdir: Path, config: dict) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "main.tf.json").write_text(json.dumps(config, indent=2))
    return workdir


def fork(deployment: Deployment, tmp_path: Path) -> Deployment:
    """A copy of an applied deployment (configuration, state, remote objects)."""
    runner = TerraformRunner.in_folder(deployment.runner.installation, tmp_path / "tf")
    shutil.copytree(deployment.runner.store, runner.store)
    workdir = tmp_path / "work"
    shutil.copytree(deployment.workdir, workdir, symlinks=True)
    return Deployment(runner, workdir)


def resource_values(show: dict, address: str) -> dict:
    resources = show["values"]["root_module"]["resources"]
    return next(r["values"] for r in resources if r["address"] == address)


def change_of(plan: dict, address: str, key: str = "resource_changes") -> dict:
    return next(c["change"] for c in plan.get(key, []) if c["address"] == address)


@pytest.fixture(scope="module")
def applied_example(terraform_installation, tmp_path_factory) -> Deployment:
    folder = tmp_path_factory.mktemp("example")
    runner = TerraformRunner.in_folder(terraform_installation, folder / "tf")
    deployment = Deployment(runner, write_config(folder / "work", configuration()))

    for step, args in [
        ("init", ["init"]),
        ("validate", ["validate"]),
        ("plan", ["plan", "-out=tfplan"]),
        ("apply", ["apply", "tfplan"]),
        ("show", ["show", "-json"]),
    ]:
        deployment.results[step] = runner(deployment.workdir, *args)
    return deployment


class TestMinimalExample:
    @pytest.mark.parametrize("step", ["init", "validate", "plan", "apply", "show"])
    def test_step_succeeds(self, applied_example, step):
        """The reference example passes every command, against version 4.55.0."""
        result = applied_example.results[step]

        assert result.returncode == 0, result.stdout + result.stderr

    def test_plan_creates_one_task(self, applied_example):
        output = applied_example.results["plan"].stdout

        assert f"# {TASK_ADDRESS} will be created" in output
        assert "Plan: 1 to add, 0 to change, 0 to destroy." in output

    def test_applied_state_holds_the_task(self, applied_example):
        show = json.loads(applied_example.results["show"].stdout)

        values = resource_values(show, TASK_ADDRESS)

        assert values["id"] == TASK_ID
        assert values["container_registry_id"] == REGISTRY_ID
        assert values["encoded_step"][0]["task_content"] == TASK_CONTENT
        assert base64.b64decode(values["encoded_step"][0]["task_content"]).decode() == (
            TASK_YAML
        )
        assert values["timer_trigger"] == [
            {"name": "daily-0100-utc", "schedule": "0 1 * * *", "enabled": True}
        ]
        assert values["platform"] == [
            {"os": "Linux", "architecture": "amd64", "variant": None}
        ]
        assert values["agent_setting"] == [{"cpu": 2}]
        assert values["base_image_trigger"] == []

    def test_data_source_returns_deterministic_registry(self, applied_example):
        show = json.loads(applied_example.results["show"].stdout)

        registry = resource_values(show, "data.azurerm_container_registry.acr")

        assert registry["id"] == REGISTRY_ID
        assert registry["login_server"] == "myregistry.azurecr.io"

    def test_plan_after_apply_has_no_changes(self, applied_example):
        result = applied_example.runner(
            applied_example.workdir, "plan", "-detailed-exitcode"
        )

        assert result.returncode == 0, result.stdout + result.stderr
        assert "No changes." in result.stdout

    def test_remote_object_is_one_json_file_per_task(self, applied_example):
        """The store holds the task as the Tasks API returns it, one file per task."""
        store = applied_example.runner.store

        files = sorted(p.relative_to(store).as_posix() for p in store.rglob("*.json"))
        task = applied_example.runner.read_remote(TASK_ID)

        assert files == [TASK_ID.lstrip("/") + ".json"]
        assert task["properties"]["step"] == {
            "type": "EncodedTask",
            "encodedTaskContent": TASK_CONTENT,
        }
        assert task["properties"]["trigger"]["timerTriggers"] == [
            {"name": "daily-0100-utc", "schedule": "0 1 * * *", "status": "Enabled"}
        ]


# The schema Terraform receives, as terraform-plugin-sdk/v2 reports azurerm 4.55.0.
SCHEMA_FACTS = [
    ("encoded_step", "block", {"nesting_mode": "list", "max_items": 1}),
    ("timer_trigger", "block", {"nesting_mode": "list"}),
    ("platform", "block", {"nesting_mode": "list", "max_items": 1}),
    ("agent_setting", "block", {"nesting_mode": "list", "max_items": 1}),
    ("registry_credential.custom", "block", {"nesting_mode": "set"}),
    ("timeouts", "block", {"nesting_mode": "single"}),
    ("id", "attribute", {"optional": True, "computed": True}),
    ("name", "attribute", {"required": True}),
    ("enabled", "attribute", {"optional": True}),
    ("timeout_in_seconds", "attribute", {"type": "number", "optional": True}),
    ("tags", "attribute", {"type": ["map", "string"], "optional": True}),
    ("encoded_step.task_content", "attribute", {"required": True}),
    ("encoded_step.context_access_token", "attribute", {"sensitive": True}),
    ("encoded_step.secret_values", "attribute", {"sensitive": True}),
    ("timer_trigger.enabled", "attribute", {"type": "bool", "optional": True}),
    ("identity.principal_id", "attribute", {"computed": True}),
    ("identity.identity_ids", "attribute", {"type": ["set", "string"]}),
]


@pytest.fixture(scope="module")
def task_schema(applied_example) -> dict:
    """The task resource's schema as Terraform received it from the stand-in."""
    schemas = applied_example.runner.json(
        applied_example.workdir, "providers", "schema", "-json"
    )
    provider = schemas["provider_schemas"]["registry.terraform.io/hashicorp/azurerm"]
    return provider["resource_schemas"]["azurerm_container_registry_task"]["block"]


@pytest.mark.parametrize(
    ("path", "kind", "expected"), SCHEMA_FACTS, ids=[f[0] for f in SCHEMA_FACTS]
)
def test_provider_schema_matches_azurerm(task_schema, path, kind, expected):
    *parents, name = path.split(".")
    block = task_schema
    for parent in parents:
        block = block["block_types"][parent]["block"]

    declared = (
        block["block_types"][name] if kind == "block" else block["attributes"][name]
    )

    assert {k: declared.get(k) for k in expected} == expected
    if kind == "attribute" and "optional" in expected:
        assert bool(declared.get("computed")) == bool(expected.get("computed"))


def _broken(label: str, drop: tuple[str, ...] = (), **changes) -> tuple[str, dict]:
    task = minimal_task()
    task["name"] = label.replace("_", "-")
    for key in drop:
        task.pop(key)
    task.update(changes)
    return label, task


# (resource label, task body, fragment of the error Terraform reports)
WRONG_SHAPES = [
    (*_broken("missing_name", drop=("name",)), 'The argument "name" is required'),
    (
        *_broken("unknown_attribute", schedule="0 1 * * *"),
        'No argument or block type is named "schedule"',
    ),
    (
        *_broken(
            "two_encoded_steps",
            encoded_step=[{"task_content": TASK_CONTENT}] * 2,
        ),
        'No more than 1 "encoded_step" blocks are allowed',
    ),
    (
        *_broken("string_for_block", platform="Linux"),
        'contents of one or more "platform" blocks',
    ),
    (
        *_broken("cpu_four", agent_setting={"cpu": 4}),
        "expected agent_setting.0.cpu to be one of [2], got 4",
    ),
    (
        *_broken("timeout_100", timeout_in_seconds=100),
        "expected timeout_in_seconds to be in the range (300 - 28800), got 100",
    ),
    (
        *_broken("lowercase_os", platform={"os": "linux"}),
        'expected platform.0.os to be one of ["Windows" "Linux"], got linux',
    ),
    (
        *_broken("name_with_space", name="purge hello"),
        "only alpha numeric characters (optionally separated by dash) are allowed "
        'in "name"',
    ),
    (
        *_broken("empty_task_content", encoded_step={"task_content": ""}),
        'expected "encoded_step.0.task_content" to not be an empty string',
    ),
    (
        *_broken("pool_and_agent_setting", agent_pool_name="pool1"),
        '"agent_pool_name": conflicts with agent_setting',
    ),
    (
        *_broken(
            "docker_and_encoded_step",
            docker_step={
                "dockerfile_path": "Dockerfile",
                "context_path": "https://example.invalid/repo.git",
                "context_access_token": "token",
            },
        ),
        '"encoded_step": conflicts with docker_step',
    ),
    (
        *_broken(
            "lowercase_resource_groups",
            container_registry_id=REGISTRY_ID.replace(
                "resourceGroups", "resourcegroups"
            ),
        ),
        REGISTRY_ID.replace("resourceGroups", "resourcegroups"),
    ),
]


@pytest.fixture(scope="module")
def validated_wrong_shapes(terraform_installation, tmp_path_factory) -> dict:
    """One ``validate -json`` over a configuration holding every wrong shape."""
    folder = tmp_path_factory.mktemp("wrong-shapes")
    runner = TerraformRunner.in_folder(terraform_installation, folder / "tf")
    tasks = {label: task for label, task, _ in WRONG_SHAPES}
    tasks["valid"] = minimal_task()
    config = configuration(tasks)
    config["data"]["azurerm_container_registry"]["dashed"] = {
        "name": "my-registry",
        "resource_group_name": "rg-shared",
    }
    workdir = write_config(folder / "work", config)

    runner.check(workdir, "init")
    return runner.json(workdir, "validate", "-json")


def diagnostics_for(report: dict, context: str) -> list[str]:
    """The messages of diagnostics located in the block ``context`` or inside it."""

    def located(diagnostic: dict) -> bool:
        where = diagnostic.get("snippet", {}).get("context", "")
        return where == context or where.startswith((f"{context}.", f"{context}["))

    return [
        f"{d['summary']}: {d.get('detail', '')}"
        for d in report["diagnostics"]
        if located(d)
    ]


@pytest.mark.parametrize(
    ("label", "fragment"),
    [(label, fragment) for label, _, fragment in WRONG_SHAPES],
    ids=[label for label, _, _ in WRONG_SHAPES],
)
def test_validate_rejects_wrong_shape(validated_wrong_shapes, label, fragment):
    found = diagnostics_for(
        validated_wrong_shapes, f"resource.azurerm_container_registry_task.{label}"
    )

    assert validated_wrong_shapes["valid"] is False
    assert any(fragment in message for message in found), found


def test_validate_rejects_registry_name_with_dash(validated_wrong_shapes):
    found = diagnostics_for(
        validated_wrong_shapes, "data.azurerm_container_registry.dashed"
    )

    assert any('"name": "my-registry"' in message for message in found), found


def test_validate_accepts_the_correct_task_beside_wrong_ones(validated_wrong_shapes):
    assert (
        diagnostics_for(
            validated_wrong_shapes, "resource.azurerm_container_registry_task.valid"
        )
        == []
    )
    assert (
        diagnostics_for(validated_wrong_shapes, "data.azurerm_container_registry.acr")
        == []
    )


# Checks of the provider's CustomizeDiff run while planning, not in validate.
PLAN_TIME_REFUSALS = [
    (
        *_broken("without_platform", drop=("platform",)),
        "non-system task have to specify `platform`",
    ),
    (
        *_broken("without_step", drop=("encoded_step",)),
        "non-system task have to specify one of `docker_step`, `file_step` and "
        "`encoded_step`",
    ),
    (
        *_broken(
            "system_task_with_timer",
            drop=("platform", "encoded_step"),
            is_system_task=True,
        ),
        "system task can't specify `timer_trigger`",
    ),
]


@pytest.fixture(scope="module")
def planned_refusals(terraform_installation, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("plan-refusals")
    runner = TerraformRunner.in_folder(terraform_installation, folder / "tf")
    tasks = {label: task for label, task, _ in PLAN_TIME_REFUSALS}
    workdir = write_config(folder / "work", configuration(tasks))

    runner.check(workdir, "init")
    validate = runner(workdir, "validate")
    plan = runner(workdir, "plan", "-json")
    messages = [json.loads(line) for line in plan.stdout.splitlines() if line]
    diagnostics = [m["diagnostic"] for m in messages if m.get("type") == "diagnostic"]
    return {"validate": validate, "plan": plan, "diagnostics": diagnostics}


def test_validate_leaves_plan_time_checks_to_plan(planned_refusals):
    assert planned_refusals["validate"].returncode == 0


@pytest.mark.parametrize(
    ("label", "message"),
    [(label, message) for label, _, message in PLAN_TIME_REFUSALS],
    ids=[label for label, _, _ in PLAN_TIME_REFUSALS],
)
def test_plan_rejects_task_refused_by_customize_diff(planned_refusals, label, message):
    address = f"azurerm_container_registry_task.{label}"

    summaries = [
        d["summary"]
        for d in planned_refusals["diagnostics"]
        if d.get("address") == address
    ]

    assert planned_refusals["plan"].returncode == 1
    assert summaries == [message]


def _edit_task_content(task: dict) -> str:
    edited = TASK_YAML.replace("--ago 7d", "--ago 1d")
    task["properties"]["step"]["encodedTaskContent"] = base64.b64encode(
        edited.encode()
    ).decode()
    return "encoded_step"


def _edit_schedule(task: dict) -> str:
    task["properties"]["trigger"]["timerTriggers"][0]["schedule"] = "0 3 * * *"
    return "timer_trigger"


@pytest.mark.parametrize(
    "edit", [_edit_task_content, _edit_schedule], ids=["task_content", "schedule"]
)
def test_drift_in_remote_task_makes_plan_exit_2(applied_example, tmp_path, edit):
    deployment = fork(applied_example, tmp_path)
    remote = deployment.runner.read_remote(TASK_ID)
    drifted_block = edit(remote)
    deployment.runner.write_remote(TASK_ID, remote)

    result = deployment.runner(
        deployment.workdir, "plan", "-detailed-exitcode", "-out=drift.tfplan"
    )
    plan = deployment.runner.json(deployment.workdir, "show", "-json", "drift.tfplan")

    assert result.returncode == 2, result.stdout + result.stderr
    drift = change_of(plan, TASK_ADDRESS, "resource_drift")
    assert drift["actions"] == ["update"]
    assert drift["before"][drifted_block] != drift["after"][drifted_block]
    change = change_of(plan, TASK_ADDRESS)
    assert change["actions"] == ["update"]
    assert change["after"][drifted_block] == drift["before"][drifted_block]


def test_apply_after_drift_restores_the_task_and_converges(applied_example, tmp_path):
    deployment = fork(applied_example, tmp_path)
    remote = deployment.runner.read_remote(TASK_ID)
    _edit_schedule(remote)
    deployment.runner.write_remote(TASK_ID, remote)

    applied = deployment.runner.check(deployment.workdir, "apply", "-auto-approve")
    replanned = deployment.runner(deployment.workdir, "plan", "-detailed-exitcode")

    assert "0 added, 1 changed, 0 destroyed" in applied.stdout
    assert replanned.returncode == 0, replanned.stdout + replanned.stderr
    restored = deployment.runner.read_remote(TASK_ID)["properties"]["trigger"]
    assert restored["timerTriggers"][0]["schedule"] == "0 1 * * *"


def test_plan_recreates_task_deleted_outside_terraform(applied_example, tmp_path):
    deployment = fork(applied_example, tmp_path)
    deployment.runner.remote_object_path(TASK_ID).unlink()

    result = deployment.runner(deployment.workdir, "plan", "-detailed-exitcode")

    assert result.returncode == 2
    assert f"# {TASK_ADDRESS} will be created" in result.stdout


def test_renaming_a_task_plans_a_replacement(applied_example, tmp_path):
    deployment = fork(applied_example, tmp_path)
    config = configuration()
    config["resource"]["azurerm_container_registry_task"]["purge_hello_world"][
        "name"
    ] = "purge-hello-world-renamed"
    write_config(deployment.workdir, config)

    deployment.runner.check(deployment.workdir, "plan", "-out=rename.tfplan")
    plan = deployment.runner.json(deployment.workdir, "show", "-json", "rename.tfplan")

    resource = next(c for c in plan["resource_changes"] if c["address"] == TASK_ADDRESS)
    assert resource["change"]["actions"] == ["delete", "create"]
    assert resource["change"]["replace_paths"] == [["name"]]
    assert resource["action_reason"] == "replace_because_cannot_update"


def test_apply_fails_where_azure_refuses_a_short_task_name(
    terraform_runner,
    tmp_path,
):
    """The provider lets a 4-character name pass; the Tasks API (5 to 50) does not."""
    task = minimal_task()
    task["name"] = "purg"
    workdir = write_config(tmp_path / "work", configuration({"short": task}))
    terraform_runner.check(workdir, "init")

    applied = terraform_runner(workdir, "apply", "-auto-approve")

    assert "Plan: 1 to add, 0 to change, 0 to destroy." in applied.stdout
    assert applied.returncode == 1
    assert 'creating Task "purg"' in applied.stderr
    assert list(terraform_runner.store.rglob("*.json")) == []


@requires_terraform
def test_terraform_function_keeps_its_folders_in_the_workdir(tmp_path):
    write_config(tmp_path, configuration())

    result = terraform(tmp_path, "init")

    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / ".tf-test" / "home").is_dir()
    assert (tmp_path / ".terraform.lock.hcl").is_file()


# --- the stand-in's planning logic, without Terraform --------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (TASK_CONTENT, TASK_CONTENT),
        (TASK_YAML, TASK_CONTENT),
        ("abcd", "abcd"),
        (
            TASK_CONTENT.rstrip("="),
            base64.b64encode(TASK_CONTENT.rstrip("=").encode()).decode(),
        ),
        (
            TASK_CONTENT[:40] + "\n" + TASK_CONTENT[40:],
            TASK_CONTENT[:40] + "\n" + TASK_CONTENT[40:],
        ),
    ],
    ids=["padded-base64", "plain-yaml", "short-base64-word", "unpadded", "wrapped"],
)
def test_base64_encode_if_not_matches_the_provider(value, expected):
    assert base64_encode_if_not(value) == expected


def test_plan_fills_nested_defaults_and_encodes_plain_yaml():
    proposed = {
        "name": "purge-hello-world",
        "container_registry_id": REGISTRY_ID,
        "platform": [{"os": "Linux"}],
        "encoded_step": [{"task_content": TASK_YAML}],
        "timer_trigger": [{"name": "daily", "schedule": "0 1 * * *"}],
    }

    planned = ContainerRegistryTaskResource(provider=None).plan(None, proposed)

    assert planned["encoded_step"][0]["task_content"] == TASK_CONTENT
    assert planned["timer_trigger"][0]["enabled"] is True
    assert planned["enabled"] is True
    assert planned["is_system_task"] is False
    assert planned["timeout_in_seconds"] == 3600
    assert planned["agent_setting"] == []
