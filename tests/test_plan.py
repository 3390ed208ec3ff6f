"""The bundled catalogue and the handed cases, compiled: tasks, commands, refusals."""

from __future__ import annotations

import pytest

from acr_lifecycle.catalogue import load_catalogue
from acr_lifecycle.compile import compile_catalogue, task_name
from acr_lifecycle.compile.task_yaml import decode_task_content, parse_task_yaml
from acr_lifecycle.errors import CatalogueError

from .conftest import BUNDLED_CATALOGUE, catalogue_document, load_case

PREFIX = "mcr.microsoft.com/acr/acr-cli:0.19 purge --registry {{.Run.Registry}}"

BUNDLED_COMMANDS = {
    ("acrlifecycledev", "seed-daily-samples-devimages"): [
        f"{PREFIX} --filter '(?:samples/devimage1|samples/devimage2):^.*$' --ago 0d --dry-run",
        f"{PREFIX} --filter '(?:samples/devimage1|samples/devimage2):^$' --untagged-only"
        " --ago 0d --dry-run",
    ],
    ("acrlifecycledev", "dev-nightly-hello-world-7d"): [
        f"{PREFIX} --filter 'hello-world:^.*$' --ago 7d",
    ],
    ("acrlifecycledev", "dev-nightly-releases"): [
        f"{PREFIX} --filter 'apps/.*:^v.*$' --ago 0d --keep 3",
        f"{PREFIX} --filter 'apps/.*:^(?!v.*$).*$' --ago 30d",
    ],
    ("acrlifecycledev", "weekly-untagged-manifests"): [
        f"{PREFIX} --filter '.*:^$' --untagged-only --ago 7d",
    ],
    ("acrlifecycleprod", "prod-nightly-releases"): [
        f"{PREFIX} --filter 'apps/.*:^v.*$' --ago 0d --keep 3 --dry-run",
        f"{PREFIX} --filter 'apps/.*:^(?!v.*$).*$' --ago 30d --dry-run",
    ],
}


def test_bundled_catalogue_compiles_to_the_exact_commands(bundled_plan):
    compiled = {
        (task.registry_name, task.name): [c.text for c in task.commands]
        for task in bundled_plan.tasks
    }

    assert compiled == BUNDLED_COMMANDS


def test_bundled_task_content_decodes_to_the_steps(bundled_plan):
    for task in bundled_plan.tasks:
        parsed = parse_task_yaml(decode_task_content(task.task_content))

        assert parsed["version"] == "v1.1.0"
        assert [s["cmd"] for s in parsed["steps"]] == BUNDLED_COMMANDS[(task.registry_name, task.name)]
        assert {s["timeout"] for s in parsed["steps"]} == {task.step_timeout_seconds}
        assert all(s["disableWorkingDirectoryOverride"] is True for s in parsed["steps"])


def test_bundled_tasks_have_schedules_modes_timeouts_and_stacks(bundled_plan):
    summary = {
        task.name: (
            task.stack,
            task.mode,
            [(t.name, t.schedule, t.enabled) for t in task.timer_triggers],
            task.timeout_in_seconds,
        )
        for task in bundled_plan.tasks
    }

    assert summary == {
        "seed-daily-samples-devimages": ("dev", "dry-run", [("schedule-1", "0 0 * * *", True)], 7200),
        "dev-nightly-hello-world-7d": ("dev", "enforce", [("schedule-1", "0 1 * * *", True)], 3600),
        "dev-nightly-releases": ("dev", "enforce", [("schedule-1", "0 1 * * *", True)], 7200),
        "weekly-untagged-manifests": ("dev", "enforce", [("sunday-0300-utc", "0 3 * * Sun", True)], 3600),
        "prod-nightly-releases": ("prod", "dry-run", [("schedule-1", "0 2 * * *", True)], 14400),
    }


def test_one_policy_gives_the_same_rules_on_every_registry(bundled_plan):
    dev = bundled_plan.task("dev-nightly-releases")
    prod = bundled_plan.task("prod-nightly-releases")

    assert [c.filters for c in dev.commands] == [c.filters for c in prod.commands]
    assert [c.arguments[:-1] for c in prod.commands] == [c.arguments for c in dev.commands]
    assert all(c.arguments[-1] == "--dry-run" for c in prod.commands)


def test_compile_catalogue_is_deterministic():
    first = compile_catalogue(load_catalogue(BUNDLED_CATALOGUE))
    second = compile_catalogue(load_catalogue(BUNDLED_CATALOGUE))

    assert [t.task_content for t in first.tasks] == [t.task_content for t in second.tasks]


def test_task_tags_name_policy_assignment_mode_and_rules(bundled_plan):
    assert bundled_plan.task("dev-nightly-releases").tags == {
        "managed-by": "acr-lifecycle",
        "acr-lifecycle-assignment": "dev-nightly",
        "acr-lifecycle-mode": "enforce",
        "acr-lifecycle-policy": "releases",
        "acr-lifecycle-rules": "keep-releases,expire-other-tags",
    }


@pytest.mark.parametrize(
    ("assignment", "policy", "expected"),
    [
        ("nightly", "releases", "nightly-releases"),
        ("a", "b", "a-b-purge"),
        (
            "assignment-with-a-rather-long-name",
            "policy-with-a-long-name-too",
            "assignment-with-a-rather-long-name-policy-7acbeaca",
        ),
    ],
)
def test_task_name_is_stable_and_fits_acr_limits(assignment, policy, expected):
    name = task_name(assignment, policy)

    assert name == expected
    assert 5 <= len(name) <= 50


def test_compile_catalogue_rejects_colliding_task_names(compile_document):
    document = catalogue_document(
        [{"id": "r", "kind": "tags", "repositories": ["app"], "tags": "any", "older_than": "1d"}],
        policy="b-c",
        assignment="a",
    )
    document["policies"].append({"name": "c", "rules": document["policies"][0]["rules"]})
    document["assignments"].append({**document["assignments"][0], "name": "a-b", "policies": ["c"]})

    with pytest.raises(CatalogueError) as raised:
        compile_document(document)

    assert "task name 'a-b-c'" in raised.value.render()


# --- handed cases -----------------------------------------------------------------


def test_br06_glob_repository_patterns_are_refused_with_the_regex_to_use(compile_document):
    case = load_case("br-06")["input"]["generator_entry"]
    assert case["filters"] == ["test-*:.*"]
    document = catalogue_document(
        [
            {"id": "test-repos", "kind": "tags", "repositories": ["test-*", "teamx*"], "tags": "any", "older_than": "7d"},
            {"id": "cache", "kind": "tags", "repositories": ["upstream.example.io/upstream-org/cache"], "tags": "any", "older_than": "7d"},
        ]
    )

    with pytest.raises(CatalogueError) as raised:
        compile_document(document)

    messages = [p.render() for p in raised.value.problems]
    assert len(messages) == 3
    assert "catalogue.yaml:7:7: error: policy purge, rule test-repos: " in messages[0]
    assert "catalogue.yaml:8:7: error: policy purge, rule test-repos: " in messages[1]
    assert "repository pattern 'test-*'" in messages[0]
    assert "regular expression" in messages[0] and "'test-.*'" in messages[0]
    assert "'teamx.*'" in messages[1]
    assert "host 'upstream.example.io'" in messages[2] and "write 'upstream-org/cache'" in messages[2]


def test_br06_fixed_patterns_compile_to_anchored_filters(compile_document):
    document = catalogue_document(
        [
            {"id": "fixed", "kind": "tags", "repositories": ["test-.*", "teamx.*", "upstream-org/cache"], "tags": "any", "older_than": "7d"}
        ]
    )

    plan = compile_document(document)

    assert [c.text for c in plan.tasks[0].commands] == [
        f"{PREFIX} --filter '(?:test-.*|teamx.*|upstream-org/cache):^.*$' --ago 7d"
    ]


def test_br09_an_image_older_than_repository_regexes_is_refused(compile_document):
    entry = load_case("br-09")["input"]["generator_entry"]
    document = catalogue_document(
        [
            {"id": "all-tags", "kind": "tags", "repositories": [".*"], "tags": "any", "older_than": entry["ago"]},
            {"id": "untagged", "kind": "untagged", "repositories": [".*"], "older_than": entry["ago"]},
        ],
        task={"acr_cli_image": entry["acr_cli_image"], "step_timeout_seconds": entry["step_timeout_seconds"]},
    )

    with pytest.raises(CatalogueError) as raised:
        compile_document(document)

    text = raised.value.render()
    for fragment in load_case("br-09")["expected"]["generator"]["error_contains"]:
        assert fragment in text
    assert "--untagged-only" in text and "0.18" in text


def test_br09_the_floating_acr_alias_is_refused(compile_document):
    document = catalogue_document(
        [{"id": "r", "kind": "tags", "repositories": [".*"], "tags": "any", "older_than": "30d"}],
        task={"acr_cli_image": "acr"},
    )

    with pytest.raises(CatalogueError, match="bare 'acr' alias"):
        compile_document(document)


def test_an_image_with_an_unknown_release_needs_a_declared_version(compile_document):
    rules = [{"id": "r", "kind": "tags", "repositories": ["app"], "tags": "any", "older_than": "30d"}]
    digest = "sha256:" + "a" * 64

    with pytest.raises(CatalogueError, match="add acr_cli_version"):
        compile_document(catalogue_document(rules, task={"acr_cli_image": f"mirror.example.io/acr/acr-cli@{digest}"}))
    plan = compile_document(
        catalogue_document(
            rules,
            task={"acr_cli_image": f"mirror.example.io/acr/acr-cli@{digest}", "acr_cli_version": "0.19"},
        ),
        name="pinned.yaml",
    )
    assert plan.tasks[0].commands[0].text.startswith(f"mirror.example.io/acr/acr-cli@{digest} purge ")


def test_br10_dry_run_purge_compiles_to_version_1_1_yaml_with_one_step_per_rule(compile_document):
    expected = load_case("br-10")["expected"]["purge_image"]["terraform_checks"]
    document = catalogue_document(
        [
            {"id": "tags", "kind": "tags", "repositories": ["imagename"], "tags": "any", "older_than": "1d"},
            {"id": "untagged", "kind": "untagged", "repositories": ["imagename"], "older_than": "1d"},
        ],
        mode="dry-run",
    )

    task = compile_document(document).tasks[0]

    assert parse_task_yaml(decode_task_content(task.task_content)) == {
        "version": "v1.1.0",
        "steps": [
            {
                "cmd": f"{PREFIX} --filter 'imagename:^.*$' --ago 1d --dry-run",
                "disableWorkingDirectoryOverride": True,
                "timeout": 3600,
            },
            {
                "cmd": f"{PREFIX} --filter 'imagename:^$' --untagged-only --ago 1d --dry-run",
                "disableWorkingDirectoryOverride": True,
                "timeout": 3600,
            },
        ],
    }
    assert expected["timer_trigger[0].schedule"] == task.timer_triggers[0].schedule


def test_br10_raw_task_content_has_no_way_into_the_catalogue(compile_document):
    document = catalogue_document(
        [{"id": "r", "kind": "tags", "repositories": ["imagename"], "tags": "any", "older_than": "1d"}],
        task={"task_content": load_case("br-10")["input"]["generator_entries"][1]["task_content_b64"]},
    )

    with pytest.raises(CatalogueError) as raised:
        compile_document(document)

    assert "unknown key 'task_content'" in raised.value.render()


def test_br11_task_timeout_covers_every_step(compile_document):
    rules = [{"id": "all", "kind": "tags", "repositories": [".*"], "tags": "any", "older_than": "30d"}]

    single = compile_document(catalogue_document(rules, task={"step_timeout_seconds": 7200})).tasks[0]
    both = compile_document(
        catalogue_document(
            rules + [{"id": "untagged", "kind": "untagged", "repositories": [".*"], "older_than": "30d"}],
            task={"step_timeout_seconds": 7200},
        ),
        name="two-steps.yaml",
    ).tasks[0]

    assert (single.timeout_in_seconds, single.step_timeout_seconds) == (7200, 7200)
    assert parse_task_yaml(single.task_yaml)["steps"][0]["timeout"] == 7200
    assert (both.timeout_in_seconds, both.step_timeout_seconds) == (14400, 7200)


@pytest.mark.parametrize(
    ("task", "fragments"),
    [
        ({"step_timeout_seconds": 36000}, ["timeout", "28800", "36000"]),
        ({"timeout_seconds": 120}, ["timeout", "300", "120"]),
        ({"step_timeout_seconds": 20000}, ["40000 s", "28800"]),
        ({"step_timeout_seconds": 3600, "timeout_seconds": 3600}, ["shorter than", "7200"]),
    ],
    ids=["step-too-long", "task-too-short", "steps-add-up-too-long", "task-shorter-than-steps"],
)
def test_br11_timeouts_outside_what_acr_accepts_are_refused(compile_document, task, fragments):
    rules = [
        {"id": "all", "kind": "tags", "repositories": [".*"], "tags": "any", "older_than": "30d"},
        {"id": "untagged", "kind": "untagged", "repositories": [".*"], "older_than": "30d"},
    ]

    with pytest.raises(CatalogueError) as raised:
        compile_document(catalogue_document(rules, task=task))

    text = raised.value.render()
    for fragment in fragments:
        assert fragment in text


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("mcr.microsoft.com/acr/acr-cli:1.0", "acr-cli 1.0 is newer than 0.19, the newest release whose purge behaviour acr-lifecycle knows"),
        ("mcr.microsoft.com/acr/acr-cli:0.190", "acr-cli 0.190 is newer than 0.19"),
        ("mcr.microsoft.com/acr/acr-cli:0.09", "cannot tell which acr-cli release 'mcr.microsoft.com/acr/acr-cli:0.09' is"),
    ],
    ids=["future-major", "future-minor", "leading-zero"],
)
def test_an_image_whose_release_behaviour_is_unknown_is_refused(compile_document, image, message):
    rules = [{"id": "r", "kind": "tags", "repositories": ["app"], "tags": "any", "older_than": "30d"}]

    with pytest.raises(CatalogueError) as raised:
        compile_document(catalogue_document(rules, task={"acr_cli_image": image}))

    assert message in raised.value.render()
