"""Checks across rules and entries: priority, acknowledgements, schedules, speed."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest

from acr_lifecycle.catalogue import regex_language
from acr_lifecycle.catalogue.patterns import REPOSITORY_NAMES, TAG_NAMES
from acr_lifecycle.catalogue.schedule import parse_schedule
from acr_lifecycle.lint import explain_schedules, lint_catalogue

from .conftest import BUNDLED_CATALOGUE
from .lint_support import lint_files, lint_policy, rows


def test_the_bundled_catalogue_lints_clean_and_compiles():
    report = lint_catalogue(BUNDLED_CATALOGUE)

    assert report.problems == ()
    assert report.plan is not None
    assert not report.failed(strict=True)


def test_a_rule_whose_tags_earlier_rules_all_claim_is_reported_as_shadowed(tmp_path):
    report = lint_policy(
        tmp_path,
        """\
        policies:
          - name: purge
            rules:
              - id: everything-old
                kind: tags
                repositories: ["apps/.*"]
                tags: any
                older_than: 30d
              - id: keep-releases
                kind: tags
                repositories: ["apps/web", "apps/api"]
                tags: {wildcards: ["v*"]}
                keep_newest: 5
        """,
    )

    assert rows(report) == [
        (
            "policies.yaml:12:15",
            "error",
            "shadowed-rule",
            "policy purge, rule keep-releases",
            "wildcards: v*",
            "rule keep-releases selects nothing: every tag it selects (tags like 'v*') "
            "in its repositories is claimed first by rule everything-old, and earlier "
            "rules take priority, so its keep_newest 5 never applies",
            "move rule keep-releases before rule everything-old if its settings should "
            "decide for these tags, or remove it",
        )
    ]


def test_a_rule_covered_by_several_earlier_rules_together_is_shadowed(tmp_path):
    report = lint_policy(
        tmp_path,
        """\
        policies:
          - name: purge
            rules:
              - {id: a, kind: tags, repositories: [app], tags: {regex: "v[0-9]+"}, older_than: 1d}
              - {id: b, kind: tags, repositories: [app, tools], tags: {prefixes: [x]}, older_than: 1d}
              - {id: c, kind: tags, repositories: [app], tags: {regex: "v1|x.*"}, older_than: 9d}
        """,
    )

    assert [(r[0], r[2], r[4]) for r in rows(report)] == [
        ("policies.yaml:6:56", "shadowed-rule", "regex: v1|x.*")
    ]
    assert "claimed first by rules a, b" in report.problems[0].message


@pytest.mark.parametrize(
    "later",
    [
        '{id: c, kind: tags, repositories: [app], tags: {regex: "v.*"}, older_than: 9d}',
        '{id: c, kind: tags, repositories: ["app.*"], tags: {regex: "v1"}, older_than: 9d}',
        '{id: c, kind: tags, repositories: [app], tags: {regex: "(?!x)v1"}, older_than: 9d}',
    ],
    ids=["tags-remain", "repositories-remain", "undecidable-lookahead"],
)
def test_a_rule_that_still_selects_something_is_not_shadowed(tmp_path, later):
    report = lint_policy(
        tmp_path,
        f"""\
        policies:
          - name: purge
            rules:
              - {{id: a, kind: tags, repositories: [app], tags: {{regex: "v[0-9]+"}}, older_than: 1d}}
              - {later}
        """,
    )

    assert report.problems == ()


def test_an_acknowledgement_that_acknowledges_nothing_is_a_warning(tmp_path):
    report = lint_policy(
        tmp_path,
        """\
        policies:
          - name: purge
            rules:
              - id: r
                kind: tags
                repositories: [app]
                tags: any
                older_than: 7d
                acknowledge: [delete-all-tags, every-repository]
        """,
    )

    assert rows(report) == [
        (
            "policies.yaml:9:23",
            "warning",
            "stale-acknowledgement",
            "policy purge, rule r",
            "delete-all-tags",
            "acknowledgement 'delete-all-tags' is not needed: the rule does not delete "
            "every tag (it has an age or a keep, or selects only some tags); left in "
            "place, a later change that does delete everything would go unnoticed",
            "remove 'delete-all-tags' from acknowledge",
        ),
        (
            "policies.yaml:9:40",
            "warning",
            "stale-acknowledgement",
            "policy purge, rule r",
            "every-repository",
            "acknowledgement 'every-repository' is not needed: the rule does not delete "
            "every tag (it has an age or a keep, or selects only some tags); left in "
            "place, a later change that does delete everything would go unnoticed",
            "remove 'every-repository' from acknowledge",
        ),
    ]
    assert report.plan is not None
    assert report.failed(strict=True) and not report.failed()


def test_rules_beside_an_invalid_rule_are_still_checked_for_priority(tmp_path):
    report = lint_policy(
        tmp_path,
        """\
        policies:
          - name: purge
            rules:
              - id: everything-old
                kind: tags
                repositories: ["apps/.*"]
                tags: any
                older_than: 30d
                acknowledge: [delete-all-tags]
              - id: keep-releases
                kind: tags
                repositories: ["apps/web"]
                tags: {wildcards: ["v*"]}
                keep_newest: 5
              - id: untagged
                kind: untagged
                repositories: ["apps/.*"]
                older_than: 7d
                tags: any
        """,
    )

    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows(report)] == [
        (
            "policies.yaml:9:23",
            "warning",
            "stale-acknowledgement",
            "policy purge, rule everything-old",
            "delete-all-tags",
        ),
        (
            "policies.yaml:13:15",
            "error",
            "shadowed-rule",
            "policy purge, rule keep-releases",
            "wildcards: v*",
        ),
        (
            "policies.yaml:19:9",
            "error",
            "extra-forbidden",
            "policy purge, rule untagged",
            "any",
        ),
    ]
    assert report.plan is None


def test_rules_after_an_invalid_rule_are_not_judged_for_priority(tmp_path):
    report = lint_policy(
        tmp_path,
        """\
        policies:
          - name: purge
            rules:
              - {id: a, kind: tags, repositories: [app], tags: {regex: "v[0-9]+"}}
              - {id: b, kind: tags, repositories: [app], tags: {regex: "v1"}, older_than: 9d}
        """,
    )

    assert [(r[0], r[2]) for r in rows(report)] == [
        ("policies.yaml:4:9", "expire-nothing")
    ]


ASSIGNED_TWICE = {
    "a.yaml": """\
    policies:
      - {name: purge, rules: [{id: r, kind: tags, repositories: [app], tags: any, older_than: 7d}]}
    stacks:
      - name: example
        registries:
          - {name: exampleregistry, resource_group: rg-example}
    assignments:
      - name: nightly
        registries: [exampleregistry, ExampleRegistry]
        policies: [purge]
        schedules: ["0 1 * * *"]
        mode: enforce
      - name: again
        registries: [exampleregistry]
        policies: [purge]
        schedules: ["0 3 * * *"]
        mode: enforce
    """
}


def test_a_policy_assigned_twice_to_one_registry_is_reported_once_each(tmp_path):
    report = lint_files(tmp_path, ASSIGNED_TWICE)

    assert rows(report) == [
        (
            "a.yaml:9:35",
            "error",
            "duplicate-entry",
            "assignment nightly",
            "exampleregistry",
            "'exampleregistry' is listed twice in registries",
            "list it once",
        ),
        (
            "a.yaml:15:16",
            "error",
            "duplicate-assignment",
            "assignment again",
            "purge",
            "policy purge is already assigned to registry exampleregistry by "
            "assignment nightly; two tasks would run the same rules",
            "merge the schedules into one assignment",
        ),
    ]


def test_task_names_that_collide_on_a_registry_are_reported(tmp_path):
    report = lint_files(
        tmp_path,
        {
            "a.yaml": """\
            policies:
              - {name: b-c, rules: [{id: r, kind: tags, repositories: [app], tags: any, older_than: 7d}]}
              - {name: c, rules: [{id: r, kind: tags, repositories: [app], tags: any, older_than: 7d}]}
            stacks:
              - name: example
                registries:
                  - {name: exampleregistry, resource_group: rg-example}
            assignments:
              - {name: a, registries: [exampleregistry], policies: [b-c], schedules: ["0 1 * * *"], mode: enforce}
              - {name: a-b, registries: [exampleregistry], policies: [c], schedules: ["0 1 * * *"], mode: enforce}
            """
        },
    )

    assert [(r[0], r[2], r[4]) for r in rows(report) if r[1] == "error"] == [
        ("a.yaml:10:12", "task-name-collision", "a-b-c")
    ]


@pytest.mark.parametrize(
    ("cron", "runs"),
    [
        ("0 1 * * *", ["2026-07-18T01:00", "2026-07-19T01:00", "2026-07-20T01:00"]),
        ("0 3 * * Sun", ["2026-07-19T03:00", "2026-07-26T03:00", "2026-08-02T03:00"]),
        ("*/20 * * * *", ["2026-07-17T12:40", "2026-07-17T13:00", "2026-07-17T13:20"]),
        ("5/30 12 * * *", ["2026-07-17T12:35", "2026-07-18T12:05", "2026-07-18T12:35"]),
        # NCrontab requires both day fields; cron's "either day" would run every Friday.
        ("0 0 13 * 5", ["2026-11-13T00:00", "2027-08-13T00:00", "2028-10-13T00:00"]),
        ("0 0 29 2 1", ["2044-02-29T00:00"]),
    ],
)
def test_next_runs_follow_ncrontab_in_utc(cron, runs):
    now = datetime(2026, 7, 17, 12, 30, tzinfo=timezone.utc)

    result = parse_schedule(cron).next_runs(now)

    assert [r.strftime("%Y-%m-%dT%H:%M") for r in result] == runs
    assert all(r.tzinfo == timezone.utc for r in result)


def test_explain_lists_each_assignment_with_its_next_three_runs():
    report = lint_catalogue(BUNDLED_CATALOGUE)
    now = datetime(2026, 7, 17, 12, 30, tzinfo=timezone.utc)

    explained = {a.assignment: a for a in explain_schedules(report.catalogue, now)}

    assert explained["weekly"].render() == (
        "assignment weekly (enforce): policies untagged-manifests on acrlifecycledev\n"
        "  sunday-0300-utc '0 3 * * Sun' (UTC): At 03:00, only on Sunday; next runs: "
        "2026-07-19T03:00Z, 2026-07-26T03:00Z, 2026-08-02T03:00Z"
    )
    assert sorted(explained) == ["dev-nightly", "prod-nightly", "seed-daily", "weekly"]


LANGUAGE_TABLE = [
    ("can_match", ("v1", *TAG_NAMES), True),
    ("can_match", ("^$", *TAG_NAMES), False),
    ("can_match", ("a^b", *TAG_NAMES), False),
    ("can_match", (".{129}", *TAG_NAMES), False),
    ("can_match", ("(?i:LATEST)", *TAG_NAMES), True),
    ("can_match", ("x(?=y)", *TAG_NAMES), None),
    ("can_match", ("Apps/.*", *REPOSITORY_NAMES), False),
    ("can_match", ("(?i:Apps)/.*", *REPOSITORY_NAMES), True),
    ("can_match", ("[[:upper:]]+", *REPOSITORY_NAMES), False),
    ("matches_everything", (".+", *TAG_NAMES), True),
    ("matches_everything", ("[\\w.-]*", *TAG_NAMES), True),
    ("matches_everything", ("[a-z].*", *TAG_NAMES), False),
    ("matches_everything", ("[^/]+(?:/[^/]+)*", *REPOSITORY_NAMES), True),
    ("is_covered", ("v1.*", ["v.*"], *TAG_NAMES), True),
    ("is_covered", ("v[0-9]+", ["v\\d*"], *TAG_NAMES), True),
    ("is_covered", (".*", ["v.*"], *TAG_NAMES), False),
    ("is_covered", ("a.*", ["[a-m].*", "x"], *TAG_NAMES), True),
]


@pytest.mark.parametrize(
    ("question", "arguments", "answer"),
    LANGUAGE_TABLE,
    ids=[f"{q}-{a[0]}" for q, a, _ in LANGUAGE_TABLE],
)
def test_regex_language_answers_exactly_or_says_unknown(question, arguments, answer):
    assert getattr(regex_language, question)(*arguments) is answer


BACKTRACKING_TABLE = [
    ("(a+)+", "(a+)+"),
    ("(a*)*", "(a*)*"),
    ("(\\w|\\d)+", "(\\w|\\d)+"),
    ("x(.*a)*", "(.*a)*"),
    ("^v(\\d+|[a-z]+\\d)*$", "(\\d+|[a-z]+\\d)*"),
    ("(?:v\\d+\\.)*\\d+", None),
    ("(ab|ac)+", None),
    ("^(?:(?!release).)*$", None),
    ("(?:[a-z0-9]+-)*[a-z0-9]+", None),
    ("(?>a+)+", None),
]


@pytest.mark.parametrize(("pattern", "repeat"), BACKTRACKING_TABLE)
def test_nested_quantifiers_that_can_split_text_many_ways_are_found(pattern, repeat):
    found = regex_language.find_backtracking(pattern)

    assert (found.repeat if found else None) == repeat


def test_lint_imports_neither_cdktf_nor_the_provider_bindings():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from acr_lifecycle.cli import main\n"
        f"result = CliRunner().invoke(main, ['lint', {str(BUNDLED_CATALOGUE)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('cdktf', 'cdktf_cdktf_provider_azurerm', 'constructs', 'jsii'))\n"
        "print(heavy)\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


def test_a_problem_line_escapes_what_could_split_or_reorder_it():
    from acr_lifecycle.errors import Location, Problem

    problem = Problem(
        Location("policies.yaml", 3, 9),
        "name",
        "'a\u202eb' is not a valid name",
        where="policy a\u202eb",
        value=True,
        fix="rename it\nplease",
    )

    assert problem.render() == (
        "policies.yaml:3:9: error: policy a\\u202eb: 'a\\u202eb' is not a valid name "
        "(value: true); rename it\\nplease [name]"
    )


def test_a_schedule_that_starts_more_than_once_an_hour_is_a_warning(tmp_path):
    from .lint_support import STACK, lint_files

    files = {
        "policies.yaml": "policies:\n  - {name: purge, rules: [{id: r, kind: tags, repositories: [app], tags: any, older_than: 7d}]}\n",
        "stacks.yaml": STACK,
        "assignments.yaml": (
            "assignments:\n  - name: nightly\n    registries: [exampleregistry]\n"
            "    policies: [purge]\n    mode: enforce\n"
            "    schedules: ['* 1 * * *', '0 2 * * *']\n"
        ),
    }

    report = lint_files(tmp_path, files)

    assert [p.render() for p in report.problems] == [
        f"{tmp_path / 'assignments.yaml'}:6:17: warning: assignment nightly: schedule "
        "'* 1 * * *' starts a purge 60 times an hour; a run that lasts longer than the "
        "gap overlaps the next one; give one minute in the first field, e.g. "
        "'0 1 * * *' for 01:00 every day [frequent-schedule]"
    ]
    assert report.plan is not None
    assert report.failed(strict=True)


def test_two_policies_selecting_the_same_tags_on_one_registry_is_a_warning(tmp_path):
    from .lint_support import STACK, lint_files

    files = {
        "policies.yaml": (
            "policies:\n"
            "  - {name: keep, rules: [{id: keep-v, kind: tags, repositories: [app], tags: {prefixes: [v]}, keep_newest: 3}]}\n"
            "  - {name: expire, rules: [{id: old, kind: tags, repositories: ['a.*'], tags: any, older_than: 30d}]}\n"
            "  - {name: other, rules: [{id: web, kind: tags, repositories: [web], tags: any, older_than: 30d}]}\n"
        ),
        "stacks.yaml": STACK,
        "assignments.yaml": (
            "assignments:\n  - name: nightly\n    registries: [exampleregistry]\n"
            "    policies: [keep, expire, other]\n    mode: enforce\n"
            "    schedules: ['0 1 * * *']\n"
        ),
    }

    report = lint_files(tmp_path, files)

    assert [p.render() for p in report.problems] == [
        f"{tmp_path / 'assignments.yaml'}:4:22: warning: assignment nightly: policies "
        "keep and expire both run on registry exampleregistry, and rule keep-v of keep "
        "and rule old of expire can select the same tags in the same repositories; "
        "priority holds only within one policy, so the task that deletes more decides "
        "for those tags (value: 'expire'); put the rules in one policy, in the order "
        "that should decide, or give the two policies disjoint repositories or tags "
        "[overlapping-policies]"
    ]
