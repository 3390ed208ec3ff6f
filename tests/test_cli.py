"""The command group itself: errors it turns into one line, names it checks."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from acr_lifecycle.cli import main

from .conftest import BUNDLED_CATALOGUE

UNWRITABLE = "/proc/acr-lifecycle-test/out"


@pytest.mark.parametrize(
    "args",
    [
        ["report", "-c", str(BUNDLED_CATALOGUE), "-o", UNWRITABLE],
        ["schema", "--out", UNWRITABLE],
        ["export-module", "-c", str(BUNDLED_CATALOGUE), UNWRITABLE],
    ],
    ids=["report", "schema", "export-module"],
)
def test_an_unwritable_output_path_is_one_error_line_not_a_traceback(args):
    result = CliRunner().invoke(main, args)

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    last = result.output.splitlines()[-1]
    assert last.startswith("error: /proc/acr-lifecycle-test")
    assert last.endswith(
        "check that the path exists, is of the right kind (file or folder) and may be "
        "written"
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--task", "nightly-typo"], "Invalid value for --task: 'nightly-typo' is not in the catalogue; known: dev-nightly-hello-world-7d, dev-nightly-releases, prod-nightly-releases, seed-daily-samples-devimages, weekly-untagged-manifests"),
        (["--stack", "staging"], "Invalid value for --stack: 'staging' is not in the catalogue; known: dev, prod"),
        (["--registry", "acrlifecycletest"], "Invalid value for --registry: 'acrlifecycletest' is not in the catalogue; known: acrlifecycledev, acrlifecycleprod"),
    ],
    ids=["task", "stack", "registry"],
)
def test_show_refuses_a_name_the_catalogue_does_not_have(args, message):
    result = CliRunner().invoke(main, ["show", "-c", str(BUNDLED_CATALOGUE), *args])

    assert result.exit_code == 2
    assert message in result.output


def test_show_matches_a_registry_name_whatever_its_case():
    result = CliRunner().invoke(
        main, ["show", "-c", str(BUNDLED_CATALOGUE), "--registry", "ACRLifecycleProd"]
    )

    assert result.exit_code == 0
    assert result.output.startswith(
        "# stack prod, registry acrlifecycleprod, task prod-nightly-releases "
    )
