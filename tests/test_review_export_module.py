"""export-module writes the same task resources as the constructs, as a plain module."""

import json

import pytest

from acr_lifecycle.constructs import lifecycle_stack
from acr_lifecycle.review import export_module as module

from .conftest import BUNDLED_CATALOGUE


def test_export_module_writes_variables_resources_and_outputs(bundled_plan, tmp_path):
    written = module.export_module(bundled_plan, tmp_path)

    assert sorted(str(p.relative_to(tmp_path)) for p in written) == [
        f"{stack}/{name}"
        for stack in ("dev", "prod")
        for name in ("main.tf.json", "outputs.tf.json", "variables.tf.json", "versions.tf.json")
    ]
    dev = {p.name: json.loads(p.read_text()) for p in (tmp_path / "dev").iterdir()}
    assert dev["variables.tf.json"]["variable"]["acrlifecycledev_resource_group"]["default"] == "rg-platform-dev"
    assert "provider" not in dev["main.tf.json"] and "terraform" not in dev["main.tf.json"]
    assert dev["outputs.tf.json"]["output"]["task_ids"]["value"]["acrlifecycledev/dev-nightly-releases"] == (
        "${azurerm_container_registry_task.purge_acrlifecycledev_dev_nightly_releases.id}"
    )


def test_export_module_admits_the_provider_the_constructs_pin_and_later_4x(bundled_plan, tmp_path):
    module.export_module(bundled_plan, tmp_path)

    versions = json.loads((tmp_path / "dev" / "versions.tf.json").read_text())
    assert versions["terraform"]["required_providers"]["azurerm"] == {
        "source": lifecycle_stack.AZURERM_SOURCE,
        "version": f">= {lifecycle_stack.AZURERM_VERSION}, < 5.0.0",
    }


def test_export_module_removes_the_module_of_a_stack_no_longer_in_the_catalogue(bundled_plan, tmp_path):
    module.export_module(bundled_plan, tmp_path)
    (tmp_path / "gone").mkdir()
    for name in module.MODULE_FILES:
        (tmp_path / "gone" / name).write_text("{}")
    (tmp_path / "gone" / "README.md").write_text("kept: not ours")

    module.export_module(bundled_plan, tmp_path)

    assert sorted(p.name for p in (tmp_path / "gone").iterdir()) == ["README.md"]
    assert sorted(p.name for p in (tmp_path / "dev").iterdir()) == sorted(module.MODULE_FILES)


def test_export_module_resources_equal_the_synthesized_ones(bundled_plan, tmp_path):
    synth = pytest.importorskip("acr_lifecycle.synth")
    written = synth.synthesize(bundled_plan, tmp_path / "out")
    module.export_module(bundled_plan, tmp_path / "module")

    for stack, path in written.items():
        synthesized = json.loads(path.read_text())["resource"]["azurerm_container_registry_task"]
        exported = json.loads((tmp_path / "module" / stack / "main.tf.json").read_text())
        exported = exported["resource"]["azurerm_container_registry_task"]
        assert sorted(synthesized) == sorted(exported)
        for address, body in synthesized.items():
            expected = {k: v for k, v in body.items() if k not in ("//", "container_registry_id")}
            actual = {k: v for k, v in exported[address].items() if k != "container_registry_id"}
            assert actual == expected
