"""The CI templates teams copy: schema-valid, and every command they call exists."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from acr_lifecycle.cli import main

from .conftest import ROOT

TEMPLATES = {
    "github-actions.yml": ["--builtin-schema", "vendor.github-workflows"],
    "azure-pipelines.yml": ["--regex-variant", "python", "--builtin-schema", "vendor.azure-pipelines"],
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_template_validates_against_its_ci_schema(name):
    checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert checker, "check-jsonschema is a dev dependency; run pipenv sync --dev"

    result = subprocess.run(
        [checker, *TEMPLATES[name], str(ROOT / "ci-templates" / name)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_template_calls_only_existing_subcommands_and_options(name):
    text = (ROOT / "ci-templates" / name).read_text()
    calls = re.findall(r"pipenv run acr-lifecycle ([a-z-]+)((?: +(?:--?[a-z-]+|\"[^\"]*\"|[^\s;&|>\\]+))*)", text)

    assert calls
    for subcommand, arguments in calls:
        assert subcommand in main.commands, f"{name} calls unknown subcommand {subcommand}"
        known = {opt for param in main.commands[subcommand].params for opt in param.opts}
        for option in re.findall(r"(?<!\S)(--[a-z-]+)", arguments):
            assert option in known, f"{name}: acr-lifecycle {subcommand} has no {option}"
