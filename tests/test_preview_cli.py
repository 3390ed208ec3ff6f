"""``acr-lifecycle preview`` on the bundled catalogue and the example inventory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from acr_lifecycle.cli.preview import preview
from acr_lifecycle.preview.simulator import REASONS

ROOT = Path(__file__).parents[1]
CATALOGUE = str(ROOT / "policies")
EXAMPLE = str(ROOT / "examples" / "inventory.json")


def invoke(*arguments: str):
    runner = CliRunner()
    return runner.invoke(
        preview, ["--catalogue", CATALOGUE, "--inventory", EXAMPLE, *arguments]
    )


def task(document: dict, name: str) -> dict:
    return next(t for t in document["tasks"] if t["task"] == name)


def test_json_output_lists_each_tasks_deletions_per_rule_and_repository():
    result = invoke("--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    step = task(document, "dev-nightly-hello-world-7d")["steps"][0]
    repository = step["repositories"][0]
    assert step["command"] == (
        "mcr.microsoft.com/acr/acr-cli:0.19 purge --registry {{.Run.Registry}} "
        "--filter 'hello-world:^.*$' --ago 7d"
    )
    assert repository["name"] == "hello-world"
    assert repository["tags"]["deleted"] == ["v2", "v1"]
    assert repository["tags"]["kept"] == {"newer_than_cutoff": ["latest"]}
    assert repository["tags"]["share"] == pytest.approx(2 / 3, abs=1e-4)


def test_every_kept_item_of_a_selected_repository_has_a_reason_from_the_closed_set():
    document = json.loads(invoke("--format", "json").stdout)
    for item in document["tasks"]:
        for step in item["steps"]:
            for repository in step["repositories"]:
                for kind in ("tags", "manifests"):
                    section = repository[kind]
                    assert set(section["kept"]) <= set(REASONS)
                    kept = sum(len(v) for v in section["kept"].values())
                    tag_phase = "--untagged-only" not in step["command"]
                    manifest_phase = "--untagged" in step["command"]
                    if (kind == "tags" and tag_phase) or (
                        kind != "tags" and manifest_phase
                    ):
                        assert kept + len(section["deleted"]) == section["before"]


def test_later_rules_report_tags_claimed_by_earlier_rules():
    document = json.loads(invoke("--format", "json").stdout)
    steps = task(document, "dev-nightly-releases")["steps"]
    web = next(r for r in steps[1]["repositories"] if r["name"] == "apps/web")
    assert web["tags"]["kept"]["claimed_by_earlier_rule"] == [
        "v1.5.0",
        "v1.4.0",
        "v1.3.0",
        "v1.0.0",
    ]
    assert web["tags"]["deleted"] == ["main-9b1e3d7", "pr-118", "main-4f2a9c1"]


def test_text_output_shows_tables_and_items_with_reasons():
    result = invoke()
    assert result.exit_code == 0, result.output
    assert "task dev-nightly-hello-world-7d" in result.stdout
    assert "deletes tags v2, v1" in result.stdout
    assert "keeps tags v1.0.0 (locked)" in result.stdout


def test_markdown_output_is_a_pull_request_comment():
    result = invoke("--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("## Purge preview at 2026-07-01T02:00:00Z")
    assert "| tags-older-than-7d | `hello-world` | 2/3 |" in result.stdout
    assert "<details>" in result.stdout


def test_dry_run_tasks_delete_nothing_unless_simulated_as_enforced():
    normal = json.loads(invoke("--format", "json").stdout)
    enforced = json.loads(invoke("--format", "json", "--as-enforced").stdout)
    untagged = task(normal, "seed-daily-samples-devimages")["steps"][1]
    untagged_enforced = task(enforced, "seed-daily-samples-devimages")["steps"][1]
    first = {r["name"]: r for r in untagged["repositories"]}
    second = {r["name"]: r for r in untagged_enforced["repositories"]}
    assert len(first["samples/devimage1"]["manifests"]["deleted"]) == 1
    assert len(second["samples/devimage1"]["manifests"]["deleted"]) == 3


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (
            ["--max-delete", "2"],
            "task dev-nightly-releases on registry acrlifecycledev, "
            "repository apps/web: deletes 5 items",
        ),
        (
            ["--max-delete-percent", "50"],
            "task dev-nightly-hello-world-7d on registry "
            "acrlifecycledev, repository hello-world: deletes "
            "2 of 3 tags (66.7%)",
        ),
    ],
)
def test_a_deletion_budget_fails_naming_the_task_and_repository(arguments, named):
    result = invoke(*arguments)
    assert result.exit_code == 1
    assert named in result.stderr


def test_a_budget_that_holds_exits_0():
    assert invoke("--max-delete", "50", "--max-delete-percent", "100").exit_code == 0


def test_now_moves_the_cutoffs():
    document = json.loads(
        invoke("--format", "json", "--now", "2026-06-20T00:00:00Z").stdout
    )
    repository = task(document, "dev-nightly-hello-world-7d")["steps"][0][
        "repositories"
    ][0]
    assert repository["tags"]["deleted"] == ["v1"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (
            '{"registries": [{"name": "acrlifecycledev", "repositories": "x"}]}',
            '"repositories" must be a list',
        ),
        (
            '{"registries": [{"name": "elsewhere", "repositories": []}]}',
            "holds none of the catalogue's registries",
        ),
    ],
)
def test_bad_inventories_exit_2_with_a_message_and_no_traceback(
    tmp_path, content, message
):
    path = tmp_path / "inventory.json"
    path.write_text(content)
    result = CliRunner().invoke(
        preview, ["--catalogue", CATALOGUE, "--inventory", str(path)]
    )
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_bad_now_exits_2():
    result = invoke("--now", "tomorrow")
    assert result.exit_code == 2
    assert "--now" in result.stderr
