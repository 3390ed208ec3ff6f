"""Synthesized Terraform JSON: exact fields, decoded task YAML, byte-identical reruns."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from acr_lifecycle.cli import main
from acr_lifecycle.compile.task_yaml import decode_task_content, parse_task_yaml

from .conftest import BUNDLED_CATALOGUE, REGISTRY_ID, ROOT, catalogue_document, load_case

synth = pytest.importorskip("acr_lifecycle.synth", reason="cdktf is not installed")


def read_tree(outdir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="session")
def synthesized(synthesized_bundle):
    outdir, written = synthesized_bundle
    return outdir, {name: json.loads(path.read_text()) for name, path in written.items()}


def tasks_of(stack_json: dict) -> dict[str, dict]:
    return stack_json["resource"]["azurerm_container_registry_task"]


def test_synthesize_writes_one_cdk_tf_json_per_stack(synthesized):
    outdir, stacks = synthesized

    assert sorted(read_tree(outdir)) == [
        "manifest.json",
        "stacks/dev/cdk.tf.json",
        "stacks/prod/cdk.tf.json",
    ]
    assert sorted(tasks_of(stacks["dev"])) == [
        "purge_acrlifecycledev_dev_nightly_hello_world_7d",
        "purge_acrlifecycledev_dev_nightly_releases",
        "purge_acrlifecycledev_seed_daily_samples_devimages",
        "purge_acrlifecycledev_weekly_untagged_manifests",
    ]
    assert sorted(tasks_of(stacks["prod"])) == ["purge_acrlifecycleprod_prod_nightly_releases"]


def test_synthesized_tasks_carry_the_compiled_task_yaml(synthesized, bundled_plan):
    _, stacks = synthesized

    for task in bundled_plan.tasks:
        resource = next(r for r in tasks_of(stacks[task.stack]).values() if r["name"] == task.name)
        decoded = decode_task_content(resource["encoded_step"]["task_content"])

        assert decoded == task.task_yaml
        assert [s["cmd"] for s in parse_task_yaml(decoded)["steps"]] == [c.text for c in task.commands]


def test_synthesized_task_has_exactly_the_fields_of_a_purge_task(synthesized):
    _, stacks = synthesized
    resource = copy.deepcopy(tasks_of(stacks["dev"])["purge_acrlifecycledev_dev_nightly_releases"])
    resource.pop("//")
    content = resource["encoded_step"].pop("task_content")

    assert content.isascii() and "${" not in content
    assert resource == {
        "name": "dev-nightly-releases",
        "container_registry_id": "${data.azurerm_container_registry.registry_acrlifecycledev.id}",
        "enabled": True,
        "platform": {"os": "Linux", "architecture": "amd64"},
        "agent_setting": {"cpu": 2},
        "encoded_step": {},
        "timeout_in_seconds": 7200,
        "timer_trigger": [{"name": "schedule-1", "schedule": "0 1 * * *"}],
        "tags": {
            "acr-lifecycle-assignment": "dev-nightly",
            "acr-lifecycle-mode": "enforce",
            "acr-lifecycle-policy": "releases",
            "acr-lifecycle-rules": "keep-releases,expire-other-tags",
            "managed-by": "acr-lifecycle",
        },
    }


def test_registry_by_name_is_looked_up_and_by_id_is_used_as_written(synthesized):
    _, stacks = synthesized

    assert stacks["dev"]["data"]["azurerm_container_registry"]["registry_acrlifecycledev"] == {
        "//": {
            "metadata": {
                "path": "dev/acrlifecycledev/registry",
                "uniqueId": "registry_acrlifecycledev",
            }
        },
        "name": "acrlifecycledev",
        "resource_group_name": "rg-platform-dev",
    }
    assert "data" not in stacks["prod"]
    prod_task = tasks_of(stacks["prod"])["purge_acrlifecycleprod_prod_nightly_releases"]
    assert prod_task["container_registry_id"] == (
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-platform-prod"
        "/providers/Microsoft.ContainerRegistry/registries/acrlifecycleprod"
    )


def test_stack_pins_the_provider_and_writes_a_relative_local_backend(synthesized):
    _, stacks = synthesized

    for name, stack in stacks.items():
        assert stack["provider"] == {"azurerm": [{"features": [{}]}]}
        assert stack["terraform"] == {
            "backend": {"local": {"path": f"../../../terraform.{name}.tfstate"}},
            "required_providers": {"azurerm": {"source": "hashicorp/azurerm", "version": "4.55.0"}},
        }


def test_synthesis_is_byte_identical_across_runs_and_folders(synthesized, bundled_plan, tmp_path):
    outdir, _ = synthesized
    elsewhere = tmp_path / "nested" / "out"
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        synth.synthesize(bundled_plan, elsewhere)
    finally:
        os.chdir(previous)

    assert read_tree(elsewhere) == read_tree(outdir)


def test_synthesized_json_matches_the_snapshot(synthesized, snapshot):
    _, stacks = synthesized
    readable = {
        stack: {
            "cdk.tf.json": content,
            "decoded task_content": {
                r["name"]: decode_task_content(r["encoded_step"]["task_content"]).splitlines()
                for r in tasks_of(content).values()
            },
        }
        for stack, content in stacks.items()
    }

    assert readable == snapshot


def test_br14_list_blocks_keep_every_attribute(write_catalogue, tmp_path):
    entry = load_case("br-14")["input"]["generator_entry"]
    expected = load_case("br-14")["expected"]["cdk_tf_json"]
    document = catalogue_document(
        [{"id": "app", "kind": "tags", "repositories": ["app"], "tags": "any", "older_than": entry["ago"]}],
        schedules=[{"name": "daily", "cron": entry["schedule"]}]
        + [
            {"name": s["name"], "cron": s["schedule"], "enabled": s["enabled"]}
            for s in entry["extra_schedules"]
        ],
        task={
            "acr_cli_image": entry["acr_cli_image"],
            "registry_credentials": entry["custom_registry_credentials"],
        },
    )
    from acr_lifecycle.catalogue import load_catalogue
    from acr_lifecycle.compile import compile_catalogue

    plan = compile_catalogue(load_catalogue(write_catalogue(document)))
    written = synth.synthesize(plan, tmp_path / "out")
    resource = next(iter(tasks_of(json.loads(written["example"].read_text())).values()))

    assert resource["registry_credential"] == expected["registry_credential"]
    assert resource["timer_trigger"] == expected["timer_trigger"]
    assert resource["identity"] == {"type": "SystemAssigned"}
    assert resource["container_registry_id"] == REGISTRY_ID
    for block in ("encoded_step", "platform", "agent_setting", "identity", "registry_credential"):
        assert isinstance(resource[block], dict)
    assert decode_task_content(resource["encoded_step"]["task_content"]).count(
        "mirror.example.io/acr/acr-cli:0.18 purge "
    ) == 1


def test_synth_refuses_a_bad_catalogue_and_writes_nothing(write_catalogue, tmp_path):
    path = write_catalogue(
        catalogue_document(
            [{"id": "everything", "kind": "tags", "repositories": [".*"], "tags": "any", "older_than": "0d"}]
        )
    )
    outdir = tmp_path / "out"

    result = CliRunner().invoke(main, ["synth", "--catalogue", str(path), "--out", str(outdir)])

    assert result.exit_code == 2
    assert "rule everything deletes every tag" in result.output
    assert "acknowledge: [delete-all-tags" in result.output
    assert "nothing was written" in result.output
    assert not outdir.exists()


def test_synth_removes_the_stack_file_of_a_stack_no_longer_in_the_catalogue(tmp_path):
    outdir = tmp_path / "out"
    (outdir / "stacks" / "retired" / ".terraform").mkdir(parents=True)
    (outdir / "stacks" / "retired" / "cdk.tf.json").write_text("{}")
    (outdir / "stacks" / "retired" / ".terraform" / "lock").write_text("kept")

    result = CliRunner().invoke(
        main, ["synth", "--catalogue", str(BUNDLED_CATALOGUE), "--out", str(outdir)]
    )

    assert result.exit_code == 0, result.output
    assert not (outdir / "stacks" / "retired" / "cdk.tf.json").exists()
    assert (outdir / "stacks" / "retired" / ".terraform" / "lock").read_text() == "kept"
    assert sorted(p.parent.name for p in outdir.glob("stacks/*/cdk.tf.json")) == ["dev", "prod"]
    assert (
        f"{outdir / 'stacks' / 'retired' / 'cdk.tf.json'}  (removed: stack retired is no "
        "longer in the catalogue)"
    ) in result.output


def test_synth_refuses_a_catalogue_without_stacks(write_catalogue, tmp_path):
    document = catalogue_document(
        [{"id": "r", "kind": "tags", "repositories": ["app"], "tags": "any", "older_than": "7d"}]
    )
    path = write_catalogue({"policies": document["policies"]})
    outdir = tmp_path / "out"

    result = CliRunner().invoke(main, ["synth", "--catalogue", str(path), "--out", str(outdir)])

    assert result.exit_code == 2
    assert f"error: {path}: the catalogue defines no stacks" in result.output
    assert not outdir.exists()


def test_synth_into_a_file_is_one_error_line_not_a_traceback(tmp_path):
    outdir = tmp_path / "a-file"
    outdir.write_text("not a folder")

    result = CliRunner().invoke(
        main, ["synth", "--catalogue", str(BUNDLED_CATALOGUE), "--out", str(outdir)]
    )

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.output.splitlines()[-1] == (
        f"error: {outdir}: the output folder is a file; check that the path exists, is "
        "of the right kind (file or folder) and may be written"
    )
    assert outdir.read_text() == "not a folder"


def test_main_py_writes_what_the_cli_writes(synthesized, tmp_path):
    outdir, _ = synthesized
    env = {**os.environ, "CDKTF_OUTDIR": str(tmp_path / "from-main")}

    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py")], cwd=tmp_path, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert read_tree(tmp_path / "from-main") == read_tree(outdir)


def test_import_constructs_still_gives_the_library():
    code = "import constructs, cdktf; print(constructs.__file__); print(constructs.Construct.__name__)"

    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    location, name = result.stdout.split()
    assert "site-packages" in location
    assert not location.startswith(str(ROOT / "constructs"))
    assert name == "Construct"


def test_cloud_backend_synthesizes_a_cloud_block_and_no_local_state(write_catalogue, tmp_path):
    document = catalogue_document(
        [{"id": "r", "kind": "tags", "repositories": ["app"], "tags": "any", "older_than": "30d"}]
    )
    document["stacks"][0]["backend"] = {
        "type": "cloud",
        "organization": "example-org",
        "workspace": "acr-lifecycle-example",
    }
    from acr_lifecycle.catalogue import load_catalogue
    from acr_lifecycle.compile import compile_catalogue

    plan = compile_catalogue(load_catalogue(write_catalogue(document)))
    written = synth.synthesize(plan, tmp_path / "out")
    text = written["example"].read_text()

    assert json.loads(text)["terraform"]["cloud"] == {
        "organization": "example-org",
        "workspaces": {"name": "acr-lifecycle-example"},
    }
    assert "backend" not in json.loads(text)["terraform"]
    assert "token" not in text.lower()


def test_constructs_compose_into_a_teams_own_stack(bundled_plan):
    from cdktf import App, TerraformStack, Testing

    from acr_lifecycle.constructs import RegistryLifecycle, RegistryLifecycleProps

    app = Testing.app()
    stack = TerraformStack(app, "platform")
    RegistryLifecycle(
        stack,
        "acr-purge",
        props=RegistryLifecycleProps.from_plan(bundled_plan, "acrlifecycleprod"),
    )
    synthesized = json.loads(Testing.synth(stack))

    (resource,) = synthesized["resource"]["azurerm_container_registry_task"].values()
    assert resource["name"] == "prod-nightly-releases"
    assert decode_task_content(resource["encoded_step"]["task_content"]) == (
        bundled_plan.task("prod-nightly-releases").task_yaml
    )
    assert isinstance(app, App)
