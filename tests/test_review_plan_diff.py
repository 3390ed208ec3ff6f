"""explain-plan on plan JSON: decoded YAML diffs, schedules in words, replacement."""

import json

from click.testing import CliRunner

from acr_lifecycle.cli import main
from acr_lifecycle.review.plan_diff import explain_plan, render_markdown


def values(task, *, name=None, schedule="0 1 * * *", content=None):
    return {
        "name": name or task.name,
        "encoded_step": [{"task_content": content or task.task_content}],
        "timer_trigger": [{"name": "schedule-1", "schedule": schedule, "enabled": True}],
        "timeout_in_seconds": task.timeout_in_seconds,
    }


def plan(*changes, drift=()):
    return {"format_version": "1.2", "resource_changes": list(changes), "resource_drift": list(drift)}


def change(address, actions, before, after, replace_paths=None):
    body = {"actions": actions, "before": before, "after": after}
    if replace_paths:
        body["replace_paths"] = replace_paths
    return {"address": address, "type": "azurerm_container_registry_task", "change": body}


def test_explain_plan_diffs_the_decoded_task_yaml_and_schedule(bundled_plan):
    dev = bundled_plan.task("dev-nightly-releases")
    prod = bundled_plan.task("prod-nightly-releases")
    document = plan(
        change(
            "azurerm_container_registry_task.purge_x",
            ["update"],
            values(dev, content=prod.task_content),
            values(dev, schedule="0 3 * * Sun"),
        )
    )

    (result,) = explain_plan(document)

    assert result.action == "update"
    assert "-  - cmd: mcr.microsoft.com/acr/acr-cli:0.19 purge --registry {{.Run.Registry}} --filter 'apps/.*:^v.*$' --ago 0d --keep 3 --dry-run\n" in result.yaml_diff
    assert "+  - cmd: mcr.microsoft.com/acr/acr-cli:0.19 purge --registry {{.Run.Registry}} --filter 'apps/.*:^v.*$' --ago 0d --keep 3\n" in result.yaml_diff
    assert result.schedule_changes == [
        "timer `schedule-1`: `0 1 * * *` (At 01:00, every day (UTC)) becomes `0 3 * * Sun` (At 03:00, only on Sunday (UTC))"
    ]
    assert "```diff" in render_markdown([result])


def test_explain_plan_says_a_rename_replaces_the_task(bundled_plan):
    task = bundled_plan.task("dev-nightly-releases")
    document = plan(
        change("azurerm_container_registry_task.purge_x", ["delete", "create"], values(task), values(task, name="renamed-task"), [["name"]])
    )

    (result,) = explain_plan(document)

    assert result.action == "replace"
    assert result.replaced_because == [
        "`name` changes (a rename replaces the task and detaches its run history)"
    ]
    assert "### `renamed-task` is replaced (destroyed and created again)" in render_markdown([result])


def test_explain_plan_command_exits_0_without_task_changes_and_2_with(bundled_plan, tmp_path):
    task = bundled_plan.task("dev-nightly-releases")
    quiet = tmp_path / "quiet.json"
    quiet.write_text(json.dumps(plan(change("azurerm_container_registry_task.purge_x", ["no-op"], values(task), values(task)))))
    noisy = tmp_path / "noisy.json"
    noisy.write_text(json.dumps(plan(change("azurerm_container_registry_task.purge_x", ["create"], None, values(task)))))

    calm = CliRunner().invoke(main, ["explain-plan", str(quiet)])
    busy = CliRunner().invoke(main, ["explain-plan", str(noisy)])

    assert (calm.exit_code, calm.output) == (0, "No purge task changes.\n")
    assert busy.exit_code == 2
    assert "### `dev-nightly-releases` is created" in busy.output
    assert "+version: v1.1.0" in busy.output


def test_explain_plan_refuses_what_is_not_a_plan(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{}")

    result = CliRunner().invoke(main, ["explain-plan", str(path)])

    assert result.exit_code == 2
    assert "terraform show -json plan.tfplan" in result.output
