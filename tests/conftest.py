"""Shared fixtures: the bundled catalogue, small catalogues built in a test, the cases."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from acr_lifecycle.catalogue import load_catalogue
from acr_lifecycle.compile import compile_catalogue

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CATALOGUE = ROOT / "policies"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = FIXTURES / "cases"

# The offline Terraform harness: fixtures terraform_installation, terraform_runner.
pytest_plugins = ["tests.terraform.harness"]

REGISTRY_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-example"
    "/providers/Microsoft.ContainerRegistry/registries/exampleregistry"
)


def load_case(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text())


def catalogue_document(
    rules: list[dict],
    *,
    policy: str = "purge",
    assignment: str = "nightly",
    mode: str = "enforce",
    schedules: list | None = None,
    task: dict | None = None,
    registry: dict | None = None,
) -> dict:
    """A one-policy, one-registry catalogue around ``rules``."""
    entry = {
        "name": assignment,
        "registries": ["exampleregistry"],
        "policies": [policy],
        "schedules": schedules or ["0 1 * * *"],
        "mode": mode,
    }
    if task is not None:
        entry["task"] = task
    return {
        "policies": [{"name": policy, "rules": rules}],
        "stacks": [{"name": "example", "registries": [registry or {"id": REGISTRY_ID}]}],
        "assignments": [entry],
    }


@pytest.fixture
def write_catalogue(tmp_path):
    """Write a catalogue (a dict, or YAML text) to a file and return its path."""

    def write(content, name: str = "catalogue.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(textwrap.dedent(content))
        else:
            path.write_text(yaml.safe_dump(content, sort_keys=False))
        return path

    return write


@pytest.fixture
def compile_document(write_catalogue):
    """Load and compile a catalogue given as a dict or YAML text."""

    def run(content, name: str = "catalogue.yaml"):
        return compile_catalogue(load_catalogue(write_catalogue(content, name)))

    return run


@pytest.fixture(scope="session")
def bundled_plan():
    return compile_catalogue(load_catalogue(BUNDLED_CATALOGUE))


@pytest.fixture(scope="session")
def synthesized_bundle(bundled_plan, tmp_path_factory):
    """The bundled catalogue synthesized once per run: (outdir, {stack: cdk.tf.json})."""
    synth = pytest.importorskip("acr_lifecycle.synth", reason="cdktf is not installed")
    outdir = tmp_path_factory.mktemp("synth") / "cdktf.out"
    return outdir, synth.synthesize(bundled_plan, outdir)
