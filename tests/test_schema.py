"""The catalogue's JSON Schema: committed, current, referenced, and true to the loader."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from acr_lifecycle.catalogue.schema import SCHEMA_PATH, catalogue_schema, render_schema
from acr_lifecycle.cli import main

from .conftest import BUNDLED_CATALOGUE, ROOT

SCHEMA_HEADER = "# yaml-language-server: $schema=../schema/catalogue.schema.json"


def test_the_committed_schema_equals_the_generated_one():
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")

    assert committed == render_schema(), (
        "run `acr-lifecycle schema --out schema/catalogue.schema.json`"
    )


@pytest.mark.parametrize("name", ["assignments.yaml", "policies.yaml", "stacks.yaml"])
def test_each_bundled_catalogue_file_points_editors_at_the_schema(name):
    first_line = (BUNDLED_CATALOGUE / name).read_text().splitlines()[0]

    assert first_line == SCHEMA_HEADER
    assert (BUNDLED_CATALOGUE / name).parent.joinpath(
        SCHEMA_HEADER.split("=", 1)[1]
    ).resolve() == (ROOT / SCHEMA_PATH).resolve()


def test_the_schema_accepts_the_bundled_catalogue_and_rejects_unknown_keys():
    validator = jsonschema.Draft202012Validator(catalogue_schema())
    validator.check_schema(catalogue_schema())
    bad = {"policies": [{"name": "p", "rules": [], "keep": 3}]}

    for path in sorted(BUNDLED_CATALOGUE.glob("*.yaml")):
        assert list(validator.iter_errors(yaml.safe_load(path.read_text()))) == []
    assert [e.message for e in validator.iter_errors(bad)] == [
        "Additional properties are not allowed ('keep' was unexpected)",
        "[] should be non-empty",
    ]


def test_the_schema_knows_the_shorthands_the_loader_accepts():
    definitions = catalogue_schema()["$defs"]

    assert {"const": "any", "description": "Every tag."} in definitions["TagSelection"][
        "anyOf"
    ]
    assert definitions["Schedule"]["anyOf"][0]["type"] == "string"
    assert definitions["TagRule"]["properties"]["acknowledge"]["items"]["enum"] == [
        "delete-all-tags",
        "every-repository",
    ]


def test_schema_command_prints_the_schema_and_checks_a_file(tmp_path):
    stale = tmp_path / "stale.json"
    stale.write_text('{"$schema": "https://json-schema.org/draft/2020-12/schema"}\n')
    unrelated = tmp_path / "README.md"
    unrelated.write_text("# not a schema\n")

    printed = CliRunner().invoke(main, ["schema"])
    current = CliRunner().invoke(main, ["schema", "--check", str(ROOT / SCHEMA_PATH)])
    outdated = CliRunner().invoke(main, ["schema", "--check", str(stale)])

    assert printed.exit_code == 0 and json.loads(printed.stdout) == catalogue_schema()
    assert current.exit_code == 0
    assert outdated.exit_code == 2
    assert "the schema is out of date" in outdated.stderr
    unrelated_check = CliRunner().invoke(main, ["schema", "--check", str(unrelated)])
    assert unrelated_check.exit_code == 2
    assert unrelated_check.stderr == (
        f"{unrelated}: this file holds no JSON Schema; check the path (the committed "
        "schema is schema/catalogue.schema.json)\n"
    )
    assert unrelated.read_text() == "# not a schema\n"
