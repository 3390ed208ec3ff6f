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
            "int-type",
            RULE,
            "three",
            "keep_newest: expected a whole number, got the text 'three'",
            "write a whole number without quotes, e.g. 10",
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


STACK_DEV = """\
stacks:
  - name: dev
    registries:
      - {name: acrlifecycledev, resource_group: rg-dev}
"""


def test_an_unknown_key_in_one_rule_does_not_hide_errors_in_its_sibling_rules(tmp_path):
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
                extra: 1
              - id: everything
                kind: tags
                repositories: [app]
                tags: any
                older_than: 0d
              - id: globbed
                kind: tags
                repositories: ["app*"]
                tags: any
                older_than: 7d
        """,
    )

    assert [(r[0], r[2], r[3], r[4]) for r in rows(report)] == [
        ("policies.yaml:9:9", "extra-forbidden", RULE, 1),
        ("policies.yaml:14:21", "delete-all", "policy purge, rule everything", "0d"),
        ("policies.yaml:17:24", "pattern", "policy purge, rule globbed", "app*"),
    ]
    assert report.problems[1].message.startswith(
        "rule everything deletes every tag of the selected repositories"
    )
    assert report.problems[2].fix == "did you mean 'app.*'?"


def test_an_assignment_with_an_unknown_key_still_has_its_references_checked(tmp_path):
    report = lint_files(
        tmp_path,
        {
            "policies.yaml": """\
            policies:
              - name: p1
                rules:
                  - {id: old, kind: tags, repositories: [app], tags: any, older_than: 30d}
            """,
            "stacks.yaml": STACK_DEV,
            "assignments.yaml": """\
            assignments:
              - name: daily
                registries: [acrlifecycledev]
                policies: [p1]
                schedules: ["0 1 * * *"]
                mode: enforce
              - name: nightly
                registries: [acrlifecycledev, nosuchreg]
                policies: [p1, nosuchpolicy]
                schedules: ["0 2 * * *"]
                mode: enforce
                extra: 1
            """,
        },
    )

    assert rows(report) == [
        (
            "assignments.yaml:8:35",
            "error",
            "unknown-registry",
            "assignment nightly",
            "nosuchreg",
            "registry 'nosuchreg' is not declared in any stack",
            "known registry names: acrlifecycledev",
        ),
        (
            "assignments.yaml:9:16",
            "error",
            "duplicate-assignment",
            "assignment nightly",
            "p1",
            "policy p1 is already assigned to registry acrlifecycledev by assignment "
            "daily; two tasks would run the same rules",
            "merge the schedules into one assignment",
        ),
        (
            "assignments.yaml:9:20",
            "error",
            "unknown-policy",
            "assignment nightly",
            "nosuchpolicy",
            "policy 'nosuchpolicy' is not defined",
            "known policy names: p1",
        ),
        (
            "assignments.yaml:12:5",
            "error",
            "extra-forbidden",
            "assignment nightly",
            1,
            "unknown key 'extra'",
            "known allowed key names: description, enabled, mode, name, policies, "
            "registries, schedules, task",
        ),
    ]
    assert report.plan is None


def test_invalid_policies_count_as_defined_in_the_known_policy_names(tmp_path):
    report = lint_files(
        tmp_path,
        {
            "policies.yaml": """\
            policies:
              - name: p1
                extra: 1
                rules:
                  - {id: old, kind: tags, repositories: [app], tags: any, older_than: 30d}
              - name: p2
                rules:
                  - {id: old, kind: tags, repositories: ["app*"], tags: any, older_than: 1d}
            """,
            "stacks.yaml": STACK_DEV,
            "assignments.yaml": """\
            assignments:
              - name: nightly
                registries: [acrlifecycledev]
                policies: [p1, p2, p3]
                schedules: ["0 2 * * *"]
                mode: enforce
            """,
        },
    )

    assert [(r[0], r[2], r[4], r[6]) for r in rows(report)] == [
        (
            "assignments.yaml:4:24",
            "unknown-policy",
            "p3",
            "known policy names: p1, p2",
        ),
        (
            "policies.yaml:3:5",
            "extra-forbidden",
            1,
            "known allowed key names: description, name, rules",
        ),
        ("policies.yaml:8:46", "pattern", "app*", "did you mean 'app.*'?"),
    ]


def test_a_truncated_file_still_defines_the_names_written_before_the_cut(tmp_path):
    report = lint_files(
        tmp_path,
        {
            "policies.yaml": """\
            policies:
              - name: p1
                rules:
                  - {id: old, kind: tags, repositories: [app], tags: any, older_than: 30d}
              - name: p2
                rules:
                  - {id: old, kind: tags, repositories: [app, "ot
            """,
            "stacks.yaml": STACK_DEV,
            "assignments.yaml": """\
            assignments:
              - name: nightly
                registries: [acrlifecycledev]
                policies: [p1, p2, p3]
                schedules: ["0 2 * * *"]
                mode: enforce
            """,
        },
    )

    assert rows(report) == [
        (
            "assignments.yaml:4:24",
            "error",
            "unknown-policy",
            "assignment nightly",
            "p3",
            "policy 'p3' is not defined",
            "known policy names: p1, p2 "
            f"({tmp_path / 'policies.yaml'} could not be read in full and may define it)",
        ),
        (
            "policies.yaml:8:1",
            "error",
            "yaml-syntax",
            "",
            None,
            "YAML syntax: found unexpected end of stream",
            "fix the YAML syntax at this position",
        ),
    ]


def test_invalid_entries_still_take_part_in_duplicate_name_checks(tmp_path):
    report = lint_files(
        tmp_path,
        {
            "a.yaml": """\
            policies:
              - name: purge
                extra: 1
                rules:
                  - {id: old, kind: tags, repositories: [app], tags: any, older_than: 1d}
                  - {id: old, kind: tags, repositories: [app], tags: any, older_than: 2d}
              - name: purge
                rules:
                  - {id: new, kind: tags, repositories: [app], tags: any, older_than: 1d}
            stacks:
              - name: dev
                registries:
                  - {name: exampleregistry}
              - name: prod
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

    first = tmp_path / "a.yaml"
    assert [(r[0], r[2], r[4], r[5]) for r in rows(report)] == [
        ("a.yaml:3:5", "extra-forbidden", 1, "unknown key 'extra'"),
        (
            "a.yaml:6:14",
            "duplicate-name",
            "old",
            "rule id 'old' is used twice in policy purge",
        ),
        (
            "a.yaml:6:58",
            "shadowed-rule",
            "any",
            "rule old selects nothing: every tag it selects (every tag) in its "
            "repositories is claimed first by rule old, and earlier rules take "
            "priority, so its older_than 2d never applies",
        ),
        (
            "a.yaml:7:11",
            "duplicate-name",
            "purge",
            f"policy name 'purge' is already used at {first}:2:11",
        ),
        (
            "a.yaml:13:9",
            "registry-ref",
            None,
            "registries: a registry needs name and resource_group, or a full "
            "resource id",
        ),
        (
            "a.yaml:16:9",
            "duplicate-registry",
            "exampleregistry",
            f"registry exampleregistry is already declared at {first}:13:9 (stack "
            "dev); a registry belongs to exactly one stack",
        ),
    ]


def test_policies_are_not_called_unused_when_an_assignment_cannot_be_read(tmp_path):
    report = lint_files(
        tmp_path,
        {
            "policies.yaml": """\
            policies:
              - name: p1
                rules:
                  - {id: old, kind: tags, repositories: [app], tags: any, older_than: 30d}
            """,
            "stacks.yaml": STACK_DEV,
            "assignments.yaml": """\
            assignments:
              - name: nightly
                registries: [acrlifecycledev]
                policies: p1
                schedules: ["0 2 * * *"]
                mode: enforce
            """,
        },
    )

    assert [(r[0], r[1], r[2]) for r in rows(report)] == [
        ("assignments.yaml:4:15", "error", "list-type"),
    ]


@pytest.mark.parametrize("text", ["-_", "+_", "0x_", "._"])
def test_text_that_looks_like_a_number_to_yaml_is_read_as_text(tmp_path, text):
    report = lint_policy(
        tmp_path,
        f"""\
        policies:
          - name: purge
            description: {text}
            rules:
              - {{id: old, kind: tags, repositories: [app], tags: any, older_than: 30d}}
        """,
    )

    assert report.problems == ()
    assert report.catalogue.policies["purge"].description == text


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


def test_files_and_folders_starting_with_a_dot_are_not_read(tmp_path):
    from acr_lifecycle.catalogue.load import catalogue_files

    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\n")
    (tmp_path / ".draft.yaml").write_text("policies: [\n")
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "policies.yaml").write_text("policies: []\n")
    (tmp_path / "stacks.yml").write_text("stacks: []\n")

    assert catalogue_files(tmp_path) == [tmp_path / "stacks.yml", tmp_path / "team" / "policies.yaml"]
    assert catalogue_files(tmp_path / ".draft.yaml") == [tmp_path / ".draft.yaml"]
