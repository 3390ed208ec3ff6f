"""az acr task show / list JSON: hand-made tasks import into exact commands."""

from __future__ import annotations

import base64
import json

import pytest

from acr_lifecycle.importers import (
    ImportOptions,
    ImportRefused,
    SourceError,
    import_text,
)

from .import_support import IMAGE, commands_of, compile_text, import_fixture, rules_of

REGISTRY_ID = (
    "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-team"
    "/providers/Microsoft.ContainerRegistry/registries/teamregistry"
)


def test_a_task_az_created_with_cmd_imports_into_the_same_purge(tmp_path):
    result = import_fixture("az-task-show-cmd.json")

    plan = compile_text(result.text, tmp_path)

    assert result.kind == "az-task"
    assert result.problems == ()
    assert commands_of(plan) == {
        "imported-purgetask": [f"{IMAGE} --filter 'hello-world:^.*$' --ago 7d"]
    }
    task = plan.tasks[0]
    assert task.registry.id == REGISTRY_ID
    assert [(t.name, t.schedule, t.enabled) for t in task.timer_triggers] == [
        ("t1", "0 0 * * *", True)
    ]
    assert (task.mode, task.step_timeout_seconds, task.timeout_in_seconds) == (
        "enforce",
        3600,
        3600,
    )
    assert (
        "the existing task purgeTask keeps running until it is deleted" in result.text
    )


def test_a_task_list_imports_every_purge_task_and_skips_the_build_task(tmp_path):
    result = import_fixture("az-task-list.json")

    plan = compile_text(
        result.text.replace(
            "older_than: 0d\n",
            "older_than: 0d\n        acknowledge: [delete-all-tags]\n",
            1,
        ),
        tmp_path,
    )

    assert commands_of(plan) == {
        "weekly-purge": [
            f"{IMAGE} --filter '(?:samples/devimage1|samples/devimage2):^.*$' --ago 0d",
            f"{IMAGE} --filter '(?:samples/devimage1|samples/devimage2):^$' --untagged-only --ago 0d",
        ],
        "purge-releases": [
            f"{IMAGE} --filter '(?:apps/web|apps/api):^v.*$' --ago 30d --keep 5 --include-locked --concurrency 8",
            (
                f"{IMAGE} --filter '(?=(?:apps/web|apps/api)$)apps/.*:^(?!v.*$)pr-.*$' "
                "--filter '(?!(?:apps/web|apps/api)$)apps/.*:^pr-.*$' --ago 3d --concurrency 8"
            ),
        ],
        "cleanup-untagged": [
            f"{IMAGE} --filter '.*:^$' --untagged-only --ago 2d --keep 3 --dry-run"
        ],
    }
    releases = plan.task("purge-releases")
    assert [(t.name, t.schedule) for t in releases.timer_triggers] == [
        ("nightly", "30 2 * * *"),
        ("weekend", "0 6 * * Sat"),
    ]
    assert (releases.step_timeout_seconds, releases.timeout_in_seconds) == (1800, 3600)
    assert [t.enabled for t in plan.task("cleanup-untagged").timer_triggers] == [False]
    assert "task build-app" in result.text and "skipped" in result.text


def test_an_imported_rule_that_deletes_every_tag_is_kept_and_lint_reports_it():
    result = import_fixture("az-task-list.json")

    line = result.text.splitlines().index("        older_than: 0d") + 1
    assert [(p.code, p.location.line) for p in result.errors] == [("delete-all", line)]
    assert rules_of(result)["purge"][0] == {
        "id": "step-1-tags",
        "kind": "tags",
        "repositories": ["samples/devimage1", "samples/devimage2"],
        "tags": "any",
        "older_than": "0d",
    }
    assert "it is imported as it is, and lint reports it" in result.text


def test_a_later_step_that_deleted_what_an_earlier_step_kept_is_refused():
    with pytest.raises(ImportRefused) as refused:
        import_fixture("az-task-overlap.json")

    (refusal,) = refused.value.refusals
    assert (
        refusal.where
        == "task purge-overlap (az-task-overlap.json), step 2, rule step-2"
    )
    assert refusal.message == (
        "rule step-1 comes first and claims the tags it selects, so this rule leaves them "
        "alone; in the source, step 2 still deleted those that step 1 kept (its --keep 10, "
        "its longer --ago)"
    )
    assert "--allow-approximate" in refusal.fix


def test_allow_approximate_imports_the_nearest_rules_with_a_comment(tmp_path):
    result = import_fixture("az-task-overlap.json", allow_approximate=True)

    plan = compile_text(result.text, tmp_path)

    assert commands_of(plan) == {
        "purge-overlap": [
            f"{IMAGE} --filter 'apps/.*:^release-.*$' --ago 90d --keep 10",
            f"{IMAGE} --filter 'apps/.*:^(?!release-.*$).*$' --ago 30d",
        ]
    }
    assert (
        "# approximate: rule step-1 comes first and claims the tags it selects"
        in result.text
    )


def _task(cmds: list[str], **extra) -> dict:
    lines = ["version: v1.1.0", "steps:"]
    for cmd in cmds:
        lines += [f"  - cmd: {cmd}", "    timeout: 3600"]
    content = base64.b64encode(("\n".join(lines) + "\n").encode()).decode()
    return {
        "id": f"{REGISTRY_ID}/tasks/purge-team",
        "name": "purge-team",
        "step": {"type": "EncodedTask", "encodedTaskContent": content},
        "trigger": {
            "timerTriggers": [
                {"name": "t1", "schedule": "0 1 * * *", "status": "Enabled"}
            ]
        },
        "timeout": 3600,
        **extra,
    }


def _import(document, **options):
    return import_text(
        json.dumps(document), source="task.json", options=ImportOptions(**options)
    )


@pytest.mark.parametrize(
    ("cmds", "expected"),
    [
        pytest.param(
            ["acr purge --filter 'a/one:^v1' --filter 'a/two:rc' --ago 1d --keep 2"],
            [
                f"{IMAGE} --filter 'a/one:^v1.*$' --ago 1d --keep 2",
                f"{IMAGE} --filter 'a/two:^.*rc.*$' --ago 1d --keep 2",
            ],
            id="different-tags-on-distinct-repositories-stay-exact-with-keep",
        ),
        pytest.param(
            ["acr purge --filter 'apps/.*:^v' --filter 'apps/web:rc' --ago 1d"],
            [
                f"{IMAGE} --filter 'apps/.*:^v.*$' --ago 1d",
                f"{IMAGE} --filter 'apps/web:^(?!v.*$).*rc.*$' --ago 1d",
            ],
            id="overlapping-repositories-without-keep-stay-exact",
        ),
        pytest.param(
            ["acr purge --filter 'hello|world:.*' --ago 3d"],
            [f"{IMAGE} --filter '(?:hello.*|.*world):^.*$' --ago 3d"],
            id="top-level-alternation-in-a-repository-keeps-acr-cli-meaning",
        ),
        pytest.param(
            [
                "acr purge --filter 'apps/.*:^pr-' --ago 7d",
                "acr purge --filter 'apps/.*:.*' --ago 30d",
            ],
            [
                f"{IMAGE} --filter 'apps/.*:^pr-.*$' --ago 7d",
                f"{IMAGE} --filter 'apps/.*:^(?!pr-.*$).*$' --ago 30d",
            ],
            id="a-later-step-with-a-longer-age-is-exact",
        ),
    ],
)
def test_hand_written_steps_import_into_exact_commands(cmds, expected, tmp_path):
    result = _import(_task(cmds))

    assert commands_of(compile_text(result.text, tmp_path)) == {"purge-team": expected}


def test_keep_over_overlapping_repositories_with_different_tags_is_refused():
    with pytest.raises(ImportRefused) as refused:
        _import(
            _task(
                [
                    "acr purge --filter 'apps/.*:^v' --filter 'apps/web:rc' --ago 1d --keep 3"
                ]
            )
        )

    assert [r.message[:60] for r in refused.value.refusals] == [
        "keep_newest 3 applies to this rule and to rule step-1-tags-1"
    ]


@pytest.mark.parametrize(
    ("cmd", "message"),
    [
        (
            "acr purge --filter 'a:b:c' --ago 1d",
            "filter 'a:b:c': unable to correctly parse filter flag",
        ),
        (
            "acr purge --filter 'a:.*' --ago 15",
            "--ago '15': time: missing unit in duration \"15\"",
        ),
        ("acr purge --filter 'a:.*' --ago 1d --bogus", "unknown flag: --bogus"),
        (
            "acr purge --filter 'a:.*' --ago 1d --untagged --untagged-only",
            "--untagged and --untagged-only exclude each other",
        ),
        (
            "acr purge --filter 'a:.*'",
            "--ago is required when not using --untagged-only",
        ),
        (
            "mcr.microsoft.com/acr/acr-cli:0.16 purge --filter 'a:.*' --ago 1d --include-locked",
            "unknown flag: --include-locked in acr-cli 0.16",
        ),
    ],
)
def test_a_step_acr_purge_rejects_is_refused_because_it_never_deleted(cmd, message):
    with pytest.raises(ImportRefused) as refused:
        _import(_task([cmd]))

    (refusal,) = refused.value.refusals
    assert refusal.where == "task purge-team (task.json), step 1"
    assert f"acr purge rejects this command ({message})" in refusal.message


def test_a_task_without_a_timer_needs_a_schedule():
    task = _task(["acr purge --filter 'a:.*' --ago 1d"], trigger={"timerTriggers": []})

    with pytest.raises(ImportRefused) as refused:
        _import(task)

    assert (
        refused.value.refusals[0].fix
        == "give --schedule CRON to import it with a schedule"
    )
    assert 'schedules: ["15 3 * * *"]' in _import(task, schedules=("15 3 * * *",)).text


def test_a_step_purging_another_registry_is_refused():
    with pytest.raises(ImportRefused) as refused:
        _import(_task(["acr purge -r otherregistry --filter 'a:.*' --ago 1d"]))

    assert (
        "purges registry 'otherregistry', not the task's own registry teamregistry"
        in refused.value.refusals[0].message
    )


def test_json_that_is_no_task_is_a_source_error():
    with pytest.raises(SourceError, match="neither 'az acr task show'"):
        import_text('{"name": "x"}', source="x.json", options=ImportOptions())


OUTSIDE = "in the task runner's shell, outside the acr-cli container"
NOT_ONE_COMMAND = (
    "so this is not one acr purge command and the import cannot keep what it does"
)


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        pytest.param(
            [
                "  - cmd: acr purge --filter 'a:.*' --ago 7d && acr purge --filter "
                "'x:.*' --ago 1d"
            ],
            "unquoted shell operator '&&': the shell ends acr purge there and, if it "
            "succeeds, runs 'acr purge --filter 'x:.*' --ago 1d' as another command "
            + OUTSIDE,
            id="and",
        ),
        pytest.param(
            [
                "  - cmd: |",
                "      acr purge --filter 'a:.*' --ago 7d",
                "      acr purge --filter 'x:.*' --ago 1d",
            ],
            "unquoted shell operator '\\n' (a line break): the shell ends acr purge "
            "there and then runs 'acr purge --filter 'x:.*' --ago 1d' as another "
            f"command {OUTSIDE}",
            id="line-break-in-a-block-scalar",
        ),
        pytest.param(
            [
                "  - cmd: acr tag list -r teamregistry; acr purge --filter 'x:.*' "
                "--ago 1d"
            ],
            "unquoted shell operator ';': the shell ends 'acr tag list -r "
            "teamregistry' there and then runs 'acr purge --filter 'x:.*' --ago 1d' as "
            f"another command {OUTSIDE}",
            id="purge-after-a-read-only-command",
        ),
        pytest.param(
            ["  - cmd: acr purge --filter 'a:.*' --ago 7d | tee /tmp/log"],
            "unquoted shell operator '|': the shell pipes the output of acr purge "
            f"into 'tee /tmp/log' {OUTSIDE}",
            id="pipe",
        ),
    ],
)
def test_a_cmd_step_with_a_shell_operator_is_refused(steps, message):
    task_yaml = "\n".join(["version: v1.1.0", "steps:", *steps]) + "\n"
    document = _task([])
    document["step"]["encodedTaskContent"] = base64.b64encode(
        task_yaml.encode()
    ).decode()

    with pytest.raises(ImportRefused) as refused:
        _import(document)

    (refusal,) = refused.value.refusals
    assert refusal.where == "task purge-team (task.json), step 1"
    assert refusal.message == f"{message}, {NOT_ONE_COMMAND}"
    assert refusal.fix.endswith("split it into one acr purge command per cmd step")


def test_a_quoted_pipe_in_a_cmd_step_filter_imports():
    result = _import(_task(["acr purge --filter 'app:^v1|^v2' --ago 7d"]))

    assert rules_of(result)["team"] == [
        {
            "id": "step-1",
            "kind": "tags",
            "repositories": ["app"],
            "tags": {"wildcards": ["v1*", "v2*"]},
            "older_than": "7d",
        }
    ]


def test_a_read_only_step_with_a_shell_operator_is_not_dropped_as_only_reading():
    document = _task(
        [
            "acr tag list -r teamregistry; echo done",
            "acr purge --filter 'a:.*' --ago 1d",
        ]
    )

    with pytest.raises(ImportRefused) as refused:
        _import(document)

    assert [r.message for r in refused.value.refusals] == [
        "step 1 runs 'acr tag list -r teamregistry; echo done', which a purge policy "
        "cannot express; it is dropped"
    ]
