"""Round trip: the tasks our synthesis produces, imported, compile to the same tasks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from acr_lifecycle.catalogue import load_catalogue
from acr_lifecycle.catalogue.models import TagRule
from acr_lifecycle.importers import ImportOptions, import_text, stacks_of
from acr_lifecycle.lint import lint_catalogue
from acr_lifecycle.review.export_module import task_resource

from .conftest import BUNDLED_CATALOGUE
from .import_support import az_task_show, compile_text

REGISTRIES = {
    "alpharegistry": {"name": "alpharegistry", "resource_group": "rg-alpha"},
    "betaregistry": {
        "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-beta"
        "/providers/Microsoft.ContainerRegistry/registries/betaregistry"
    },
}
REPOSITORIES = [
    "hello-world",
    "apps/web",
    "apps/api",
    "apps/.*",
    "team/[a-z]+",
    ".*",
    "samples/devimage1",
]
TAGS = [
    "any",
    {"prefixes": ["v"]},
    {"prefixes": ["release-", "rc-"]},
    {"wildcards": ["*-dev"]},
    {"wildcards": ["pr-*", "feature-*"]},
    {"regex": "v[0-9]+\\.[0-9]+\\.[0-9]+"},
    {"regex": "^(?!latest$).*$"},
    {"regex": "dev|test"},
]
AGES = [None, "0d", "12h", "7d", "1d12h", "30d"]


@st.composite
def rules(draw, index: int):
    kind = draw(st.sampled_from(["tags", "tags", "untagged"]))
    rule = {
        "id": f"rule-{index}",
        "kind": kind,
        "repositories": draw(
            st.lists(st.sampled_from(REPOSITORIES), min_size=1, max_size=2, unique=True)
        ),
    }
    age = draw(st.sampled_from(AGES))
    keep = draw(st.sampled_from([None, None, 1, 5]))
    if kind == "tags":
        rule["tags"] = draw(st.sampled_from(TAGS))
        if age is None and keep is None:
            age = "14d"
    elif age is None:
        age = "0d"
    if age is not None:
        rule["older_than"] = age
    if keep is not None:
        rule["keep_newest"] = keep
    if draw(st.booleans()) and draw(st.booleans()):
        rule["include_locked"] = True
    if kind == "tags":
        try:
            TagRule.model_validate(rule)
        except ValidationError:
            model = TagRule.model_validate(
                {**rule, "acknowledge": ["delete-all-tags", "every-repository"]}
            )
            rule["acknowledge"] = ["delete-all-tags"] + (
                ["every-repository"] if model.repository_matching_everything() else []
            )
    return rule


@st.composite
def catalogues(draw):
    policies = []
    for number in range(draw(st.integers(1, 3))):
        count = draw(st.integers(1, 3))
        policies.append(
            {
                "name": f"policy-{number}",
                "rules": [draw(rules(i)) for i in range(count)],
            }
        )
    assignments = []
    for number in range(draw(st.integers(1, 2))):
        schedules = draw(
            st.lists(
                st.one_of(
                    st.sampled_from(["0 1 * * *", "30 2 * * Sun", "0 */6 * * *"]),
                    st.builds(
                        lambda name, cron, enabled: {
                            "name": name,
                            "cron": cron,
                            "enabled": enabled,
                        },
                        st.sampled_from(["nightly", "t1", "schedule-2"]),
                        st.sampled_from(["0 3 * * *", "15 4 * * Mon"]),
                        st.booleans(),
                    ),
                ),
                min_size=1,
                max_size=2,
            )
        )
        task: dict = {}
        if draw(st.booleans()):
            task["step_timeout_seconds"] = draw(st.sampled_from([600, 1800, 7200]))
        if draw(st.booleans()):
            task["timeout_seconds"] = 28800
        if draw(st.booleans()):
            task["concurrency"] = draw(st.integers(1, 32))
        if draw(st.booleans()):
            task["acr_cli_image"] = "mcr.microsoft.com/acr/acr-cli:0.18"
        if draw(st.booleans()):
            task["registry_credentials"] = [
                {"login_server": "mirror.azurecr.io", "identity": "[system]"}
            ]
        entry = {
            "name": f"assign-{number}",
            "registries": draw(
                st.lists(st.sampled_from(sorted(REGISTRIES)), min_size=1, unique=True)
            ),
            "policies": draw(
                st.lists(
                    st.sampled_from([p["name"] for p in policies]),
                    min_size=1,
                    unique=True,
                )
            ),
            "schedules": schedules,
            "mode": draw(st.sampled_from(["dry-run", "enforce"])),
        }
        names = [s["name"] for s in schedules if isinstance(s, dict)]
        assume(len(names) == len(set(names)))
        if not draw(st.integers(0, 4)):
            entry["enabled"] = False
        if task:
            entry["task"] = task
        assignments.append(entry)
    stacks = [{"name": "main", "registries": list(REGISTRIES.values())}]
    return {"policies": policies, "stacks": stacks, "assignments": assignments}


def _resources(plan) -> dict:
    return {
        (t.registry_name, t.name): task_resource(t, "registry-id") for t in plan.tasks
    }


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=catalogues())
def test_importing_compiled_tasks_gives_a_catalogue_that_compiles_to_the_same_tasks(
    document, tmp_path_factory
):
    folder = tmp_path_factory.mktemp("original")
    (folder / "catalogue.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    report = lint_catalogue(folder)
    assume(report.plan is not None and report.plan.tasks)
    plan = report.plan
    source = json.dumps([az_task_show(t) for t in plan.tasks])
    known = {name: name for name in REGISTRIES}

    result = import_text(
        source,
        source="tasks.json",
        options=ImportOptions(known_registries=known),
        stacks=stacks_of(folder),
    )
    stacks_yaml = yaml.safe_dump({"stacks": document["stacks"]})
    again = compile_text(
        result.text, tmp_path_factory.mktemp("imported"), {"stacks.yaml": stacks_yaml}
    )

    assert result.errors == []
    assert _resources(again) == _resources(plan)
    assert {t.name: t.task_content for t in again.tasks} == {
        t.name: t.task_content for t in plan.tasks
    }


def test_importing_the_bundled_catalogue_round_trips_its_task_resources(
    bundled_plan, tmp_path
):
    source = json.dumps([az_task_show(t) for t in bundled_plan.tasks])
    known = {
        k: r.registry_name
        for k, r in load_catalogue(BUNDLED_CATALOGUE).registries.items()
    }

    result = import_text(
        source,
        source="tasks.json",
        options=ImportOptions(known_registries=known),
        stacks=stacks_of(BUNDLED_CATALOGUE),
    )
    again = compile_text(
        result.text,
        tmp_path,
        {"stacks.yaml": (BUNDLED_CATALOGUE / "stacks.yaml").read_text()},
    )

    assert result.problems == ()
    assert _resources(again) == _resources(bundled_plan)


def test_importing_the_bundled_catalogue_synthesizes_the_same_bytes(
    bundled_plan, tmp_path
):
    synth = pytest.importorskip("acr_lifecycle.synth", reason="cdktf is not installed")
    source = json.dumps([az_task_show(t) for t in bundled_plan.tasks])
    known = {
        k: r.registry_name
        for k, r in load_catalogue(BUNDLED_CATALOGUE).registries.items()
    }
    result = import_text(
        source,
        source="tasks.json",
        options=ImportOptions(known_registries=known),
        stacks=stacks_of(BUNDLED_CATALOGUE),
    )
    again = compile_text(
        result.text,
        tmp_path / "imported",
        {"stacks.yaml": (BUNDLED_CATALOGUE / "stacks.yaml").read_text()},
    )

    first = synth.synthesize(bundled_plan, tmp_path / "first")
    second = synth.synthesize(again, tmp_path / "second")

    assert sorted(first) == sorted(second)
    for stack in first:
        assert Path(second[stack]).read_bytes() == Path(first[stack]).read_bytes()
