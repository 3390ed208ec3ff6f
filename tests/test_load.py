"""Loading a catalogue: structure problems, each once, located, with the fix."""

from __future__ import annotations

import pytest

from acr_lifecycle.catalogue import load_catalogue
from acr_lifecycle.errors import CatalogueError
from acr_lifecycle.lint import lint_catalogue

from .conftest import BUNDLED_CATALOGUE
from .lint_support import lint_files, lint_policy, rows

RULE = "policy purge, rule old"


def test_the_bundled_catalogue_loads_without_problems():
    report = lint_catalogue(BUNDLED_CATALOGUE)

    assert report.problems == ()
    assert sorted(report.catalogue.policies) == [
        "hello-world-7d",
        "releases",
        "samples-devimages",
        "untagged-manifests",
    ]


def test_an_unknown_key_is_located_at_the_key_with_the_closest_allowed_key(tmp_path):
    report = lint_policy(
        tmp_path,
        """\
        policies:
          - name: purge
            rules:
              - id: old
                kind: tags
                repositories: [app]
                tags: any
                older_than: 30d
                keep_newst: 3
        """,
    )

    assert rows(report) == [
        (
            "policies.yaml:9:9",
            "error",
            "extra-forbidden",
            RULE,
            3,
            "unknown key 'keep_newst'",
            "did you mean 'keep_newest'?",
        )
    ]


def test_wrong_types_are_each_reported_with_the_value_and_what_to_write(tmp_path):
    report = lint_policy(
        tmp_path,
        """\
        policies:
          - name: purge
            rules:
              - id: old
                kind: tags
                repositories: app
                tags: any
                older_than: 30
                keep_newest: "three"
                include_locked: maybe
        """,
    )

    assert rows(report) == [
        (
            "policies.yaml:6:23",
            "error",
            "list-type",
            RULE,
            "app",
            "repositories: expected a list, got the text 'app'",
            "write it as a YAML list ('- item' lines or [a, b])",
        ),
        (
            "policies.yaml:8:21",
            "error",
            "duration",
            RULE,
            30,
            "older_than: the age 30 has no unit",
            "write '30d' for days or '30h' for hours",
        ),
        (
            "policies.yaml:9:22",
            "error",
            "int-parsing",
            RULE,
            "three",
            "keep_newest: expected a whole number, got the text 'three'",
            "write a number without quotes, e.g. 3600",
        ),
        (
            "policies.yaml:10:25",
            "error",
            "bool-parsing",
            RULE,
            "maybe",
            "include_locked: expected true or false, got the text 'maybe'",
            "write true or false without quotes",
        ),
    ]


def test_missing_keys_name_the_key_and_the_rule_by_position(tmp_path):
    report = lint_policy(
        tmp_path,
        """\
        policies:
          - name: purge
            rules:
              - id: old
                repositories: [app]
                tags: any
              - kind: tags
                tags: any
                older_than: 1d
        """,
    )

    assert rows(report) == [
        (
            "policies.yaml:4:9",
            "error",
            "union-tag-not-found",
            RULE,
            None,
            "missing required key 'kind' ('tags' or 'untagged')",
            "add 'kind'",
        ),
        (
            "policies.yaml:7:9",
            "error",
            "missing",
            "policy purge, rule #2",
            None,
            "missing required key 'id'",
            "add 'id'",
        ),
        (
            "policies.yaml:7:9",
            "error",
            "missing",
            "policy purge, rule #2",
            None,
            "missing required key 'repositories'",
            "add 'repositories'",
        ),
    ]


def test_duplicate_names_are_found_within_and_across_files(tmp_path):
    report = lint_files(
        tmp_path,
        {
            "a.yaml": """\
            policies:
              - name: purge
                rules:
                  - {id: old, kind: tags, repositories: [app], tags: any, older_than: 30d}
                  - {id: old, kind: untagged, repositories: [app], older_than: 30d}
            """,
            "b.yaml": """\
            policies:
              - name: purge
                rules:
                  - {id: other, kind: tags, repositories: [app], tags: any, older_than: 1d}
            stacks:
              - name: example
                registries:
                  - {name: exampleregistry, resource_group: rg-example}
            assignments:
              - name: nightly
                registries: [exampleregistry]
                policies: [purge]
                schedules: ["0 1 * * *"]
                mode: enforce
            """,
        },
    )

    assert rows(report) == [
        (
            "a.yaml:5:14",
            "error",
            "duplicate-name",
            "policy purge",
            "old",
            "rule id 'old' is used twice in policy purge",
            "give every rule of a policy its own id",
        ),
        (
            "b.yaml:2:11",
            "error",
            "duplicate-name",
            "policy purge",
            "purge",
            f"policy name 'purge' is already used at {tmp_path / 'a.yaml'}:2:11",
            "give every policy its own name",
        ),
    ]


def test_an_invalid_policy_does_not_make_its_references_look_undefined(tmp_path):
    report = lint_files(
        tmp_path,
        {
            "a.yaml": """\
            policies:
              - name: purge
                rules:
                  - {id: old, kind: tags, repositories: ["app*"], tags: any, older_than: 1d}
              - name: fine
                rules:
                  - {id: old, kind: tags, repositories: [app], tags: any, older_than: 1d}
            """,
            "b.yaml": """\
            stacks:
              - name: example
                registries:
                  - {name: exampleregistry, resource_group: rg-example}
            assignments:
              - name: nightly
                registries: [exampleregistry]
                policies: [purge, fine, missing]
                schedules: ["0 1 * * *"]
                mode: enforce
            """,
        },
    )

    assert [(r[0], r[2], r[4]) for r in rows(report)] == [
        ("a.yaml:4:46", "pattern", "app*"),
        ("b.yaml:8:29", "unknown-policy", "missing"),
    ]


def test_top_level_keys_and_sections_are_checked(tmp_path):
    report = lint_files(tmp_path, {"a.yaml": "policy:\n  - name: purge\nstacks: {}\n"})

    assert rows(report) == [
        (
            "a.yaml:1:1",
            "error",
            "extra-forbidden",
            "",
            None,
            "unknown key 'policy'",
            "did you mean 'policies'?",
        ),
        (
            "a.yaml:3:9",
            "error",
            "list-type",
            "",
            None,
            "stacks: expected a list, got a mapping",
            "write it as a YAML list ('- item' lines or [a, b])",
        ),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "policies:\n  - name: [\n",
            (
                "a.yaml:3:1",
                "yaml-syntax",
                "YAML syntax: expected the node content, but found '<stream end>'",
            ),
        ),
        (
            "- 1\n- 2\n",
            (
                "a.yaml:1:1",
                "not-a-mapping",
                "a catalogue document must be a mapping with policies, stacks and/or "
                "assignments, not a list",
            ),
        ),
        (
            b"\xff\xfe\x00binary",
            ("a.yaml:0:0", "not-text", "the file is not UTF-8 text (byte 0)"),
        ),
        (
            "policies: []\n\x00",
            ("a.yaml:0:0", "not-text", "the file contains NUL bytes; it is not YAML"),
        ),
        (
            "a: &a [*a, *a]\n",
            ("a.yaml:1:1", "extra-forbidden", "unknown key 'a'"),
        ),
    ],
    ids=["truncated", "list", "binary", "nul", "recursive-alias"],
)
def test_files_that_are_not_catalogue_yaml_are_reported_not_raised(
    tmp_path, content, expected
):
    path = tmp_path / "a.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)

    report = lint_catalogue(tmp_path)

    assert [(r[0], r[2], r[5]) for r in rows(report)] == [expected]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root / "missing", "the catalogue path does not exist"),
        (lambda root: root, "the catalogue path holds no .yaml or .yml file"),
    ],
    ids=["missing", "empty-folder"],
)
def test_a_path_without_a_catalogue_is_one_clear_error(tmp_path, make, message):
    path = make(tmp_path)

    report = lint_catalogue(path)

    assert [(p.code, p.message, p.fix) for p in report.problems] == [
        (
            "no-catalogue",
            message,
            "point at the policies/ folder or a catalogue YAML file",
        )
    ]


def test_load_catalogue_still_raises_with_every_error_sorted(tmp_path):
    (tmp_path / "b.yaml").write_text("policies: 3\n")
    (tmp_path / "a.yaml").write_text("stacks: 3\n")

    with pytest.raises(CatalogueError) as raised:
        load_catalogue(tmp_path)

    assert [str(p.location) for p in raised.value.problems] == [
        f"{tmp_path / 'a.yaml'}:1:9",
        f"{tmp_path / 'b.yaml'}:1:11",
    ]
